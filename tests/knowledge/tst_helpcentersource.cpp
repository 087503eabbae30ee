#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "knowledge/HelpCenterSource.h"
#include "knowledge/KnowledgeIndex.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cx::knowledge;

class TestHelpCenterSource final : public QObject {
    Q_OBJECT

private slots:
    void ingestsEveryPublishedArticleAcrossPages()
    {
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen() != 0);
        sandbox.setToken(QStringLiteral("test-token"));
        sandbox.addPortal(QStringLiteral("gear"), QStringLiteral("Gear help (sandbox)"));
        const int published = cx::sandbox::ChatwootSandbox::kArticlesPerPage + 5; // two pages
        for (int i = 0; i < published; ++i)
            sandbox.addArticle(QStringLiteral("gear"), QStringLiteral("Article %1").arg(i),
                QStringLiteral("# Article %1\n\nBody of article %1 about tents.").arg(i),
                QStringLiteral("published"), QStringLiteral("Tents"));
        sandbox.addArticle(QStringLiteral("gear"), QStringLiteral("Secret draft"),
            QStringLiteral("Unreleased kayak line."), QStringLiteral("draft"));
        sandbox.addArticle(QStringLiteral("gear"), QStringLiteral("Warranty"),
            QStringLiteral("Stoves have a **five year** warranty."), QStringLiteral("published"),
            QStringLiteral("Policies"), QStringLiteral("How long things are covered."));

        QNetworkAccessManager network;
        cx::chatwoot::ChatwootClient client(
            cx::chatwoot::ChatwootConfig { sandbox.url(), sandbox.accountId(), QStringLiteral("test-token") },
            &network);
        std::optional<cx::Result<QList<KbDocument>>> result;
        HelpCenterSource::fetch(
            client, this, [&](cx::Result<QList<KbDocument>> r) { result = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        if (!*result)
            QFAIL(qPrintable(result->error().message));
        const QList<KbDocument>& docs = result->value();
        QCOMPARE(docs.size(), published + 1);
        for (const KbDocument& d : docs) {
            QVERIFY(d.id.startsWith(QStringLiteral("helpcenter:gear:")));
            QVERIFY(!d.title.contains(QStringLiteral("draft")));
            QCOMPARE(d.format, KbDocument::Format::Markdown);
        }

        QTemporaryDir dir;
        KnowledgeIndex index;
        QVERIFY(index.open(dir.path()));
        const QString root = HelpCenterSource::rootFor(sandbox.url());
        cx::Result<IngestReport> report = index.ingest(root, docs);
        QVERIFY(report);
        QCOMPARE(report->added, published + 1);
        cx::Result<SearchResult> hit = index.searchText(QStringLiteral("how long is the stove warranty"), 1);
        QVERIFY(hit);
        QCOMPARE(hit->hits.first().title, QStringLiteral("Warranty"));
        QVERIFY(hit->hits.first().source.contains(QStringLiteral("/hc/gear/articles/")));
        QVERIFY(hit->hits.first().text.contains(QStringLiteral("How long things are covered.")));

        // Re-ingest after one article disappears: it is deleted, the rest untouched.
        QList<KbDocument> fewer = docs;
        fewer.removeFirst();
        cx::Result<IngestReport> second = index.ingest(root, fewer);
        QVERIFY(second);
        QCOMPARE(second->deleted, 1);
        QCOMPARE(second->unchanged, published);
    }
};

QTEST_GUILESS_MAIN(TestHelpCenterSource)
#include "tst_helpcentersource.moc"
