#include "knowledge/KnowledgeIndex.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cx::knowledge;

namespace {
KbDocument doc(const QString& id, const QString& title, const QString& text, const QString& entity = {})
{
    KbDocument d;
    d.id = id;
    d.title = title;
    d.text = text;
    d.entity = entity;
    d.source = QStringLiteral("test://") + id;
    return d;
}

QList<KbDocument> storeFaqs()
{
    // The same questions for several stores: only the conversation says which store is meant.
    QList<KbDocument> docs;
    const QStringList stores { QStringLiteral("Granite Peak Outfitters"),
        QStringLiteral("Riverbend Basecamp"), QStringLiteral("Harbor Light Gear") };
    const QStringList parking { QStringLiteral("Free parking for 40 cars behind the shop."),
        QStringLiteral("No own parking; the town garage is two blocks away."),
        QStringLiteral("Paid street parking only, meters until 8 pm.") };
    const QStringList dogs { QStringLiteral("Dogs on a leash are welcome."),
        QStringLiteral("Only service animals are allowed inside."),
        QStringLiteral("Dogs welcome, water bowl at the door.") };
    for (int i = 0; i < stores.size(); ++i) {
        docs.append(doc(QStringLiteral("store%1-parking").arg(i),
            stores.at(i) + QStringLiteral(": Is there parking?"), parking.at(i), stores.at(i)));
        docs.append(doc(QStringLiteral("store%1-dogs").arg(i),
            stores.at(i) + QStringLiteral(": Can I bring my dog?"), dogs.at(i), stores.at(i)));
    }
    docs.append(doc(QStringLiteral("returns"), QStringLiteral("Returns policy"),
        QStringLiteral("Unused gear can be returned within 60 days for a full refund.")));
    return docs;
}
} // namespace

class TestKnowledgeIndex final : public QObject {
    Q_OBJECT

private slots:
    void entityNamedTwoTurnsEarlierDecides_data()
    {
        QTest::addColumn<QString>("firstTurn");
        QTest::addColumn<QString>("expectedTop");
        QTest::newRow("granite peak") << "I'm driving to Granite Peak Outfitters on Saturday."
                                      << "store0-parking";
        QTest::newRow("riverbend") << "I'm driving to Riverbend Basecamp on Saturday."
                                   << "store1-parking";
        QTest::newRow("harbor light, lowercase") << "going to harbor light gear saturday"
                                                 << "store2-parking";
        QTest::newRow("misspelt riverbend") << "I'm driving to Riverbnd Basecamp on Saturday."
                                            << "store1-parking";
    }
    void entityNamedTwoTurnsEarlierDecides()
    {
        QFETCH(QString, firstTurn);
        QFETCH(QString, expectedTop);
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(QStringLiteral("faq"), storeFaqs()));
        const QList<Turn> conversation { { QStringLiteral("customer"), firstTurn },
            { QStringLiteral("agent"), QStringLiteral("Happy to help! What would you like to know?") },
            { QStringLiteral("customer"), QStringLiteral("Is there parking there?") } };
        const cx::Result<SearchResult> result = index.search(conversation, 3);
        QVERIFY(result);
        QVERIFY(!result->hits.isEmpty());
        QCOMPARE(result->hits.first().documentId, expectedTop);
        QVERIFY(!result->resolvedEntities.isEmpty());
        // Without the earlier turn, the question alone cannot tell the stores apart: lower confidence.
        const cx::Result<SearchResult> alone = index.searchText(QStringLiteral("Is there parking there?"), 3);
        QVERIFY(alone);
        QVERIFY(alone->resolvedEntities.isEmpty());
        QVERIFY2(result->confidence > alone->confidence,
            qPrintable(QStringLiteral("%1 vs %2").arg(result->confidence).arg(alone->confidence)));
    }

    void latestEntityWinsOverEarlierOne()
    {
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(QStringLiteral("faq"), storeFaqs()));
        const QList<Turn> conversation { { QStringLiteral("customer"),
                                             QStringLiteral("Is Granite Peak Outfitters open?") },
            { QStringLiteral("agent"), QStringLiteral("Yes. Riverbend Basecamp is closer to you though.") },
            { QStringLiteral("customer"), QStringLiteral("OK, can I bring my dog?") } };
        const cx::Result<SearchResult> result = index.search(conversation, 3);
        QVERIFY(result);
        QCOMPARE(result->hits.first().documentId, QStringLiteral("store1-dogs"));
    }

    void generalDocumentsStillFound()
    {
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(QStringLiteral("faq"), storeFaqs()));
        const QList<Turn> conversation { { QStringLiteral("customer"),
                                             QStringLiteral("I bought a stove at Riverbend Basecamp.") },
            { QStringLiteral("customer"), QStringLiteral("Can I get a refund for unused gear?") } };
        const cx::Result<SearchResult> result = index.search(conversation, 3);
        QVERIFY(result);
        QCOMPARE(result->hits.first().documentId, QStringLiteral("returns"));
        QCOMPARE(result->hits.first().source, QStringLiteral("test://returns"));
        QVERIFY(!result->hits.first().snippet.isEmpty());
    }

    void titleOutweighsBody()
    {
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(QStringLiteral("r"),
            { doc(QStringLiteral("body"), QStringLiteral("Care guide"),
                  QStringLiteral("Wash the sleeping bag cold. Also mentions warranty once.")),
                doc(QStringLiteral("title"), QStringLiteral("Warranty"),
                    QStringLiteral("Two years on all products, five on tents.")) }));
        const cx::Result<SearchResult> result = index.searchText(QStringLiteral("warranty"), 2);
        QVERIFY(result);
        QCOMPARE(result->hits.size(), 2);
        QCOMPARE(result->hits.first().documentId, QStringLiteral("title"));
    }

    void incrementalReingest()
    {
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QList<KbDocument> docs = storeFaqs();
        cx::Result<IngestReport> first = index.ingest(QStringLiteral("root"), docs);
        QVERIFY(first);
        QCOMPARE(first->added, 7);
        QCOMPARE(first->chunks, 7);
        QCOMPARE(index.chunkCount(), 7);

        // Unchanged: no work at all.
        cx::Result<IngestReport> again = index.ingest(QStringLiteral("root"), docs);
        QVERIFY(again);
        QCOMPARE(again->unchanged, 7);
        QCOMPARE(again->added + again->updated + again->deleted + again->chunks, 0);

        // One changed, one deleted, one new.
        docs[0].text = QStringLiteral("Parking moved: 60 spaces on the north side.");
        docs.removeAt(1);
        docs.append(doc(
            QStringLiteral("new"), QStringLiteral("Gift cards"), QStringLiteral("Gift cards never expire.")));
        cx::Result<IngestReport> third = index.ingest(QStringLiteral("root"), docs);
        QVERIFY(third);
        QCOMPARE(third->updated, 1);
        QCOMPARE(third->deleted, 1);
        QCOMPARE(third->added, 1);
        QCOMPARE(third->unchanged, 5);
        QCOMPARE(third->chunks, 2);
        QCOMPARE(index.chunkCount(), 7);
        QCOMPARE(index.documentCount(), 7);
        cx::Result<SearchResult> moved = index.searchText(QStringLiteral("north side spaces"), 1);
        QVERIFY(moved);
        QCOMPARE(moved->hits.first().documentId, QStringLiteral("store0-parking"));
        cx::Result<SearchResult> gone = index.searchText(QStringLiteral("leash"), 5);
        QVERIFY(gone);
        for (const SearchHit& h : gone->hits)
            QVERIFY(h.documentId != QStringLiteral("store0-dogs"));

        // Another root is independent; removing it leaves this one alone.
        QVERIFY(index.ingest(QStringLiteral("other"),
            { doc(QStringLiteral("o1"), QStringLiteral("Other"), QStringLiteral("x y z")) }));
        QCOMPARE(index.documentCount(), 8);
        QVERIFY(index.removeRoot(QStringLiteral("other")));
        QCOMPARE(index.documentCount(), 7);

        // Survives a reopen (state is on disk).
        KnowledgeIndex reopened;
        QVERIFY(reopened.open(dir.path()));
        QVERIFY(reopened.notice().isEmpty());
        cx::Result<IngestReport> fourth = reopened.ingest(QStringLiteral("root"), docs);
        QVERIFY(fourth);
        QCOMPARE(fourth->unchanged, 7);
    }

    void emptyQueryIsAClearError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("blank") << "   \n";
        QTest::newRow("stopwords only") << "is it the?";
    }
    void emptyQueryIsAClearError()
    {
        QFETCH(QString, text);
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        QVERIFY(index.ingest(QStringLiteral("faq"), storeFaqs()));
        const cx::Result<SearchResult> result = index.searchText(text, 3);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, cx::ErrorKind::Invalid);
        QVERIFY(result.error().message.contains(QStringLiteral("empty query")));
        QVERIFY(index.searchText(QStringLiteral("parking"), 3)); // still usable
    }
};

QTEST_GUILESS_MAIN(TestKnowledgeIndex)
#include "tst_knowledgeindex.moc"
