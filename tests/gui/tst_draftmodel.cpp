// DraftModel: pending drafts from the database, read off the GUI thread, applied row by row; new drafts
// appear through polling and are announced once.
#include "DraftModel.h"
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "foundation/Clock.h"
#include "ingest/DraftNotifications.h"
#include "storage/Database.h"
#include "storage/SqlTime.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using cx::gui::DraftModel;
using cx::gui::PendingDraft;

namespace {

const QDateTime kT0 = QDateTime(QDate(2024, 5, 6), QTime(9, 0), Qt::UTC);

} // namespace

namespace {
// Draft ids are UUIDs in PostgreSQL: stable ones derived from readable names.
QString uid(const char* name)
{
    return QUuid::createUuidV5(
        QUuid(QStringLiteral("6f1c9a52-1d2e-4c8a-9b7e-3f4a5b6c7d8e")), QByteArray(name))
        .toString(QUuid::WithoutBraces);
}
} // namespace

class TestDraftModel final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { cx::Clock::setFixedNow(kT0.addSecs(3600)); }
    void cleanupTestCase() { cx::Clock::setFixedNow({}); }

    void pollingAppliesDifferences_data()
    {
        QTest::addColumn<QString>("dialect");
        cx::test::addDialectRows();
    }
    void pollingAppliesDifferences()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        m_db = cx::test::openFreshDatabase(dialect, dir);
        QVERIFY(m_db);
        insertDraft(uid("d1"), 11, 1, QStringLiteral("drafted"), 0, 0.82, QStringLiteral("low"));
        insertDraft(uid("d2"), 12, 2, QStringLiteral("noted"), 60, 0.4, QStringLiteral("high"));
        insertDraft(uid("d-old"), 13, 3, QStringLiteral("rejected"), 30, 0.5, QStringLiteral("low"));

        DraftModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPollInterval(0);
        model.setContactName(11, QStringLiteral("Ada Lovelace"));
        QSignalSpy refreshed(&model, &DraftModel::refreshed);
        QSignalSpy added(&model, &DraftModel::draftAdded);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setDatabase(m_db);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(model.rowCount(), 2); // rejected is not pending
        QCOMPARE(added.size(), 0); // the first load is not "new drafts"
        QCOMPARE(model.index(0, DraftModel::ContactColumn).data().toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(
            model.index(1, DraftModel::ContactColumn).data().toString(), QStringLiteral("Conversation #12"));
        QCOMPARE(model.index(0, DraftModel::ConfidenceColumn).data().toString(), QStringLiteral("82%"));
        QCOMPARE(model.index(1, DraftModel::RiskColumn).data().toString(), QStringLiteral("High"));
        QCOMPARE(model.index(0, DraftModel::AgeColumn).data().toString(), QStringLiteral("1 h 00 min"));
        QCOMPARE(model.index(0, DraftModel::PreviewColumn).data().toString(),
            QString(QStringLiteral("Hello ") + uid("d1")));
        QCOMPARE(model.index(1, 0).data(DraftModel::StateRole).toString(), QStringLiteral("noted"));
        QCOMPARE(model.conversationsWithDrafts(), (QSet<qint64> { 11, 12 }));

        // A new draft, one changed, one gone: three row-level operations, no reset.
        inserted.clear();
        changed.clear();
        exec(QStringLiteral("UPDATE drafts SET state = 'noted' WHERE id = '%1'").arg(uid("d1")));
        exec(QStringLiteral("UPDATE drafts SET state = 'rejected' WHERE id = '%1'").arg(uid("d2")));
        insertDraft(uid("d3"), 14, 4, QStringLiteral("drafted"), 120, 0.9, QStringLiteral("medium"));
        model.refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.at(0).at(0).toString(), uid("d3"));
        // Row 0 changed (whole row), then the age column refresh.
        QVERIFY(changed.size() >= 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 0);
        QCOMPARE(model.index(0, 0).data(DraftModel::StateRole).toString(), QStringLiteral("noted"));
        QCOMPARE(model.rowOf(uid("d3")), 1);

        // Nothing changed: no row signals except the age column refresh, no announcements.
        inserted.clear();
        removed.clear();
        changed.clear();
        model.refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(inserted.size() + removed.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(DraftModel::AgeColumn));
        QCOMPARE(added.size(), 1);

        // The timer polls on its own: a draft written by someone else appears without refresh().
        insertDraft(uid("d4"), 15, 5, QStringLiteral("drafted"), 180, 0.7, QStringLiteral("low"));
        model.setPollInterval(20);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 5000);
        QTRY_COMPARE(added.size(), 2);
        QCOMPARE(added.at(1).at(0).toString(), uid("d4"));
        model.setDatabase(nullptr);
        m_db.reset();
    }

    // Team mode: a draft written by another connection (the service) appears through NOTIFY, with no poll
    // at all; while the listener listens the poll is only a slow safety net.
    void notifyRefreshesWithoutPolling()
    {
        if (cx::test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI without CXPILOT_TEST_PG_URL");
            QSKIP("no PostgreSQL");
        }
        QTemporaryDir dir;
        m_db = cx::test::openFreshDatabase(QStringLiteral("postgresql"), dir);
        QVERIFY(m_db);
        const QUrl admin(cx::test::postgresAdminUrl());
        const QString url = QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                                .arg(admin.userName(), admin.password(), m_db->url().host)
                                .arg(m_db->url().port)
                                .arg(m_db->url().database);
        auto writer = cx::storage::Database::open(url); // another session: the service's, say
        QVERIFY(writer);

        cx::ingest::DraftNotifications listener(m_db);
        QVERIFY(listener.start());
        DraftModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPollInterval(5000);
        model.setNotifications(&listener);
        QSignalSpy refreshed(&model, &DraftModel::refreshed);
        QSignalSpy added(&model, &DraftModel::draftAdded);
        model.setDatabase(m_db);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.effectivePollInterval(), DraftModel::kNotifiedPollMs); // the safety net only

        m_db = writer.value(); // insertDraft writes through m_db: now the other session
        insertDraft(uid("n1"), 21, 1, QStringLiteral("drafted"), 0, 0.8, QStringLiteral("low"));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 5000); // far sooner than any poll tick
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.at(0).at(0).toString(), uid("n1"));
        exec(QStringLiteral("UPDATE drafts SET state = 'rejected' WHERE id = '%1'").arg(uid("n1")));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 0, 5000);

        // Without a listener the model polls at its own interval again.
        model.setNotifications(nullptr);
        QCOMPARE(model.effectivePollInterval(), 5000);
        model.setDatabase(nullptr);
        m_db.reset();
    }

    void refreshRunsOffTheGuiThread()
    {
        QTemporaryDir dir;
        m_db = cx::test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(m_db);
        // The query itself, on the database's worker, reports the thread it ran on.
        QThread* queryThread = nullptr;
        auto future = m_db->run<int>([&queryThread](QSqlDatabase& db) {
            queryThread = QThread::currentThread();
            auto rows = cx::gui::loadPendingDrafts(db);
            return rows ? int(rows->size()) : -1;
        });
        future.waitForFinished();
        QCOMPARE(future.result(), 0);
        QVERIFY(queryThread != QThread::currentThread());

        DraftModel model;
        model.setPollInterval(0);
        QSignalSpy refreshed(&model, &DraftModel::refreshed);
        model.setDatabase(m_db);
        QVERIFY(model.isRefreshing()); // asynchronous: nothing read yet
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(refreshed.wait(5000));
        model.refresh();
        model.refresh(); // coalesced into one more query after the running one
        model.refresh();
        // 1 (first load) + 1 (the query started above) + 1 (the two further calls, coalesced).
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 3, 5000);
        // No fourth query: a coalesced refresh still owed would have started right after the third
        // refreshed() (same slot, before control returned here), so the model would be refreshing now.
        QVERIFY(!model.isRefreshing());
        QCOMPARE(refreshed.size(), 3);
        model.setDatabase(nullptr);
        m_db.reset();
    }

    void outOfOrderRowsAreStillApplied()
    {
        DraftModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto draft = [](const QString& id, int minute) {
            PendingDraft d;
            d.id = id;
            d.conversationId = minute;
            d.state = QStringLiteral("drafted");
            d.createdAt = kT0.addSecs(60 * minute);
            return d;
        };
        model.applyPending(
            { draft(QStringLiteral("a"), 1), draft(QStringLiteral("b"), 2), draft(QStringLiteral("c"), 3) });
        model.applyPending(
            { draft(QStringLiteral("c"), 3), draft(QStringLiteral("a"), 1), draft(QStringLiteral("d"), 4) });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data(DraftModel::DraftIdRole).toString(), QStringLiteral("c"));
        QCOMPARE(model.index(1, 0).data(DraftModel::DraftIdRole).toString(), QStringLiteral("a"));
        QCOMPARE(model.index(2, 0).data(DraftModel::DraftIdRole).toString(), QStringLiteral("d"));
        QCOMPARE(model.rowOf(QStringLiteral("d")), 2);
        QCOMPARE(model.rowOf(QStringLiteral("b")), -1);
    }

private:
    void exec(const QString& sql)
    {
        QSqlDatabase db = m_db->connection();
        QSqlQuery q(db);
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }

    void insertDraft(const QString& id, qint64 conversation, qint64 message, const QString& state,
        int minutesAfterT0, double confidence, const QString& risk)
    {
        QSqlDatabase db = m_db->connection();
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO drafts (id, account_id, conversation_id, message_id, state, draft_text, "
            "confidence, risk_level, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)"));
        const QVariant t = cx::storage::toSqlTime(kT0.addSecs(60 * minutesAfterT0), m_db->dialect());
        q.addBindValue(id);
        q.addBindValue(conversation);
        q.addBindValue(message);
        q.addBindValue(state);
        q.addBindValue(QStringLiteral("Hello %1\nSecond line").arg(id));
        q.addBindValue(confidence);
        q.addBindValue(risk);
        q.addBindValue(t);
        q.addBindValue(t);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }

    std::shared_ptr<cx::storage::Database> m_db;
};

QTEST_MAIN(TestDraftModel)
#include "tst_draftmodel.moc"
