// SlaAlerts: one alert past 75 % of the SLA and one at the breach, once each per wait; forgotten when the
// wait ends or restarts; the next due time for a timer. Time is passed in (Clock-style fixed times).
#include "foundation/Clock.h"
#include "review/SlaAlerts.h"

#include <QTest>

using namespace cx::review;
using Kind = SlaAlerts::Kind;

class TestSlaAlerts final : public QObject {
    Q_OBJECT
    const QDateTime m_start = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

private slots:
    void atRiskThenBreachOnceEach()
    {
        cx::Clock::setFixedNow(m_start);
        SlaAlerts alerts(20); // 75 % = 15 minutes
        const QList<SlaAlerts::Waiting> queue { { 7, m_start } };
        QVERIFY(alerts.update(queue, cx::Clock::nowUtc()).isEmpty());
        QCOMPARE(alerts.nextDue(cx::Clock::nowUtc()), m_start.addMSecs(15 * 60 * 1000 + 1));
        cx::Clock::advance(15 * 60 * 1000); // exactly 75 %: not yet
        QVERIFY(alerts.update(queue, cx::Clock::nowUtc()).isEmpty());
        cx::Clock::advance(1000);
        QList<SlaAlerts::Alert> due = alerts.update(queue, cx::Clock::nowUtc());
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().conversationId, 7);
        QCOMPARE(due.first().kind, Kind::AtRisk);
        QCOMPARE(due.first().waitedMinutes, 15);
        cx::Clock::advance(60 * 1000);
        QVERIFY(alerts.update(queue, cx::Clock::nowUtc()).isEmpty()); // once
        QCOMPARE(alerts.nextDue(cx::Clock::nowUtc()), m_start.addSecs(20 * 60));
        cx::Clock::advance(4 * 60 * 1000); // 20:01
        due = alerts.update(queue, cx::Clock::nowUtc());
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().kind, Kind::Breached);
        cx::Clock::advance(60 * 60 * 1000);
        QVERIFY(alerts.update(queue, cx::Clock::nowUtc()).isEmpty()); // once
        QVERIFY(!alerts.nextDue(cx::Clock::nowUtc()).isValid());
        cx::Clock::setFixedNow({});
    }

    void alreadyBreachedAlertsOnlyTheBreach()
    {
        SlaAlerts alerts(15);
        const QList<SlaAlerts::Alert> due
            = alerts.update({ { 1, m_start.addSecs(-10 * 60) }, { 2, m_start.addSecs(-60 * 60) },
                                { 3, m_start.addSecs(-12 * 60) }, { 4, {} } },
                m_start);
        QCOMPARE(due.size(), 2); // 1 is at 67 %, 4 does not wait
        QCOMPARE(due.at(0).conversationId, 2); // breach first
        QCOMPARE(due.at(0).kind, Kind::Breached);
        QCOMPARE(due.at(1).conversationId, 3);
        QCOMPARE(due.at(1).kind, Kind::AtRisk);
    }

    void aNewWaitAlertsAgain()
    {
        SlaAlerts alerts(10);
        QCOMPARE(alerts.update({ { 5, m_start.addSecs(-11 * 60) } }, m_start).size(), 1);
        // Answered (no longer waiting), then the customer writes again and waits long enough.
        QVERIFY(alerts.update({ { 5, {} } }, m_start).isEmpty());
        const QDateTime later = m_start.addSecs(3600);
        QCOMPARE(alerts.update({ { 5, later.addSecs(-11 * 60) } }, later).size(), 1);
        // Gone from the queue and back with the same wait: forgotten, so it alerts again.
        QVERIFY(alerts.update({}, later).isEmpty());
        QCOMPARE(alerts.update({ { 5, later.addSecs(-11 * 60) } }, later).size(), 1);
        // Same wait, same state: nothing.
        QVERIFY(alerts.update({ { 5, later.addSecs(-11 * 60) } }, later).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSlaAlerts)
#include "tst_slaalerts.moc"
