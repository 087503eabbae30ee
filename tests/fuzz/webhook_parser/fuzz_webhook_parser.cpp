// Webhook bodies as Chatwoot POSTs them: parse (envelope, JSON, typed event) and decide what to do.
#include "../FuzzSupport.h"
#include "chatwoot/WebhookParser.h"

using namespace cx::chatwoot;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray body = cx::fuzz::bytes(data, size);
    const cx::Result<WebhookEvent> event = WebhookParser::parse(body, "application/json; charset=utf-8");
    if (event.ok()) {
        const WebhookAction action = WebhookParser::decide(*event, true);
        if (action.reason.isEmpty())
            __builtin_trap(); // every decision carries its reason
        (void)WebhookParser::decide(*event, false);
    } else if (event.error().httpStatus < 400 || event.error().httpStatus > 499) {
        __builtin_trap(); // a refused body is always the sender's fault
    }
    return 0;
}
