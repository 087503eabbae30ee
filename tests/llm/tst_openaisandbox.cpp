// The simulated OpenAI-compatible server itself: it must reject bad requests the way OpenAI does (so client
// bugs fail tests), record what it received, and serve models and deterministic embeddings.

#include "openai/OpenAiSandbox.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QTimer>

using cx::sandbox::OpenAiSandbox;

namespace {

struct Answer {
    int status = 0;
    QJsonObject body;
};

Answer post(QNetworkAccessManager& nam, const QUrl& url, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    Answer answer { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
        QJsonDocument::fromJson(reply->readAll()).object() };
    reply->deleteLater();
    return answer;
}

const QByteArray kGoodMessages
    = R"("messages":[{"role":"system","content":"Be kind."},{"role":"user","content":"Hi"}])";

} // namespace

class TestOpenAiSandbox : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;

    QUrl url(const char* path) const { return QUrl(m_server->baseUrl().toString() + QLatin1String(path)); }

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

    void rejectsInvalidChatRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        QTest::newRow("not JSON") << QByteArray("{model: gpt") << QString();
        QTest::newRow("missing model") << QByteArray("{" + kGoodMessages + "}") << QString();
        QTest::newRow("missing messages")
            << QByteArray(R"({"model":"gpt-4o-mini"})") << QStringLiteral("messages");
        QTest::newRow("empty messages")
            << QByteArray(R"({"model":"m","messages":[]})") << QStringLiteral("messages");
        QTest::newRow("messages not an array")
            << QByteArray(R"({"model":"m","messages":"hi"})") << QStringLiteral("messages");
        QTest::newRow("bad role") << QByteArray(
            R"({"model":"m","messages":[{"role":"customer","content":"hi"}]})")
                                  << QStringLiteral("messages[0].role");
        QTest::newRow("user without content") << QByteArray(R"({"model":"m","messages":[{"role":"user"}]})")
                                              << QStringLiteral("messages[0].content");
        QTest::newRow("temperature above 2")
            << QByteArray(R"({"model":"m","temperature":2.5,)" + kGoodMessages + "}")
            << QStringLiteral("temperature");
        QTest::newRow("temperature below 0")
            << QByteArray(R"({"model":"m","temperature":-0.1,)" + kGoodMessages + "}")
            << QStringLiteral("temperature");
        QTest::newRow("max_completion_tokens 0")
            << QByteArray(R"({"model":"m","max_completion_tokens":0,)" + kGoodMessages + "}")
            << QStringLiteral("max_completion_tokens");
        QTest::newRow("stream_options without stream")
            << QByteArray(R"({"model":"m","stream_options":{"include_usage":true},)" + kGoodMessages + "}")
            << QStringLiteral("stream_options");
        QTest::newRow("json_object without the word json")
            << QByteArray(R"({"model":"m","response_format":{"type":"json_object"},)" + kGoodMessages + "}")
            << QStringLiteral("messages");
        QTest::newRow("strict schema without additionalProperties") << QByteArray(
            R"({"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"d","strict":true,)"
            R"("schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}}},)"
            + kGoodMessages + "}") << QStringLiteral("response_format");
        QTest::newRow("strict schema missing a required key") << QByteArray(
            R"({"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"d","strict":true,)"
            R"("schema":{"type":"object","additionalProperties":false,"properties":{"a":{"type":"string"},)"
            R"("b":{"type":"string"}},"required":["a"]}}},)"
            + kGoodMessages + "}") << QStringLiteral("response_format");
        QTest::newRow("schema name with spaces") << QByteArray(
            R"({"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"my draft",)"
            R"("schema":{"type":"object"}}},)"
            + kGoodMessages + "}") << QStringLiteral("response_format.json_schema.name");
        QTest::newRow("unknown argument")
            << QByteArray(R"({"model":"m","tempreature":1,)" + kGoodMessages + "}")
            << QStringLiteral("tempreature");
    }
    void rejectsInvalidChatRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        const Answer answer = post(*m_nam, url("/chat/completions"), body);
        QCOMPARE(answer.status, 400);
        const QJsonObject error = answer.body.value(QStringLiteral("error")).toObject();
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
        QCOMPARE(error.value(QStringLiteral("param")).toString(), param);
        QVERIFY(error.contains(QStringLiteral("code")));
        QCOMPARE(m_server->requests().first().answeredStatus, 400);
    }

    void acceptsValidChatRequestAndRecordsIt()
    {
        const Answer answer = post(*m_nam, url("/chat/completions"),
            R"({"model":"gpt-4o-mini","temperature":0,"max_completion_tokens":50,)" + kGoodMessages + "}");
        QCOMPARE(answer.status, 200);
        const QJsonObject message = answer.body.value(QStringLiteral("choices"))
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toObject();
        QVERIFY(message.value(QStringLiteral("content")).toString().contains(QLatin1String("SIMULATED")));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().first().headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(m_server->requests().first().json.value(QStringLiteral("model")).toString(),
            QStringLiteral("gpt-4o-mini"));
    }

    void defaultStructuredReplyMatchesSchema()
    {
        const Answer answer = post(*m_nam, url("/chat/completions"),
            R"({"model":"m","response_format":{"type":"json_schema","json_schema":{"name":"d","strict":true,)"
            R"("schema":{"type":"object","additionalProperties":false,"required":["tone","score"],"properties":{)"
            R"("tone":{"type":"string","enum":["neutral","apologetic"]},"score":{"type":"number"}}}}},)"
                + kGoodMessages + "}");
        QCOMPARE(answer.status, 200);
        const QString content = answer.body.value(QStringLiteral("choices"))
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toObject()
                                    .value(QStringLiteral("content"))
                                    .toString();
        const QJsonObject object = QJsonDocument::fromJson(content.toUtf8()).object();
        QCOMPARE(object.value(QStringLiteral("tone")).toString(), QStringLiteral("neutral"));
        QVERIFY(object.value(QStringLiteral("score")).isDouble());
    }

    void rejectsInvalidEmbeddingRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("param");
        QTest::newRow("missing input") << QByteArray(R"({"model":"e"})") << QStringLiteral("input");
        QTest::newRow("empty string") << QByteArray(R"({"model":"e","input":""})") << QStringLiteral("input");
        QTest::newRow("empty array") << QByteArray(R"({"model":"e","input":[]})") << QStringLiteral("input");
        QTest::newRow("bad encoding") << QByteArray(R"({"model":"e","input":"x","encoding_format":"hex"})")
                                      << QStringLiteral("encoding_format");
        QTest::newRow("extra field") << QByteArray(R"({"model":"e","input":"x","temperature":1})")
                                     << QStringLiteral("temperature");
        QByteArray many = R"({"model":"e","input":[)";
        for (int i = 0; i < 2049; ++i)
            many += (i ? ",\"t\"" : "\"t\"");
        QTest::newRow("2049 inputs") << QByteArray(many + "]}") << QStringLiteral("input");
    }
    void rejectsInvalidEmbeddingRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, param);
        const Answer answer = post(*m_nam, url("/embeddings"), body);
        QCOMPARE(answer.status, 400);
        QCOMPARE(
            answer.body.value(QStringLiteral("error")).toObject().value(QStringLiteral("param")).toString(),
            param);
    }

    void embeddingsAreDeterministicAndSimilar()
    {
        const auto a = OpenAiSandbox::simulatedEmbedding(QStringLiteral("refund for a damaged parcel"), 32);
        const auto b = OpenAiSandbox::simulatedEmbedding(QStringLiteral("Refund for a DAMAGED parcel!"), 32);
        const auto c = OpenAiSandbox::simulatedEmbedding(QStringLiteral("reset my password please"), 32);
        QCOMPARE(a, b);
        double ac = 0;
        for (int i = 0; i < 32; ++i)
            ac += double(a[i]) * c[i];
        QVERIFY(ac < 0.99);
    }

    void unknownPathIs404WithEnvelope()
    {
        const Answer answer = post(*m_nam, url("/completions"), "{}");
        QCOMPARE(answer.status, 404);
        QVERIFY(answer.body.value(QStringLiteral("error")).isObject());
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSandbox)
#include "tst_openaisandbox.moc"
