// Embeddings: batching (≤ 2048 inputs a request), input order restored from `index` (the sandbox answers in
// reverse), retries, input validation, and the knowledge::EmbeddingProvider adapter.

#include "LlmTestHelpers.h"

#include "llm/OpenAiEmbeddingProvider.h"

#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace cx;
using namespace cx::llm;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

class TestOpenAiEmbeddings : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;

    static QStringList texts(int count)
    {
        QStringList out;
        for (int i = 0; i < count; ++i)
            out.append(QStringLiteral("passage %1 about refunds and parcel number %2").arg(i).arg(i * 7));
        return out;
    }
    QList<int> batchSizes() const
    {
        QList<int> sizes;
        for (const auto& request : m_server->requests(OpenAiSandbox::Endpoint::Embeddings))
            sizes.append(int(request.json.value(QStringLiteral("input")).toArray().size()));
        return sizes;
    }

private slots:
    void init()
    {
        m_server = new OpenAiSandbox(this);
        QVERIFY(m_server->start().ok());
        m_server->setEmbeddingDimensions(8);
        m_nam = new QNetworkAccessManager(this);
    }
    void cleanup()
    {
        delete m_server;
        delete m_nam;
    }

    void batchesAndKeepsInputOrder_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<QList<int>>("expectedBatches");
        QTest::newRow("7 inputs in batches of 3") << 7 << 3 << QList<int> { 3, 3, 1 };
        QTest::newRow("exactly one batch") << 4 << 4 << QList<int> { 4 };
        QTest::newRow("2049 inputs, OpenAI limit 2048") << 2049 << 2048 << QList<int> { 2048, 1 };
        QTest::newRow("configured above the limit is clamped") << 2050 << 5000 << QList<int> { 2048, 2 };
    }
    void batchesAndKeepsInputOrder()
    {
        QFETCH(int, count);
        QFETCH(int, batchSize);
        QFETCH(QList<int>, expectedBatches);
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.embeddingBatchSize = batchSize;
        OpenAiClient client(config, m_nam);
        const QStringList inputs = texts(count);
        const auto result = test::runEmbed(client, inputs);
        QVERIFY(result && result->ok());
        QCOMPARE(batchSizes(), expectedBatches);
        QCOMPARE(result->value().batches, int(expectedBatches.size()));
        QCOMPARE(result->value().vectors.size(), count);
        for (int i : { 0, count / 2, count - 1 }) {
            const QVector<float> expected = OpenAiSandbox::simulatedEmbedding(inputs.at(i), 8);
            QCOMPARE(result->value().vectors.at(i), expected);
        }
        QVERIFY(result->value().usage.present);
        QVERIFY(result->value().estimatedCostUsd.has_value()); // text-embedding-3-small is priced
        const QJsonObject body = m_server->requests().first().json;
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("text-embedding-3-small"));
        QCOMPARE(body.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
    }

    void rateLimitedBatchIsRetried()
    {
        m_server->enqueue(ScriptedReply::rateLimited("1"), OpenAiSandbox::Endpoint::Embeddings);
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.embeddingBatchSize = 2;
        OpenAiClient client(config, m_nam);
        const auto result = test::runEmbed(client, texts(3));
        QVERIFY(result && result->ok());
        QCOMPARE(result->value().stats.retryDelaysMs, QList<int> { 1000 });
        QCOMPARE(batchSizes(), (QList<int> { 2, 2, 1 })); // the first batch twice
    }

    void quotaFailsWholeCall()
    {
        m_server->enqueue(ScriptedReply::insufficientQuota(), OpenAiSandbox::Endpoint::Embeddings);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto result = test::runEmbed(client, texts(2));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().kind, ErrorKind::RateLimited);
        QCOMPARE(m_server->requestCount(OpenAiSandbox::Endpoint::Embeddings), 1);
    }

    void wrongVectorCountIsMalformed()
    {
        m_server->enqueue(ScriptedReply::malformed("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
                                                   "\"index\":0,\"embedding\":[1,0]}]}"),
            OpenAiSandbox::Endpoint::Embeddings);
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto result = test::runEmbed(client, texts(2));
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().kind, ErrorKind::Malformed);
    }

    void emptyInputIsInvalidWithoutRequest()
    {
        OpenAiClient client(test::sandboxConfig(*m_server), m_nam);
        const auto result = test::runEmbed(client, { QStringLiteral("fine"), QStringLiteral("  ") });
        QVERIFY(result && !result->ok());
        QCOMPARE(result->error().kind, ErrorKind::Invalid);
        QCOMPARE(m_server->requests().size(), 0);
    }

    void providerAdapterNormalisesAndNamesModel()
    {
        OpenAiConfig config = test::sandboxConfig(*m_server);
        config.embeddingDimensions = 6;
        OpenAiClient client(config, m_nam);
        OpenAiEmbeddingProvider provider(&client);
        QCOMPARE(provider.modelId(), QStringLiteral("text-embedding-3-small@6"));
        const QStringList inputs = texts(5);
        std::optional<Result<QList<knowledge::Embedding>>> out;
        QObject context;
        knowledge::EmbeddingProvider& base = provider;
        base.embed(inputs, &context,
            [&](Result<QList<knowledge::Embedding>> result) { out.emplace(std::move(result)); });
        QTRY_VERIFY(out.has_value());
        QVERIFY(out->ok());
        QCOMPARE(out->value().size(), 5);
        QCOMPARE(m_server->requests().first().json.value(QStringLiteral("dimensions")).toInt(), 6);
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const auto& vector = out->value().at(i);
            QCOMPARE(vector.size(), 6);
            double norm = 0;
            for (float v : vector)
                norm += double(v) * v;
            QVERIFY(std::abs(norm - 1.0) < 1e-4);
            QCOMPARE(vector, OpenAiSandbox::simulatedEmbedding(inputs.at(i), 6));
        }
    }
};

QTEST_GUILESS_MAIN(TestOpenAiEmbeddings)
#include "tst_openaiembeddings.moc"
