// A desktop (core objects) hears of drafts at once on PostgreSQL: the drafts trigger NOTIFYs on commit and
// DraftNotifications LISTENs through QSqlDriver::subscribeToNotification — as a reviewer login, while a
// service login writes. After a lost connection it listens again. SQLite says it cannot (the app polls).
#include "ServiceHarness.h"
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "ingest/DraftNotifications.h"
#include "review/DraftStore.h"
#include "storage/Database.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace cx;

class TestDraftNotifications : public QObject {
    Q_OBJECT
private slots:
    void sqliteHasNone()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        ingest::DraftNotifications listener(db);
        const Status st = listener.start();
        QVERIFY(!st);
        QCOMPARE(st.error().kind, ErrorKind::Unavailable);
        QVERIFY(!listener.isListening());
    }

    void reviewerHearsTheServicesDrafts()
    {
        if (test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI without CXPILOT_TEST_PG_URL");
            QSKIP("no PostgreSQL");
        }
        QTemporaryDir dir;
        auto owner = test::openFreshDatabase(QStringLiteral("postgresql"), dir);
        QVERIFY(owner);
        const QUrl admin(test::postgresAdminUrl());
        const QString ownerUrl = QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                                     .arg(admin.userName(), admin.password(), owner->url().host)
                                     .arg(owner->url().port)
                                     .arg(owner->url().database);
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        const QString reviewer = QStringLiteral("rev_n_") + suffix;
        {
            QSqlQuery q(owner->connection());
            QVERIFY(q.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw-%1' IN ROLE cxpilot_reviewer")
                               .arg(reviewer)));
        }
        QUrl reviewerUrl(ownerUrl);
        reviewerUrl.setUserName(reviewer);
        reviewerUrl.setPassword(QStringLiteral("pw-") + reviewer);
        auto desktop = storage::Database::open(reviewerUrl.toString());
        auto service
            = storage::Database::open(test::serviceLoginUrl(ownerUrl, QStringLiteral("svc_n_") + suffix));
        QVERIFY(desktop && service);

        ingest::DraftNotifications listener(desktop.value());
        QSignalSpy changed(&listener, &ingest::DraftNotifications::draftChanged);
        QSignalSpy resubscribed(&listener, &ingest::DraftNotifications::resubscribed);
        QVERIFY(listener.start());
        QVERIFY(listener.isListening());

        review::DraftRecord d;
        d.accountId = 1;
        d.conversationId = 5;
        d.messageId = 50;
        auto inserted = review::DraftStore(*service.value()).insert(d);
        QVERIFY2(inserted, inserted ? "" : qPrintable(inserted.error().toString()));
        QVERIFY(changed.wait(10000));
        QCOMPARE(changed.first().at(0).toString(), inserted->id);
        QCOMPARE(changed.first().at(1).toString(), QStringLiteral("drafted"));
        changed.clear();
        review::DraftContent content;
        content.text = QStringLiteral("We ship in two days.");
        QVERIFY(review::DraftStore(*service.value()).updateContent(inserted->id, content));
        QVERIFY(review::DraftStore(*service.value()).markNoted(inserted->id, 777));
        QTRY_VERIFY_WITH_TIMEOUT(
            !changed.isEmpty() && changed.last().at(1).toString() == QLatin1String("noted"), 10000);

        // The listening connection is cut: it listens again, says so, and hears the next draft.
        {
            QSqlQuery q(owner->connection());
            QVERIFY(q.exec(
                QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '%1'")
                    .arg(reviewer)));
        }
        QVERIFY(resubscribed.wait(20000));
        changed.clear();
        d.messageId = 51;
        auto second = review::DraftStore(*service.value()).insert(d);
        QVERIFY(second);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() && changed.last().at(0).toString() == second->id, 10000);
    }
};

QTEST_GUILESS_MAIN(TestDraftNotifications)
#include "tst_draftnotifications.moc"
