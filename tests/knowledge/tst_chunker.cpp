#include "knowledge/Chunker.h"
#include "knowledge/DocumentLoader.h"
#include "knowledge/HtmlText.h"

#include "TestSupport.h"

#include <QFile>
#include <QTest>

using namespace cx::knowledge;

class TestChunker final : public QObject {
    Q_OBJECT

private:
    static KbDocument loadFixture(const QString& name)
    {
        const QString path = cx::test::fixturePath(QStringLiteral("knowledge/docs/") + name);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing fixture");
        cx::Result<KbDocument> doc = DocumentLoader::parseFile(path, f.readAll());
        if (!doc)
            qFatal("fixture did not parse");
        return doc.value();
    }

private slots:
    void markdownSplitsByHeadingsWithPaths()
    {
        const KbDocument doc = loadFixture(QStringLiteral("returns.md"));
        QCOMPARE(doc.title, QStringLiteral("Returns and refunds"));
        QCOMPARE(doc.category, QStringLiteral("Policies"));
        QCOMPARE(doc.source, QStringLiteral("https://help.example.test/returns"));
        const QList<KbChunk> chunks = Chunker().chunk(doc);
        QCOMPARE(chunks.size(), 4);
        QCOMPARE(chunks.at(0).headingPath, QStringList { QStringLiteral("Returns and refunds") });
        QCOMPARE(chunks.at(1).headingPath,
            (QStringList { QStringLiteral("Returns and refunds"), QStringLiteral("Starting a return") }));
        // The "#" inside the fenced code block is no heading; the code stays in its section.
        QVERIFY(chunks.at(1).text.contains(QStringLiteral("this is a comment in code")));
        QVERIFY(chunks.at(1).text.contains(QStringLiteral("Print the label")));
        QVERIFY(!chunks.at(1).text.contains(QStringLiteral("](")));
        QVERIFY(!chunks.at(1).text.contains(QStringLiteral("**")));
        QCOMPARE(chunks.at(3).headingPath,
            (QStringList { QStringLiteral("Returns and refunds"), QStringLiteral("Refund timing"),
                QStringLiteral("Store credit") }));
        for (int i = 0; i < chunks.size(); ++i) {
            QCOMPARE(chunks.at(i).documentId, doc.id);
            QCOMPARE(chunks.at(i).chunkId, doc.id + QLatin1Char('#') + QString::number(i));
            QCOMPARE(chunks.at(i).source, doc.source);
            QCOMPARE(chunks.at(i).title, doc.title);
        }
        // front matter never becomes text
        for (const KbChunk& c : chunks)
            QVERIFY(!c.text.contains(QStringLiteral("category:")));
    }

    void setextHeadings()
    {
        const QList<KbChunk> chunks = Chunker().chunk(loadFixture(QStringLiteral("sub/setext.md")));
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks.at(0).headingPath, QStringList { QStringLiteral("Sizing guide") });
        QCOMPARE(chunks.at(1).headingPath,
            (QStringList { QStringLiteral("Sizing guide"), QStringLiteral("Boots") }));
        QCOMPARE(chunks.at(1).text, QStringLiteral("Order half a size up for winter socks."));
    }

    void brokenHtmlKeepsHeadingsDropsScripts()
    {
        const KbDocument doc = loadFixture(QStringLiteral("broken.html"));
        QCOMPARE(doc.title, QStringLiteral("Store hours & parking"));
        const QList<KbChunk> chunks = Chunker().chunk(doc);
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks.at(0).headingPath, QStringList { QStringLiteral("Store hours") });
        QVERIFY(chunks.at(0).text.contains(
            QString(QStringLiteral("Open 9")) + QChar(0x2013) + QStringLiteral("18")));
        QVERIFY(chunks.at(0).text.contains(QStringLiteral("Closed on holidays")));
        QCOMPARE(chunks.at(1).headingPath,
            (QStringList { QStringLiteral("Store hours"), QStringLiteral("Parking") }));
        QVERIFY(
            chunks.at(1).text.contains(QStringLiteral("Free parking behind the building. Unclosed bold")));
        for (const KbChunk& c : chunks) {
            QVERIFY(!c.text.contains(QStringLiteral("var x")));
            QVERIFY(!c.text.contains(QStringLiteral("color")));
            QVERIFY(!c.text.contains(QLatin1Char('<')));
            QVERIFY(!c.text.contains(QStringLiteral("comment")));
        }
    }

    void entitiesDecodedOnlyOnce()
    {
        QCOMPARE(HtmlText::convert(QStringLiteral("<p>a &amp;lt;b&amp;gt; &#x41;&#66;</p>")).text,
            QStringLiteral("a &lt;b&gt; AB"));
    }

    void longSectionSplitsWithOverlap()
    {
        KbDocument doc;
        doc.id = QStringLiteral("long");
        doc.title = QStringLiteral("Long");
        doc.format = KbDocument::Format::Markdown;
        QStringList sentences;
        for (int i = 0; i < 60; ++i)
            sentences.append(QStringLiteral("Sentence number %1 talks about tents and stoves.").arg(i));
        doc.text = QStringLiteral("# Long\n\n") + sentences.join(QLatin1Char(' '));
        const Chunker chunker(Chunker::Options { 400, 80 });
        const QList<KbChunk> chunks = chunker.chunk(doc);
        QVERIFY(chunks.size() >= 6);
        for (int i = 0; i < chunks.size(); ++i) {
            QVERIFY2(chunks.at(i).text.size() <= 400, qPrintable(QString::number(chunks.at(i).text.size())));
            QCOMPARE(chunks.at(i).headingPath, QStringList { QStringLiteral("Long") });
            if (i > 0) {
                // the next chunk repeats the end of the previous one
                const QString previousTail = chunks.at(i - 1).text.right(30);
                QVERIFY2(chunks.at(i).text.contains(previousTail), qPrintable(chunks.at(i).text));
            }
        }
        // nothing is lost: every sentence is in some chunk
        for (const QString& s : sentences) {
            bool found = false;
            for (const KbChunk& c : chunks)
                found = found || c.text.contains(s);
            QVERIFY2(found, qPrintable(s));
        }
    }

    void hugeWordIsHardSplit()
    {
        KbDocument doc;
        doc.id = QStringLiteral("blob");
        doc.text = QString(5000, QLatin1Char('x'));
        const QList<KbChunk> chunks = Chunker(Chunker::Options { 1000, 100 }).chunk(doc);
        QCOMPARE(chunks.size(), 5);
        for (const KbChunk& c : chunks)
            QVERIFY(c.text.size() <= 1000);
    }

    void headingsOnlyDocumentStillRetrievable()
    {
        KbDocument doc;
        doc.id = QStringLiteral("h");
        doc.format = KbDocument::Format::Markdown;
        doc.text = QStringLiteral("# Warranty\n## Tents\n");
        const QList<KbChunk> chunks = Chunker().chunk(doc);
        QCOMPARE(chunks.size(), 1);
        QCOMPARE(chunks.at(0).text, QStringLiteral("Warranty / Tents"));
    }

    void entityFromFieldOrTitlePrefix_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("entity");
        QTest::addColumn<QString>("expected");
        QTest::newRow("explicit field wins") << "Harbor Store: Parking"
                                             << "Pier Store"
                                             << "Pier Store";
        QTest::newRow("title prefix") << "Harbor Store: Parking"
                                      << ""
                                      << "Harbor Store";
        QTest::newRow("no colon") << "Parking at the store"
                                  << ""
                                  << "";
        QTest::newRow("url is no entity") << "https://x.test: page"
                                          << ""
                                          << "";
        QTest::newRow("long prefix is a sentence") << "one two three four five six seven eight nine: x"
                                                   << ""
                                                   << "";
    }
    void entityFromFieldOrTitlePrefix()
    {
        QFETCH(QString, title);
        QFETCH(QString, entity);
        QFETCH(QString, expected);
        KbDocument doc;
        doc.title = title;
        doc.entity = entity;
        QCOMPARE(Chunker::entityOf(doc), expected);
    }
};

QTEST_GUILESS_MAIN(TestChunker)
#include "tst_chunker.moc"
