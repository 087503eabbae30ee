// OpenAiClient against the simulated OpenAI-compatible server: request shape, configuration variants
// (OpenAI, Azure-style, bare host), results (usage, cost, refusal, truncation, filter) and every error path
// with its retry behaviour, asserted on server-recorded request counts and on the delays the client chose.

#include "LlmTestHelpers.h"

#include "foundation/Clock.h"
#include "llm/ApiErrorParser.h"

#include <QJsonArray>
#include <QLocale>
#include <QTest>
#include <QUrlQuery>

using namespace cx;
using namespace cx::llm;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

class TestOpenAiClient : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;

    int chatCount() const { return m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions); }

private slots:
    void init()
    {
        m_server = new OpenAiSandbox(this);
        QVERIFY(m_server->start().ok());
        m_nam = new QNetworkAccessManager(this);
    }
    void cleanup()
    {
        delete m_server;
        delete m_nam;
        Clock::setFixedNow({});
    }

    void sendsOpenAiShapedRequestAndReadsResult()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.apiKey = QStringLiteral("sk-test-secret");
        m_server->setRequiredApiKey(QStringLiteral("sk-test-secret"));
        ScriptedReply reply = ScriptedReply::text(QStringLiteral("Your parcel ships today."));
        reply.promptTokens = 1000;
        reply.completionTokens = 500;
        reply.model = QStringLiteral("gpt-4o-mini-2024-07-18");
        m_server->enqueue(reply);
        OpenAiClient client(config, m_nam);
        ChatRequest request = test::simpleRequest();
        request.seed = 42;
        const auto outcome = test::runChat(client, request);
        QVERIFY(outcome.result && outcome.result->ok());
        const ChatResult& result = outcome.result->value();
        QCOMPARE(result.content, QStringLiteral("Your parcel ships today."));
        QCOMPARE(result.finishReason, FinishReason::Stop);
        QVERIFY(result.usable(false));
        QCOMPARE(result.usage.promptTokens, 1000);
        QCOMPARE(result.usage.completionTokens, 500);
        QVERIFY(result.estimatedCostUsd.has_value());
        QVERIFY(qFuzzyCompare(*result.estimatedCostUsd, 0.00045)); // 1000 * 0.15/1M + 500 * 0.60/1M
        QCOMPARE(result.stats.attempts, 1);
        QVERIFY(result.stats.requestId.startsWith(QLatin1String("req_sim_")));

        QCOMPARE(chatCount(), 1);
        const auto recorded = m_server->requests().first();
        QCOMPARE(recorded.path, QStringLiteral("/v1/chat/completions"));
        QCOMPARE(recorded.headers.value("authorization"), QByteArray("Bearer sk-test-secret"));
        QCOMPARE(recorded.json.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(recorded.json.value(QStringLiteral("temperature")).toDouble(), 0.3);
        QCOMPARE(recorded.json.value(QStringLiteral("max_completion_tokens")).toInt(), 300);
        QVERIFY(!recorded.json.contains(QStringLiteral("max_tokens")));
        QCOMPARE(recorded.json.value(QStringLiteral("seed")).toInt(), 42);
        QCOMPARE(recorded.json.value(QStringLiteral("messages")).toArray().size(), 2);
        QVERIFY(!recorded.json.contains(QStringLiteral("stream")));
    }

    void unknownModelHasNoCost()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.model = QStringLiteral("llama3.1:8b");
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QVERIFY(outcome.result->value().usage.present);
        QVERIFY(!outcome.result->value().estimatedCostUsd.has_value());
    }

    void ollamaStyleTokenField()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.tokenLimitField = TokenLimitField::MaxTokens;
        OpenAiClient client(config, m_nam);
        QVERIFY(test::runChat(client, test::simpleRequest()).result->ok());
        const QJsonObject body = m_server->requests().first().json;
        QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), 300);
        QVERIFY(!body.contains(QStringLiteral("max_completion_tokens")));
    }

    void bareHostGetsV1()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
        OpenAiClient client(config, m_nam);
        QVERIFY(test::runChat(client, test::simpleRequest()).result->ok());
        QCOMPARE(m_server->requests().first().path, QStringLiteral("/v1/chat/completions"));
    }

    void azureStyleGateway()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.baseUrl
            = QUrl(QStringLiteral("http://127.0.0.1:%1/openai/deployments/support-4o").arg(m_server->port()));
        config.apiKey = QStringLiteral("azure-key");
        config.authStyle = AuthStyle::ApiKeyHeader;
        config.apiVersion = QStringLiteral("2024-10-21");
        m_server->setRequiredApiKey(QStringLiteral("azure-key"));
        OpenAiClient client(config, m_nam);
        QVERIFY(test::runChat(client, test::simpleRequest()).result->ok());
        const auto recorded = m_server->requests().first();
        QCOMPARE(recorded.path, QStringLiteral("/openai/deployments/support-4o/chat/completions"));
        QCOMPARE(QUrlQuery(recorded.query).queryItemValue(QStringLiteral("api-version")),
            QStringLiteral("2024-10-21"));
        QCOMPARE(recorded.headers.value("api-key"), QByteArray("azure-key"));
        QVERIFY(!recorded.headers.contains("authorization"));
    }

    void wrongKeyIsUnauthorizedAndNotRetried()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.apiKey = QStringLiteral("wrong");
        m_server->setRequiredApiKey(QStringLiteral("right"));
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Unauthorized);
        QCOMPARE(outcome.result->error().httpStatus, 401);
        QVERIFY(!outcome.result->error().message.contains(QLatin1String("wrong"))); // key never echoed
        QCOMPARE(chatCount(), 1);
    }

    void refusalLengthAndFilterAreSurfaced_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("refusal") << 0;
        QTest::newRow("finish_reason length") << 1;
        QTest::newRow("content_filter") << 2;
    }
    void refusalLengthAndFilterAreSurfaced()
    {
        QFETCH(int, which);
        const ScriptedReply reply = which == 0
            ? ScriptedReply::refused(QStringLiteral("I can't help with that."))
            : which == 1 ? ScriptedReply::truncatedByLength(QStringLiteral("{\"reply\":\"Dear cus"))
                         : ScriptedReply::contentFiltered();
        m_server->enqueue(reply);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        ChatRequest request = test::simpleRequest();
        request.jsonSchema = JsonSchemaFormat { QStringLiteral("draft"),
            QJsonObject { { QStringLiteral("type"), QStringLiteral("object") },
                { QStringLiteral("properties"),
                    QJsonObject { { QStringLiteral("reply"),
                        QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } } } } } } };
        const auto outcome = test::runChat(client, request);
        QVERIFY(outcome.result && outcome.result->ok());
        const ChatResult& result = outcome.result->value();
        QVERIFY(!result.usable(true));
        QVERIFY(!result.json.has_value());
        QVERIFY(!result.jsonError.isEmpty());
        QCOMPARE(result.refused(), which == 0);
        QCOMPARE(result.truncated(), which == 1);
        QCOMPARE(result.filtered(), which == 2);
        if (which == 0)
            QCOMPARE(result.refusal, QStringLiteral("I can't help with that."));
    }

    void invalidRequestIsRejectedByServerAndNotRetried()
    {
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        ChatRequest request = test::simpleRequest();
        request.temperature = 3.5; // OpenAI allows 0..2
        const auto outcome = test::runChat(client, request);
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Invalid);
        QCOMPARE(outcome.result->error().field, QStringLiteral("temperature"));
        QCOMPARE(outcome.apiError.code, QStringLiteral("decimal_above_max_value"));
        QCOMPARE(chatCount(), 1);
    }

    void emptyRequestFailsWithoutNetwork()
    {
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, ChatRequest {});
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Invalid);
        QCOMPARE(chatCount(), 0);
    }

    void retryAfterSecondsIsHonoured()
    {
        m_server->enqueue(ScriptedReply::rateLimited("2"));
        m_server->enqueue(ScriptedReply::text(QStringLiteral("ok")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().stats.attempts, 2);
        QCOMPARE(outcome.result->value().stats.retryDelaysMs, QList<int> { 2000 });
        QCOMPARE(chatCount(), 2);
    }

    void retryAfterMsBeatsRetryAfter()
    {
        m_server->enqueue(ScriptedReply::rateLimited("7", "1500"));
        m_server->enqueue(ScriptedReply::text(QStringLiteral("ok")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().stats.retryDelaysMs, QList<int> { 1500 });
    }

    void retryAfterHttpDateUsesClock()
    {
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00Z"), Qt::ISODate);
        Clock::setFixedNow(now);
        // An IMF-fixdate, as HTTP servers send it (RFC 7231: always "GMT", never a numeric zone).
        const QString httpDate
            = QLocale::c().toString(now.addSecs(3), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        m_server->enqueue(ScriptedReply::rateLimited(httpDate.toLatin1()));
        m_server->enqueue(ScriptedReply::text(QStringLiteral("ok")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().stats.retryDelaysMs, QList<int> { 3000 });
    }

    void hintAboveCapIsNotWaitedFor()
    {
        m_server->enqueue(ScriptedReply::rateLimited("120"));
        m_server->enqueue(ScriptedReply::text(QStringLiteral("never reached")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam); // maxRetryAfterMs 60 s
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::RateLimited);
        QCOMPARE(chatCount(), 1);
    }

    void insufficientQuotaIsNotRetried()
    {
        m_server->enqueue(ScriptedReply::insufficientQuota());
        m_server->enqueue(ScriptedReply::text(QStringLiteral("never reached")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().httpStatus, 429);
        QVERIFY(outcome.result->error().message.contains(QLatin1String("quota")));
        QCOMPARE(outcome.apiError.code, QStringLiteral("insufficient_quota"));
        QVERIFY(ApiErrorParser::isInsufficientQuota(outcome.apiError));
        QVERIFY(outcome.stats.retryDelaysMs.isEmpty());
        QCOMPARE(chatCount(), 1);
        QCOMPARE(m_server->pendingReplies(), 1);
    }

    void retryableStatusesUseBackoff_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("408 request timeout") << 408;
        QTest::newRow("409 conflict") << 409;
        QTest::newRow("429 without hint") << 429;
        QTest::newRow("500") << 500;
        QTest::newRow("503 overloaded") << 503;
    }
    void retryableStatusesUseBackoff()
    {
        QFETCH(int, status);
        const ScriptedReply failure = status == 429 ? ScriptedReply::rateLimited()
            : status == 408                         ? ScriptedReply::requestTimeout()
                                                    : ScriptedReply::serverError(status);
        m_server->enqueue(failure);
        m_server->enqueue(failure);
        m_server->enqueue(ScriptedReply::text(QStringLiteral("third time lucky")));
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.baseRetryDelayMs = 400;
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().content, QStringLiteral("third time lucky"));
        const QList<int> delays = outcome.result->value().stats.retryDelaysMs;
        QCOMPARE(delays.size(), 2);
        QVERIFY2(
            delays[0] >= 300 && delays[0] <= 400, qPrintable(QString::number(delays[0]))); // 400 * (0.75, 1]
        QVERIFY2(
            delays[1] >= 600 && delays[1] <= 800, qPrintable(QString::number(delays[1]))); // 800 * (0.75, 1]
        QCOMPARE(chatCount(), 3);
    }

    void retriesAreBounded()
    {
        for (int i = 0; i < 5; ++i)
            m_server->enqueue(ScriptedReply::serverError(502));
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.maxRetries = 2;
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Server);
        QCOMPARE(outcome.result->error().httpStatus, 502);
        QCOMPARE(outcome.stats.attempts, 3);
        QCOMPARE(chatCount(), 3);
    }

    void shouldRetryHeaderWins()
    {
        ScriptedReply failure = ScriptedReply::serverError(503);
        failure.headers.append(qMakePair(QByteArray("x-should-retry"), QByteArray("false")));
        m_server->enqueue(failure);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(chatCount(), 1);
    }

    void badRequestIsNotRetried()
    {
        m_server->enqueue(ScriptedReply::error(400, QStringLiteral("invalid_request_error"),
            QStringLiteral("context_length_exceeded"),
            QStringLiteral("This model's maximum context length is 128000 tokens.")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Invalid);
        QCOMPARE(outcome.apiError.code, QStringLiteral("context_length_exceeded"));
        QCOMPARE(chatCount(), 1);
    }

    void malformedBodyIsMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not json") << QByteArray("<html>gateway</html>");
        QTest::newRow("no choices") << QByteArray("{\"id\":\"x\",\"object\":\"chat.completion\"}");
        QTest::newRow("empty") << QByteArray();
    }
    void malformedBodyIsMalformed()
    {
        QFETCH(QByteArray, body);
        m_server->enqueue(ScriptedReply::malformed(body));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Malformed);
        QCOMPARE(chatCount(), 1);
    }

    void droppedConnectionIsRetriedThenSurfaced()
    {
        for (int i = 0; i < 8; ++i)
            m_server->enqueue(ScriptedReply::dropConnection());
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.maxRetries = 1;
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Network);
        QCOMPARE(outcome.stats.attempts, 2);
        QCOMPARE(outcome.stats.retryDelaysMs.size(), 1);
        // Qt may itself resend a request whose connection closed before any byte; at least our 2 attempts
        // arrive.
        QVERIFY(chatCount() >= 2);
    }

    void truncatedBodyIsRetried()
    {
        m_server->enqueue(ScriptedReply::truncatedBody());
        m_server->enqueue(ScriptedReply::text(QStringLiteral("whole")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().content, QStringLiteral("whole"));
        QCOMPARE(outcome.result->value().stats.attempts, 2);
    }

    void transferTimeoutIsRetriedThenTimeout()
    {
        ScriptedReply slow = ScriptedReply::text(QStringLiteral("too late"));
        slow.delayMs = 2000;
        m_server->enqueue(slow);
        m_server->enqueue(slow);
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.transferTimeoutMs = 150;
        config.maxRetries = 1;
        OpenAiClient client(config, m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Timeout);
        QCOMPARE(outcome.stats.attempts, 2);
    }

    void deadContextGetsNoCallback()
    {
        ScriptedReply slow = ScriptedReply::text(QStringLiteral("late"));
        slow.delayMs = 100;
        m_server->enqueue(slow);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        bool called = false;
        auto* context = new QObject;
        QPointer<ChatCompletionJob> job
            = client.chat(test::simpleRequest(), context, [&](Result<ChatResult>) { called = true; });
        delete context;
        QTRY_VERIFY(job.isNull()); // the job finished and deleted itself
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiClient)
#include "tst_openaiclient.moc"
