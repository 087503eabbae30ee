// Drafts on the sample knowledge base (resources/kb, the demo's), offline: confidence and risk carry signal,
// evidence is the knowledge-base sentences the reply rests on, no boilerplate or Markdown reaches a draft,
// the newest question is the one answered, and a reviewer's instruction changes the draft.

#include "drafting/DraftNote.h"
#include "drafting/Drafter.h"
#include "knowledge/KnowledgeBase.h"
#include "pipeline/DrafterAdapter.h"

#include <QEventLoop>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cx;
using namespace cx::drafting;

namespace {

ConversationTurn customer(const QString& text, int minute = 0)
{
    return { TurnRole::Customer, text, false,
        QDateTime::fromString(QStringLiteral("2026-11-25T09:00:00Z"), Qt::ISODate).addSecs(minute * 60) };
}
ConversationTurn agent(const QString& text, int minute = 0)
{
    ConversationTurn t = customer(text, minute);
    t.role = TurnRole::Agent;
    return t;
}

} // namespace

class TestDraftQuality : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    knowledge::KnowledgeBase* m_kb = nullptr;
    Drafter* m_drafter = nullptr;

    DraftResult draft(const QList<ConversationTurn>& turns, const DraftRequest& request = {})
    {
        std::optional<DraftResult> out;
        QEventLoop loop;
        m_drafter->draft(
            turns, this,
            [&](Result<DraftResult> r) {
                if (r)
                    out = r.value();
                loop.quit();
            },
            request);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        if (!out)
            loop.exec();
        return out.value_or(DraftResult {});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_kb = new knowledge::KnowledgeBase(this);
        QVERIFY(m_kb->open(m_dir.filePath(QStringLiteral("kb"))).ok());
        const QString source = qEnvironmentVariable("CXPILOT_SOURCE_DIR") + QStringLiteral("/resources/kb");
        auto report = m_kb->ingestPath(source);
        QVERIFY2(report.ok(), qPrintable(source));
        QVERIFY(report->chunks > 50);
        m_drafter = new Drafter(Drafter::Config {}, nullptr, pipeline::knowledgeRetriever(m_kb), this);
    }

    // Covered questions score higher than uncovered ones; the scores spread; evidence is what the reply
    // quotes.
    void confidenceSpreadsAndEvidenceIsQuoted()
    {
        const QList<QList<ConversationTurn>> covered {
            { customer(QStringLiteral("Can I bring my dog into the Moab store?")) },
            { customer(QStringLiteral("How long do I have to return unused gear?")) },
            { customer(QStringLiteral("Does the Ridgeback GTX Boot come with a warranty?")) },
            { customer(QStringLiteral("Do you ship to Canada and how long does it take?")) },
        };
        const QList<QList<ConversationTurn>> uncovered {
            { customer(QStringLiteral("Do you sell electric scooters or e-bike batteries?")) },
            { customer(QStringLiteral("Who designed your company logo, and which font is it?")) },
        };
        QSet<int> distinct;
        double lowestCovered = 1.0;
        for (const auto& turns : covered) {
            const DraftResult r = draft(turns);
            qInfo().noquote() << QString::number(r.confidence, 'f', 2) << riskLevelName(r.risk.level)
                              << r.risk.reasons << "|" << turns.last().text << "\n"
                              << r.reply;
            QVERIFY2(!r.evidence.isEmpty(), qPrintable(r.reply));
            for (const EvidenceLink& e : r.evidence) {
                QVERIFY2(r.reply.contains(e.claim), qPrintable(e.claim)); // the reply rests on it, verbatim
                QVERIFY(e.supported());
            }
            lowestCovered = std::min(lowestCovered, r.confidence);
            distinct.insert(qRound(r.confidence * 100));
        }
        double highestUncovered = 0.0;
        for (const auto& turns : uncovered) {
            const DraftResult r = draft(turns);
            qInfo().noquote() << QString::number(r.confidence, 'f', 2) << riskLevelName(r.risk.level)
                              << r.risk.reasons << "|" << turns.last().text << "\n"
                              << r.reply;
            highestUncovered = std::max(highestUncovered, r.confidence);
            distinct.insert(qRound(r.confidence * 100));
            QVERIFY(r.risk.level != RiskLevel::Low);
        }
        QVERIFY2(lowestCovered > highestUncovered + 0.1,
            qPrintable(
                QStringLiteral("covered min %1, uncovered max %2").arg(lowestCovered).arg(highestUncovered)));
        QVERIFY2(distinct.size() >= 3, "confidence does not spread");
    }

    // Low for a plain covered answer, High for refunds, Medium for a reply not in the customer's language.
    void riskDiscriminates()
    {
        const DraftResult dog
            = draft({ customer(QStringLiteral("Can I bring my dog into the Moab store?")) });
        QCOMPARE(riskLevelName(dog.risk.level), QStringLiteral("low"));
        const DraftResult refund = draft({ customer(QStringLiteral(
            "I sent back my Scree Trail Runners two weeks ago. When will I get my refund?")) });
        QCOMPARE(riskLevelName(refund.risk.level), QStringLiteral("high"));
        QVERIFY(refund.risk.has(QStringLiteral("refund_or_compensation")));
        const DraftResult german = draft({ customer(QStringLiteral(
            "Hallo! Liefern Sie auch nach Deutschland (EU)? Wie lange dauert der Versand, was kostet er, und "
            "muss ich bei der Lieferung Zoll bezahlen?")) });
        QCOMPARE(german.customerLanguage, QStringLiteral("de"));
        QCOMPARE(german.language, QStringLiteral("en"));
        QVERIFY(german.risk.has(QStringLiteral("language_mismatch")));
        QVERIFY(german.risk.level >= RiskLevel::Medium);
    }

    // The sample KB's footer ("... is a fictional company; this knowledge base is sample data ...") and its
    // Markdown never reach a draft or its note.
    void noBoilerplateNoMarkdown()
    {
        for (const QString& question : { QStringLiteral("How long do I have to return unused gear?"),
                 QStringLiteral("Is there order pickup at the Boulder store?"),
                 QStringLiteral("Can I return the Scree Trail Runner?"),
                 QStringLiteral("What does the Trail Club cost?") }) {
            const DraftResult r = draft({ customer(question) });
            const QString noteBody = r.note.section(QLatin1Char('\n'), 1);
            for (const QString& text : { r.reply, noteBody }) {
                QVERIFY2(!text.contains(QLatin1String("fictional"), Qt::CaseInsensitive), qPrintable(text));
                QVERIFY2(!text.contains(QLatin1String("sample data"), Qt::CaseInsensitive), qPrintable(text));
                QVERIFY2(!text.contains(QLatin1String("**")), qPrintable(text));
                QVERIFY2(!text.contains(QLatin1String("](")), qPrintable(text));
            }
            for (const Passage& p : r.sources)
                QVERIFY2(!p.text.contains(QLatin1String("fictional")), qPrintable(p.text));
        }
    }

    // Two unanswered messages: the newest is the question answered first; an earlier answered exchange
    // does not steer the draft.
    void answersTheNewestQuestion()
    {
        const DraftResult r = draft({ customer(QStringLiteral("Can we rent tents at your Moab store?"), 0),
            agent(QStringLiteral("Yes, Moab rents tents, sleeping bags and stoves."), 5),
            customer(QStringLiteral("Great, booked! Can I bring my dog into the store?"), 10) });
        qInfo().noquote() << r.reply;
        QVERIFY2(r.reply.contains(QLatin1String("dog"), Qt::CaseInsensitive), qPrintable(r.reply));
        QVERIFY2(!r.evidence.isEmpty(), qPrintable(r.reply));
        QVERIFY2(r.evidence.first().claim.contains(QLatin1String("dog"), Qt::CaseInsensitive)
                || r.evidence.first().claim.contains(QLatin1String("pet"), Qt::CaseInsensitive),
            qPrintable(r.evidence.first().claim));
        // The one-line summary (extractive offline) is stored with the draft for the drawer.
        QCOMPARE(r.summary,
            QStringLiteral(
                "Can we rent tents at your Moab store? \u2192 Can I bring my dog into the store?"));
        const review::DraftContent stored = pipeline::toDraftContent(r);
        QCOMPARE(stored.timings.value(QStringLiteral("summary")).toString(), r.summary);
        QCOMPARE(stored.timings.value(QStringLiteral("customer_language")).toString(), QStringLiteral("en"));
    }

    // Regenerate with an instruction: the draft changes and contains what was asked for.
    void instructionChangesTheDraft()
    {
        const QList<ConversationTurn> turns { customer(
            QStringLiteral("How do I send back a jacket I don't want?")) };
        const DraftResult plain = draft(turns);
        const DraftResult instructed
            = draft(turns, DraftRequest { QStringLiteral("mention the return label"), true, {} });
        qInfo().noquote() << plain.reply << "\n----\n" << instructed.reply;
        QVERIFY(plain.reply != instructed.reply);
        QVERIFY2(instructed.reply.contains(QLatin1String("label"), Qt::CaseInsensitive),
            qPrintable(instructed.reply));
        QCOMPARE(instructed.instruction, QStringLiteral("mention the return label"));
        QVERIFY(instructed.note.contains(QLatin1String("Instruction: mention the return label")));
    }
};

QTEST_GUILESS_MAIN(TestDraftQuality)
#include "tst_draftquality.moc"
