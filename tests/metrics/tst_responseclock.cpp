// Where the first-response (SLA) clock starts: the first unanswered customer message of the exchange.
#include "metrics/ResponseClock.h"

#include <QTest>

using namespace cx;
using namespace cx::metrics;

namespace {
chatwoot::Message msg(qint64 id, chatwoot::MessageType type, const char* at, bool isPrivate = false)
{
    chatwoot::Message m;
    m.id = id;
    m.messageType = type;
    m.isPrivate = isPrivate;
    m.createdAt = QDateTime::fromString(QLatin1String(at), Qt::ISODate).toUTC();
    return m;
}
QDateTime at(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC();
}
constexpr auto In = chatwoot::MessageType::Incoming;
constexpr auto Out = chatwoot::MessageType::Outgoing;
constexpr auto Activity = chatwoot::MessageType::Activity;
} // namespace

class TestResponseClock : public QObject {
    Q_OBJECT
private slots:
    void singleMessageStartsAtItself()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T10:00:00Z") };
        QCOMPARE(responseClockStart(m, 0), at("2026-03-02T10:00:00Z"));
    }
    // The case: waited 16 min, wrote "Any update?", answered 57 s later: the clock started at the
    // first message, so the first response is 16 min 57 s, not 57 s.
    void secondMessageDoesNotRestartTheClock()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T10:00:00Z"),
            msg(2, In, "2026-03-02T10:16:00Z") };
        QCOMPARE(responseClockStart(m, 1), at("2026-03-02T10:00:00Z"));
        QCOMPARE(responseClockStartOf(m, 2), at("2026-03-02T10:00:00Z"));
    }
    void publicReplyEndsTheExchange()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T09:00:00Z"),
            msg(2, Out, "2026-03-02T09:05:00Z"), msg(3, In, "2026-03-02T10:00:00Z"),
            msg(4, In, "2026-03-02T10:03:00Z") };
        QCOMPARE(responseClockStart(m, 3), at("2026-03-02T10:00:00Z"));
    }
    void privateNotesAndActivityAreNotReplies()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T10:00:00Z"),
            msg(2, Out, "2026-03-02T10:01:00Z", /*private*/ true), msg(3, Activity, "2026-03-02T10:02:00Z"),
            msg(4, In, "2026-03-02T10:20:00Z") };
        QCOMPARE(responseClockStart(m, 3), at("2026-03-02T10:00:00Z"));
    }
    void privateCustomerSideMessagesDoNotStartIt()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T10:00:00Z", /*private*/ true),
            msg(2, In, "2026-03-02T10:20:00Z") };
        QCOMPARE(responseClockStart(m, 1), at("2026-03-02T10:20:00Z"));
    }
    void crossesMidnight()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-01T23:58:00Z"),
            msg(2, In, "2026-03-02T00:01:00Z") };
        QCOMPARE(responseClockStart(m, 1), at("2026-03-01T23:58:00Z"));
    }
    void outOfRangeAndUnknownIdAreInvalid()
    {
        const QList<chatwoot::Message> m { msg(1, In, "2026-03-02T10:00:00Z") };
        QVERIFY(!responseClockStart(m, 1).isValid());
        QVERIFY(!responseClockStart(m, -1).isValid());
        QVERIFY(!responseClockStartOf(m, 9).isValid());
    }
};

QTEST_GUILESS_MAIN(TestResponseClock)
#include "tst_responseclock.moc"
