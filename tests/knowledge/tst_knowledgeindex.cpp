#include "knowledge/KnowledgeIndex.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <mutex>
#include <thread>

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

// 40 places x 8 topics, worded so that only the place named decides (the entity pass matters).
QList<KbDocument> manyPlaces()
{
    const QStringList places { QStringLiteral("Alder"), QStringLiteral("Birch"), QStringLiteral("Cedar"),
        QStringLiteral("Dogwood"), QStringLiteral("Elm"), QStringLiteral("Fir"), QStringLiteral("Ginkgo"),
        QStringLiteral("Hazel") };
    const QStringList kinds { QStringLiteral("Lodge"), QStringLiteral("Inn"), QStringLiteral("Hostel"),
        QStringLiteral("Cabins"), QStringLiteral("Resort") };
    const QStringList topics { QStringLiteral("parking garage spaces"),
        QStringLiteral("breakfast buffet hours"), QStringLiteral("pets dogs cats allowed"),
        QStringLiteral("wifi internet speed"), QStringLiteral("checkout late fee"),
        QStringLiteral("pool sauna opening"), QStringLiteral("airport shuttle bus"),
        QStringLiteral("refund cancellation policy") };
    QList<KbDocument> docs;
    int n = 0;
    for (const QString& place : places) {
        for (const QString& kind : kinds) {
            const QString name = place + QLatin1Char(' ') + kind;
            for (const QString& topic : topics) {
                docs.append(doc(QStringLiteral("d%1").arg(n), name + QStringLiteral(": ") + topic,
                    QStringLiteral("At %1 the %2 answer is number %3.").arg(name, topic).arg(n % 7), name));
                ++n;
            }
        }
    }
    return docs;
}

QList<QList<Turn>> placeConversations()
{
    QList<QList<Turn>> out;
    const QStringList asks { QStringLiteral("is there parking?"), QStringLiteral("when is breakfast?"),
        QStringLiteral("can I bring my dog"), QStringLiteral("how fast is the wifi"),
        QStringLiteral("late checkout fee?"), QStringLiteral("sauna hours"),
        QStringLiteral("airport shuttle"), QStringLiteral("cancellation refund") };
    const QStringList names { QStringLiteral("Alder Lodge"), QStringLiteral("Birch Inn"),
        QStringLiteral("Cedar Hostel"), QStringLiteral("Elm Resort"), QStringLiteral("Hazel Cabins"),
        QStringLiteral("Ginkgo Inn") };
    for (int i = 0; i < 48; ++i) {
        out.append({ { QStringLiteral("customer"), QStringLiteral("I booked ") + names.at(i % names.size()) },
            { QStringLiteral("agent"), QStringLiteral("Great choice, how can I help?") },
            { QStringLiteral("customer"), asks.at(i % asks.size()) } });
    }
    out.append({ { QStringLiteral("customer"), QStringLiteral("parking and breakfast and wifi") } });
    return out;
}

// What a search returned, for comparing runs exactly.
QString fingerprint(const cx::Result<SearchResult>& r)
{
    if (!r)
        return QStringLiteral("error: ") + r.error().message;
    QString out = QString::number(r->confidence, 'g', 17);
    for (const SearchHit& h : r->hits)
        out += QLatin1Char('|') + h.chunkId + QLatin1Char('@') + QString::number(h.score, 'g', 17);
    return out;
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

    // Searches from several threads at once (each on its own Xapian handle) give exactly what one thread
    // gets, also while a writer re-ingests and publishes a new revision. Run under TSan/ASan builds as well.
    void concurrentSearchesMatchSerial()
    {
        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        const QList<KbDocument> docs = manyPlaces();
        QVERIFY(index.ingest(QStringLiteral("places"), docs));
        const QList<QList<Turn>> conversations = placeConversations();
        QStringList serial;
        for (const QList<Turn>& c : conversations)
            serial.append(fingerprint(index.search(c, 5)));
        QVERIFY(serial.first().contains(QLatin1Char('|')));
        QCOMPARE(index.search(conversations.first(), 5)->hits.first().entity, QStringLiteral("Alder Lodge"));

        constexpr int kThreads = 3;
        constexpr int kRounds = 15;
        std::atomic<int> mismatches { 0 };
        std::atomic<int> started { 0 };
        QString firstMismatch;
        std::mutex mismatchMutex;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                ++started;
                while (started.load() < kThreads) { }
                for (int round = 0; round < kRounds; ++round) {
                    for (qsizetype i = 0; i < conversations.size(); ++i) {
                        const qsizetype q = (i + t * 7) % conversations.size();
                        const QString got = fingerprint(index.search(conversations.at(q), 5));
                        if (got != serial.at(q)) {
                            ++mismatches;
                            std::lock_guard lock(mismatchMutex);
                            if (firstMismatch.isEmpty())
                                firstMismatch = got + QStringLiteral(" != ") + serial.at(q);
                        }
                    }
                }
            });
        }
        // A writer meanwhile: re-ingesting the same documents commits a new revision and a new pool.
        for (int i = 0; i < 3; ++i)
            QVERIFY(index.ingest(QStringLiteral("places"), docs));
        for (std::thread& th : threads)
            th.join();
        QVERIFY2(mismatches.load() == 0, qPrintable(firstMismatch));
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
