// Any JSON object through every Chatwoot conversion (REST lists and objects, webhook and realtime shapes,
// Help Center, reports, profile, error bodies).
#include "../FuzzSupport.h"
#include "chatwoot/ChatwootJson.h"

#include <QUrl>

using namespace cx::chatwoot;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray body = cx::fuzz::bytes(data, size);
    (void)json::errorMessageFromBody(body);
    const cx::Result<QJsonObject> object = json::parseObject(body);
    if (!object.ok())
        return 0;
    const QJsonObject& o = *object;
    (void)json::toConversationList(o);
    (void)json::toMessageList(o);
    const cx::Result<Message> checked = json::toMessageChecked(o);
    const Message lenient = json::toMessage(o);
    if (checked.ok() && checked->id != lenient.id)
        __builtin_trap(); // the two forms agree whenever the checked one accepts
    (void)json::toConversationChecked(o);
    (void)json::toConversation(o).lastMessagePreview(20);
    (void)json::toCounts(o);
    (void)json::toPortal(o);
    (void)json::toArticle(o, QStringLiteral("help"), QUrl(QStringLiteral("https://cw.example/base/")));
    (void)json::toReportSummary(o);
    (void)json::toProfile(o);
    for (auto it = o.begin(); it != o.end(); ++it) {
        (void)json::toDateTime(it.value());
        (void)json::toInt64(it.value());
        (void)json::toMessageType(it.value());
    }
    return 0;
}
