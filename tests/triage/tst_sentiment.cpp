// The offline sentiment estimate (triage::analyzeSentiment, VADER's rules) against the reference values
// VADER's authors publish, and what it makes of support messages (triage::estimateMood), and where that puts
// a conversation in the queue (review::QueueUrgency::raised).
#include "review/QueueUrgency.h"
#include "triage/CustomerMood.h"
#include "triage/SentimentAnalyzer.h"

#include <QTest>

using namespace cx;
using namespace cx::triage;

class TestSentiment : public QObject {
    Q_OBJECT

private slots:
    void lexiconIsCompiledIn()
    {
        const SentimentLexicon& lexicon = SentimentLexicon::builtIn();
        QVERIFY2(lexicon.size() > 7000, qPrintable(QString::number(lexicon.size())));
        QCOMPARE(*lexicon.valence(QStringLiteral("good")), 1.9);
        QCOMPARE(*lexicon.valence(QStringLiteral("horrible")), -2.5);
        QVERIFY(lexicon.contains(QStringLiteral(":)")));
        int malformed = -1;
        const SentimentLexicon parsed
            = SentimentLexicon::fromTsv("good\t1.9\nbad line\n\nworse\tx\nfine\t0.8\n", &malformed);
        QCOMPARE(parsed.size(), 2);
        QCOMPARE(malformed, 2);
    }

    // The examples of the reference implementation's README (github.com/cjhutto/vaderSentiment, "Code
    // Examples", vaderSentiment 3.3.2), compound score to the 4 decimals printed there. Each row exercises
    // one rule: boosters, capitals, "!", negation ("not … nor"), "kind of", "but", "at least", emoticons.
    void referenceExamples_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("compound");
        auto row = [](const char* text, double compound) {
            QTest::newRow(text) << QString::fromUtf8(text) << compound;
        };
        row("VADER is smart, handsome, and funny.", 0.8316);
        row("VADER is smart, handsome, and funny!", 0.8439);
        row("VADER is very smart, handsome, and funny.", 0.8545);
        row("VADER is VERY SMART, handsome, and FUNNY.", 0.9227);
        row("VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342);
        row("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469);
        row("VADER is not smart, handsome, nor funny.", -0.7424);
        row("The book was good.", 0.4404);
        row("At least it isn't a horrible book.", 0.431);
        row("The book was only kind of good.", 0.3832);
        row("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042);
        row("Today SUX!", -0.5461);
        row("Today only kinda sux! But I'll get by, lol", 0.5249);
        row("Make sure you :) or :D today!", 0.8633);
    }
    void referenceExamples()
    {
        QFETCH(QString, text);
        QFETCH(double, compound);
        const SentimentScores s = analyzeSentiment(text);
        QVERIFY2(std::abs(s.compound - compound) < 0.00005,
            qPrintable(QStringLiteral("%1 gives %2, expected %3")
                           .arg(text)
                           .arg(s.compound, 0, 'f', 4)
                           .arg(compound)));
        QVERIFY(std::abs(s.positive + s.negative + s.neutral - 1.0) < 1e-9);
    }

    // The shares of the first README example: neg 0.0, neu 0.254, pos 0.746.
    void referenceShares()
    {
        const SentimentScores s = analyzeSentiment(QStringLiteral("VADER is smart, handsome, and funny."));
        QCOMPARE(s.negative, 0.0);
        QVERIFY(std::abs(s.neutral - 0.254) < 0.0005);
        QVERIFY(std::abs(s.positive - 0.746) < 0.0005);
    }

    void emptyAndNeutralText()
    {
        QCOMPARE(analyzeSentiment(QString()).compound, 0.0);
        QCOMPARE(analyzeSentiment(QStringLiteral("   \n ")).compound, 0.0);
        QCOMPARE(analyzeSentiment(QStringLiteral("Order 1234 ships from Hamburg.")).compound, 0.0);
    }

    void supportMessages_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mood");
        QTest::addColumn<bool>("urgent");
        auto row = [](const char* text, const char* mood, bool urgent) {
            QTest::newRow(text) << QString::fromUtf8(text) << QString::fromLatin1(mood) << urgent;
        };
        row("Can I change the delivery address for order 1234?", "neutral", false);
        row("Thanks so much, that worked perfectly!", "positive", false);
        row("This is absolutely unacceptable, the worst service I have ever had.", "angry", false);
        row("The parcel arrived damaged. I am NOT happy!!", "angry", false);
        row("I am not happy with the replacement.", "upset", false);
        row("The new app is not bad at all.", "neutral", false); // negated negative: no longer upset
        row("This is the third time I am asking: where is my refund?", "neutral", true);
        row("Please answer ASAP, my flight leaves tomorrow", "neutral", true);
        row("Still waiting for a reply, this is ridiculous and frustrating", "angry", true);
    }
    void supportMessages()
    {
        QFETCH(QString, text);
        QFETCH(QString, mood);
        QFETCH(bool, urgent);
        const MoodEstimate e = estimateMood(text);
        QVERIFY2(moodKey(e.mood) == mood,
            qPrintable(QStringLiteral("%1 (compound %2)").arg(moodKey(e.mood)).arg(e.compound, 0, 'f', 3)));
        QCOMPARE(e.urgent, urgent);
        QCOMPARE(e.raisesPriority(), mood == QLatin1String("angry") || urgent);
    }

    // An angry or urgent customer moves up one SLA tier: above calm conversations of their own tier, with
    // those of the next, never above a breach it is not in.
    void raisedConversationsMoveUpOneTier()
    {
        using review::QueueUrgency;
        using review::SlaState;
        const QDateTime now = QDateTime::fromString(QStringLiteral("2024-05-03T12:00:00Z"), Qt::ISODate);
        const QueueUrgency calmOnTime { SlaState::OnTime, now.addSecs(-5 * 60), false };
        const QueueUrgency angryOnTime { SlaState::OnTime, now.addSecs(-60), true };
        const QueueUrgency calmAtRisk { SlaState::AtRisk, now.addSecs(-13 * 60), false };
        const QueueUrgency calmBreached { SlaState::Breached, now.addSecs(-20 * 60), false };
        const QueueUrgency angryBreached { SlaState::Breached, now.addSecs(-16 * 60), true };
        const QueueUrgency notWaiting { SlaState::None, {}, true };
        QVERIFY(review::moreUrgent(angryOnTime, calmOnTime)); // although it waited less
        QVERIFY(review::moreUrgent(calmAtRisk, angryOnTime)); // same tier: the longer wait first
        QVERIFY(review::moreUrgent(calmBreached, angryOnTime));
        QVERIFY(review::moreUrgent(calmBreached, angryBreached)); // no tier above breached: waiting decides
        QVERIFY(review::moreUrgent(calmOnTime, notWaiting)); // nobody waits: raising does nothing
        QCOMPARE(review::urgencyTier(notWaiting), int(SlaState::None));
        QCOMPARE(review::urgencyTier(angryOnTime), int(SlaState::AtRisk));
        QCOMPARE(review::urgencyTier(angryBreached), int(SlaState::Breached));
        const QStringList order = review::urgencyOrder({ { QStringLiteral("calm"), calmOnTime },
            { QStringLiteral("angry"), angryOnTime }, { QStringLiteral("idle"), notWaiting } });
        QCOMPARE(
            order, (QStringList { QStringLiteral("angry"), QStringLiteral("calm"), QStringLiteral("idle") }));
    }
};

QTEST_MAIN(TestSentiment)
#include "tst_sentiment.moc"
