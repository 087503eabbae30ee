// The drafter's rule pieces without network: tone rules, risk reasons, the confidence formula, the note
// marker, query extraction, and that the prompt states the same limits the validator enforces.

#include "drafting/ConfidenceScorer.h"
#include "drafting/DraftNote.h"
#include "drafting/PromptBuilder.h"
#include "drafting/QueryExtractor.h"
#include "drafting/RiskAssessor.h"
#include "drafting/RiskReasonText.h"
#include "drafting/ToneValidator.h"

#include <QTest>

using namespace cx::drafting;

namespace {
const QList<Passage> kPassages {
    Passage { QStringLiteral("p1"), QStringLiteral("d1"), QStringLiteral("Returns"),
        QStringLiteral(
            "Returns are free within 30 days. Details: https://shop.example/returns. Fee €4.95 after."),
        1.0, QString() },
};
const QString kOk
    = QStringLiteral("Hello Ana, returns are free within 30 days; see https://shop.example/returns for the "
                     "steps. Kind regards, The Support Team");
} // namespace

class TestDraftRules : public QObject {
    Q_OBJECT

private slots:
    void toneRules_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("customer");
        QTest::addColumn<QString>("rule"); // expected finding; empty = none at all
        QTest::newRow("clean") << kOk << QStringLiteral("Can I return it?") << QString();
        QTest::newRow("too short") << QStringLiteral("Yes, you can.") << QStringLiteral("Can I?")
                                   << QStringLiteral("too_short");
        QTest::newRow("too long") << QString(QStringLiteral("word ").repeated(200)) << QStringLiteral("Hi")
                                  << QStringLiteral("too_long");
        QTest::newRow("forbidden phrase") << kOk + QStringLiteral(" As an AI I cannot say more.")
                                          << QStringLiteral("Hi") << QStringLiteral("forbidden_phrase");
        QTest::newRow("shouting caps") << kOk + QStringLiteral(" PLEASE READ CAREFULLY.")
                                       << QStringLiteral("Hi") << QStringLiteral("shouting");
        QTest::newRow("shouting bangs")
            << kOk + QStringLiteral(" Great news!!") << QStringLiteral("Hi") << QStringLiteral("shouting");
        QTest::newRow("placeholder brackets") << QStringLiteral("Hello [Name], ")
                + kOk << QStringLiteral("Hi") << QStringLiteral("unfilled_placeholder");
        QTest::newRow("placeholder braces") << QStringLiteral("Hello {{first_name}}, ") + kOk
                                            << QStringLiteral("Hi") << QStringLiteral("unfilled_placeholder");
        QTest::newRow("angry customer, cold reply")
            << kOk << QStringLiteral("This is ridiculous, still waiting!")
            << QStringLiteral("missing_empathy");
        QTest::newRow("uncited link") << kOk + QStringLiteral(" Or use https://evil.example/x.")
                                      << QStringLiteral("Hi") << QStringLiteral("unsupported_link");
        QTest::newRow("invented figure") << kOk + QStringLiteral(" You will get 50% off.")
                                         << QStringLiteral("Hi") << QStringLiteral("unsupported_figure");
    }
    void toneRules()
    {
        QFETCH(QString, reply);
        QFETCH(QString, customer);
        QFETCH(QString, rule);
        const ToneReport report = ToneValidator::validate(reply, DraftPolicy {}, kPassages, { customer });
        if (rule.isEmpty()) {
            QVERIFY2(report.findings.isEmpty(), qPrintable(report.findings.value(0).message));
            QCOMPARE(report.labels, QStringList { QStringLiteral("neutral") });
        } else {
            QVERIFY2(report.has(rule), qPrintable(rule));
        }
    }

    void empathySatisfiesUpsetCustomer()
    {
        const ToneReport report
            = ToneValidator::validate(QStringLiteral("Hello Ana, I am sorry for the trouble. ") + kOk,
                DraftPolicy {}, kPassages, { QStringLiteral("Terrible service!!") });
        QVERIFY(report.customerUpset);
        QVERIFY(!report.has(QStringLiteral("missing_empathy")));
        QVERIFY(report.labels.contains(QStringLiteral("empathetic")));
    }

    void figuresFromPassagesAndCustomerAreFine()
    {
        const ToneReport report
            = ToneValidator::validate(kOk + QStringLiteral(" After that the fee is €4.95 for order 77123."),
                DraftPolicy {}, kPassages, { QStringLiteral("Order 77123") });
        QVERIFY(!report.has(QStringLiteral("unsupported_figure")));
    }

    void riskReasons_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("customer");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("level");
        QTest::newRow("refund promised")
            << QStringLiteral("We will refund you today.") << QStringLiteral("Hi")
            << QStringLiteral("refund_or_compensation") << int(RiskLevel::High);
        QTest::newRow("voucher") << QStringLiteral("Here is a voucher for your trouble.")
                                 << QStringLiteral("Hi") << QStringLiteral("refund_or_compensation")
                                 << int(RiskLevel::High);
        QTest::newRow("legal threat")
            << QStringLiteral("We are looking into it.") << QStringLiteral("My lawyer will hear about this")
            << QStringLiteral("legal_threat") << int(RiskLevel::High);
        QTest::newRow("email in draft")
            << QStringLiteral("We wrote to ana.lopez@example.com.") << QStringLiteral("Hi")
            << QStringLiteral("personal_data") << int(RiskLevel::High);
        QTest::newRow("card number in draft")
            << QStringLiteral("Your card 4111 1111 1111 1111 was charged.") << QStringLiteral("Hi")
            << QStringLiteral("personal_data") << int(RiskLevel::High);
        QTest::newRow("uncited") << QStringLiteral("It ships tomorrow.") << QStringLiteral("Hi")
                                 << QStringLiteral("uncited_claims") << int(RiskLevel::Medium);
    }
    void riskReasons()
    {
        QFETCH(QString, reply);
        QFETCH(QString, customer);
        QFETCH(QString, reason);
        QFETCH(int, level);
        RiskAssessor::Input input;
        input.reply = reply;
        input.customerTexts = { customer };
        input.citedSources = reason == QLatin1String("uncited_claims") ? 0 : 1;
        const RiskAssessment risk = RiskAssessor::assess(input);
        QVERIFY2(risk.has(reason), qPrintable(risk.reasons.join(QLatin1Char(','))));
        QCOMPARE(int(risk.level), level);
    }

    void lowRiskWhenNothingApplies()
    {
        RiskAssessor::Input input;
        input.reply = QStringLiteral("Returns are free within 30 days.");
        input.customerTexts = { QStringLiteral("Can I return it?") };
        input.citedSources = 1;
        input.evidence = { EvidenceLink { QStringLiteral("free returns"), { QStringLiteral("p1") } } };
        QCOMPARE(RiskAssessor::assess(input).level, RiskLevel::Low);
    }

    // Every code the assessor can give has plain words (the drawer and the send confirmation show them);
    // an unknown code is shown as it is rather than hidden.
    void riskReasonsInPlainWords()
    {
        RiskAssessor::Input input;
        input.reply = QStringLiteral("We will refund you; we wrote to ana.lopez@example.com.");
        input.customerTexts = { QStringLiteral("This is useless, my lawyer will hear about this!") };
        input.tone.customerUpset = true;
        input.tone.findings = { Finding { QStringLiteral("unfilled_placeholder"), Severity::Blocker, {} } };
        input.evidence = { EvidenceLink { QStringLiteral("ships tomorrow"), {} } };
        input.confidence = 0.1;
        input.truncated = true;
        input.refused = true;
        input.customerLanguage = QStringLiteral("de");
        input.replyLanguage = QStringLiteral("en");
        const RiskAssessment risk = RiskAssessor::assess(input);
        QStringList raised = knownRiskReasonCodes();
        raised.removeAll(QStringLiteral("offline")); // known for older drafts, no longer raised
        QCOMPARE(risk.reasons, raised);
        QCOMPARE(RiskAssessor::levelOf(risk.reasons), risk.level);
        for (const QString& code : risk.reasons) {
            const QString text = riskReasonText(code);
            QVERIFY2(!text.isEmpty() && text != code && !text.contains(QLatin1Char('_')), qPrintable(code));
        }
        QCOMPARE(riskReasonText(QStringLiteral("refund_or_compensation")),
            QStringLiteral("promises a refund or compensation"));
        QCOMPARE(riskReasonText(QStringLiteral("some_new_code")), QStringLiteral("some_new_code"));
        QCOMPARE(riskReasonText(QStringLiteral("language_mismatch")),
            QStringLiteral("the draft is not in the customer's language"));
    }

    // Risk discriminates: a plain covered answer is Low; refunds and legal threats High; a language
    // mismatch or a thin answer Medium; the offline drafter alone raises nothing.
    void riskLevelsDiscriminate()
    {
        RiskAssessor::Input plain;
        plain.reply = QStringLiteral("Hello, dogs on a leash are welcome in the Moab store.");
        plain.customerTexts = { QStringLiteral("Can I bring my dog into the store?") };
        plain.evidence
            = { EvidenceLink { QStringLiteral("Dogs on a leash are welcome."), { QStringLiteral("p1") } } };
        plain.citedSources = 1;
        plain.confidence = 0.8;
        plain.offline = true;
        plain.customerLanguage = QStringLiteral("en");
        plain.replyLanguage = QStringLiteral("en");
        QCOMPARE(RiskAssessor::assess(plain).level, RiskLevel::Low);
        RiskAssessor::Input refund = plain;
        refund.reply = QStringLiteral("Your refund reaches your card within 5 business days.");
        QCOMPARE(RiskAssessor::assess(refund).level, RiskLevel::High);
        RiskAssessor::Input legal = plain;
        legal.customerTexts = { QStringLiteral("My lawyer will file a chargeback.") };
        QCOMPARE(RiskAssessor::assess(legal).level, RiskLevel::High);
        RiskAssessor::Input german = plain;
        german.customerLanguage = QStringLiteral("de");
        const RiskAssessment g = RiskAssessor::assess(german);
        QCOMPARE(g.level, RiskLevel::Medium);
        QCOMPARE(g.reasons, QStringList { QStringLiteral("language_mismatch") });
        RiskAssessor::Input thin = plain;
        thin.confidence = 0.35;
        QCOMPARE(RiskAssessor::assess(thin).level, RiskLevel::Medium);
    }

    void confidenceFormula()
    {
        ConfidenceScorer::Input input;
        input.retrievalConfidence = 0.8;
        // Two passages of one document (scores 10 and 6) and one of another (4): share 16/20, margin 0.6.
        input.passages = { Passage { QStringLiteral("p1"), QStringLiteral("d1"), {}, {}, 10.0, {} },
            Passage { QStringLiteral("p2"), QStringLiteral("d1"), {}, {}, 6.0, {} },
            Passage { QStringLiteral("p3"), QStringLiteral("d2"), {}, {}, 4.0, {} } };
        QVERIFY(qFuzzyCompare(ConfidenceScorer::agreement(input.passages), 0.5 * 0.8 + 0.5 * 0.6));
        input.coverage = 0.5;
        input.evidence = { EvidenceLink { QStringLiteral("a"), { QStringLiteral("p1") } },
            EvidenceLink { QStringLiteral("b"), {} } };
        input.modelEstimate = 0.6;
        input.tone.findings = { Finding { QStringLiteral("too_long"), Severity::Warning, {} } };
        // 0.30*0.5 + 0.15*0.7 + 0.10*0.8 + 0.10*0.5 + 0.15*0.6 + 0.20*0.85
        QVERIFY(qFuzzyCompare(ConfidenceScorer::score(input), 0.15 + 0.105 + 0.08 + 0.05 + 0.09 + 0.17));
        input.offline = true;
        // 0.35*0.5 + 0.20*0.7 + 0.15*0.8 + 0.10*0.5 + 0.20*0.85
        QVERIFY(qFuzzyCompare(ConfidenceScorer::score(input), 0.175 + 0.14 + 0.12 + 0.05 + 0.17));
        input.coverage = 1.0;
        input.evidence = { EvidenceLink { QStringLiteral("a"), { QStringLiteral("p1") } } };
        input.tone = {};
        QCOMPARE(ConfidenceScorer::score(input), 0.85); // capped
        input.offline = false;
        input.truncatedOrRefused = true;
        QVERIFY(qFuzzyCompare(ConfidenceScorer::score(input), 0.2));
        input.truncatedOrRefused = false;
        input.passages.clear();
        QVERIFY(ConfidenceScorer::score(input) <= 0.3);
    }

    void noteMarker()
    {
        DraftResult result;
        result.draftId = QStringLiteral("abc-123");
        result.reply = QStringLiteral("Hello");
        result.sources = kPassages;
        const QString note = DraftNote::format(result);
        QVERIFY(note.startsWith(QLatin1String("<!-- cxpilot:draft v1 id=abc-123 -->")));
        QVERIFY(DraftNote::isOwnDraftNote(note));
        QCOMPARE(DraftNote::draftIdOf(note), QStringLiteral("abc-123"));
        QVERIFY(!DraftNote::isOwnDraftNote(QStringLiteral("Customer is VIP, be nice")));
        QVERIFY(!DraftNote::isOwnDraftNote(QStringLiteral("talking about cxpilot:draft in prose")));
    }

    // The private note is plain text (Chatwoot and the thread view show Markdown literally) and names risk
    // reasons in words, never the assessor's codes.
    void noteIsPlainTextWithPlainRiskWords()
    {
        DraftResult result;
        result.draftId = QStringLiteral("n-1");
        result.reply = QStringLiteral("Hello Ana,\n\nUnused gear can be returned within **60 days**.");
        result.sources = kPassages;
        result.summary = QStringLiteral("When will I get my refund?");
        result.risk.level = RiskLevel::High;
        result.risk.reasons = { QStringLiteral("refund_or_compensation"), QStringLiteral("angry_customer") };
        const QString note = DraftNote::format(result);
        const QString body = note.section(QLatin1Char('\n'), 1); // after the marker comment
        for (const char* markdown : { "**", "---", "](", "[p1]", "# " })
            QVERIFY2(!body.contains(QLatin1String(markdown)), markdown);
        QVERIFY(body.contains(QLatin1String("within 60 days.")));
        QVERIFY(body.contains(QLatin1String("promises a refund or compensation; the customer is upset")));
        QVERIFY(!body.contains(QLatin1String("refund_or_compensation")));
        QVERIFY(body.contains(QLatin1String("Conversation: When will I get my refund?")));
    }

    void queryExtraction()
    {
        const QList<ConversationTurn> turns {
            { TurnRole::Customer, QStringLiteral("first question"), false, {} },
            { TurnRole::Agent, QStringLiteral("answer"), false, {} },
            { TurnRole::Customer, QStringLiteral("second"), false, {} },
            { TurnRole::Agent, QStringLiteral("private agent note"), true, {} }, // private: not an answer
            { TurnRole::Note, QStringLiteral("<!-- cxpilot:draft v1 id=x -->\ndraft"), true, {} },
            { TurnRole::Customer, QStringLiteral("third"), false, {} },
        };
        QCOMPARE(QueryExtractor::query(turns), QStringLiteral("second\n\nthird"));
        QCOMPARE(QueryExtractor::publicHistory(turns).size(), 4);
        QCOMPARE(QueryExtractor::publicHistory(turns, 2).size(), 2);
    }

    void promptAgreesWithValidator()
    {
        DraftPolicy policy;
        policy.maxWords = 123;
        policy.minWords = 9;
        policy.forbiddenPhrases = { QStringLiteral("no worries mate") };
        policy.requiredPhrases = { QStringLiteral("Ticket closed?") };
        const QString prompt = PromptBuilder::systemPrompt(policy);
        QVERIFY(prompt.contains(QLatin1String("between 9 and 123 words")));
        QVERIFY(prompt.contains(QLatin1String("no worries mate")));
        QVERIFY(prompt.contains(QLatin1String("Ticket closed?")));
        QVERIFY(prompt.contains(policy.brandVoice));
        const auto request = PromptBuilder::build(policy, {}, QStringLiteral("q"), kPassages);
        QVERIFY(request.jsonSchema.has_value());
        QVERIFY(request.messages.at(1).content.contains(QLatin1String("[p1] Returns")));
        QCOMPARE(request.maxCompletionTokens.value_or(0), policy.maxCompletionTokens);
    }
};

QTEST_GUILESS_MAIN(TestDraftRules)
#include "tst_draftrules.moc"
