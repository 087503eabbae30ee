// ConversationFilterModel: mine / unassigned / all, inbox, drafts waiting, SLA at risk; most urgent first
// (SLA tier, one up for an angry or urgent customer, then the longest wait).
#include "ConversationFilterModel.h"
#include "ConversationModel.h"
#include "foundation/Clock.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <memory>

using cx::chatwoot::Agent;
using cx::chatwoot::Conversation;
using cx::gui::ConversationFilterModel;
using cx::gui::ConversationModel;
using Scope = cx::gui::ConversationFilterModel::Scope;

namespace {

const QDateTime kNow = QDateTime(QDate(2024, 5, 6), QTime(10, 0), Qt::UTC);
constexpr qint64 kMe = 7;
constexpr qint64 kColleague = 8;

Conversation conversation(qint64 id, int waitingMinutes, qint64 assignee, qint64 inbox)
{
    Conversation c;
    c.id = id;
    c.inboxId = inbox;
    c.contact.name = QStringLiteral("C%1").arg(id);
    if (waitingMinutes >= 0)
        c.waitingSince = kNow.addSecs(-60 * waitingMinutes);
    if (assignee)
        c.assignee = Agent { assignee, QStringLiteral("Agent %1").arg(assignee), {} };
    return c;
}

} // namespace

class TestConversationFilterModel final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        cx::Clock::setFixedNow(kNow);
        m_source = std::make_unique<ConversationModel>();
        m_source->setTickInterval(0);
        m_proxy = std::make_unique<ConversationFilterModel>();
        m_proxy->setSourceModel(m_source.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // id, waiting minutes (-1 none), assignee, inbox
        m_source->applySnapshot({
            conversation(1, 3, kMe, 1), // on time
            conversation(2, 20, 0, 1), // breached
            conversation(3, 12, kColleague, 2), // at risk (12 > 11.25)
            conversation(4, -1, kMe, 2), // not waiting
            conversation(5, 1, 0, 2), // on time
        });
    }
    void cleanup()
    {
        m_tester.reset();
        m_proxy.reset();
        m_source.reset();
        cx::Clock::setFixedNow({});
    }

    void defaultOrderIsLongestWaitingFirst()
    {
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 1, 5, 4 }));
        // A new, longer-waiting conversation goes to the top on its own.
        m_source->upsert(conversation(6, 60, 0, 1));
        QCOMPARE(ids().first(), qint64(6));
    }

    // An angry or urgent customer rises one SLA tier (review::QueueUrgency::raised): conversation 5, on time
    // after one minute, goes above 1 (on time, 3 min) and with 3 (at risk, 12 min); a calm reply does not.
    void angryOrUrgentCustomersRiseInTheQueue()
    {
        auto withMessage = [](Conversation c, const char* text) {
            cx::chatwoot::Message m;
            m.id = c.id * 100;
            m.content = QString::fromUtf8(text);
            m.messageType = cx::chatwoot::MessageType::Incoming;
            c.lastMessage = m;
            return c;
        };
        m_source->upsert(withMessage(conversation(5, 1, 0, 2), "Thanks, that sounds good."));
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 1, 5, 4 }));
        QCOMPARE(m_source->index(m_source->rowOf(5), 0).data(ConversationModel::MoodRole).toString(),
            QStringLiteral("positive"));
        m_source->upsert(
            withMessage(conversation(5, 1, 0, 2), "This is unacceptable, the worst service ever!!"));
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 5, 1, 4 }));
        const QModelIndex preview = m_source->index(m_source->rowOf(5), ConversationModel::PreviewColumn);
        QCOMPARE(preview.data(ConversationModel::MoodRole).toString(), QStringLiteral("angry"));
        QVERIFY(preview.data(ConversationModel::RaisedRole).toBool());
        QVERIFY(preview.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Sounds angry")));
        QVERIFY(m_source->urgency(5).raised);
        // Urgent but calm: raised too, with the cue it found.
        m_source->upsert(
            withMessage(conversation(1, 3, kMe, 1), "Please help asap, my flight leaves at noon"));
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 1, 5, 4 })); // 1 waited longer than 5: same tier, longer wait
        QVERIFY(m_source->index(m_source->rowOf(1), ConversationModel::PreviewColumn)
                    .data(Qt::AccessibleDescriptionRole)
                    .toString()
                    .contains(QStringLiteral("asap")));
        // Our own (outgoing) message last: nobody's mood to read.
        Conversation answered = withMessage(conversation(5, -1, 0, 2), "We are sorry, here is your refund.");
        answered.lastMessage->messageType = cx::chatwoot::MessageType::Outgoing;
        m_source->upsert(answered);
        QCOMPARE(
            m_source->index(m_source->rowOf(5), 0).data(ConversationModel::MoodRole).toString(), QString());
    }

    void filters_data()
    {
        QTest::addColumn<Scope>("scope");
        QTest::addColumn<qint64>("inbox");
        QTest::addColumn<bool>("draftsOnly");
        QTest::addColumn<bool>("atRiskOnly");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("all") << Scope::All << qint64(0) << false << false << QList<qint64> { 2, 3, 1, 5, 4 };
        QTest::newRow("mine") << Scope::Mine << qint64(0) << false << false << QList<qint64> { 1, 4 };
        QTest::newRow("unassigned") << Scope::Unassigned << qint64(0) << false << false
                                    << QList<qint64> { 2, 5 };
        QTest::newRow("inbox 2") << Scope::All << qint64(2) << false << false << QList<qint64> { 3, 5, 4 };
        QTest::newRow("unassigned in inbox 2")
            << Scope::Unassigned << qint64(2) << false << false << QList<qint64> { 5 };
        QTest::newRow("drafts waiting") << Scope::All << qint64(0) << true << false << QList<qint64> { 3, 5 };
        QTest::newRow("SLA at risk or breached")
            << Scope::All << qint64(0) << false << true << QList<qint64> { 2, 3 };
        QTest::newRow("at risk with a draft")
            << Scope::All << qint64(0) << true << true << QList<qint64> { 3 };
    }
    void filters()
    {
        QFETCH(Scope, scope);
        QFETCH(qint64, inbox);
        QFETCH(bool, draftsOnly);
        QFETCH(bool, atRiskOnly);
        QFETCH(QList<qint64>, expected);
        m_source->setDraftWaiting(3, true);
        m_source->setDraftWaiting(5, true);
        m_proxy->setCurrentUserId(kMe);
        m_proxy->setScope(scope);
        m_proxy->setInboxId(inbox);
        m_proxy->setDraftsWaitingOnly(draftsOnly);
        m_proxy->setSlaAtRiskOnly(atRiskOnly);
        QCOMPARE(ids(), expected);
    }

    void mineWithoutAKnownUserShowsNothing()
    {
        m_proxy->setScope(Scope::Mine);
        QCOMPARE(m_proxy->rowCount(), 0);
        m_proxy->setCurrentUserId(kMe);
        QCOMPARE(m_proxy->rowCount(), 2);
    }

    void filtersFollowSourceChanges()
    {
        m_proxy->setCurrentUserId(kMe);
        m_proxy->setScope(Scope::Mine);
        QCOMPARE(ids(), (QList<qint64> { 1, 4 }));
        m_source->upsert(conversation(5, 1, kMe, 2)); // assigned to me
        QCOMPARE(ids(), (QList<qint64> { 1, 5, 4 }));
        m_proxy->setScope(Scope::All);
        m_proxy->setDraftsWaitingOnly(true);
        QCOMPARE(m_proxy->rowCount(), 0);
        m_source->setDraftWaiting(1, true);
        QCOMPARE(ids(), (QList<qint64> { 1 }));
        m_proxy->setDraftsWaitingOnly(false);
        m_proxy->setSlaAtRiskOnly(true);
        QCOMPARE(ids(), (QList<qint64> { 2, 3 }));
        cx::Clock::advance(10 * 60 * 1000); // time passes: 1 (13 min) and 5 (11 min) ...
        m_source->refreshTimes();
        QCOMPARE(ids(), (QList<qint64> { 2, 3, 1 })); // 13 > 11.25 at risk; 5 at 11 min still on time
    }

    void sortingByOtherColumns()
    {
        m_proxy->sort(ConversationModel::ContactColumn, Qt::AscendingOrder);
        QCOMPARE(ids(), (QList<qint64> { 1, 2, 3, 4, 5 }));
        m_proxy->sort(ConversationModel::SlaColumn, Qt::DescendingOrder);
        QCOMPARE(m_proxy->conversationIdAt(0), qint64(2)); // breached first
    }

private:
    QList<qint64> ids() const
    {
        QList<qint64> out;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            out.append(m_proxy->conversationIdAt(row));
        return out;
    }

    std::unique_ptr<ConversationModel> m_source;
    std::unique_ptr<ConversationFilterModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestConversationFilterModel)
#include "tst_conversationfiltermodel.moc"
