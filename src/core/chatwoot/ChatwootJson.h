#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

// JSON -> typed values for the three shapes Chatwoot sends: REST (integer message_type, Unix seconds),
// webhooks (string message_type, ISO times) and realtime push data (integer, Unix seconds).
// Unknown fields are ignored, missing optional ones tolerated; 0 / null timestamps mean "unset".
namespace cx::chatwoot::json {

// Unix seconds (integer or float), an ISO-8601 string, or a numeric string. 0, null, "" -> invalid.
QDateTime toDateTime(const QJsonValue& value);
// An integer given as number or numeric string; fallback otherwise.
qint64 toInt64(const QJsonValue& value, qint64 fallback = 0);
// "incoming" or 0 -> Incoming, etc.
MessageType toMessageType(const QJsonValue& value);

Message toMessage(const QJsonObject& object);
Conversation toConversation(const QJsonObject& object);
ConversationCounts toCounts(const QJsonObject& meta);
// {"data":{"meta":..,"payload":[..]}}, also accepts the unwrapped {"meta":..,"payload":[..]}.
Result<ConversationList> toConversationList(const QJsonObject& root);
// {"meta":..,"payload":[messages]}
Result<QList<Message>> toMessageList(const QJsonObject& root);
Portal toPortal(const QJsonObject& object);
HelpCenterArticle toArticle(const QJsonObject& object, const QString& portalSlug, const QUrl& baseUrl);
ReportSummary toReportSummary(const QJsonObject& object);
Profile toProfile(const QJsonObject& object);

// A JSON object body, or Malformed.
Result<QJsonObject> parseObject(const QByteArray& body);

// The message in a Chatwoot error body: {"error"}, {"message","attributes"}, {"errors":[..]}, or the raw
// text.
QString errorMessageFromBody(const QByteArray& body);

} // namespace cx::chatwoot::json
