#include "knowledge/DocumentLoader.h"
#include "knowledge/HashingEmbeddingProvider.h"
#include "knowledge/KnowledgeBase.h"
#include "knowledge/RankFusion.h"
#include "knowledge/VectorStore.h"

#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cx::knowledge;

namespace {
// An embedding endpoint that is down.
class FailingProvider final : public EmbeddingProvider {
public:
    int calls = 0;
    void embed(const QStringList&, QObject* context, Callback done) override
    {
        ++calls;
        QMetaObject::invokeMethod(
            context,
            [done] { done(cx::makeError(cx::ErrorKind::Network, QStringLiteral("connection refused"))); },
            Qt::QueuedConnection);
    }
    QString modelId() const override { return QStringLiteral("failing-test-model"); }
};

// Embeds only the word "lantern" (everything else the same vector): lets a test predict the semantic side.
class KeywordProvider final : public EmbeddingProvider {
public:
    void embed(const QStringList& inputs, QObject* context, Callback done) override
    {
        QList<Embedding> out;
        for (const QString& s : inputs)
            out.append(s.contains(QStringLiteral("lantern"), Qt::CaseInsensitive) ? Embedding { 1.0F, 0.0F }
                                                                                  : Embedding { 0.0F, 1.0F });
        QMetaObject::invokeMethod(
            context, [done, out] { done(out); }, Qt::QueuedConnection);
    }
    QString modelId() const override { return QStringLiteral("keyword-test-model"); }
};

template <typename T>
cx::Result<T> waitFor(const std::function<void(std::function<void(cx::Result<T>)>)>& start)
{
    std::optional<cx::Result<T>> result;
    start([&](cx::Result<T> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return cx::makeError(cx::ErrorKind::Timeout, QStringLiteral("test timed out"));
    return *result;
}

QString docsFixture()
{
    return cx::test::fixturePath(QStringLiteral("knowledge/docs"));
}
} // namespace

class TestKnowledgeBase final : public QObject {
    Q_OBJECT

private slots:
    void folderWithBadFilesIngestsTheRest()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        cx::Result<IngestReport> r = kb.ingestPath(docsFixture());
        QVERIFY(r);
        QCOMPARE(r->added, 4); // returns.md, setext.md, broken.html, notes.txt
        const QString problems = r->problems.join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QStringLiteral("archive.md: binary file")), qPrintable(problems));
        QVERIFY2(problems.contains(QStringLiteral("empty.md: empty document")), qPrintable(problems));
        QVERIFY(!problems.contains(QStringLiteral("ignored.pdf"))); // unsupported types in a folder: ignored
        QVERIFY(kb.sources().contains(QDir(docsFixture()).canonicalPath()));
        cx::Result<SearchResult> s
            = kb.searchLexical({ { QStringLiteral("customer"), QStringLiteral("winter boots size") } }, 3);
        QVERIFY(s);
        QVERIFY(s->hits.first().source.endsWith(QStringLiteral("setext.md")));
    }

    void unreadableFileIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.md"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Secret\n\ntext");
        f.close();
        QFile::setPermissions(path, QFileDevice::Permissions {});
        QFile probe(path);
        if (probe.open(QIODevice::ReadOnly))
            QSKIP("running with privileges that read any file");
        cx::Result<DocumentLoader::Loaded> loaded = DocumentLoader::load(dir.path());
        QVERIFY(loaded);
        QVERIFY(loaded->documents.isEmpty());
        QCOMPARE(loaded->problems.size(), 1);
        QVERIFY(loaded->problems.first().contains(QStringLiteral("cannot read")));
    }

    // UTF-16 and UTF-32 with a byte-order mark are text, not binary; without a mark, zero bytes are binary.
    void decodesByteOrderMarks_data()
    {
        QTest::addColumn<int>("encoding"); // QStringConverter::Encoding
        QTest::newRow("UTF-8 with BOM") << int(QStringConverter::Utf8);
        QTest::newRow("UTF-16LE") << int(QStringConverter::Utf16LE);
        QTest::newRow("UTF-16BE") << int(QStringConverter::Utf16BE);
        QTest::newRow("UTF-32LE") << int(QStringConverter::Utf32LE);
    }
    void decodesByteOrderMarks()
    {
        QFETCH(int, encoding);
        const QString text = QStringLiteral("# Réturns\n\nBoots within 30 days — unworn.");
        QStringEncoder encoder(
            static_cast<QStringConverter::Encoding>(encoding), QStringEncoder::Flag::WriteBom);
        const QByteArray bytes = encoder.encode(text);
        QCOMPARE(DocumentLoader::decodeText(bytes), std::optional<QString>(text));
        cx::Result<KbDocument> doc = DocumentLoader::parseFile(QStringLiteral("returns.md"), bytes);
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().message));
        QCOMPARE(doc->title, QStringLiteral("Réturns"));
        // The same bytes without their mark: zero bytes, so binary (UTF-8 has none to lose).
        if (encoding != int(QStringConverter::Utf8))
            QCOMPARE(
                DocumentLoader::decodeText(bytes.mid(encoding == int(QStringConverter::Utf32LE) ? 4 : 2)),
                std::nullopt);
    }

    // Over the per-file limit: skipped by name, the rest loads; when everything is refused, ingestPath fails
    // and what the index already held from that path stays.
    void sizeLimitSkipsAndRefusingEverythingDeletesNothing()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("kb")));
        auto write = [&](const QString& name, const QByteArray& data) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        };
        write(QStringLiteral("kb/small.md"), "# Lanterns\n\nOur lanterns run 40 hours.");
        write(QStringLiteral("kb/big.md"), "# Big\n\n" + QByteArray(5000, 'z'));
        cx::Result<DocumentLoader::Loaded> loaded
            = DocumentLoader::load(dir.filePath(QStringLiteral("kb")), 1000);
        QVERIFY(loaded);
        QCOMPARE(loaded->documents.size(), 1);
        QCOMPARE(loaded->refusedFiles, 1);
        QVERIFY2(loaded->problems.join(QLatin1Char(' ')).contains(QLatin1String("big.md")),
            qPrintable(loaded->problems.join(QLatin1Char(' '))));
        QCOMPARE(
            DocumentLoader::load(dir.filePath(QStringLiteral("kb")), 0)->documents.size(), 2); // no limit

        KnowledgeBase kb;
        QVERIFY(kb.open(dir.filePath(QStringLiteral("index"))));
        QVERIFY(kb.ingestPath(dir.filePath(QStringLiteral("kb"))));
        QCOMPARE(kb.index().documentCount(), 2);
        write(QStringLiteral("kb/small.md"), "# Lanterns\n\n" + QByteArray(5000, 'l')); // both too big now
        kb.setMaxFileBytes(1000);
        cx::Result<IngestReport> r = kb.ingestPath(dir.filePath(QStringLiteral("kb")));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, cx::ErrorKind::Invalid);
        QVERIFY(r.error().message.contains(QLatin1String("small.md")));
        QVERIFY(r.error().message.contains(QLatin1String("big.md")));
        QCOMPARE(kb.index().documentCount(), 2); // nothing deleted
    }

    void missingSourceIsAnError()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        cx::Result<IngestReport> r = kb.ingestPath(dir.filePath(QStringLiteral("nope")));
        QVERIFY(!r);
        QCOMPARE(r.error().kind, cx::ErrorKind::NotFound);
    }

    void corruptIndexIsRebuiltFromSources()
    {
        QTemporaryDir dir;
        {
            KnowledgeBase kb;
            QVERIFY(kb.open(dir.path()));
            QVERIFY(kb.ingestPath(docsFixture()));
            QVERIFY(kb.index().chunkCount() > 0);
        }
        // Scribble over every file of the Xapian database.
        QDirIterator it(dir.filePath(QStringLiteral("xapian")), QDir::Files);
        int scribbled = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("garbage, not a glass table");
            ++scribbled;
        }
        QVERIFY(scribbled > 0);
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.notice().contains(QStringLiteral("recreated")));
        QVERIFY(kb.needsRebuild());
        QCOMPARE(kb.index().chunkCount(), 0);
        cx::Result<IngestReport> rebuilt = kb.rebuild();
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt->added, 4);
        QVERIFY(kb.searchLexical({ { QStringLiteral("customer"), QStringLiteral("refund") } }, 1));
    }

    void missingIndexFolderIsCreated()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.filePath(QStringLiteral("a/b/kb"))));
        QCOMPARE(kb.index().chunkCount(), 0);
        cx::Result<SearchResult> r
            = kb.searchLexical({ { QStringLiteral("customer"), QStringLiteral("anything") } }, 3);
        QVERIFY(r);
        QVERIFY(r->hits.isEmpty());
        QCOMPARE(r->confidence, 0.0);
    }

    void asyncIngestReportsProgress()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QList<KbDocument> docs;
        for (int i = 0; i < 1200; ++i) {
            KbDocument d;
            d.id = QStringLiteral("d%1").arg(i);
            d.title = QStringLiteral("Item %1").arg(i);
            d.text = QStringLiteral("Product number %1 is a tent.").arg(i);
            docs.append(d);
        }
        QObject context;
        QList<int> progress;
        int lastTotal = 0;
        cx::Result<IngestReport> r = waitFor<IngestReport>([&](auto done) {
            kb.ingestDocumentsAsync(
                QStringLiteral("gen"), docs, &context,
                [&](int value, int total) {
                    progress.append(value);
                    lastTotal = total;
                },
                done);
        });
        QVERIFY(r);
        QCOMPARE(r->added, 1200);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(lastTotal, 1200);
        QCOMPARE(progress.last(), 1200);
        QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));
    }

    void asyncCallbackNeverAfterContextDied()
    {
        bool called = false;
        {
            QTemporaryDir dir;
            KnowledgeBase kb;
            QVERIFY(kb.open(dir.path()));
            {
                QObject context;
                kb.ingestPathAsync(
                    docsFixture(), &context, {}, [&](cx::Result<IngestReport>) { called = true; });
            }
            // ~KnowledgeBase waits for its thread pool: the ingest has finished when this scope ends.
        }
        // Its completion notice, had anything still been listening, is queued now: deliver it.
        QCoreApplication::sendPostedEvents();
        QVERIFY(!called);
    }

    void rrfFusion()
    {
        const auto fused
            = RankFusion::reciprocalRank({ { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") },
                                             { QStringLiteral("c"), QStringLiteral("a") } },
                60.0);
        QCOMPARE(fused.size(), 3);
        QCOMPARE(fused.at(0).id, QStringLiteral("a")); // 1/61 + 1/62
        QCOMPARE(fused.at(1).id, QStringLiteral("c")); // 1/63 + 1/61
        QCOMPARE(fused.at(2).id, QStringLiteral("b"));
        QCOMPARE(fused.at(0).score, 1.0 / 61 + 1.0 / 62);
    }

    void vectorStoreRoundTripAndCorruption()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("vectors.bin"));
        VectorStore store;
        store.reset(QStringLiteral("m1"));
        QVERIFY(store.upsert(QStringLiteral("x"), { 3.0F, 4.0F }));
        QVERIFY(store.upsert(QStringLiteral("y"), { 0.0F, 1.0F }));
        QVERIFY(!store.upsert(QStringLiteral("z"), { 1.0F, 2.0F, 3.0F })); // wrong dimension
        QVERIFY(store.save(path));
        VectorStore loaded;
        QVERIFY(loaded.load(path, QStringLiteral("m1")));
        QCOMPARE(loaded.size(), 2);
        const auto top = loaded.topK({ 0.0F, 2.0F }, 2);
        QCOMPARE(top.at(0).chunkId, QStringLiteral("y"));
        QCOMPARE(top.at(0).similarity, 1.0F);
        QVERIFY(qAbs(top.at(1).similarity - 0.8F) < 1e-6F);
        VectorStore otherModel;
        QVERIFY(otherModel.load(path, QStringLiteral("m2")));
        QCOMPARE(otherModel.size(), 0); // never mixes models
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(20);
        f.close();
        VectorStore truncated;
        QVERIFY(!truncated.load(path, QStringLiteral("m1")));
    }

    void hybridSearchFusesSemanticHits()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QList<KbDocument> docs;
        auto add = [&](const QString& id, const QString& title, const QString& text) {
            KbDocument d;
            d.id = id;
            d.title = title;
            d.text = text;
            docs.append(d);
        };
        add(QStringLiteral("lamp"), QStringLiteral("Camp lighting"),
            QStringLiteral("Our lantern runs 40 hours."));
        add(QStringLiteral("stove"), QStringLiteral("Stoves"),
            QStringLiteral("Light the stove outdoors only."));
        add(QStringLiteral("tent"), QStringLiteral("Tents"), QStringLiteral("Pitch the tent before dark."));
        QVERIFY(kb.ingestDocuments(QStringLiteral("g"), docs));
        KeywordProvider provider;
        kb.setEmbeddingProvider(&provider);
        QObject context;
        cx::Result<int> embedded = waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); });
        QVERIFY(embedded);
        QCOMPARE(embedded.value(), 3);
        // Lexically "light" matches "Light the stove" (and "lighting"); semantically only the lantern chunk
        // is close to a query about a lantern, so fusion brings it to the top.
        cx::Result<SearchResult> r = waitFor<SearchResult>([&](auto done) {
            kb.search(
                { { QStringLiteral("customer"), QStringLiteral("how long does the lantern light last") } }, 3,
                &context, done);
        });
        QVERIFY(r);
        QVERIFY(r->semanticUsed);
        QVERIFY(r->notice.isEmpty());
        QCOMPARE(r->hits.first().documentId, QStringLiteral("lamp"));
        QCOMPARE(r->hits.first().semanticScore, 1.0);
        QVERIFY(r->hits.first().score > r->hits.last().score);

        // Unchanged chunks are not embedded again; vectors persist beside the index.
        cx::Result<int> again = waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); });
        QVERIFY(again);
        QCOMPARE(again.value(), 0);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("vectors.bin"))));
        KnowledgeBase reopened;
        QVERIFY(reopened.open(dir.path()));
        reopened.setEmbeddingProvider(&provider);
        QCOMPARE(reopened.embeddedChunks(), 3);
    }

    void hybridWithHashingProviderKeepsEntityFilter()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QList<KbDocument> docs;
        for (const QString& store : { QStringLiteral("Granite Peak"), QStringLiteral("Riverbend") }) {
            KbDocument d;
            d.id = store + QStringLiteral("-parking");
            d.title = store + QStringLiteral(": Is there parking?");
            d.text = QStringLiteral("Parking details for ") + store + QLatin1Char('.');
            docs.append(d);
        }
        QVERIFY(kb.ingestDocuments(QStringLiteral("g"), docs));
        HashingEmbeddingProvider provider(64);
        QVERIFY(provider.modelId().contains(QStringLiteral("simulated")));
        kb.setEmbeddingProvider(&provider);
        QObject context;
        QVERIFY(waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); }));
        cx::Result<SearchResult> r = waitFor<SearchResult>([&](auto done) {
            kb.search({ { QStringLiteral("customer"), QStringLiteral("We're heading to Riverbend.") },
                          { QStringLiteral("customer"), QStringLiteral("Is there parking?") } },
                5, &context, done);
        });
        QVERIFY(r);
        QVERIFY(r->semanticUsed);
        QCOMPARE(r->hits.first().documentId, QStringLiteral("Riverbend-parking"));
    }

    void failingEmbeddingEndpointFallsBackToLexical()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.ingestPath(docsFixture()));
        // Embed with a working provider first, then the endpoint goes down.
        HashingEmbeddingProvider working;
        kb.setEmbeddingProvider(&working);
        QObject context;
        QVERIFY(waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); }));
        FailingProvider failing;
        kb.setEmbeddingProvider(&failing);
        cx::Result<int> update = waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); });
        QVERIFY(!update);
        QVERIFY(update.error().message.contains(QStringLiteral("connection refused")));
        QVERIFY(update.error().message.contains(QStringLiteral("lexical")));

        // Vectors exist for `failing`'s model? No: other model, so search is lexical without calling it...
        QCOMPARE(kb.embeddedChunks(), 0);
        // ...so give the failing provider vectors to use, to exercise the query-time failure.
        kb.setEmbeddingProvider(&working);
        QVERIFY(waitFor<int>([&](auto done) { kb.updateEmbeddings(&context, done); }));
        QVERIFY(kb.embeddedChunks() > 0);
        class QueryFails final : public EmbeddingProvider {
        public:
            HashingEmbeddingProvider* inner = nullptr;
            void embed(const QStringList& inputs, QObject* ctx, Callback done) override
            {
                if (inputs.size() == 1 && inputs.first().contains(QStringLiteral("refund")))
                    QMetaObject::invokeMethod(
                        ctx,
                        [done] { done(cx::makeError(cx::ErrorKind::Timeout, QStringLiteral("timed out"))); },
                        Qt::QueuedConnection);
                else
                    inner->embed(inputs, ctx, done);
            }
            QString modelId() const override { return inner->modelId(); }
        } queryFails;
        queryFails.inner = &working;
        kb.setEmbeddingProvider(&queryFails);
        QVERIFY(kb.embeddedChunks() > 0);
        cx::Result<SearchResult> r = waitFor<SearchResult>([&](auto done) {
            kb.search({ { QStringLiteral("customer"), QStringLiteral("when does my refund arrive") } }, 3,
                &context, done);
        });
        QVERIFY(r);
        QVERIFY(!r->semanticUsed);
        QVERIFY2(r->notice.contains(QStringLiteral("Semantic retrieval unavailable")), qPrintable(r->notice));
        QVERIFY(r->notice.contains(QStringLiteral("timed out")));
        QVERIFY(!r->hits.isEmpty());
        QVERIFY(r->hits.first().text.contains(QStringLiteral("Refunds reach your card")));
    }

    void emptyQueryAsync()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.ingestPath(docsFixture()));
        QObject context;
        cx::Result<SearchResult> r = waitFor<SearchResult>([&](auto done) {
            kb.search({ { QStringLiteral("customer"), QStringLiteral("  ") } }, 3, &context, done);
        });
        QVERIFY(!r);
        QCOMPARE(r.error().kind, cx::ErrorKind::Invalid);
        QVERIFY(kb.searchLexical({ { QStringLiteral("customer"), QStringLiteral("parking") } }, 3));
    }
};

QTEST_GUILESS_MAIN(TestKnowledgeBase)
#include "tst_knowledgebase.moc"
