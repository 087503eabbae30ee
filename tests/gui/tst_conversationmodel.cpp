// ConversationModel: incremental row signals (never a reset), SLA states, the live waiting column.
#include "ConversationModel.h"
#include "foundation/Clock.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using cx::chatwoot::Agent;
using cx::chatwoot::Conversation;
using cx::chatwoot::ConversationStatus;
using cx::gui::ConversationModel;
using cx::gui::SlaState;

namespace {

const QDateTime kNow = QDateTime(QDate(2024, 5, 6), QTime(10, 0), Qt::UTC);

Conversation conversation(qint64 id, int waitingMinutes = -1, qint64 assignee = 0)
{
    Conversation c;
    c.id = id;
    c.accountId = 1;
    c.inboxId = 1;
    c.status = ConversationStatus::Open;
    c.contact.id = 100 + id;
    c.contact.name = QStringLiteral("Customer %1").arg(id);
    if (waitingMinutes >= 0)
        c.waitingSince = kNow.addSecs(-60 * waitingMinutes);
    if (assignee)
        c.assignee = Agent { assignee, QStringLiteral("Agent %1").arg(assignee), {} };
    c.channel = QStringLiteral("Channel::WebWidget");
    return c;
}

// Every row-level signal the model may emit, recorded.
struct Spies {
    explicit Spies(QAbstractItemModel* m)
        : inserted(m, &QAbstractItemModel::rowsInserted)
        , removed(m, &QAbstractItemModel::rowsRemoved)
        , changed(m, &QAbstractItemModel::dataChanged)
        , reset(m, &QAbstractItemModel::modelReset)
        , layout(m, &QAbstractItemModel::layoutChanged)
    {
    }
    void clear()
    {
        inserted.clear();
        removed.clear();
        changed.clear();
        reset.clear();
        layout.clear();
    }
    QSignalSpy inserted, removed, changed, reset, layout;
};

} // namespace

class TestConversationModel final : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        cx::Clock::setFixedNow(kNow);
        m_model = std::make_unique<ConversationModel>();
        m_model->setTickInterval(0);
        // Alive for the whole test: it checks every change the test makes.
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        cx::Clock::setFixedNow({});
    }

    void snapshotInsertsRowsOnce()
    {
        Spies spies(m_model.get());
        m_model->applySnapshot({ conversation(1, 5), conversation(2), conversation(3, 20) });
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(spies.inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(spies.inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(m_model->index(0, ConversationModel::ContactColumn).data().toString(),
            QStringLiteral("Customer 1"));
        QCOMPARE(m_model->index(1, ConversationModel::AssigneeColumn).data().toString(),
            QStringLiteral("Unassigned"));
        QCOMPARE(
            m_model->index(0, ConversationModel::InboxColumn).data().toString(), QStringLiteral("Website"));
    }

    void upsertOfOneRowChangesOnlyThatRow()
    {
        m_model->applySnapshot({ conversation(1, 5), conversation(2), conversation(3, 20) });
        Spies spies(m_model.get());
        Conversation changed = conversation(2);
        changed.unreadCount = 4;
        m_model->upsert(changed);
        QCOMPARE(spies.changed.size(), 1);
        const auto topLeft = spies.changed.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = spies.changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), 1);
        QCOMPARE(bottomRight.row(), 1);
        QCOMPARE(spies.inserted.size() + spies.removed.size() + spies.reset.size() + spies.layout.size(), 0);
        QCOMPARE(m_model->index(1, ConversationModel::UnreadColumn).data().toString(), QStringLiteral("4"));
        QVERIFY(m_model->index(1, ConversationModel::ContactColumn).data(Qt::FontRole).value<QFont>().bold());
    }

    void unchangedUpsertEmitsNothing()
    {
        m_model->applySnapshot({ conversation(1, 5), conversation(2) });
        Spies spies(m_model.get());
        m_model->upsert(conversation(2));
        m_model->applySnapshot({ conversation(1, 5), conversation(2) });
        QCOMPARE(spies.changed.size() + spies.inserted.size() + spies.removed.size() + spies.reset.size(), 0);
    }

    void upsertOfNewConversationAppendsOneRow()
    {
        m_model->applySnapshot({ conversation(1), conversation(2) });
        Spies spies(m_model.get());
        m_model->upsert(conversation(9, 1));
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(spies.inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(spies.inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(m_model->rowOf(9), 2);
        QCOMPARE(spies.changed.size(), 0);
    }

    void previewNeverShowsAPrivateNote()
    {
        auto withMessage = [](qint64 id, qint64 messageId, const QString& text, bool isPrivate) {
            Conversation c = conversation(id);
            cx::chatwoot::Message m;
            m.id = messageId;
            m.conversationId = id;
            m.content = text;
            m.isPrivate = isPrivate;
            c.lastMessage = m;
            return c;
        };
        const QString note = QStringLiteral("<!-- cxpilot:draft 7 -->\nHello, thanks for writing");
        m_model->applySnapshot({ withMessage(1, 10, QStringLiteral("Where is my parcel?"), false),
            withMessage(2, 20, note, true) });
        const int first = m_model->rowOf(1), second = m_model->rowOf(2);
        // Our own note arrives as the conversation's last message: the customer's question stays.
        m_model->upsert(withMessage(1, 11, note, true));
        QCOMPARE(m_model->index(first, ConversationModel::PreviewColumn).data().toString(),
            QStringLiteral("Where is my parcel?"));
        m_model->applySnapshot({ withMessage(1, 11, note, true), withMessage(2, 20, note, true) });
        QCOMPARE(m_model->index(first, ConversationModel::PreviewColumn).data().toString(),
            QStringLiteral("Where is my parcel?"));
        // First seen with a note as its last message: nothing rather than the note.
        QCOMPARE(m_model->index(second, ConversationModel::PreviewColumn).data().toString(), QString());
        // The customer writes again: shown.
        m_model->upsert(withMessage(2, 21, QStringLiteral("Any update?"), false));
        QCOMPARE(m_model->index(second, ConversationModel::PreviewColumn).data().toString(),
            QStringLiteral("Any update?"));
    }

    void removeTakesOutOneRowAndKeepsLookupsRight()
    {
        m_model->applySnapshot({ conversation(1), conversation(2), conversation(3) });
        Spies spies(m_model.get());
        m_model->remove(2);
        QCOMPARE(spies.removed.size(), 1);
        QCOMPARE(spies.removed.at(0).at(1).toInt(), 1);
        QCOMPARE(spies.removed.at(0).at(2).toInt(), 1);
        QCOMPARE(m_model->rowOf(2), -1);
        QCOMPARE(m_model->rowOf(3), 1);
        QCOMPARE(m_model->conversation(3)->contact.name, QStringLiteral("Customer 3"));
        m_model->remove(42); // unknown: nothing happens
        QCOMPARE(spies.removed.size(), 1);
    }

    void snapshotMapsRemovalsChangesAndInsertionsOneToOne()
    {
        m_model->applySnapshot({ conversation(1), conversation(2), conversation(3), conversation(4) });
        Spies spies(m_model.get());
        Conversation three = conversation(3, 2);
        m_model->applySnapshot({ conversation(1), three, conversation(5) }); // 2 and 4 gone, 3 changed, 5 new
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.removed.size(), 2); // two separate runs
        QCOMPARE(spies.inserted.size(), 1);
        QCOMPARE(spies.changed.size(), 1);
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(m_model->rowOf(1), 0);
        QCOMPARE(m_model->rowOf(3), 1);
        QCOMPARE(m_model->rowOf(5), 2);
        QCOMPARE(spies.changed.at(0).at(0).value<QModelIndex>().row(), 1);
    }

    void slaState_data()
    {
        QTest::addColumn<int>("waitingSeconds");
        QTest::addColumn<int>("slaMinutes");
        QTest::addColumn<SlaState>("expected");
        QTest::newRow("not waiting") << -1 << 15 << SlaState::None;
        QTest::newRow("just arrived") << 0 << 15 << SlaState::OnTime;
        QTest::newRow("exactly 75% is still on time") << 675 << 15 << SlaState::OnTime;
        QTest::newRow("one second past 75% is at risk") << 676 << 15 << SlaState::AtRisk;
        QTest::newRow("one second before the SLA") << 899 << 15 << SlaState::AtRisk;
        QTest::newRow("at the SLA it is breached") << 900 << 15 << SlaState::Breached;
        QTest::newRow("a day late") << 86400 << 15 << SlaState::Breached;
        QTest::newRow("longer SLA, same wait: on time") << 676 << 60 << SlaState::OnTime;
    }
    void slaState()
    {
        QFETCH(int, waitingSeconds);
        QFETCH(int, slaMinutes);
        QFETCH(SlaState, expected);
        const QDateTime since = waitingSeconds < 0 ? QDateTime() : kNow.addSecs(-waitingSeconds);
        QCOMPARE(cx::gui::slaStateFor(since, kNow, slaMinutes), expected);
        m_model->setSlaMinutes(slaMinutes);
        Conversation c = conversation(1);
        c.waitingSince = since;
        m_model->upsert(c);
        QCOMPARE(SlaState(m_model->index(0, 0).data(ConversationModel::SlaStateRole).toInt()), expected);
    }

    void tickRefreshesWaitingColumnAndOnlySlaCellsThatChanged()
    {
        // 1 waits 10 min (on time), 2 waits 1 min, 3 does not wait.
        m_model->applySnapshot({ conversation(1, 10), conversation(2, 1), conversation(3) });
        QCOMPARE(
            m_model->index(0, ConversationModel::WaitingColumn).data().toString(), QStringLiteral("10 min"));
        Spies spies(m_model.get());
        cx::Clock::advance(2 * 60 * 1000); // 1 now waits 12 min > 75% of 15 → at risk
        m_model->refreshTimes();
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.changed.size(), 2);
        // The waiting column, every row, nothing else.
        auto tl = spies.changed.at(0).at(0).value<QModelIndex>();
        auto br = spies.changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(tl.column(), int(ConversationModel::WaitingColumn));
        QCOMPARE(br.column(), int(ConversationModel::WaitingColumn));
        QCOMPARE(tl.row(), 0);
        QCOMPARE(br.row(), 2);
        // The SLA cell of row 0 only.
        tl = spies.changed.at(1).at(0).value<QModelIndex>();
        br = spies.changed.at(1).at(1).value<QModelIndex>();
        QCOMPARE(tl, br);
        QCOMPARE(tl.row(), 0);
        QCOMPARE(tl.column(), int(ConversationModel::SlaColumn));
        QCOMPARE(
            m_model->index(0, ConversationModel::WaitingColumn).data().toString(), QStringLiteral("12 min"));
        QCOMPARE(
            m_model->index(0, ConversationModel::SlaColumn).data().toString(), QStringLiteral("At risk"));
        QCOMPARE(m_model->index(2, ConversationModel::WaitingColumn).data().toString(), QString());
    }

    void timerDrivesTheRefresh()
    {
        m_model->applySnapshot({ conversation(1, 10) });
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setTickInterval(10);
        QVERIFY(changed.wait(2000));
        m_model->setTickInterval(0);
    }

    void draftWaitingChangesOneCell()
    {
        m_model->applySnapshot({ conversation(1), conversation(2) });
        Spies spies(m_model.get());
        m_model->setDraftWaiting(2, true);
        m_model->setDraftWaiting(2, true); // no change, no signal
        QCOMPARE(spies.changed.size(), 1);
        const auto tl = spies.changed.at(0).at(0).value<QModelIndex>();
        QCOMPARE(tl, spies.changed.at(0).at(1).value<QModelIndex>());
        QCOMPARE(tl.row(), 1);
        QCOMPARE(tl.column(), int(ConversationModel::DraftColumn));
        QVERIFY(m_model->index(1, 0).data(ConversationModel::DraftWaitingRole).toBool());
        QVERIFY(!m_model->index(0, 0).data(ConversationModel::DraftWaitingRole).toBool());
        // Remembered for a conversation that arrives later.
        m_model->setDraftWaiting(7, true);
        m_model->upsert(conversation(7));
        QVERIFY(m_model->indexOf(7).data(ConversationModel::DraftWaitingRole).toBool());
    }

    void waitingFormat_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("seconds") << qint64(45) << QStringLiteral("45 s");
        QTest::newRow("minutes") << qint64(12 * 60 + 5) << QStringLiteral("12 min");
        QTest::newRow("hours pad minutes") << qint64(3600 + 5 * 60) << QStringLiteral("1 h 05 min");
        QTest::newRow("days") << qint64(2 * 86400 + 3 * 3600) << QStringLiteral("2 d 3 h");
        QTest::newRow("not waiting") << qint64(-1) << QString();
    }
    void waitingFormat()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(cx::gui::formatWaiting(seconds), expected);
    }

private:
    std::unique_ptr<ConversationModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TestConversationModel)
#include "tst_conversationmodel.moc"
