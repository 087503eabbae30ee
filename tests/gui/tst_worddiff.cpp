// WordDiff: token diff for "Show changes"; both texts are recoverable from the spans.
#include "WordDiff.h"

#include <QTest>

using cx::gui::DiffSpan;
using Op = cx::gui::DiffSpan::Op;

class TestWordDiff final : public QObject {
    Q_OBJECT
private slots:
    void diff_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QList<DiffSpan>>("expected");
        QTest::newRow("identical") << QStringLiteral("Hello there.") << QStringLiteral("Hello there.")
                                   << QList<DiffSpan> { { Op::Equal, QStringLiteral("Hello there.") } };
        QTest::newRow("one word replaced")
            << QStringLiteral("refund issued today") << QStringLiteral("refund issued yesterday")
            << QList<DiffSpan> { { Op::Equal, QStringLiteral("refund issued ") },
                   { Op::Delete, QStringLiteral("today") }, { Op::Insert, QStringLiteral("yesterday") } };
        QTest::newRow("word inserted")
            << QStringLiteral("Thanks Ada") << QStringLiteral("Thanks a lot Ada")
            << QList<DiffSpan> { { Op::Equal, QStringLiteral("Thanks ") },
                   { Op::Insert, QStringLiteral("a lot ") }, { Op::Equal, QStringLiteral("Ada") } };
        QTest::newRow("punctuation is its own token")
            << QStringLiteral("Hi, Ada") << QStringLiteral("Hi Ada")
            << QList<DiffSpan> { { Op::Equal, QStringLiteral("Hi") }, { Op::Delete, QStringLiteral(",") },
                   { Op::Equal, QStringLiteral(" Ada") } };
        QTest::newRow("everything new")
            << QString() << QStringLiteral("Hi") << QList<DiffSpan> { { Op::Insert, QStringLiteral("Hi") } };
        QTest::newRow("everything gone")
            << QStringLiteral("Hi") << QString() << QList<DiffSpan> { { Op::Delete, QStringLiteral("Hi") } };
    }
    void diff()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(QList<DiffSpan>, expected);
        QCOMPARE(cx::gui::wordDiff(before, after), expected);
    }

    void reconstructsBothTexts_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("reordered sentences") << QStringLiteral("One two. Three four! Five?")
                                             << QStringLiteral("Three four! One two, five six?");
        QTest::newRow("emoji and accents")
            << QStringLiteral("Merci 😀 beaucoup, José") << QStringLiteral("Merci José 😀");
        QTest::newRow("lines") << QStringLiteral("a\nb\nc") << QStringLiteral("a\nc\nd");
    }
    void reconstructsBothTexts()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QString a;
        QString b;
        for (const DiffSpan& s : cx::gui::wordDiff(before, after)) {
            if (s.op != Op::Insert)
                a += s.text;
            if (s.op != Op::Delete)
                b += s.text;
        }
        QCOMPARE(a, before);
        QCOMPARE(b, after);
    }

    void largeInputsStayCorrect()
    {
        QString before;
        QString after;
        for (int i = 0; i < 3000; ++i) {
            before += QStringLiteral("w%1 ").arg(i);
            after += QStringLiteral("v%1 ").arg(i);
        }
        const auto spans = cx::gui::wordDiff(before, after); // above the cell limit: coarse but correct
        QString a;
        QString b;
        for (const DiffSpan& s : spans) {
            if (s.op != Op::Insert)
                a += s.text;
            if (s.op != Op::Delete)
                b += s.text;
        }
        QCOMPARE(a, before);
        QCOMPARE(b, after);
    }

    void htmlEscapesAndMarks()
    {
        const QString html = cx::gui::diffToHtml(
            { { Op::Equal, QStringLiteral("a<b>") }, { Op::Delete, QStringLiteral("x") },
                { Op::Insert, QStringLiteral("y\n") } },
            QColor(Qt::green), QColor(Qt::red));
        QVERIFY(html.contains(QLatin1String("a&lt;b&gt;")));
        QVERIFY(html.contains(QLatin1String("line-through;\">x</span>")));
        QVERIFY(html.contains(QLatin1String("underline;\">y<br></span>")));
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
