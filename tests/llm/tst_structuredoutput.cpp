// Structured output: strict json_schema first; on a server that rejects it (llama.cpp-like, older servers)
// json_object, then prompt-only with tolerant parsing. The downgrade is remembered per client.

#include "LlmTestHelpers.h"

#include "openai/OpenAiRequestValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cx;
using namespace cx::llm;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

namespace {

QJsonObject draftSchema()
{
    auto str = [] { return QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } }; };
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject { { QStringLiteral("reply"), str() },
                { QStringLiteral("citations"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("array") },
                        { QStringLiteral("items"), str() } } },
                { QStringLiteral("confidence"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("number") } } } } },
    };
}

ChatRequest structuredRequest()
{
    ChatRequest request = test::simpleRequest();
    request.jsonSchema = JsonSchemaFormat { QStringLiteral("draft_reply"), draftSchema() };
    return request;
}

const QJsonObject kAnswer { { QStringLiteral("reply"), QStringLiteral("Hi Ana, the parcel left today.") },
    { QStringLiteral("citations"), QJsonArray { QStringLiteral("kb-1") } },
    { QStringLiteral("confidence"), 0.8 } };

} // namespace

class TestStructuredOutput : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;

    QString formatOf(int index) const
    {
        return m_server->requests()
            .at(index)
            .json.value(QStringLiteral("response_format"))
            .toObject()
            .value(QStringLiteral("type"))
            .toString();
    }

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

    void strictSchemaOnCapableServer()
    {
        m_server->enqueue(ScriptedReply::json(kAnswer));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, structuredRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().json, std::optional<QJsonObject>(kAnswer));
        QCOMPARE(outcome.result->value().structuredMode, StructuredMode::JsonSchema);
        QVERIFY(outcome.result->value().usable(true));
        const QJsonObject format
            = m_server->requests().first().json.value(QStringLiteral("response_format")).toObject();
        QCOMPARE(format.value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
        const QJsonObject spec = format.value(QStringLiteral("json_schema")).toObject();
        QCOMPARE(spec.value(QStringLiteral("name")).toString(), QStringLiteral("draft_reply"));
        QCOMPARE(spec.value(QStringLiteral("strict")).toBool(), true);
        const QJsonObject schema = spec.value(QStringLiteral("schema")).toObject();
        QCOMPARE(schema.value(QStringLiteral("additionalProperties")), QJsonValue(false));
        QCOMPARE(schema.value(QStringLiteral("required")).toArray().size(), 3);
        QVERIFY(sandbox::OpenAiRequestValidator::strictSchemaProblem(schema).isEmpty());
    }

    void jsonObjectFallbackIsRemembered()
    {
        m_server->setStructuredSupport(OpenAiSandbox::StructuredSupport::JsonObjectOnly);
        m_server->enqueue(ScriptedReply::json(kAnswer));
        m_server->enqueue(ScriptedReply::json(kAnswer));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto first = test::runChat(client, structuredRequest());
        QVERIFY(first.result && first.result->ok());
        QCOMPARE(first.result->value().json, std::optional<QJsonObject>(kAnswer));
        QCOMPARE(first.result->value().structuredMode, StructuredMode::JsonObject);
        QCOMPARE(
            first.result->value().stats.downgrades, QList<StructuredMode> { StructuredMode::JsonSchema });
        QCOMPARE(client.structuredMode(), StructuredMode::JsonObject);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(formatOf(0), QStringLiteral("json_schema"));
        QCOMPARE(formatOf(1), QStringLiteral("json_object"));
        // json_object needs the schema in the prompt (and the word JSON, which the sandbox checks like
        // OpenAI).
        const QString system = m_server->requests()
                                   .at(1)
                                   .json.value(QStringLiteral("messages"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("content"))
                                   .toString();
        QVERIFY(system.contains(QLatin1String("JSON Schema")));

        const auto second = test::runChat(client, structuredRequest());
        QVERIFY(second.result && second.result->ok());
        QCOMPARE(m_server->requests().size(), 3); // no second json_schema attempt
        QCOMPARE(formatOf(2), QStringLiteral("json_object"));
    }

    void promptOnlyWithTolerantParsing()
    {
        m_server->setStructuredSupport(OpenAiSandbox::StructuredSupport::None);
        m_server->enqueue(ScriptedReply::text(QStringLiteral("Sure! Here it is:\n```json\n")
            + QString::fromUtf8(QJsonDocument(kAnswer).toJson()) + QStringLiteral("```\nAnything else?")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, structuredRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QCOMPARE(outcome.result->value().structuredMode, StructuredMode::PromptOnly);
        QCOMPARE(outcome.result->value().json, std::optional<QJsonObject>(kAnswer));
        QCOMPARE(m_server->requests().size(), 3);
        QVERIFY(!m_server->requests().at(2).json.contains(QStringLiteral("response_format")));
        QCOMPARE(client.structuredMode(), StructuredMode::PromptOnly);
    }

    void unrelatedBadRequestDoesNotDowngrade()
    {
        m_server->enqueue(ScriptedReply::error(400, QStringLiteral("invalid_request_error"),
            QStringLiteral("model_not_found"), QStringLiteral("The model 'x' does not exist")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, structuredRequest());
        QVERIFY(outcome.result && !outcome.result->ok());
        QCOMPARE(client.structuredMode(), StructuredMode::JsonSchema);
        QCOMPARE(m_server->requests().size(), 1);
    }

    void noJsonInAnswerIsReportedNotThrown()
    {
        m_server->setStructuredSupport(OpenAiSandbox::StructuredSupport::None);
        m_server->enqueue(ScriptedReply::text(QStringLiteral("I think the parcel is late.")));
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto outcome = test::runChat(client, structuredRequest());
        QVERIFY(outcome.result && outcome.result->ok());
        QVERIFY(!outcome.result->value().json);
        QVERIFY(!outcome.result->value().jsonError.isEmpty());
        QVERIFY(!outcome.result->value().usable(true));
        QVERIFY(outcome.result->value().usable(false));
    }
};

QTEST_GUILESS_MAIN(TestStructuredOutput)
#include "tst_structuredoutput.moc"
