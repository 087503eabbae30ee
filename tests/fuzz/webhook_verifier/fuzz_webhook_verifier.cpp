// A delivery's headers and body. Input: "<timestamp>\n<signature>\n<delivery id>\n<body>". When the first
// byte is '!', the rest is a body that is signed correctly with the current time, so the fuzzer also
// reaches the code after the signature check (JSON, event, delivery ledger).
#include "../FuzzSupport.h"
#include "chatwoot/DeliveryLedger.h"
#include "chatwoot/WebhookVerifier.h"
#include "foundation/Clock.h"

using namespace cx::chatwoot;

namespace {
const QByteArray kSecret = QByteArrayLiteral("fuzz-secret");
}

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    // A fixed clock: the same input gives the same verdict on every run.
    cx::Clock::setFixedNow(QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input = cx::fuzz::bytes(data, size);
    WebhookRequest request;
    request.contentType = "application/json";
    if (input.startsWith('!')) {
        request.body = input.mid(1);
        request.timestamp = QByteArray::number(cx::Clock::nowMSecs() / 1000);
        request.signature = WebhookVerifier::sign(kSecret, request.timestamp, request.body);
    } else {
        const QList<QByteArray> parts = input.split('\n');
        request.timestamp = parts.value(0);
        request.signature = parts.value(1);
        request.deliveryId = parts.value(2);
        const qsizetype header
            = request.timestamp.size() + request.signature.size() + request.deliveryId.size() + 3;
        request.body = input.mid(header);
    }
    InMemoryDeliveryLedger ledger;
    const WebhookVerifier verifier({ kSecret, false, 300, 64 * 1024 }, &ledger);
    const WebhookVerdict first = verifier.verify(request);
    if (first.action == WebhookVerdict::Action::Process) {
        // The same delivery again is a replay: acknowledged, never processed twice.
        if (verifier.verify(request).action != WebhookVerdict::Action::Acknowledge)
            __builtin_trap();
    }
    const WebhookVerifier unsignedOnly({ QByteArray(), true, 300, 64 * 1024 }, nullptr);
    (void)unsignedOnly.verify(request);
    return 0;
}
