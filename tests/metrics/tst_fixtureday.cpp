// One support day computed through every output a team lead reads — the dashboard's tiles (offscreen), the
// PDF report (its text, via pdftotext), the summary and daily CSV and `cxpilot report` (the real binary) —
// and every figure compared across all of them and with the hand-computed values of METRICS.md
// ("The fixture day"), on SQLite and on PostgreSQL. Day 2024-05-14 (UTC), SLA 15 min:
//   A1 201  customer 05-13 23:50, ready 23:51, approved + sent + graded 05-14 00:00:00.000 (midnight edge,
//           included)  FRT 600 s  approval 540 s  t5 a5 p5  ratio 0.00
//   A2 202  the customer writes at 09:00 and again at 09:12; ready 09:12:30, approved 09:17:30, sent 09:17:31
//           FRT 1051 s from the FIRST message (a breach; 331 s if the clock restarted)  approval 300 s
//           t4 a4 p5  ratio 0.10
//   A3 203  customer 14:00, ready 14:01, approved 14:04, sent 14:04:20  FRT 260 s  approval 180 s  t3 a4 p4
//           ratio 0.50 (a major edit)
//   A4 204  customer 23:40, ready 23:41, approved + sent + graded 23:59:59.999 (midnight edge, included)
//           FRT 1199.999 s  approval 1139.999 s  t4 a5 p5  ratio 0.05
//   R1 205  rejected 11:05 ("Wrong refund policy") t2 a2 p3; a person's reply was seen: manual
//   R2 206  rejected 16:03 ("Tone too casual") t3 a3 p4; nobody answered: unanswered
//   O  207  customer 20:00, draft still waiting: an open SLA breach
//   X1/X2   graded 05-13 23:59:59.999 and 05-15 00:00:00.000: outside the day
#include "DashboardWidget.h"
#include "MetricTile.h"
#include "MetricsFixture.h"
#include "StorageTestSupport.h"
#include "foundation/Clock.h"
#include "metrics/QualityTracker.h"
#include "metrics/ResponseClock.h"
#include "metrics/ShownFigures.h"
#include "reports/CsvReport.h"
#include "reports/PdfReport.h"
#include "reports/WorstReplies.h"
#include "review/DraftStore.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QListWidget>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace cx;
using namespace cx::metrics;

namespace {

const QDate kDay(2024, 5, 14);

QDateTime at(const char* iso)
{
    return test::utc(iso);
}

test::SignalRow approved(const char* conv, const char* customer, const char* ready, const char* approvedAt,
    const char* sent, int t, int a, int p, double ratio, int distance, bool awme)
{
    test::SignalRow r;
    r.conversationId = QLatin1String(conv);
    r.inboxId = QVariant::fromValue(qint64(1));
    r.gradedAt = at(approvedAt);
    r.customerMessageAt = at(customer);
    r.draftReadyAt = at(ready);
    r.approvedAt = at(approvedAt);
    r.sentAt = at(sent);
    r.tone = t;
    r.accuracy = a;
    r.policy = p;
    r.editRatio = ratio;
    r.editDistance = distance;
    r.approved = true;
    r.withoutMajorEdits = awme;
    r.humanReply = QStringLiteral("Final reply ") + r.conversationId;
    r.customerMessage = QStringLiteral("Question ") + r.conversationId;
    return r;
}

// A rejected draft with its drafts row (so a person's reply can be recorded against it) and its signal.
Status insertRejected(storage::Database& db, qint64 conversation, qint64 messageId, const char* customer,
    const char* graded, int t, int a, int p, const QString& reason)
{
    review::DraftRecord d;
    d.accountId = 1;
    d.conversationId = conversation;
    d.messageId = messageId;
    d.inboxId = 1;
    d.content.text = QStringLiteral("Draft for ") + QString::number(conversation);
    d.customerMessageAt = at(customer);
    d.customerName = conversation == 205 ? QStringLiteral("Ana Pérez") : QStringLiteral("Bo Li");
    review::DraftStore drafts(db);
    auto inserted = drafts.insert(d);
    if (!inserted)
        return inserted.error();
    if (auto s = drafts.markRejected(
            inserted->id, review::Grades { t, a, p }, QStringLiteral("alice"), reason, at(graded));
        !s)
        return s;
    test::SignalRow r;
    r.conversationId = QString::number(conversation);
    r.inboxId = QVariant::fromValue(qint64(1));
    r.gradedAt = at(graded);
    r.customerMessageAt = at(customer);
    r.draftReadyAt = at(customer).addSecs(60);
    r.tone = t;
    r.accuracy = a;
    r.policy = p;
    r.approved = false;
    r.withoutMajorEdits = false;
    r.rejectionReason = reason;
    r.draftId = inserted->id;
    return test::insertSignal(db, r);
}

// The customer of A2 wrote twice before the reply: the clock starts at the first message (ResponseClock).
QDateTime twiceClockStart()
{
    chatwoot::Message first, again;
    first.id = 21;
    first.messageType = chatwoot::MessageType::Incoming;
    first.createdAt = at("2024-05-14T09:00:00.000Z");
    again = first;
    again.id = 22;
    again.createdAt = at("2024-05-14T09:12:00.000Z");
    return responseClockStartOf({ first, again }, 22);
}

QString squeezed(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}

} // namespace

// Runs once per dialect (main() below): the same day, the same expected figures, on SQLite and PostgreSQL.
class TestFixtureDay final : public QObject {
    Q_OBJECT

public:
    explicit TestFixtureDay(QString dialect)
        : m_dialect(std::move(dialect))
    {
    }

private:
    const QString m_dialect;
    QString m_url; // the database `cxpilot report --database` reads
    QTemporaryDir m_dir;
    std::shared_ptr<storage::Database> m_db;
    QualityReport m_report;
    QList<ShownFigure> m_expected;

    QualityQuery dayQuery() const
    {
        QualityQuery q;
        q.from = QDateTime(kDay, QTime(0, 0), Qt::UTC);
        q.to = q.from.addDays(1);
        q.slaMinutes = 15;
        return q;
    }

private slots:
    void initTestCase()
    {
        Clock::setFixedNow(at("2024-05-16T12:00:00.000Z"));
        m_url = m_dialect == QLatin1String("sqlite")
            ? QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("test.db"))
            : test::createPostgresDatabase(QStringLiteral("cxfixtureday"));
        QVERIFY2(!m_url.isEmpty(), qPrintable(m_dialect));
        auto opened = storage::Database::open(m_url);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        m_db = opened.value();
        QCOMPARE(m_db->dialect() == storage::Dialect::Sqlite, m_dialect == QLatin1String("sqlite"));
        auto a2 = approved("202", "2024-05-14T09:00:00.000Z", "2024-05-14T09:12:30.000Z",
            "2024-05-14T09:17:30.000Z", "2024-05-14T09:17:31.000Z", 4, 4, 5, 0.1, 12, true);
        a2.customerMessageAt = twiceClockStart();
        QCOMPARE(a2.customerMessageAt, at("2024-05-14T09:00:00.000Z"));
        const QList<test::SignalRow> rows {
            approved("201", "2024-05-13T23:50:00.000Z", "2024-05-13T23:51:00.000Z",
                "2024-05-14T00:00:00.000Z", "2024-05-14T00:00:00.000Z", 5, 5, 5, 0.0, 0, true),
            a2,
            approved("203", "2024-05-14T14:00:00.000Z", "2024-05-14T14:01:00.000Z",
                "2024-05-14T14:04:00.000Z", "2024-05-14T14:04:20.000Z", 3, 4, 4, 0.5, 60, false),
            approved("204", "2024-05-14T23:40:00.000Z", "2024-05-14T23:41:00.000Z",
                "2024-05-14T23:59:59.999Z", "2024-05-14T23:59:59.999Z", 4, 5, 5, 0.05, 4, true),
            approved("299", "2024-05-13T23:00:00.000Z", "2024-05-13T23:01:00.000Z",
                "2024-05-13T23:59:59.999Z", "2024-05-13T23:59:59.999Z", 1, 1, 1, 0.9, 90, false),
            approved("298", "2024-05-14T23:50:00.000Z", "2024-05-14T23:51:00.000Z",
                "2024-05-15T00:00:00.000Z", "2024-05-15T00:00:00.000Z", 1, 1, 1, 0.9, 90, false),
        };
        for (const test::SignalRow& r : rows)
            QVERIFY(test::insertSignal(*m_db, r).ok());
        QVERIFY(insertRejected(*m_db, 205, 51, "2024-05-14T11:00:00.000Z", "2024-05-14T11:05:00.000Z", 2, 2,
            3, QStringLiteral("Wrong refund policy"))
                    .ok());
        QVERIFY(insertRejected(*m_db, 206, 61, "2024-05-14T16:00:00.000Z", "2024-05-14T16:03:00.000Z", 3, 3,
            4, QStringLiteral("Tone too casual"))
                    .ok());
        QVERIFY(
            test::insertOpenDraft(*m_db, QStringLiteral("noted"), 1, at("2024-05-14T20:00:00.000Z")).ok());
        // The poller saw a person's public reply (message 52) in conversation 205, after the rejection.
        auto marked
            = review::DraftStore(*m_db).markAnsweredByPerson(1, 205, 52, at("2024-05-14T11:20:00.000Z"));
        QVERIFY(marked.ok());
        QCOMPARE(*marked, 1);
        // Seeing it again changes nothing; a reply before the draft's message marks nothing.
        QCOMPARE(*review::DraftStore(*m_db).markAnsweredByPerson(1, 205, 53, Clock::nowUtc()), 0);
        QCOMPARE(*review::DraftStore(*m_db).markAnsweredByPerson(1, 206, 60, Clock::nowUtc()), 0);

        QSqlDatabase c = m_db->connection();
        auto report = QualityTracker::computeNow(c, m_db->dialect(), dayQuery());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        m_report = *report;
        m_expected = shownFigures(m_report, NorthStarTargets {});
    }
    void cleanupTestCase() { Clock::setFixedNow({}); }

    // The hand-computed figures (METRICS.md, "The fixture day").
    void figuresAreTheHandComputedOnes()
    {
        auto shown = [this](Figure f) {
            const ShownFigure s = m_expected.at(int(f));
            return QStringList { s.value, s.note };
        };
        QCOMPARE(shown(Figure::Replies),
            (QStringList { QStringLiteral("5"),
                QStringLiteral("4 AI-drafted · 1 manual · 1 unanswered · source: CX Pilot") }));
        QCOMPARE(shown(Figure::AiDrafted),
            (QStringList { QStringLiteral("80.0 %"), QStringLiteral("4 of 5 replies · source: CX Pilot") }));
        QCOMPARE(shown(Figure::Overall),
            (QStringList { QStringLiteral("3.89"), QStringLiteral("T 3.50 · A 3.83 · P 4.33") }));
        QCOMPARE(shown(Figure::Tone),
            (QStringList { QStringLiteral("3.50"), QStringLiteral("reviewed drafts: 6") }));
        QCOMPARE(shown(Figure::Accuracy).first(), QStringLiteral("3.83"));
        QCOMPARE(shown(Figure::Policy).first(), QStringLiteral("4.33"));
        QCOMPARE(shown(Figure::Sla),
            (QStringList { QStringLiteral("40.0 %"), QStringLiteral("red · 2 of 5 within 15 min") }));
        QCOMPARE(shown(Figure::FirstResponse),
            (QStringList { QStringLiteral("13.8 min"), QStringLiteral("p90 20.0 min · mean 13.0 min") }));
        QCOMPARE(shown(Figure::ApprovalTime),
            (QStringList { QStringLiteral("7.0 min"), QStringLiteral("p90 19.0 min · mean 9.0 min") }));
        QCOMPARE(shown(Figure::ApprovalRate),
            (QStringList { QStringLiteral("50.0 %"), QStringLiteral("reviewed drafts: 3 of 6") }));
        QCOMPARE(shown(Figure::EditRatio),
            (QStringList { QStringLiteral("0.16"), QStringLiteral("mean edit distance: 19 characters") }));
        // The exact values behind them.
        QCOMPARE(*m_report.firstResponse.medianSeconds, 825.5);
        QCOMPARE(*m_report.firstResponse.p90Seconds, 1199.999);
        QCOMPARE(*m_report.approvalTime.medianSeconds, 420.0);
        QCOMPARE(m_report.totals.openSlaBreaches, 1);
    }

    void dashboardTilesShowTheSameFigures()
    {
        gui::DashboardWidget d;
        d.setAutoRefreshInterval(0);
        d.resize(1200, 900);
        QSignalSpy refreshed(&d, &gui::DashboardWidget::refreshed);
        d.setRange(kDay, kDay);
        d.setDatabase(m_db);
        QVERIFY(refreshed.wait(10000));
        QTRY_VERIFY(!d.isBusy());
        const QList<std::pair<const char*, Figure>> tiles { { "repliesTile", Figure::Replies },
            { "aiDraftedTile", Figure::AiDrafted }, { "toneTile", Figure::Tone },
            { "accuracyTile", Figure::Accuracy }, { "policyTile", Figure::Policy },
            { "slaTile", Figure::Sla }, { "responseTile", Figure::FirstResponse },
            { "approvalTimeTile", Figure::ApprovalTime }, { "approvalRateTile", Figure::ApprovalRate } };
        for (const auto& [name, figure] : tiles) {
            auto* tile = d.findChild<gui::MetricTile*>(QLatin1String(name));
            QVERIFY2(tile, name);
            const ShownFigure& want = m_expected.at(int(figure));
            QCOMPARE(tile->valueText(), want.value);
            QCOMPARE(tile->noteText(), want.note);
        }
        // The drill-down names the customer when a draft recorded the name, else the conversation number.
        QSignalSpy drilled(&d, &gui::DashboardWidget::drillDownReady);
        d.drillDown(gui::DashboardWidget::Chart::Quality, 0);
        QVERIFY(drilled.wait(10000));
        auto* list = d.findChild<QListWidget*>(QStringLiteral("drillDownList"));
        QVERIFY(list);
        QStringList shown;
        for (int i = 0; i < list->count(); ++i)
            shown << list->item(i)->text();
        QVERIFY2(shown.contains(QStringLiteral("Ana Pérez (conversation 205)")),
            qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY(shown.contains(QStringLiteral("Bo Li (conversation 206)")));
        QVERIFY(shown.contains(QStringLiteral("Conversation 201")));
    }

    void pdfShowsTheSameFigures()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        QSqlDatabase c = m_db->connection();
        auto worst = reports::worstReplies(c, m_db->dialect(), dayQuery(), 8);
        QVERIFY(worst.ok());
        reports::PdfReportInput input;
        input.report = m_report;
        input.worst = *worst;
        const QString path = m_dir.filePath(QStringLiteral("day.pdf"));
        QVERIFY(reports::writePdfReport(input, path).ok());
        // CXPILOT_KEEP_PDF=DIR keeps a copy to look at (pdftoppm -png -r 60), as tst_pdfreport does.
        if (const QString keep = qEnvironmentVariable("CXPILOT_KEEP_PDF"); !keep.isEmpty()) {
            const QString copy = QDir(keep).filePath(QStringLiteral("fixtureday-%1.pdf").arg(m_dialect));
            QFile::remove(copy);
            QVERIFY(QFile::copy(path, copy));
        }
        QProcess p;
        p.start(QStringLiteral("pdftotext"),
            { QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), path,
                QStringLiteral("-") });
        QVERIFY(p.waitForFinished(30000));
        const QString text = squeezed(QString::fromUtf8(p.readAllStandardOutput()));
        // pdftotext reads a row of four tiles as its labels, then its values, then its notes.
        const QList<QList<Figure>> rows { { Figure::Replies, Figure::AiDrafted, Figure::Overall,
                                              Figure::Sla },
            { Figure::FirstResponse, Figure::ApprovalTime, Figure::ApprovalRate, Figure::EditRatio } };
        for (const QList<Figure>& row : rows) {
            QString labels, values, notes;
            for (Figure f : row) {
                labels += m_expected.at(int(f)).label;
                values += m_expected.at(int(f)).value;
                notes += m_expected.at(int(f)).note;
            }
            QVERIFY2(text.contains(squeezed(labels) + squeezed(values) + squeezed(notes)),
                qPrintable(labels + QLatin1String(" / ") + values + QLatin1String(" / ") + notes
                    + QLatin1String("\n") + text));
        }
        // The worst replies name the customer (the two rejections and A3 with tone 3), not "Conversation
        // 205".
        p.start(QStringLiteral("pdftotext"),
            { QStringLiteral("-f"), QStringLiteral("3"), QStringLiteral("-l"), QStringLiteral("3"), path,
                QStringLiteral("-") });
        QVERIFY(p.waitForFinished(30000));
        const QString worstPage = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(worstPage.contains(QStringLiteral("Ana Pérez (conversation 205)")), qPrintable(worstPage));
        QVERIFY(!worstPage.contains(QLatin1String("Conversation 205")));
    }

    void csvShowsTheSameFigures()
    {
        QBuffer summary;
        summary.open(QIODevice::WriteOnly);
        QVERIFY(reports::writeSummaryCsv(m_report, NorthStarTargets {}, &summary).ok());
        QStringList lines
            = QString::fromUtf8(summary.data()).remove(QChar(0xfeff)).split(QStringLiteral("\r\n"));
        QCOMPARE(lines.takeFirst(), reports::summaryCsvHeader().join(QLatin1Char(',')));
        QCOMPARE(lines.takeLast(), QString());
        QCOMPARE(lines.size(), m_expected.size());
        for (int i = 0; i < lines.size(); ++i) {
            const ShownFigure& want = m_expected.at(i);
            QCOMPARE(lines.at(i),
                QStringList({ want.key, want.label, want.value, want.note }).join(QLatin1Char(',')));
        }
        // The daily CSV's one row carries the same numbers (unrounded).
        QBuffer daily;
        daily.open(QIODevice::WriteOnly);
        QVERIFY(reports::writeDailyCsv(m_report, &daily).ok());
        const QStringList dailyLines = QString::fromUtf8(daily.data()).split(QStringLiteral("\r\n"));
        QCOMPARE(dailyLines.size(), 3); // header, the day, ""
        const QStringList header = reports::dailyCsvHeader();
        const QStringList row = dailyLines.at(1).split(QLatin1Char(','));
        auto cell = [&](const char* name) { return row.value(header.indexOf(QLatin1String(name))); };
        QCOMPARE(cell("day"), QStringLiteral("2024-05-14"));
        QCOMPARE(cell("reviewed"), QStringLiteral("6"));
        QCOMPARE(cell("ai_drafted"), QStringLiteral("4"));
        QCOMPARE(cell("sla_compliance_pct"), QStringLiteral("40"));
        QCOMPARE(cell("open_sla_breaches"), QStringLiteral("1"));
        QCOMPARE(cell("approval_rate_pct"), QStringLiteral("50"));
        QCOMPARE(cell("avg_tone"), QStringLiteral("3.5"));
        QCOMPARE(cell("volume_source"), QStringLiteral("CX Pilot"));
    }

    void cliPrintsTheSameFigures()
    {
        const QString bin = qEnvironmentVariable("CXPILOT_BIN");
        QVERIFY2(!bin.isEmpty(), "CXPILOT_BIN is not set");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CXPILOT_DATABASE_URL"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        // A German machine: the CLI still prints "3.50" (its numbers are in the C locale, for scripts), as
        // computed here under the C locale (main).
        env.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        p.setProcessEnvironment(env);
        const QString out = m_dir.filePath(QStringLiteral("day.csv"));
        p.start(bin,
            { QStringLiteral("report"), QStringLiteral("--from"), QStringLiteral("2024-05-14"),
                QStringLiteral("--to"), QStringLiteral("2024-05-14"), QStringLiteral("--format"),
                QStringLiteral("csv"), QStringLiteral("--out"), out, QStringLiteral("--sla"),
                QStringLiteral("15"), QStringLiteral("--database"), m_url });
        QVERIFY(p.waitForFinished(60000));
        const QString stdOut = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0, qPrintable(QString::fromUtf8(p.readAllStandardError()) + stdOut));
        for (const ShownFigure& want : std::as_const(m_expected)) {
            const QString line = want.label + QLatin1String(": ") + want.value + QLatin1String(" (")
                + want.note + QLatin1Char(')');
            QVERIFY2(stdOut.contains(line + QLatin1Char('\n')),
                qPrintable(line + QLatin1String("\n---\n") + stdOut));
        }
        QFile summary(m_dir.filePath(QStringLiteral("day.summary.csv")));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        QBuffer mine;
        mine.open(QIODevice::WriteOnly);
        QVERIFY(reports::writeSummaryCsv(m_report, NorthStarTargets {}, &mine).ok());
        QCOMPARE(summary.readAll(), mine.data());
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLocale::setDefault(QLocale::c()); // the figures compared with the CLI's output (cliPrintsTheSameFigures)
    QTEST_SET_MAIN_SOURCE_PATH
    int failed = 0;
    {
        TestFixtureDay onSqlite(QStringLiteral("sqlite"));
        failed += QTest::qExec(&onSqlite, argc, argv);
    }
    if (!test::postgresAdminUrl().isEmpty()) {
        TestFixtureDay onPostgres(QStringLiteral("postgresql"));
        failed += QTest::qExec(&onPostgres, argc, argv);
    } else if (qEnvironmentVariableIsSet("CI")) {
        qFatal("CI run without CXPILOT_TEST_PG_URL: run the suite through tests/run-all.sh");
    } else {
        qInfo("tst_fixtureday: the PostgreSQL run is skipped (CXPILOT_TEST_PG_URL is not set)");
    }
    return failed;
}
#include "tst_fixtureday.moc"
