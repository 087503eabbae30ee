// Experiments in the database (both dialects): starting and stopping, one at a time, the assignment written
// with each draft's claim by the draft pipeline (which hands the variant to the generator), and outcomes
// read back from the learning signals.
#include "StorageTestSupport.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "learning/ExperimentStore.h"
#include "pipeline/DraftPipeline.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"

#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

using namespace cx;
using namespace cx::learning;
using pipeline::DraftPipeline;

namespace {
struct Seen {
    QString promptVersion, model;
};

DraftPipeline::GuidedGenerator recordingGenerator(QHash<qint64, Seen>* seen)
{
    return [seen](const chatwoot::ConversationHistory& history, qint64 messageId,
               const DraftPipeline::GenerateRequest& request, QObject* context,
               std::function<void(Result<review::DraftContent>)> done) {
        const ExperimentVariant variant = request.variant;
        seen->insert(history.conversation.id, { variant.promptVersion, variant.model });
        QTimer::singleShot(0, context, [messageId, variant, done] {
            review::DraftContent c;
            c.text = QStringLiteral("Draft for %1").arg(messageId);
            c.noteMarkdown = QStringLiteral("<!-- cxpilot:draft v1 -->\n") + c.text;
            c.confidence = 0.6;
            c.model = variant.model.isEmpty() ? QStringLiteral("configured") : variant.model;
            c.promptVariant = variant.promptVersion;
            done(c);
        });
    };
}

DraftPipeline::JobOutcome runJob(DraftPipeline& p, qint64 conversation, qint64 message)
{
    std::optional<DraftPipeline::JobOutcome> r;
    QObject ctx;
    p.generateAndPostDraft(conversation, message, &ctx, [&](DraftPipeline::JobOutcome o) { r = o; });
    if (!QTest::qWaitFor([&] { return r.has_value(); }, 20000))
        return { conversation, message, DraftPipeline::Result_::Failed, {}, QStringLiteral("timeout") };
    return *r;
}

QList<ExperimentVariant> twoVariants()
{
    return *parseVariants(QStringLiteral("default-2026-11-25@model-a,concise-2026-12-06@model-b"));
}
} // namespace

class TestExperimentStore final : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    QNetworkAccessManager m_network;
    qint64 m_inbox = 0, m_contact = 0;

    std::unique_ptr<chatwoot::ChatwootClient> client()
    {
        return std::make_unique<chatwoot::ChatwootClient>(
            chatwoot::ChatwootConfig { m_sandbox->url(), m_sandbox->accountId(), m_sandbox->token() },
            &m_network);
    }

private slots:
    void initTestCase()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        QVERIFY(m_sandbox->listen());
        m_inbox = m_sandbox->addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        m_contact = m_sandbox->addContact(QStringLiteral("Ana Lima"));
    }

    void startStopOneAtATime_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void startStopOneAtATime()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ExperimentStore store(*db);
        QVERIFY(!store.running().value());
        auto first = store.start(QStringLiteral("tone-test"), twoVariants(), QStringLiteral("lead"));
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QCOMPARE(store.running().value()->name, QStringLiteral("tone-test"));
        // A second one while the first runs: refused, naming the running one.
        auto second = store.start(QStringLiteral("other"), twoVariants(), QStringLiteral("lead"));
        QVERIFY(!second);
        QCOMPARE(second.error().kind, ErrorKind::Conflict);
        QVERIFY(second.error().message.contains(QLatin1String("tone-test")));
        const auto found = store.find(QStringLiteral("tone-test"));
        QCOMPARE(found->variants.size(), 2);
        QCOMPARE(found->variants.at(1).promptVersion, QStringLiteral("concise-2026-12-06"));
        QCOMPARE(found->variants.at(1).model, QStringLiteral("model-b"));
        QCOMPARE(found->variants.at(1).weight, 1);
        QVERIFY(store.stop(QStringLiteral("tone-test")));
        QCOMPARE(store.stop(QStringLiteral("tone-test")).error().kind, ErrorKind::Conflict);
        QCOMPARE(store.stop(QStringLiteral("missing")).error().kind, ErrorKind::NotFound);
        QVERIFY(!store.running().value());
        QCOMPARE(store.start(QStringLiteral("tone-test"), twoVariants(), QStringLiteral("lead")).error().kind,
            ErrorKind::Conflict); // names are unique, also after stopping
        QVERIFY(store.start(QStringLiteral("other"), twoVariants(), QStringLiteral("lead")));
        QCOMPARE(store.list()->size(), 2);
    }

    void pipelineRecordsAndUsesTheVariant_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void pipelineRecordsAndUsesTheVariant()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto c = client();
        QHash<qint64, Seen> seen;
        DraftPipeline pipeline(db, c.get(), recordingGenerator(&seen), {});

        // No experiment: the configured prompt and model, nothing recorded.
        const qint64 before = m_sandbox->addConversation(m_inbox, m_contact);
        const auto plain
            = runJob(pipeline, before, m_sandbox->addIncomingMessage(before, QStringLiteral("Hi")));
        QCOMPARE(plain.result, DraftPipeline::Result_::Noted);
        QCOMPARE(seen.value(before).promptVersion, QString());

        auto experiment
            = ExperimentStore(*db).start(QStringLiteral("concise"), twoVariants(), QStringLiteral("lead"));
        QVERIFY(experiment);
        QList<QString> draftIds;
        QHash<QString, int> expectedVariant;
        for (int i = 0; i < 8; ++i) {
            const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
            const auto r = runJob(
                pipeline, conv, m_sandbox->addIncomingMessage(conv, QStringLiteral("Question %1").arg(i)));
            QVERIFY2(r.result == DraftPipeline::Result_::Noted, qPrintable(r.reason));
            const int expected = assignVariant(*experiment, conversationKey(m_sandbox->accountId(), conv));
            const ExperimentVariant& v = experiment->variants.at(expected);
            QCOMPARE(seen.value(conv).promptVersion, v.promptVersion); // the generator got the variant
            QCOMPARE(seen.value(conv).model, v.model);
            draftIds.append(r.draftId);
            expectedVariant.insert(r.draftId, expected);
        }
        auto rows = ExperimentStore(*db).drafts(*experiment);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 8); // the draft before the start is not part of it
        for (const ExperimentDraftRow& row : rows.value()) {
            QCOMPARE(row.outcome.variant, expectedVariant.value(row.draftId));
            QCOMPARE(row.variant, experiment->variants.at(row.outcome.variant).label);
            QVERIFY(!row.graded);
        }

        // Graded: the outcomes come back per variant from the learning signals.
        review::DraftStore drafts(*db);
        for (int i = 0; i < draftIds.size(); ++i) {
            auto d = drafts.get(draftIds.at(i));
            QVERIFY(d);
            const bool sent = i % 2 == 0;
            review::LearningSignal s = review::captureLearningSignal(*d, sent ? d->content.text : QString(),
                { 4, 5, 5 }, QStringLiteral("lead"), sent, sent ? QString() : QStringLiteral("wrong"), 0.2);
            QVERIFY(review::SignalStore(*db).saveLearningSignal(s));
        }
        auto outcomes = ExperimentStore(*db).outcomes(*experiment);
        QVERIFY(outcomes);
        QCOMPARE(outcomes->size(), 8);
        int sent = 0;
        for (const ExperimentOutcome& o : outcomes.value()) {
            sent += o.sent;
            QCOMPARE(o.accuracy, 5);
            QCOMPARE(o.approvedWithoutMajorEdits, o.sent); // sent unedited
        }
        QCOMPARE(sent, 4);
        const ExperimentAnalysis analysis = analyzeExperiment(*experiment, outcomes.value());
        QCOMPARE(analysis.verdict, ExperimentVerdict::NotEnoughData);

        // Stopped: new drafts are no longer assigned.
        QVERIFY(ExperimentStore(*db).stop(QStringLiteral("concise")));
        const qint64 after = m_sandbox->addConversation(m_inbox, m_contact);
        QCOMPARE(
            runJob(pipeline, after, m_sandbox->addIncomingMessage(after, QStringLiteral("Later"))).result,
            DraftPipeline::Result_::Noted);
        QCOMPARE(seen.value(after).model, QString());
        QCOMPARE(ExperimentStore(*db).drafts(*experiment)->size(), 8);
    }
};

QTEST_GUILESS_MAIN(TestExperimentStore)
#include "tst_experimentstore.moc"
