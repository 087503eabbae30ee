// Pure parsing pieces of the llm module: SSE framing, tolerant JSON extraction, strict schemas,
// Retry-After hints, error envelopes of the various servers, the price table and endpoint URLs.

#include "llm/ApiErrorParser.h"
#include "llm/JsonTools.h"
#include "llm/OpenAiConfig.h"
#include "llm/PriceTable.h"
#include "llm/RetryRules.h"
#include "llm/SseParser.h"
#include "openai/OpenAiRequestValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cx;
using namespace cx::llm;

class TestLlmParsing : public QObject {
    Q_OBJECT

private slots:
    void sseFraming_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QList<QByteArray>>("events");
        QTest::newRow("lf") << QByteArray("data: {\"a\":1}\n\ndata: [DONE]\n\n")
                            << QList<QByteArray> { "{\"a\":1}", "[DONE]" };
        QTest::newRow("crlf") << QByteArray("data: x\r\n\r\ndata: y\r\n\r\n")
                              << QList<QByteArray> { "x", "y" };
        QTest::newRow("comments and fields ignored")
            << QByteArray(": keep-alive\n\nevent: message\nid: 7\nretry: 10\ndata: z\n\n")
            << QList<QByteArray> { "z" };
        QTest::newRow("multi-line data joined")
            << QByteArray("data: one\ndata: two\n\n") << QList<QByteArray> { "one\ntwo" };
        QTest::newRow("no space after colon")
            << QByteArray("data:tight\n\n") << QList<QByteArray> { "tight" };
        QTest::newRow("last event without blank line")
            << QByteArray("data: a\n\ndata: tail") << QList<QByteArray> { "a", "tail" };
    }
    void sseFraming()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QList<QByteArray>, events);
        // Whole, and byte by byte: the result must not depend on how reads are split.
        SseParser whole;
        QList<QByteArray> got = whole.feed(stream);
        got += whole.finish();
        QCOMPARE(got, events);
        SseParser bytewise;
        QList<QByteArray> got2;
        for (char c : stream)
            got2 += bytewise.feed(QByteArray(1, c));
        got2 += bytewise.finish();
        QCOMPARE(got2, events);
    }

    void tolerantExtraction_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expectedReply"); // empty = no object expected
        QTest::newRow("pure") << QStringLiteral("{\"reply\":\"hi\"}") << QStringLiteral("hi");
        QTest::newRow("fenced json") << QStringLiteral("Here:\n```json\n{\"reply\":\"fenced\"}\n```\nbye")
                                     << QStringLiteral("fenced");
        QTest::newRow("fence without language")
            << QStringLiteral("```\n{\"reply\":\"plain fence\"}\n```") << QStringLiteral("plain fence");
        QTest::newRow("prose around, braces in strings")
            << QStringLiteral("Sure {not json} then {\"reply\":\"a } brace \\\" quote\"} end")
            << QStringLiteral("a } brace \" quote");
        QTest::newRow("nested") << QStringLiteral("x {\"reply\":\"n\",\"o\":{\"p\":[1,{\"q\":2}]}} y")
                                << QStringLiteral("n");
        QTest::newRow("none") << QStringLiteral("No JSON here at all.") << QString();
        QTest::newRow("truncated") << QStringLiteral("{\"reply\":\"Dear cus") << QString();
    }
    void tolerantExtraction()
    {
        QFETCH(QString, text);
        QFETCH(QString, expectedReply);
        const auto object = JsonTools::extractObject(text);
        QCOMPARE(object.has_value(), !expectedReply.isEmpty());
        if (object)
            QCOMPARE(object->value(QStringLiteral("reply")).toString(), expectedReply);
    }

    void strictSchemaIsAcceptedByOpenAiRules()
    {
        const QJsonObject loose = QJsonDocument::fromJson(
            "{\"type\":\"object\",\"properties\":{\"reply\":{\"type\":\"string\"},"
            "\"evidence\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"claim\":{"
            "\"type\":\"string\"},\"passage\":{\"type\":[\"string\",\"null\"]}}}},"
            "\"meta\":{\"type\":\"object\",\"properties\":{\"lang\":{\"type\":\"string\"}}}}}")
                                      .object();
        QVERIFY(!sandbox::OpenAiRequestValidator::strictSchemaProblem(loose).isEmpty());
        const QJsonObject strict = JsonTools::makeStrictSchema(loose);
        QCOMPARE(sandbox::OpenAiRequestValidator::strictSchemaProblem(strict), QString());
        const QJsonObject item = strict.value(QStringLiteral("properties"))
                                     .toObject()
                                     .value(QStringLiteral("evidence"))
                                     .toObject()
                                     .value(QStringLiteral("items"))
                                     .toObject();
        QCOMPARE(item.value(QStringLiteral("required")).toArray().size(), 2);
    }

    void retryHints_data()
    {
        QTest::addColumn<QByteArray>("ms");
        QTest::addColumn<QByteArray>("seconds");
        QTest::addColumn<qint64>("expected"); // -1 = none
        QTest::newRow("seconds") << QByteArray() << QByteArray("3") << qint64(3000);
        QTest::newRow("fractional seconds") << QByteArray() << QByteArray("0.25") << qint64(250);
        QTest::newRow("ms wins") << QByteArray("120") << QByteArray("9") << qint64(120);
        QTest::newRow("http date") << QByteArray() << QByteArray("Wed, 25 Nov 2026 10:00:05 GMT")
                                   << qint64(5000);
        QTest::newRow("date in the past")
            << QByteArray() << QByteArray("Wed, 25 Nov 2026 09:59:00 GMT") << qint64(0);
        QTest::newRow("garbage") << QByteArray("soon") << QByteArray("later") << qint64(-1);
        QTest::newRow("none") << QByteArray() << QByteArray() << qint64(-1);
    }
    void retryHints()
    {
        QFETCH(QByteArray, ms);
        QFETCH(QByteArray, seconds);
        QFETCH(qint64, expected);
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00Z"), Qt::ISODate);
        const auto hint = RetryRules::hintMs(ms, seconds, now);
        QCOMPARE(hint.value_or(-1), expected);
    }

    void retryDecisions()
    {
        OpenAiConfig config;
        config.maxRetries = 2;
        RetryRules policy(config);
        RetryRules::Response response;
        response.httpStatus = 429;
        response.error = ApiErrorParser::fromHttp(429,
            "{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":"
            "\"insufficient_quota\"}}");
        QVERIFY(!policy.decide(0, response).retry);
        response.error = ApiErrorParser::fromHttp(429,
            "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        QVERIFY(policy.decide(0, response).retry);
        QVERIFY(policy.decide(1, response).retry);
        QVERIFY(!policy.decide(2, response).retry); // budget spent
        response.httpStatus = 404;
        QVERIFY(!policy.decide(0, response).retry);
        response.httpStatus = 404;
        response.shouldRetry = "true";
        QVERIFY(policy.decide(0, response).retry);
    }

    void errorEnvelopes_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("openai") << 400
                                << QByteArray("{\"error\":{\"message\":\"Unsupported value: "
                                              "\'temperature\'\",\"type\":\"invalid_request_error\","
                                              "\"param\":\"temperature\",\"code\":\"unsupported_value\"}}")
                                << int(ErrorKind::Invalid) << QStringLiteral("unsupported_value")
                                << QStringLiteral("Unsupported value");
        QTest::newRow("llama.cpp integer code")
            << 503
            << QByteArray(
                   "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")
            << int(ErrorKind::Server) << QStringLiteral("503") << QStringLiteral("Loading model");
        QTest::newRow("old vLLM flat")
            << 400
            << QByteArray("{\"object\":\"error\",\"message\":\"bad "
                          "n\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}")
            << int(ErrorKind::Invalid) << QStringLiteral("400") << QStringLiteral("bad n");
        QTest::newRow("problem+json")
            << 422
            << QByteArray("{\"type\":\"x-UNPROCESSABLE_ENTITY\",\"title\":\"Invalid "
                          "request\",\"status\":422,\"detail\":\"input required\"}")
            << int(ErrorKind::Invalid) << QString() << QStringLiteral("input required");
        QTest::newRow("plain text") << 502 << QByteArray("Bad Gateway") << int(ErrorKind::Server) << QString()
                                    << QStringLiteral("Bad Gateway");
        QTest::newRow("401") << 401
                             << QByteArray(
                                    "{\"error\":{\"message\":\"Incorrect API "
                                    "key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
                             << int(ErrorKind::Unauthorized) << QStringLiteral("invalid_api_key")
                             << QStringLiteral("Incorrect");
    }
    void errorEnvelopes()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, code);
        QFETCH(QString, messagePart);
        const ApiError error = ApiErrorParser::fromHttp(status, body);
        QCOMPARE(int(error.error.kind), kind);
        QCOMPARE(error.code, code);
        QCOMPARE(error.error.httpStatus, status);
        QVERIFY2(error.error.message.contains(messagePart), qPrintable(error.error.message));
    }

    void prices()
    {
        TokenUsage usage;
        usage.present = true;
        usage.promptTokens = 2'000'000;
        usage.cachedPromptTokens = 1'000'000;
        usage.completionTokens = 1'000'000;
        // gpt-4o-mini: 1M uncached * 0.15 + 1M cached * 0.075 + 1M out * 0.60
        QVERIFY(
            qFuzzyCompare(*PriceTable::estimateUsd(QStringLiteral("gpt-4o-mini-2024-07-18"), usage), 0.825));
        QVERIFY(PriceTable::priceFor(QStringLiteral("gpt-5-mini")).has_value());
        QVERIFY(!PriceTable::priceFor(QStringLiteral("llama3.1:8b")).has_value());
        QVERIFY(!PriceTable::priceFor(QStringLiteral("gpt-4o")).has_value()); // not a prefix match
        usage.present = false;
        QVERIFY(!PriceTable::estimateUsd(QStringLiteral("gpt-4o-mini"), usage).has_value());
    }

    void endpoints_data()
    {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("expected");
        QTest::newRow("openai") << "https://api.openai.com/v1" << QString()
                                << "https://api.openai.com/v1/chat/completions";
        QTest::newRow("trailing slash")
            << "http://127.0.0.1:8080/v1/" << QString() << "http://127.0.0.1:8080/v1/chat/completions";
        QTest::newRow("bare host") << "http://127.0.0.1:11434" << QString()
                                   << "http://127.0.0.1:11434/v1/chat/completions";
        QTest::newRow("azure")
            << "https://x.openai.azure.com/openai/deployments/d1"
            << "2024-10-21"
            << "https://x.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2024-10-21";
    }
    void endpoints()
    {
        QFETCH(QString, base);
        QFETCH(QString, apiVersion);
        QFETCH(QString, expected);
        OpenAiConfig config;
        config.baseUrl = QUrl(base);
        config.apiVersion = apiVersion;
        QCOMPARE(config.endpoint(QStringLiteral("chat/completions")).toString(), expected);
        QVERIFY(config.validate().isEmpty());
        config.baseUrl = QUrl(QStringLiteral("ftp://x"));
        QVERIFY(!config.validate().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLlmParsing)
#include "tst_llmparsing.moc"
