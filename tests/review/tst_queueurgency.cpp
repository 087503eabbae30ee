// Which waiting draft comes next: SLA state first, then the longest wait; "next" walks on from the current.
#include "review/QueueUrgency.h"

#include <QTest>

using namespace cx::review;

namespace {
QStringList ids(std::initializer_list<const char*> names)
{
    QStringList out;
    for (const char* n : names)
        out << QLatin1String(n);
    return out;
}
} // namespace

class TestQueueUrgency final : public QObject {
    Q_OBJECT

    const QDateTime m_now = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    QueueUrgency waited(int minutes, int slaMinutes = 15) const
    {
        const QDateTime since = m_now.addSecs(-60 * minutes);
        return { slaStateFor(since, m_now, slaMinutes), since };
    }

private slots:
    void slaStates()
    {
        QCOMPARE(slaStateFor({}, m_now, 15), SlaState::None);
        QCOMPARE(slaStateFor(m_now.addSecs(-60), m_now, 15), SlaState::OnTime);
        QCOMPARE(slaStateFor(m_now.addSecs(-675), m_now, 15), SlaState::OnTime); // exactly 75 %
        QCOMPARE(slaStateFor(m_now.addSecs(-676), m_now, 15), SlaState::AtRisk);
        QCOMPARE(slaStateFor(m_now.addSecs(-900), m_now, 15), SlaState::Breached);
    }

    void slaStateBeforeWaitingTime()
    {
        // A per-inbox SLA could make a shorter wait more urgent: the state decides first.
        const QueueUrgency breachedShortSla = waited(6, 5);
        const QueueUrgency onTimeLongWait = waited(30, 60);
        QVERIFY(moreUrgent(breachedShortSla, onTimeLongWait));
        QVERIFY(!moreUrgent(onTimeLongWait, breachedShortSla));
        QVERIFY(moreUrgent(waited(20), waited(16))); // both breached: the longer wait
        QVERIFY(!moreUrgent(waited(16), waited(16)));
        QVERIFY(moreUrgent(waited(1), QueueUrgency {})); // waiting before not waiting
    }

    void orderAndWalk()
    {
        const QList<UrgencyCandidate> created { { QStringLiteral("calm"), waited(2) },
            { QStringLiteral("breached"), waited(20) }, { QStringLiteral("risk"), waited(13) },
            { QStringLiteral("idle"), {} }, { QStringLiteral("calm2"), waited(2) } };
        QCOMPARE(urgencyOrder(created),
            ids({ "breached", "risk", "calm", "calm2", "idle" })); // equal ones keep their order
        // "Next" from the current one: on down the order, then round to the top.
        QCOMPARE(urgencyOrder(created, QStringLiteral("risk")), ids({ "calm", "calm2", "idle", "breached" }));
        QCOMPARE(urgencyOrder(created, QStringLiteral("idle")), ids({ "breached", "risk", "calm", "calm2" }));
        QCOMPARE(urgencyOrder(created, QStringLiteral("gone")),
            ids({ "breached", "risk", "calm", "calm2", "idle" }));
        QCOMPARE(urgencyOrder({}), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestQueueUrgency)
#include "tst_queueurgency.moc"
