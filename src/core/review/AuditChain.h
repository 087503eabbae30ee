#pragma once

#include "foundation/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace cx::review {

// One row of the append-only audit log. Entries form a hash chain: each hash covers the entry and the
// previous entry's hash, so editing, deleting or reordering a stored entry breaks verification from that
// point on.
struct AuditEntry {
    qint64 seq = 0; // 1, 2, 3, ... without gaps
    QDateTime at; // stored and hashed at millisecond precision, in UTC
    QString actor; // a named person, or the service's own name for automatic steps
    QString action; // e.g. "draft.approved"
    QString entityType; // e.g. "draft"
    QString entityId;
    QString fromState;
    QString toState;
    QJsonObject details; // grades, edit distance, ...
    QString prevHash; // hash of the entry before (genesisHash() for seq 1)
    QString hash; // computeEntryHash(*this)
};

// The bytes hashed (format "cxaudit/1"): a canonical JSON array, UTF-8, no whitespace, in this fixed order:
//   ["cxaudit/1", seq, at, actor, action, entityType, entityId, fromState, toState, details, prevHash]
// - seq: a JSON integer;
// - at: at.toUTC() as ISO-8601 with milliseconds, "yyyy-MM-ddTHH:mm:ss.zzzZ" (empty string when invalid);
// - strings: JSON strings; only '"', '\\' and control characters (< U+0020) are escaped, as \b \f \n \r \t or
//   \u00XX (lowercase hex); an unpaired surrogate is written as \udXXX so distinct strings never collide;
//   everything else is raw UTF-8;
// - details: an object with keys sorted by UTF-16 code units (as RFC 8785), recursively; whole numbers with
//   |n| < 2^63 are written as integers, other numbers in the shortest round-trip form ("0.1", "1e+21");
//   true/false/null as such.
QByteArray canonicalBytes(const AuditEntry& entry);

// Lowercase hex SHA-256 of canonicalBytes(entry) (64 characters). The entry's own hash field is not covered.
QString computeEntryHash(const AuditEntry& entry);

// The prevHash of the first entry: 64 zeros.
QString genesisHash();

// Sets seq, prevHash and hash: the entry that follows `previousHash` at position `seq`.
AuditEntry sealEntry(AuditEntry entry, qint64 seq, const QString& previousHash);

struct ChainCheck {
    bool ok = true;
    qint64 firstBadSeq
        = -1; // seq of the first entry that fails (-1 when ok, or when the chain's end is wrong)
    QString reason; // empty when ok
    qint64 entries = 0; // entries checked (ChainVerifier; up to the first bad one)
    QString head; // hash of the last good entry (genesisHash() when none)
};

// Verifies a chain one entry at a time, in seq order, keeping nothing but the last seq and hash: memory does
// not grow with the chain (AuditLog::verify feeds it from the database in batches). The same checks as
// verifySegment, except that a missing seq is always reported as a gap (a stream read ORDER BY seq cannot
// tell "moved later" from "deleted").
class ChainVerifier final {
public:
    explicit ChainVerifier(qint64 firstSeq = 1, QString prevHash = genesisHash());
    // False once an entry failed; result() then says which and why. Further entries are ignored.
    bool add(const AuditEntry& entry);
    // The verdict so far; with expectedHeadHash, a chain that does not end with it fails.
    ChainCheck result(const QString& expectedHeadHash = QString()) const;

private:
    qint64 m_expectedSeq;
    QString m_expectedPrev;
    ChainCheck m_check;
};

// Verifies a whole chain, in list order: starts at seq 1 with genesisHash(); each entry's hash recomputes;
// seqs are consecutive; each prevHash is the previous entry's hash. Detects an edited entry (hash mismatch),
// a deleted one (seq gap, or prevHash mismatch if seqs were renumbered), a reordered one (seq out of order).
// Deleting the newest entries is only detectable against a head kept elsewhere: pass it as expectedHeadHash
// (the last hash you trust), and a chain that does not end with it fails.
ChainCheck verifyChain(const QList<AuditEntry>& entries, const QString& expectedHeadHash = QString());

// Verifies a window of a chain that continues from an entry already trusted (seq firstSeq - 1, hash
// prevHash).
ChainCheck verifySegment(const QList<AuditEntry>& entries, qint64 firstSeq, const QString& prevHash);

// One line of a JSONL export: a canonical JSON object with every field (keys "action", "actor", "at",
// "details", "entityId", "entityType", "fromState", "hash", "prevHash", "seq", "toState"), terminated by
// '\n'.
QByteArray toJsonLine(const AuditEntry& entry);

// Reads a line written by toJsonLine() (trailing newline optional). The hash is read, not recomputed: run
// verifyChain() on the result.
cx::Result<AuditEntry> fromJsonLine(const QByteArray& line);

} // namespace cx::review
