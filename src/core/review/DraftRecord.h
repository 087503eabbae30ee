#pragma once

#include "review/Grades.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cx::review {

// drafted -> noted (private note posted) -> approved -> sent, or -> rejected, or -> superseded.
enum class DraftState { Drafted, Noted, Approved, Sent, Rejected, Superseded };

QString draftStateName(DraftState state);
std::optional<DraftState> parseDraftState(const QString& name);

// What the drafter produced for one customer message (the six outputs plus bookkeeping).
struct DraftContent {
    QString text; // the suggested reply
    QJsonArray sources; // [{id, title, source, ...}] actually used
    std::optional<double> confidence; // 0..1
    QJsonObject tone; // labels + findings
    QJsonArray evidence; // which passage supports which claim
    QString riskLevel; // low|medium|high
    QJsonObject risk; // level + reasons
    QString model;
    QString promptVariant;
    bool offline = false;
    QJsonObject timings;
    QJsonObject usage;
    QString noteMarkdown; // the private note to post (carries CX Pilot's marker)
};

// One row of the drafts table.
struct DraftRecord {
    QString id;
    qint64 accountId = 0;
    qint64 conversationId = 0;
    qint64 messageId = 0; // the customer message it answers
    qint64 inboxId = 0;
    QString customerMessage; // the text it answers
    QString customerName; // the contact's name as Chatwoot shows it (empty when unknown)
    QString kind = QStringLiteral("cx_reply");
    DraftState state = DraftState::Drafted;
    DraftContent content;
    qint64 noteMessageId = 0;
    QString supersededBy;
    QString finalText;
    QString reviewedBy;
    QString rejectionReason;
    std::optional<Grades> grades;
    qint64 sentMessageId = 0;
    QDateTime customerMessageAt;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime reviewOpenedAt;
    QDateTime approvedAt;
    QDateTime sentAt;
};

} // namespace cx::review
