#include "knowledge/EntityVocabulary.h"

#include <QTest>

using namespace cx::knowledge;

class TestEntityVocabulary final : public QObject {
    Q_OBJECT

private:
    static QStringList names()
    {
        return { QStringLiteral("Hobsons House"), QStringLiteral("A and B Guest House"),
            QStringLiteral("Acorn Guest House"), QStringLiteral("Union Square"),
            QStringLiteral("Union Square Plaza Hotel"), QStringLiteral("Fable"),
            QStringLiteral("Alexander's Steakhouse"), QStringLiteral("train (all trains)"),
            QStringLiteral("Worth House"), QStringLiteral("Warkworth House") };
    }
    static QString top(const EntityVocabulary& v, const QString& text)
    {
        const auto matches = v.matchText(text);
        return matches.isEmpty() ? QString() : matches.first().key;
    }

private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exact") << "Is Hobsons House quiet?"
                               << "hobsons house";
        QTest::newRow("distinctive word alone") << "how about hobsons?"
                                                << "hobsons house";
        QTest::newRow("generic word alone is nothing") << "I need a house near the river"
                                                       << "";
        QTest::newRow("single letters kept") << "the a and b guest house please"
                                             << "a and b guest house";
        QTest::newRow("guest house alone is not A and B") << "I need a guest house"
                                                          << "";
        QTest::newRow("longer name wins") << "Is Union Square Plaza Hotel nice?"
                                          << "union square plaza hotel";
        QTest::newRow("shorter name alone") << "Let's meet at Union Square"
                                            << "union square";
        QTest::newRow("misspelling") << "Alexanders Steakhuse tonight"
                                     << "alexander steakhouse";
        QTest::newRow("plural and repeated word") << "Does the train have wifi?"
                                                  << "train all trains";
        QTest::newRow("worth vs warkworth") << "Is Warkworth House far?"
                                            << "warkworth house";
        QTest::newRow("worth house") << "Is worth house far?"
                                     << "worth house";
    }
    void matches()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const EntityVocabulary v(names(), EntityVocabulary::Options {},
            [](const QString& w) { return w.endsWith(QLatin1Char('s')) && w.size() > 4 ? w.chopped(1) : w; },
            {});
        QCOMPARE(top(v, text), expected);
    }

    void frequentWordIsNoMisspelling()
    {
        // "table" is one edit from "fable", but the knowledge base uses "table" a lot: a word of its own.
        auto frequency = [](const QString& w) { return w == QLatin1String("table") ? 500 : 3; };
        const EntityVocabulary guarded(names(), EntityVocabulary::Options {}, {}, frequency);
        QCOMPARE(top(guarded, QStringLiteral("Can I book a table?")), QString());
        QCOMPARE(top(guarded, QStringLiteral("Is Fabel open?")), QStringLiteral("fable")); // a real typo
    }

    void recencyOrdersConversationEntities()
    {
        const EntityVocabulary v(names());
        const QList<Turn> conversation { { QStringLiteral("customer"),
                                             QStringLiteral("Is Hobsons House quiet?") },
            { QStringLiteral("agent"), QStringLiteral("Yes. Acorn Guest House is quiet too.") },
            { QStringLiteral("customer"), QStringLiteral("Does it have parking?") } };
        const auto resolved = v.resolve(conversation);
        QCOMPARE(resolved.size(), 2);
        QCOMPARE(resolved.at(0).key, QStringLiteral("acorn guest house"));
        QCOMPARE(resolved.at(1).key, QStringLiteral("hobsons house"));
        QVERIFY(resolved.at(0).score > resolved.at(1).score);
        QVERIFY(resolved.at(0).score <= 1.0);
    }
};

QTEST_GUILESS_MAIN(TestEntityVocabulary)
#include "tst_entityvocabulary.moc"
