// Chatwoot module speed: JSON conversion, webhook verification, and full-history paging against the sandbox.
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootJson.h"
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/WebhookVerifier.h"
#include "foundation/Clock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <map>
#include <memory>

#include <benchmark/benchmark.h>

using namespace cx::chatwoot;

namespace {
QByteArray messagesPage(int n)
{
    QJsonArray payload;
    for (int i = 0; i < n; ++i)
        payload.append(QJsonObject { { QStringLiteral("id"), 1000 + i },
            { QStringLiteral("content"),
                QStringLiteral("Hello, my order %1 has not arrived yet, can you check?").arg(i) },
            { QStringLiteral("conversation_id"), 42 }, { QStringLiteral("message_type"), i % 2 },
            { QStringLiteral("private"), false }, { QStringLiteral("created_at"), 1764000000 + i },
            { QStringLiteral("content_attributes"), QJsonObject() },
            { QStringLiteral("sender"),
                QJsonObject { { QStringLiteral("id"), 7 }, { QStringLiteral("name"), QStringLiteral("Ana") },
                    { QStringLiteral("type"), QStringLiteral("contact") } } } });
    return QJsonDocument(QJsonObject { { QStringLiteral("payload"), payload } })
        .toJson(QJsonDocument::Compact);
}
} // namespace

static void BM_ParseMessagesPage100(benchmark::State& state)
{
    const QByteArray body = messagesPage(100);
    for (auto _ : state) {
        auto list = json::toMessageList(*json::parseObject(body));
        benchmark::DoNotOptimize(list);
    }
    state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_ParseMessagesPage100);

namespace {
// A message_created delivery as Chatwoot sends it: the message object with the event name first. (Only the
// first brace gets the event: replacing every "{" made invalid JSON, so the verifier's 400 path was
// measured.)
QByteArray webhookBody()
{
    const QByteArray message = QJsonDocument(json::parseObject(messagesPage(1))
                                                 .value()
                                                 .value(QLatin1String("payload"))
                                                 .toArray()
                                                 .first()
                                                 .toObject())
                                   .toJson(QJsonDocument::Compact);
    return QByteArrayLiteral("{\"event\":\"message_created\",") + message.mid(1);
}
} // namespace

static void BM_VerifyWebhook(benchmark::State& state)
{
    const QByteArray secret = "bench-secret";
    const QByteArray body = webhookBody();
    WebhookVerifier verifier({ secret }, nullptr);
    WebhookRequest r;
    r.body = body;
    r.contentType = "application/json";
    r.timestamp = QByteArray::number(cx::Clock::nowMSecs() / 1000);
    r.signature = WebhookVerifier::sign(secret, r.timestamp, body);
    for (auto _ : state) {
        auto verdict = verifier.verify(r);
        if (verdict.action == WebhookVerdict::Action::Reject) {
            state.SkipWithError("the delivery was rejected: the bench must measure the accepting path");
            break;
        }
        benchmark::DoNotOptimize(verdict);
    }
}
BENCHMARK(BM_VerifyWebhook);

// The anchor: only the HMAC-SHA256 over "<timestamp>.<body>" that any verifier must compute, with Qt's
// QMessageAuthenticationCode (what a hand-written handler would call), no parsing, no checks.
static void BM_HmacSha256Only(benchmark::State& state)
{
    const QByteArray secret = "bench-secret";
    const QByteArray body = webhookBody();
    const QByteArray timestamp = QByteArray::number(cx::Clock::nowMSecs() / 1000);
    for (auto _ : state) {
        QByteArray mac
            = QMessageAuthenticationCode::hash(timestamp + '.' + body, secret, QCryptographicHash::Sha256);
        benchmark::DoNotOptimize(mac);
    }
}
BENCHMARK(BM_HmacSha256Only);

static void BM_FullHistory1000(benchmark::State& state)
{
    cx::sandbox::ChatwootSandbox sandbox;
    sandbox.listen();
    const qint64 conv
        = sandbox.addConversation(sandbox.addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api")),
            sandbox.addContact(QStringLiteral("Ana")));
    for (int i = 0; i < 1000; ++i)
        sandbox.addMessage(conv, QStringLiteral("message %1").arg(i), i % 2);
    QNetworkAccessManager network;
    ChatwootClient client({ sandbox.url(), 1, sandbox.token() }, &network);
    for (auto _ : state) {
        QEventLoop loop;
        qsizetype n = 0;
        client.fetchConversation(conv, &loop, [&](cx::Result<ConversationHistory> r) {
            n = r.ok() ? r->messages.size() : -1;
            loop.quit();
        });
        loop.exec();
        if (n != 1000)
            state.SkipWithError("wrong message count");
    }
    state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_FullHistory1000)->Unit(benchmark::kMillisecond);

// One page (25) of GET /conversations?status=all from a sandbox holding N conversations (one message each),
// pages spread over the whole listing, over HTTP. With the listing indexes a page costs the same at 1,000 and
// at 100,000 conversations (before: a sort of all N per request). The sandboxes are built once per N.
static void BM_SandboxConversationPage(benchmark::State& state)
{
    static std::map<int64_t, std::unique_ptr<cx::sandbox::ChatwootSandbox>> sandboxes;
    const int64_t n = state.range(0);
    auto& sandbox = sandboxes[n];
    if (!sandbox) {
        sandbox = std::make_unique<cx::sandbox::ChatwootSandbox>();
        sandbox->listen();
        const qint64 inbox = sandbox->addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        const qint64 contact = sandbox->addContact(QStringLiteral("Ana"));
        for (int64_t i = 0; i < n; ++i) {
            const qint64 conv = sandbox->addConversation(inbox, contact);
            sandbox->addMessage(
                conv, QStringLiteral("message %1").arg(i), 0, false, 1764000000 + (i * 7919) % n);
        }
    }
    QNetworkAccessManager network;
    const int64_t pages = (n + 24) / 25;
    int64_t page = 0;
    for (auto _ : state) {
        page = (page + 7919) % pages;
        QNetworkRequest request(QUrl(sandbox->url().toString()
            + QStringLiteral("/api/v1/accounts/1/conversations?status=all&page=%1").arg(page + 1)));
        request.setRawHeader("api_access_token", sandbox->token().toUtf8());
        QNetworkReply* reply = network.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonArray payload = QJsonDocument::fromJson(reply->readAll())
                                       .object()
                                       .value(QLatin1String("data"))
                                       .toObject()
                                       .value(QLatin1String("payload"))
                                       .toArray();
        reply->deleteLater();
        if (payload.isEmpty())
            state.SkipWithError("empty page");
    }
}
BENCHMARK(BM_SandboxConversationPage)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
