#include "knowledge/DocumentLoader.h"
#include "knowledge/KnowledgeIndex.h"
#include "knowledge/RetrievalEval.h"

#include "TestSupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cx::knowledge;

class TestRetrievalEval final : public QObject {
    Q_OBJECT

private slots:
    void metricsHandComputed()
    {
        // q1: gold at rank 1; q2: rank 3; q3: rank 7; q4: absent; q5: rank 2 (two golds, the earlier counts).
        const QList<QStringList> ranked {
            { QStringLiteral("a"), QStringLiteral("b") },
            { QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("g") },
            { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4"),
                QStringLiteral("5"), QStringLiteral("6"), QStringLiteral("g") },
            { QStringLiteral("x") },
            { QStringLiteral("x"), QStringLiteral("g1"), QStringLiteral("g2") },
        };
        const QList<QStringList> gold { { QStringLiteral("a") }, { QStringLiteral("g") },
            { QStringLiteral("g") }, { QStringLiteral("g") },
            { QStringLiteral("g2"), QStringLiteral("g1") } };
        QVector<double> latencies;
        for (int i = 1; i <= 5; ++i)
            latencies.append(double(i)); // 1..5 ms
        const RetrievalEval::Metrics m = RetrievalEval::computeMetrics(ranked, gold, latencies, 10);
        QCOMPARE(m.queries, 5);
        QCOMPARE(m.recallAt1, 1.0 / 5); // q1
        QCOMPARE(m.recallAt5, 3.0 / 5); // q1, q2, q5
        QCOMPARE(m.recallAtK, 4.0 / 5); // + q3
        QCOMPARE(m.mrrAt10, (1.0 + 1.0 / 3 + 1.0 / 7 + 0.0 + 1.0 / 2) / 5);
        QCOMPARE(m.meanLatencyMs, 3.0);
        QCOMPARE(m.p99LatencyMs, 5.0); // nearest rank: ceil(0.99 * 5) = 5th
    }

    void p99NearestRank()
    {
        QVector<double> latencies;
        for (int i = 1; i <= 200; ++i)
            latencies.append(double(201 - i)); // unsorted on purpose
        const RetrievalEval::Metrics m
            = RetrievalEval::computeMetrics(QList<QStringList>(200), QList<QStringList>(200), latencies, 10);
        QCOMPARE(m.p99LatencyMs, 198.0); // ceil(0.99 * 200) = 198th smallest
        QCOMPARE(m.recallAt1, 0.0);
    }

    void emptyInput()
    {
        const RetrievalEval::Metrics m = RetrievalEval::computeMetrics({}, {}, {}, 10);
        QCOMPARE(m.queries, 0);
        QCOMPARE(m.mrrAt10, 0.0);
    }

    void endToEndOnFixture()
    {
        // tests/fixtures/knowledge/eval: 6 documents (2 bad rows), 5 usable queries (1 without gold).
        // Expected by hand: q1 s2@1 (store named two turns earlier), q2 s3@1, q3 s5@1, q4 miss (no shared
        // word), q5 s1@2 (no store named: s2 mentions parking twice and ranks first).
        const QString kbPath = cx::test::fixturePath(QStringLiteral("knowledge/eval/kb.jsonl"));
        cx::Result<DocumentLoader::Loaded> loaded = DocumentLoader::load(kbPath);
        QVERIFY(loaded);
        QCOMPARE(loaded->documents.size(), 6);
        QCOMPARE(loaded->problems.size(), 2);
        QVERIFY(loaded->problems.at(0).contains(QStringLiteral("line 7")));
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(loaded->root, loaded->documents));
        int skipped = -1;
        cx::Result<QList<RetrievalEval::Query>> queries = RetrievalEval::loadQueries(
            cx::test::fixturePath(QStringLiteral("knowledge/eval/queries.jsonl")), &skipped);
        QVERIFY(queries);
        QCOMPARE(skipped, 1);
        QCOMPARE(queries->size(), 5);
        QCOMPARE(queries->at(0).conversation.size(), 3);
        const RetrievalEval::Metrics m = RetrievalEval::run(index, queries.value(), 10);
        QCOMPARE(m.queries, 5);
        QCOMPARE(m.failedSearches, 0);
        QCOMPARE(m.recallAt1, 0.6);
        QCOMPARE(m.recallAt5, 0.8);
        QCOMPARE(m.mrrAt10, (1.0 + 1.0 + 1.0 + 0.0 + 0.5) / 5);
        QVERIFY(m.meanLatencyMs > 0.0);
        QVERIFY(m.p99LatencyMs >= m.meanLatencyMs);
    }

    void missingQueryFile()
    {
        const auto r = RetrievalEval::loadQueries(QStringLiteral("/nonexistent/q.jsonl"));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, cx::ErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestRetrievalEval)
#include "tst_retrievaleval.moc"
