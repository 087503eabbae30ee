// KnowledgeBase's cancellable ingest: a cancel (before, while reading, or halfway through indexing) leaves
// the index searched meanwhile exactly as it was; a completed one replaces it and records when and what.
#include "knowledge/KnowledgeBase.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cx::knowledge;

namespace {
QList<KbDocument> documents(const QString& word, int count)
{
    QList<KbDocument> docs;
    for (int i = 0; i < count; ++i) {
        KbDocument d;
        d.id = QStringLiteral("%1-%2").arg(word).arg(i);
        d.title = QStringLiteral("%1 article %2").arg(word).arg(i);
        d.text = QStringLiteral("How to look after a %1, part %2. Feed the %1 twice a day.").arg(word).arg(i);
        d.source = d.id;
        docs.append(d);
    }
    return docs;
}

int hitsFor(const KnowledgeBase& kb, const QString& word)
{
    const cx::Result<SearchResult> r = kb.searchLexical({ { QStringLiteral("customer"), word } }, 5);
    return r ? int(r->hits.size()) : -1;
}

void writeFolder(const QString& dir, const QString& word, int count)
{
    QDir().mkpath(dir);
    for (int i = 0; i < count; ++i) {
        QFile f(QDir(dir).filePath(QStringLiteral("%1-%2.md").arg(word).arg(i)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("# %1 %2\n\nAll about the %1 number %2.\n").arg(word).arg(i).toUtf8());
    }
}
} // namespace

class TestKbCancel final : public QObject {
    Q_OBJECT

private slots:
    void cancelHalfwayThroughIndexingKeepsTheOldIndex()
    {
        QTemporaryDir dir;
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.ingestDocuments(QStringLiteral("zoo"), documents(QStringLiteral("zebra"), 20)));
        const int before = kb.index().chunkCount();
        QVERIFY(before > 0);

        auto cancel = KnowledgeBase::makeCancelFlag();
        int lastProgress = 0;
        // Cancelled from inside the work, after 256 documents were already written to the copy.
        const cx::Result<IngestReport> r = kb.ingestDocuments(
            QStringLiteral("zoo"), documents(QStringLiteral("quokka"), 900),
            [&](int done, int) {
                lastProgress = done;
                if (done >= 256)
                    cancel->store(true);
            },
            cancel);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, cx::ErrorKind::Cancelled);
        QVERIFY(lastProgress >= 256 && lastProgress < 900);
        QCOMPARE(kb.index().chunkCount(), before);
        QVERIFY(hitsFor(kb, QStringLiteral("zebra")) > 0); // same root: a completed ingest would drop these
        QCOMPARE(hitsFor(kb, QStringLiteral("quokka")), 0);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("staging"))));

        // The same ingest, not cancelled, completes and replaces the index.
        QVERIFY(kb.ingestDocuments(QStringLiteral("zoo"), documents(QStringLiteral("quokka"), 900), {},
            KnowledgeBase::makeCancelFlag()));
        QVERIFY(hitsFor(kb, QStringLiteral("quokka")) > 0);
        QCOMPARE(hitsFor(kb, QStringLiteral("zebra")), 0);
        QCoreApplication::sendPostedEvents(); // recordSource is queued to the object's thread
        const QList<KnowledgeBase::SourceInfo> infos = kb.sourceInfos();
        QCOMPARE(infos.size(), 1);
        QCOMPARE(infos.first().documents, 900);
        QVERIFY(infos.first().lastIngest.secsTo(QDateTime::currentDateTimeUtc()) < 60);

        // Reopened from disk, the record is still there.
        KnowledgeBase again;
        QVERIFY(again.open(dir.path()));
        QCOMPARE(again.sourceInfos().first().documents, 900);
        QCOMPARE(again.index().chunkCount(), kb.index().chunkCount());
    }

    void cancelWhileReadingAsync()
    {
        QTemporaryDir dir;
        QTemporaryDir source;
        writeFolder(source.filePath(QStringLiteral("old")), QStringLiteral("zebra"), 5);
        writeFolder(source.filePath(QStringLiteral("new")), QStringLiteral("quokka"), 50);
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.ingestPath(source.filePath(QStringLiteral("old"))));
        const int before = kb.index().chunkCount();
        auto cancel = KnowledgeBase::makeCancelFlag();
        cancel->store(true); // before the first file is read
        std::optional<cx::Result<IngestReport>> result;
        QObject context;
        kb.ingestPathAsync(
            source.filePath(QStringLiteral("new")), &context, {},
            [&](cx::Result<IngestReport> r) { result = std::move(r); }, cancel);
        QTRY_VERIFY(result.has_value());
        QVERIFY(!*result);
        QCOMPARE(result->error().kind, cx::ErrorKind::Cancelled);
        QCOMPARE(kb.index().chunkCount(), before);
        QCOMPARE(kb.sources().size(), 1);
        QCOMPARE(hitsFor(kb, QStringLiteral("quokka")), 0);
        QVERIFY(hitsFor(kb, QStringLiteral("zebra")) > 0);
    }

    // A staged ingest of one folder keeps what other sources put in the index.
    void stagedIngestKeepsOtherSources()
    {
        QTemporaryDir dir;
        QTemporaryDir source;
        writeFolder(source.filePath(QStringLiteral("a")), QStringLiteral("zebra"), 3);
        writeFolder(source.filePath(QStringLiteral("b")), QStringLiteral("quokka"), 3);
        KnowledgeBase kb;
        QVERIFY(kb.open(dir.path()));
        QVERIFY(kb.ingestPath(source.filePath(QStringLiteral("a"))));
        QVERIFY(kb.ingestPath(source.filePath(QStringLiteral("b")), {}, KnowledgeBase::makeCancelFlag()));
        QVERIFY(hitsFor(kb, QStringLiteral("zebra")) > 0);
        QVERIFY(hitsFor(kb, QStringLiteral("quokka")) > 0);
        QCOMPARE(kb.index().documentCount(), 6);
    }
};

QTEST_GUILESS_MAIN(TestKbCancel)
#include "tst_kbcancel.moc"
