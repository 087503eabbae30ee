#include "review/AuditChain.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cx::review {

namespace {

const char* const kFormat = "\"cxaudit/1\"";

void writeHex4(QByteArray& out, char16_t unit)
{
    static const char digits[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += digits[(unit >> shift) & 0xF];
    }
}

void writeString(QByteArray& out, QStringView text)
{
    out += '"';
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            out += text.mid(i, 2).toUtf8();
            ++i;
        } else if (QChar::isSurrogate(u)) {
            writeHex4(out, u); // unpaired: escaped, never replaced by U+FFFD
        } else if (u == u'"') {
            out += "\\\"";
        } else if (u == u'\\') {
            out += "\\\\";
        } else if (u == u'\b') {
            out += "\\b";
        } else if (u == u'\f') {
            out += "\\f";
        } else if (u == u'\n') {
            out += "\\n";
        } else if (u == u'\r') {
            out += "\\r";
        } else if (u == u'\t') {
            out += "\\t";
        } else if (u < 0x20) {
            writeHex4(out, u);
        } else if (u < 0x80) {
            out += static_cast<char>(u);
        } else {
            out += text.mid(i, 1).toUtf8();
        }
    }
    out += '"';
}

void writeValue(QByteArray& out, const QJsonValue& value);

void writeObject(QByteArray& out, const QJsonObject& object)
{
    QStringList keys = object.keys();
    std::sort(keys.begin(), keys.end()); // UTF-16 code unit order, whatever QJsonObject keeps internally
    out += '{';
    for (qsizetype i = 0; i < keys.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        writeString(out, keys[i]);
        out += ':';
        writeValue(out, object.value(keys[i]));
    }
    out += '}';
}

void writeValue(QByteArray& out, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        const qint64 whole = value.toInteger(0);
        if (whole != 0 || d == 0.0) {
            out += QByteArray::number(whole);
        } else if (std::isfinite(d)) {
            out += QString::number(d, 'g', QLocale::FloatingPointShortest).toLatin1();
        } else {
            out += "null";
        }
        break;
    }
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        out += '[';
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            writeValue(out, array.at(i));
        }
        out += ']';
        break;
    }
    case QJsonValue::Object:
        writeObject(out, value.toObject());
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    }
}

QString timestamp(const QDateTime& at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

bool isHashText(const QString& text)
{
    if (text.size() != 64) {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
        [](QChar c) { return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'); });
}

ChainCheck bad(qint64 seq, const QString& reason)
{
    ChainCheck check;
    check.ok = false;
    check.firstBadSeq = seq;
    check.reason = reason;
    return check;
}

} // namespace

QByteArray canonicalBytes(const AuditEntry& entry)
{
    QByteArray out;
    out.reserve(256);
    out += '[';
    out += kFormat; // a constant, written as a JSON string
    out += ',' + QByteArray::number(entry.seq) + ',';
    const QString fields[] = { timestamp(entry.at), entry.actor, entry.action, entry.entityType,
        entry.entityId, entry.fromState, entry.toState };
    for (const QString& field : fields) {
        writeString(out, field);
        out += ',';
    }
    writeObject(out, entry.details);
    out += ',';
    writeString(out, entry.prevHash);
    out += ']';
    return out;
}

QString computeEntryHash(const AuditEntry& entry)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalBytes(entry), QCryptographicHash::Sha256).toHex());
}

QString genesisHash()
{
    return QString(64, u'0');
}

AuditEntry sealEntry(AuditEntry entry, qint64 seq, const QString& previousHash)
{
    entry.seq = seq;
    entry.prevHash = previousHash;
    entry.hash = computeEntryHash(entry);
    return entry;
}

ChainCheck verifySegment(const QList<AuditEntry>& entries, qint64 firstSeq, const QString& prevHash)
{
    qint64 expectedSeq = firstSeq;
    QString expectedPrev = prevHash;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const AuditEntry& entry = entries[i];
        if (!entry.at.isValid()) {
            return bad(entry.seq, QStringLiteral("entry %1 has no valid timestamp").arg(entry.seq));
        }
        if (!isHashText(entry.hash) || computeEntryHash(entry) != entry.hash) {
            return bad(entry.seq, QStringLiteral("entry %1 does not match its hash (edited)").arg(entry.seq));
        }
        if (entry.seq > expectedSeq) {
            // The missing seq further down the list means entries were moved, not deleted.
            const bool later = std::any_of(entries.begin() + i + 1, entries.end(),
                [expectedSeq](const AuditEntry& e) { return e.seq == expectedSeq; });
            if (later) {
                return bad(entry.seq,
                    QStringLiteral("seq out of order: expected %1, found %2 (entries reordered)")
                        .arg(expectedSeq)
                        .arg(entry.seq));
            }
            return bad(entry.seq,
                QStringLiteral("seq gap: expected %1, found %2 (entry deleted)")
                    .arg(expectedSeq)
                    .arg(entry.seq));
        }
        if (entry.seq < expectedSeq) {
            return bad(entry.seq,
                QStringLiteral("seq out of order: expected %1, found %2 (entry moved or duplicated)")
                    .arg(expectedSeq)
                    .arg(entry.seq));
        }
        if (entry.prevHash != expectedPrev) {
            return bad(entry.seq,
                QStringLiteral("entry %1 does not follow the previous entry's hash (an entry before it was "
                               "deleted, replaced or reordered)")
                    .arg(entry.seq));
        }
        expectedPrev = entry.hash;
        ++expectedSeq;
    }
    return {};
}

ChainVerifier::ChainVerifier(qint64 firstSeq, QString prevHash)
    : m_expectedSeq(firstSeq)
    , m_expectedPrev(std::move(prevHash))
{
    m_check.head = m_expectedPrev;
}

bool ChainVerifier::add(const AuditEntry& entry)
{
    if (!m_check.ok)
        return false;
    if (!entry.at.isValid()) {
        m_check = bad(entry.seq, QStringLiteral("entry %1 has no valid timestamp").arg(entry.seq));
    } else if (!isHashText(entry.hash) || computeEntryHash(entry) != entry.hash) {
        m_check = bad(entry.seq, QStringLiteral("entry %1 does not match its hash (edited)").arg(entry.seq));
    } else if (entry.seq > m_expectedSeq) {
        m_check = bad(entry.seq,
            QStringLiteral("seq gap: expected %1, found %2 (entry deleted)")
                .arg(m_expectedSeq)
                .arg(entry.seq));
    } else if (entry.seq < m_expectedSeq) {
        m_check = bad(entry.seq,
            QStringLiteral("seq out of order: expected %1, found %2 (entry moved or duplicated)")
                .arg(m_expectedSeq)
                .arg(entry.seq));
    } else if (entry.prevHash != m_expectedPrev) {
        m_check = bad(entry.seq,
            QStringLiteral("entry %1 does not follow the previous entry's hash (an entry before it was "
                           "deleted, replaced or reordered)")
                .arg(entry.seq));
    }
    if (!m_check.ok) {
        m_check.entries = m_expectedSeq - 1;
        m_check.head = m_expectedPrev;
        return false;
    }
    m_expectedPrev = entry.hash;
    ++m_expectedSeq;
    ++m_check.entries;
    m_check.head = entry.hash;
    return true;
}

ChainCheck ChainVerifier::result(const QString& expectedHeadHash) const
{
    if (m_check.ok && !expectedHeadHash.isEmpty() && m_check.head != expectedHeadHash) {
        ChainCheck check
            = bad(-1, QStringLiteral("the chain does not end at the expected head (newest entries deleted)"));
        check.entries = m_check.entries;
        check.head = m_check.head;
        return check;
    }
    return m_check;
}

ChainCheck verifyChain(const QList<AuditEntry>& entries, const QString& expectedHeadHash)
{
    ChainCheck check = verifySegment(entries, 1, genesisHash());
    if (check.ok && !expectedHeadHash.isEmpty()) {
        const QString head = entries.isEmpty() ? genesisHash() : entries.constLast().hash;
        if (head != expectedHeadHash) {
            return bad(
                -1, QStringLiteral("the chain does not end at the expected head (newest entries deleted)"));
        }
    }
    return check;
}

QByteArray toJsonLine(const AuditEntry& entry)
{
    // Keys in sorted order, so the line is itself canonical.
    QByteArray out;
    out.reserve(512);
    const auto key = [&out](const char* name, bool first = false) {
        if (!first) {
            out += ',';
        }
        out += '"';
        out += name;
        out += "\":";
    };
    out += '{';
    key("action", true);
    writeString(out, entry.action);
    key("actor");
    writeString(out, entry.actor);
    key("at");
    writeString(out, timestamp(entry.at));
    key("details");
    writeObject(out, entry.details);
    key("entityId");
    writeString(out, entry.entityId);
    key("entityType");
    writeString(out, entry.entityType);
    key("fromState");
    writeString(out, entry.fromState);
    key("hash");
    writeString(out, entry.hash);
    key("prevHash");
    writeString(out, entry.prevHash);
    key("seq");
    out += QByteArray::number(entry.seq);
    key("toState");
    writeString(out, entry.toState);
    out += "}\n";
    return out;
}

cx::Result<AuditEntry> fromJsonLine(const QByteArray& line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return cx::makeError(cx::ErrorKind::Malformed,
            QStringLiteral("audit line is not a JSON object: %1").arg(error.errorString()));
    }
    const QJsonObject object = document.object();
    AuditEntry entry;
    const QJsonValue seq = object.value(QLatin1String("seq"));
    const qint64 seqValue = seq.toInteger(-1);
    if (!seq.isDouble() || seqValue < 0) {
        return cx::makeError(
            cx::ErrorKind::Malformed, QStringLiteral("audit line has no integer seq"), QStringLiteral("seq"));
    }
    entry.seq = seqValue;

    const char* const stringKeys[]
        = { "at", "actor", "action", "entityType", "entityId", "fromState", "toState", "prevHash", "hash" };
    QString* const targets[] = { nullptr, &entry.actor, &entry.action, &entry.entityType, &entry.entityId,
        &entry.fromState, &entry.toState, &entry.prevHash, &entry.hash };
    for (std::size_t i = 0; i < std::size(stringKeys); ++i) {
        const QString name = QLatin1String(stringKeys[i]);
        const QJsonValue value = object.value(name);
        if (!value.isString()) {
            return cx::makeError(
                cx::ErrorKind::Malformed, QStringLiteral("audit line has no string \"%1\"").arg(name), name);
        }
        if (targets[i] != nullptr) {
            *targets[i] = value.toString();
        }
    }
    const QString at = object.value(QLatin1String("at")).toString();
    entry.at = QDateTime::fromString(at, Qt::ISODateWithMs);
    if (!entry.at.isValid()) {
        return cx::makeError(cx::ErrorKind::Malformed,
            QStringLiteral("audit line has an invalid \"at\": %1").arg(at), QStringLiteral("at"));
    }
    entry.at = entry.at.toUTC();
    const QJsonValue details = object.value(QLatin1String("details"));
    if (!details.isObject()) {
        return cx::makeError(cx::ErrorKind::Malformed, QStringLiteral("audit line has no \"details\" object"),
            QStringLiteral("details"));
    }
    entry.details = details.toObject();
    return entry;
}

} // namespace cx::review
