#pragma once

#include "foundation/Result.h"

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace cx::storage {
class Database;
}
namespace cx::review {
struct DraftRecord;
}

namespace cx::gui {

// A knowledge-base passage a draft relied on.
struct DraftSource {
    QString id;
    QString title;
    QString snippet; // the passage text
    QString source; // where it comes from: a file, an article URL, ...
};

// One claim of the draft with the source that backs it (sourceId empty: unsupported claim).
struct DraftEvidence {
    QString text;
    QString sourceId;
};

inline const QString kReplyDraftKind = QStringLiteral("cx_reply");

// What the approvals drawer shows of one pending draft. Built by the caller (or by loadDraftView from the
// drafts table).
struct DraftView {
    QString id;
    qint64 conversationId = 0;
    QString contactName;
    QString draftText;
    QList<DraftSource> sources;
    QList<DraftEvidence> evidence;
    double confidence = -1.0; // 0..1; negative when unknown
    QStringList toneFindings;
    QString riskLevel; // low | medium | high (empty: not assessed)
    QStringList riskReasons;
    bool offline = false; // written by the offline (simulated) drafter, not a model
    QString kind = kReplyDraftKind;
    QString state; // drafted | noted | approved (approved: waiting to reach Chatwoot)
    QString finalText; // approved: the text the reviewer approved
    QString model;
    QDateTime createdAt;
    QString summary; // one line about the conversation (the model's, or the offline extractive one)
    QString customerLanguage; // ISO 639-1 guess of the customer's language ("" = not sure)
    QString instruction; // the reviewer's instruction this draft followed
    QString customerMessage; // the customer's message the draft answers

    bool isReply() const { return kind == kReplyDraftKind; }
};

// Tolerant readers for the drafts table's JSON columns (strings or objects; unknown keys ignored).
QList<DraftSource> parseDraftSources(const QJsonValue& value);
QList<DraftEvidence> parseDraftEvidence(const QJsonValue& value);
QStringList parseFindings(const QJsonValue& value, const QString& listKey);
QJsonValue parseJsonColumn(const QVariant& value);

// What the drawer shows of a stored draft (no SQL here: review::DraftStore reads the row).
DraftView draftViewFrom(const review::DraftRecord& record);
// Reads one draft through review::DraftStore. Run it off the GUI thread (review::dbCall). The contact name
// is not in the table: the caller fills it in.
Result<DraftView> loadDraftView(storage::Database& db, const QString& draftId);

} // namespace cx::gui
