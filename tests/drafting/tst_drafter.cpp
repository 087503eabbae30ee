// The drafter end to end against the simulated OpenAI-compatible server: what reaches the prompt (never our
// private notes), risk and tone flags on model answers, citations, cache, offline mode, rollback switch.

#include "drafting/DraftNote.h"
#include "drafting/Drafter.h"
#include "llm/OpenAiClient.h"
#include "openai/OpenAiSandbox.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTimer>

using namespace cx;
using namespace cx::drafting;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

namespace {

ConversationTurn turn(TurnRole role, const QString& text, int minute, bool isPrivate = false)
{
    return ConversationTurn { role, text, isPrivate,
        QDateTime::fromString(QStringLiteral("2026-11-25T09:00:00Z"), Qt::ISODate).addSecs(minute * 60) };
}

Retrieval refundPolicy()
{
    Retrieval retrieval;
    retrieval.kbVersion = QStringLiteral("kb-1");
    retrieval.confidence = 0.8;
    retrieval.passages = {
        Passage { QStringLiteral("kb-returns-1"), QStringLiteral("returns"), QStringLiteral("Returns policy"),
            QStringLiteral(
                "Items can be returned within 30 days. Start a return at https://shop.example/returns."),
            0.9, QStringLiteral("https://shop.example/help/returns") },
        Passage { QStringLiteral("kb-shipping-2"), QStringLiteral("shipping"),
            QStringLiteral("Shipping times"), QStringLiteral("Standard delivery takes 3 to 5 working days."),
            0.6, QString() },
    };
    return retrieval;
}

QJsonObject modelAnswer(const QString& reply, const QStringList& citations, double confidence = 0.8)
{
    QJsonArray evidence;
    for (const QString& id : citations)
        evidence.append(
            QJsonObject { { QStringLiteral("claim"), QString(QStringLiteral("claim from ") + id) },
                { QStringLiteral("passage_ids"), QJsonArray { id } } });
    return QJsonObject { { QStringLiteral("reply"), reply },
        { QStringLiteral("language"), QStringLiteral("en") },
        { QStringLiteral("citations"), QJsonArray::fromStringList(citations) },
        { QStringLiteral("evidence"), evidence }, { QStringLiteral("confidence"), confidence } };
}

const QString kPoliteReply = QStringLiteral(
    "Hello Ana,\n\nThank you for reaching out. Items can be returned within 30 days; you can start a return "
    "at "
    "https://shop.example/returns and we will take it from there.\n\nKind regards,\nThe Support Team");

} // namespace

class TestDrafter : public QObject {
    Q_OBJECT

private:
    OpenAiSandbox* m_server = nullptr;
    QNetworkAccessManager* m_nam = nullptr;
    llm::OpenAiClient* m_client = nullptr;
    int m_retrievals = 0;
    QString m_lastQuery;

    Drafter::Retriever retriever(Retrieval retrieval)
    {
        return [this, retrieval](const QString& query, const QList<ConversationTurn>&,
                   std::function<void(Retrieval)> done) {
            ++m_retrievals;
            m_lastQuery = query;
            done(retrieval);
        };
    }

    static DraftResult run(Drafter& drafter, const QList<ConversationTurn>& turns)
    {
        std::optional<Result<DraftResult>> out;
        QEventLoop loop;
        QObject context;
        drafter.draft(turns, &context, [&](Result<DraftResult> result) {
            out.emplace(std::move(result));
            loop.quit();
        });
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        if (!out)
            loop.exec();
        DraftResult failed;
        failed.status = DraftResult::Status::NothingToAnswer;
        failed.statusMessage = QStringLiteral("TEST: no result");
        return out && out->ok() ? out->value() : failed;
    }

    QString recordedPrompt(int index = -1) const
    {
        const auto requests = m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions);
        const auto& request = index < 0 ? requests.last() : requests.at(index);
        QString all;
        for (const QJsonValue& message : request.json.value(QStringLiteral("messages")).toArray())
            all += message.toObject().value(QStringLiteral("content")).toString() + QLatin1Char('\n');
        return all;
    }

private slots:
    void init()
    {
        m_server = new OpenAiSandbox(this);
        QVERIFY(m_server->start().ok());
        m_nam = new QNetworkAccessManager(this);
        llm::OpenAiConfig config;
        config.baseUrl = m_server->baseUrl();
        config.retrySleepScale = 0;
        config.maxRetries = 0;
        config.transferTimeoutMs = 5000;
        m_client = new llm::OpenAiClient(config, m_nam, this);
        m_retrievals = 0;
    }
    void cleanup()
    {
        delete m_client;
        delete m_server;
        delete m_nam;
    }

    void privateNotesNeverReachThePrompt()
    {
        m_server->enqueue(ScriptedReply::json(modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") })));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        DraftResult earlier;
        earlier.draftId = QStringLiteral("old-draft-1");
        earlier.reply = QStringLiteral("SECRET-EARLIER-DRAFT we could offer a voucher");
        const QList<ConversationTurn> turns {
            turn(TurnRole::Customer, QStringLiteral("Hi, I bought a lamp last week."), 0),
            turn(TurnRole::Agent, QStringLiteral("Thanks, how can we help with the lamp?"), 5),
            turn(TurnRole::Note, QStringLiteral("Internal: customer is VIP-PRIVATE-NOTE"), 6, true),
            turn(TurnRole::Note, DraftNote::format(earlier), 7, true),
            turn(TurnRole::Customer, QStringLiteral("It arrived broken. Can I return it?"), 8),
            turn(TurnRole::Customer, QStringLiteral("Order 55123."), 9),
        };
        const DraftResult result = run(drafter, turns);
        QCOMPARE(result.status, DraftResult::Status::Drafted);
        const QString prompt = recordedPrompt();
        QVERIFY(!prompt.contains(QLatin1String("SECRET-EARLIER-DRAFT")));
        QVERIFY(!prompt.contains(QLatin1String("VIP-PRIVATE-NOTE")));
        QVERIFY(!prompt.contains(QLatin1String("cxpilot:draft")));
        QVERIFY(prompt.contains(QLatin1String("It arrived broken")));
        QVERIFY(prompt.contains(QLatin1String("[kb-returns-1]"))); // passages with ids
        QVERIFY(prompt.contains(QLatin1String("language the customer wrote in")));
        // The query is only the messages after the last agent reply.
        QCOMPARE(m_lastQuery, QStringLiteral("It arrived broken. Can I return it?\n\nOrder 55123."));
        QCOMPARE(result.query, m_lastQuery);
        QCOMPARE(result.promptVersion, Drafter::Config {}.policy.version);
    }

    void politeCitedDraftIsLowRisk()
    {
        m_server->enqueue(
            ScriptedReply::json(modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") }, 0.9)));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result = run(drafter,
            { turn(TurnRole::Customer, QStringLiteral("Can I return a lamp I bought 10 days ago?"), 0) });
        QCOMPARE(result.status, DraftResult::Status::Drafted);
        QCOMPARE(result.reply, kPoliteReply);
        QCOMPARE(result.sources.size(), 1);
        QCOMPARE(result.sources.first().chunkId, QStringLiteral("kb-returns-1"));
        QVERIFY2(result.tone.findings.isEmpty(), qPrintable(result.note));
        QCOMPARE(result.risk.level, RiskLevel::Low);
        // Cited, supported and confident, but "lamp" is in no passage: high, not full (ConfidenceScorer.h).
        QVERIFY2(result.confidence > 0.6 && result.confidence < 0.9,
            qPrintable(QString::number(result.confidence)));
        QVERIFY(DraftNote::isOwnDraftNote(result.note));
        QCOMPARE(DraftNote::draftIdOf(result.note), result.draftId);
        QVERIFY(result.note.contains(QLatin1String("Returns policy (https://shop.example/help/returns)")));
    }

    // The model's one-line summary comes with the draft (no extra request) and is cached with it.
    void modelSummaryIsKeptAndCached()
    {
        QJsonObject answer = modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") }, 0.9);
        answer.insert(QStringLiteral("summary"), QStringLiteral("Ana asks whether a lamp can be returned."));
        m_server->enqueue(ScriptedReply::json(answer));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const QList<ConversationTurn> turns { turn(
            TurnRole::Customer, QStringLiteral("Can I return a lamp I bought 10 days ago?"), 0) };
        const DraftResult first = run(drafter, turns);
        QCOMPARE(first.summary, QStringLiteral("Ana asks whether a lamp can be returned."));
        QVERIFY(first.note.contains(QLatin1String("Conversation: Ana asks whether a lamp can be returned.")));
        const DraftResult again = run(drafter, turns);
        QVERIFY(again.fromCache);
        QCOMPARE(again.summary, first.summary);
        QCOMPARE(m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions).size(), 1);
    }

    void refundPromiseRaisesRisk()
    {
        const QString reply
            = QStringLiteral("Hello Ana,\n\nI am sorry about the broken lamp. We will refund the full "
                             "amount to your card today.\n\nKind regards,\nThe Support Team");
        m_server->enqueue(ScriptedReply::json(modelAnswer(reply, { QStringLiteral("kb-returns-1") })));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result = run(drafter,
            { turn(TurnRole::Customer, QStringLiteral("My lamp arrived broken, I want my money back."), 0) });
        QCOMPARE(result.risk.level, RiskLevel::High);
        QVERIFY(result.risk.has(QStringLiteral("refund_or_compensation")));
        QVERIFY(result.note.contains(QLatin1String("promises a refund or compensation")));
        QVERIFY(!result.note.contains(QLatin1String("refund_or_compensation")));
    }

    void uncitedUrlIsFlagged()
    {
        const QString reply
            = QStringLiteral("Hello Ana,\n\nYou can print a label at https://labels.example.net/free and "
                             "send the lamp back to us.\n\nKind regards,\nThe Support Team");
        m_server->enqueue(ScriptedReply::json(modelAnswer(reply, { QStringLiteral("kb-returns-1") })));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("How do I send it back?"), 0) });
        QVERIFY(result.tone.has(QStringLiteral("unsupported_link")));
        QVERIFY(result.risk.has(QStringLiteral("validation_blocker")));
        QCOMPARE(result.risk.level, RiskLevel::High);
    }

    void angryCustomerWithoutEmpathyIsFlagged()
    {
        const QString cold
            = QStringLiteral("Hello,\n\nItems can be returned within 30 days via "
                             "https://shop.example/returns.\n\nKind regards,\nThe Support Team");
        m_server->enqueue(ScriptedReply::json(modelAnswer(cold, { QStringLiteral("kb-returns-1") })));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result = run(drafter,
            { turn(TurnRole::Customer,
                QStringLiteral("This is UNACCEPTABLE!! Third time I write about this lamp."), 0) });
        QVERIFY(result.tone.customerUpset);
        QVERIFY(result.tone.has(QStringLiteral("missing_empathy")));
        QVERIFY(result.risk.has(QStringLiteral("angry_customer")));
    }

    void unknownCitationsAreDroppedAndFlagged()
    {
        m_server->enqueue(ScriptedReply::json(
            modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1"), QStringLiteral("kb-invented-9") })));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) });
        QCOMPARE(result.sources.size(), 1);
        QCOMPARE(result.unknownCitations, QStringList { QStringLiteral("kb-invented-9") });
        QVERIFY(result.tone.has(QStringLiteral("unknown_citation")));
        QVERIFY(
            result.risk.has(QStringLiteral("uncited_claims"))); // its evidence claim has no retrieved passage
    }

    void refusalIsNotADraft()
    {
        m_server->enqueue(ScriptedReply::refused(QStringLiteral("I can't help with that.")));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) });
        QCOMPARE(result.status, DraftResult::Status::Drafted);
        QVERIFY(result.reply.isEmpty());
        QVERIFY(result.risk.has(QStringLiteral("refused")));
        QVERIFY(result.confidence <= 0.2);
        QVERIFY(!result.statusMessage.isEmpty());
    }

    void cacheHitAndMiss()
    {
        for (int i = 0; i < 3; ++i)
            m_server->enqueue(
                ScriptedReply::json(modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") })));
        Retrieval retrieval = refundPolicy();
        Drafter drafter(Drafter::Config {}, m_client,
            [&](const QString&, const QList<ConversationTurn>&, std::function<void(Retrieval)> done) {
                done(retrieval);
            });
        QList<ConversationTurn> turns { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) };
        const DraftResult first = run(drafter, turns);
        QVERIFY(!first.fromCache);
        // A private note added since does not change the conversation state: hit, no model call.
        turns.append(turn(TurnRole::Note, first.note, 1, true));
        const DraftResult second = run(drafter, turns);
        QVERIFY(second.fromCache);
        QCOMPARE(second.reply, first.reply);
        QCOMPARE(m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions), 1);
        // A new knowledge-base version: miss.
        retrieval.kbVersion = QStringLiteral("kb-2");
        QVERIFY(!run(drafter, turns).fromCache);
        // A new customer message: miss.
        turns.append(turn(TurnRole::Customer, QStringLiteral("Hello?"), 3));
        QVERIFY(!run(drafter, turns).fromCache);
        QCOMPARE(m_server->requestCount(OpenAiSandbox::Endpoint::ChatCompletions), 3);
        QCOMPARE(drafter.cache().hits(), 1);
        QCOMPARE(drafter.cache().misses(), 3);
    }

    void longThreadIsSummarisedOnceAndCached()
    {
        // 40 turns of ~400 characters: far over a 600-token budget.
        QList<ConversationTurn> turns;
        for (int i = 0; i < 40; ++i)
            turns << turn(i % 2 ? TurnRole::Agent : TurnRole::Customer,
                QStringLiteral("TURN-%1 ").arg(i) + QString(QLatin1Char('x')).repeated(400), i);
        turns << turn(TurnRole::Customer, QStringLiteral("So can I return the boots?"), 41);
        m_server->enqueue(ScriptedReply::text(QStringLiteral("SUMMARY: Ana bought Ridgeback boots in May.")));
        m_server->enqueue(ScriptedReply::json(modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") })));
        Drafter::Config config;
        config.historyTokenBudget = 600;
        Drafter drafter(config, m_client, retriever(refundPolicy()));
        DraftResult first = run(drafter, turns);
        QCOMPARE(first.status, DraftResult::Status::Drafted);
        QCOMPARE(m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions).size(), 2);
        const QString summaryPrompt = recordedPrompt(0);
        QVERIFY(summaryPrompt.contains(QLatin1String("TURN-0 "))); // the oldest turns went to the summary
        const QString draftPrompt = recordedPrompt(1);
        QVERIFY(draftPrompt.contains(QLatin1String("SUMMARY: Ana bought Ridgeback boots")));
        QVERIFY(!draftPrompt.contains(QLatin1String("TURN-0 "))); // ... and not verbatim into the draft
        QVERIFY(draftPrompt.contains(QLatin1String("TURN-39 "))); // the recent ones stay
        QVERIFY(ThreadSummarizer::estimateTokens(draftPrompt) < 600 + 1500);

        // The customer writes again: a new draft, but the same older turns — the summary is reused.
        turns << turn(TurnRole::Customer, QStringLiteral("Hello?"), 42);
        m_server->enqueue(ScriptedReply::json(modelAnswer(kPoliteReply, { QStringLiteral("kb-returns-1") })));
        DraftResult second = run(drafter, turns);
        QCOMPARE(second.status, DraftResult::Status::Drafted);
        QCOMPARE(m_server->requests(OpenAiSandbox::Endpoint::ChatCompletions).size(), 3);
        QVERIFY(recordedPrompt(2).contains(QLatin1String("SUMMARY: Ana bought Ridgeback boots")));
    }

    void offlineWithoutModel()
    {
        Drafter drafter(Drafter::Config {}, nullptr, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) });
        QCOMPARE(result.status, DraftResult::Status::Offline);
        QVERIFY(result.offline);
        QVERIFY(result.reply.startsWith(Drafter::Config {}.policy.greeting));
        QVERIFY(result.reply.endsWith(Drafter::Config {}.policy.signOff));
        QVERIFY(
            result.reply.contains(QLatin1String("returned within 30 days"))); // the best passage, extracted
        QVERIFY(result.confidence <= 0.85); // the offline cap
        QVERIFY(!result.risk.has(QStringLiteral("offline"))); // who wrote it is the badge, not a risk
        QCOMPARE(result.evidence.size(), 1);
        QCOMPARE(result.evidence.first().passageIds, QStringList { QStringLiteral("kb-returns-1") });
        QVERIFY(result.note.contains(QLatin1String("offline")));
        QVERIFY(DraftNote::isOwnDraftNote(result.note));
        QCOMPARE(m_server->requests().size(), 0);
    }

    void offlineWhenModelUnreachable()
    {
        m_server->enqueue(ScriptedReply::serverError(503));
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) });
        QCOMPARE(result.status, DraftResult::Status::Offline);
        QVERIFY(result.statusMessage.contains(QLatin1String("503")));
        QCOMPARE(drafter.cache().size(), 0); // an offline draft is not cached
    }

    void rollbackSwitchMakesNoDraft()
    {
        Drafter::Config config;
        config.enabled = false;
        Drafter drafter(config, m_client, retriever(refundPolicy()));
        const DraftResult result
            = run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) });
        QCOMPARE(result.status, DraftResult::Status::Disabled);
        QVERIFY(result.reply.isEmpty());
        QVERIFY(result.note.isEmpty());
        QVERIFY(result.statusMessage.contains(QLatin1String("AI_CUSTOMER_DRAFT_ENABLED")));
        QCOMPARE(m_retrievals, 0);
        QCOMPARE(m_server->requests().size(), 0);
        drafter.setEnabled(true);
        QCOMPARE(run(drafter, { turn(TurnRole::Customer, QStringLiteral("Can I return it?"), 0) }).status,
            DraftResult::Status::Drafted);
    }

    void nothingToAnswerAfterAgentReply()
    {
        Drafter drafter(Drafter::Config {}, m_client, retriever(refundPolicy()));
        const DraftResult result = run(drafter,
            { turn(TurnRole::Customer, QStringLiteral("Thanks!"), 0),
                turn(TurnRole::Agent, QStringLiteral("You're welcome."), 1) });
        QCOMPARE(result.status, DraftResult::Status::NothingToAnswer);
        QCOMPARE(m_server->requests().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDrafter)
#include "tst_drafter.moc"
