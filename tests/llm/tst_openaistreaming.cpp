// Streaming chat completions against the simulated server: assembly of deltas, the usage chunk,
// an error object inside a 200 stream, retry before (never after) the first delta.

#include "LlmTestHelpers.h"

#include <QTest>

using namespace cx;
using namespace cx::llm;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

class TestOpenAiStreaming : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;

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
    }

    void assemblesDeltas_data()
    {
        QTest::addColumn<int>("chunks");
        QTest::addColumn<int>("intervalMs");
        QTest::newRow("one burst") << 4 << 0;
        QTest::newRow("paced events") << 5 << 5;
        QTest::newRow("single chunk") << 1 << 0;
    }
    void assemblesDeltas()
    {
        QFETCH(int, chunks);
        QFETCH(int, intervalMs);
        const QString text = QStringLiteral("Hello Ana, your refund was issued on Monday. — Support");
        m_server->enqueue(ScriptedReply::streamed(text, chunks, intervalMs));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest(), true);
        QVERIFY(outcome.result && outcome.result->ok());
        const ChatResult& result = outcome.result->value();
        QCOMPARE(result.content, text);
        QCOMPARE(outcome.deltas.join(QString()), text);
        QCOMPARE(outcome.deltas.size(), chunks);
        QVERIFY(result.streamed);
        QCOMPARE(result.finishReason, FinishReason::Stop);
        QVERIFY(result.usage.present); // include_usage chunk before [DONE]
        QVERIFY(result.usage.completionTokens > 0);
        QVERIFY(result.id.startsWith(QLatin1String("chatcmpl-sim")));

        const QJsonObject body = m_server->requests().first().json;
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("stream_options"))
                     .toObject()
                     .value(QStringLiteral("include_usage"))
                     .toBool(),
            true);
        QCOMPARE(m_server->requests().first().headers.value("accept"), QByteArray("text/event-stream"));
    }

    void errorInsideStreamIsSurfacedNotRetried()
    {
        m_server->enqueue(ScriptedReply::streamError(QStringLiteral("Dear customer, we are"), 2,
            QStringLiteral("The engine is currently overloaded")));
        m_server->enqueue(ScriptedReply::text(QStringLiteral("never reached")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest(), true);
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(outcome.result->error().kind, ErrorKind::Server);
        QVERIFY(outcome.result->error().message.contains(QLatin1String("overloaded")));
        QCOMPARE(outcome.apiError.type, QStringLiteral("server_error"));
        QCOMPARE(outcome.deltas.join(QString()), QStringLiteral("Dear customer, we are"));
        QCOMPARE(m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions), 1);
    }

    void failureBeforeFirstDeltaIsRetried()
    {
        m_server->enqueue(ScriptedReply::serverError(503));
        m_server->enqueue(ScriptedReply::streamed(QStringLiteral("Fine now."), 2));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, test::simpleRequest(), true);
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().content, QStringLiteral("Fine now."));
        QCOMPARE(outcome.result->value().stats.attempts, 2);
        QCOMPARE(m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions), 2);
    }

    void streamedRefusalAndLength()
    {
        ScriptedReply refusal = ScriptedReply::refused(QStringLiteral("I can't help with that."));
        refusal.streamChunks = 2;
        m_server->enqueue(refusal);
        ScriptedReply cut = ScriptedReply::streamed(QStringLiteral("Dear Ana, about your"), 2);
        cut.finishReason = QStringLiteral("length");
        m_server->enqueue(cut);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto first = test::runChat(client, test::simpleRequest(), true);
        QVERIFY(first.result && first.result->ok());
        QVERIFY(first.result->value().refused());
        QVERIFY(first.deltas.isEmpty()); // refusal text is not draft text
        const auto second = test::runChat(client, test::simpleRequest(), true);
        QVERIFY(second.result && second.result->ok());
        QVERIFY(second.result->value().truncated());
        QVERIFY(!second.result->value().usable(false));
    }

    void abortCancels()
    {
        m_server->enqueue(ScriptedReply::streamed(QStringLiteral("a b c d e f g h"), 8, 50));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        QObject context;
        std::optional<Result<ChatResult>> out;
        QPointer<ChatCompletionJob> job;
        job = client.chatStream(
            test::simpleRequest(), &context,
            [&](const QString&) {
                if (job)
                    job->abort();
            },
            [&](Result<ChatResult> result) { out.emplace(std::move(result)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(!out->ok());
        QCOMPARE(out->error().kind, ErrorKind::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestOpenAiStreaming)
#include "tst_openaistreaming.moc"
