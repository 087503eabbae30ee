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

// Unix seconds (integer or float), an ISO-8601 string, or a numeric string. 0, null, "", and numbers
// beyond the year 9999 (1e300, inf, NaN) -> invalid.
QDateTime toDateTime(const QJsonValue& value);
// An integer given as number or numeric string; `fallback` when absent or not numeric. A JSON number that
// is not a whole number within 64 bits (1e300, 2^63, 1.5, NaN, inf) is Malformed, naming `field`.
Result<qint64> toInt64Checked(const QJsonValue& value, const QString& field, qint64 fallback = 0);
// The same, lenient: `fallback` for such a number too.
qint64 toInt64(const QJsonValue& value, qint64 fallback = 0);
// "incoming" or 0 -> Incoming, etc.
MessageType toMessageType(const QJsonValue& value);

// Lenient: an out-of-range number (see toInt64Checked) reads as 0.
Message toMessage(const QJsonObject& object);
Conversation toConversation(const QJsonObject& object);
ConversationCounts toCounts(const QJsonObject& meta);
// Checked: the first out-of-range number is a Malformed error naming its field ("sender.id", ...).
Result<Message> toMessageChecked(const QJsonObject& object);
Result<Conversation> toConversationChecked(const QJsonObject& object);
// {"data":{"meta":..,"payload":[..]}}, also accepts the unwrapped {"meta":..,"payload":[..]}. Checked:
// an out-of-range number is Malformed, its field named with its path ("data.payload[2].id").
Result<ConversationList> toConversationList(const QJsonObject& root);
// {"meta":..,"payload":[messages]}. Checked like toConversationList ("payload[0].sender.id").
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
