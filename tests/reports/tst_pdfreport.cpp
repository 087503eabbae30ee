// The PDF quality report: opens (pdfinfo), has the expected pages, carries its header/footer text
// (pdftotext), and paginates the worst-graded replies.
#include "../metrics/MetricsFixture.h"
#include "StorageTestSupport.h"
#include "metrics/QualityTracker.h"
#include "reports/PdfReport.h"
#include "reports/WorstReplies.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace cx;
using namespace cx::reports;

namespace {
QString run(const QString& program, const QStringList& args, bool* ok)
{
    QProcess p;
    p.start(program, args);
    *ok = p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromUtf8(p.readAllStandardOutput());
}

int pageCount(const QString& pdf)
{
    bool ok = false;
    const QString info = run(QStringLiteral("pdfinfo"), { pdf }, &ok);
    if (!ok)
        return -1;
    const auto m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pageText(const QString& pdf, int page)
{
    bool ok = false;
    return run(QStringLiteral("pdftotext"),
        { QStringLiteral("-f"), QString::number(page), QStringLiteral("-l"), QString::number(page),
            QStringLiteral("-layout"), pdf, QStringLiteral("-") },
        &ok);
}

// CXPILOT_KEEP_PDF=DIR keeps a copy to look at (pdftoppm -png -r 60 DIR/report.pdf /tmp/page).
void keepForInspection(const QString& path)
{
    const QString keep = qEnvironmentVariable("CXPILOT_KEEP_PDF");
    if (!keep.isEmpty()) {
        QFile::remove(keep + QLatin1Char('/') + QFileInfo(path).fileName());
        QFile::copy(path, keep + QLatin1Char('/') + QFileInfo(path).fileName());
    }
}

metrics::QualityQuery fixtureQuery()
{
    metrics::QualityQuery q;
    q.from = test::utc("2024-03-01T00:00:00.000Z");
    q.to = test::utc("2024-03-03T00:00:00.000Z");
    q.asOf = test::utc("2024-03-02T20:20:00.000Z");
    return q;
}
} // namespace

class TestPdfReport final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty())
            QFAIL("pdfinfo (poppler-utils) is required");
    }

    void fixtureReport()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QCOMPARE(test::loadSignalsFixture(*db), QString());
        QSqlDatabase c = db->connection();
        auto report = metrics::QualityTracker::computeNow(c, db->dialect(), fixtureQuery());
        QVERIFY(report.ok());
        auto worst = worstReplies(c, db->dialect(), fixtureQuery(), 8);
        QVERIFY(worst.ok());
        // Only the replies rejected or graded below 4 on some axis (C, D, F, I), worst first — not all 10.
        QStringList ids;
        for (const GradedReply& g : *worst)
            ids << g.conversationId;
        QCOMPARE(ids.size(), 4);
        QCOMPARE(worst->at(0).conversationId, QStringLiteral("c6")); // F: 1 + 2 + 3 = 6
        QCOMPARE(worst->at(1).conversationId, QStringLiteral("c4")); // D: 2 + 3 + 2 = 7
        for (int i = 1; i < worst->size(); ++i) // sorted
            QVERIFY(worst->at(i - 1).tone + worst->at(i - 1).accuracy + worst->at(i - 1).policy
                <= worst->at(i).tone + worst->at(i).accuracy + worst->at(i).policy);
        QVERIFY(!ids.contains(QStringLiteral("c1"))); // A: 5 + 5 + 5
        auto two = worstReplies(c, db->dialect(), fixtureQuery(), 2); // limited
        QVERIFY(two.ok());
        QCOMPARE(two->size(), 2);

        PdfReportInput in;
        in.report = *report;
        in.worst = *worst;
        in.generatedAt = test::utc("2024-03-03T08:00:00.000Z");
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        QVERIFY(writePdfReport(in, path).ok());
        keepForInspection(path);
        const int pages = pageCount(path);
        QCOMPARE(pages, 3); // figures + targets, charts, worst replies
        const QString p1 = pageText(path, 1);
        QVERIFY2(p1.contains(QLatin1String("Support quality report")), qPrintable(p1));
        QVERIFY(p1.contains(QLatin1String("Page 1 of 3")));
        QVERIFY(p1.contains(QStringLiteral("1 Mar 2024 – 2 Mar 2024 (UTC)")));
        QVERIFY(p1.contains(QLatin1String("North Star targets")));
        QVERIFY(p1.contains(QLatin1String("57.1 %"))); // SLA 4 / 7
        QVERIFY(p1.contains(QLatin1String("Wrong policy")));
        QVERIFY(p1.contains(QLatin1String("not met")));
        const QString p2 = pageText(path, 2);
        QVERIFY(p2.contains(QLatin1String("Page 2 of 3")));
        QVERIFY(p2.contains(QLatin1String("Average grades per day")));
        // Every approval-time bar keeps its label (none thinned out).
        const QStringList words = p2.simplified().split(QLatin1Char(' '));
        for (const char* label : { "1m", "5m", "15m", "30m", "1h", "4h", ">4h" })
            QVERIFY2(words.contains(QLatin1String(label)), label);
        const QString p3 = pageText(path, 3);
        QVERIFY(p3.contains(QLatin1String("Worst-graded replies")));
        QVERIFY(p3.contains(QLatin1String("Conversation c6")));
        QVERIFY(p3.contains(QLatin1String("Page 3 of 3")));
    }

    // Issue 15: every label of the PDF's charts fits its slot (a PDF never elides: a label too wide would run
    // into its neighbour or off the chart), for a 2-, 31- and 90-day range and counts in the thousands.
    void chartLabelsFitTheirSlots_data()
    {
        QTest::addColumn<int>("days");
        QTest::addColumn<qint64>("bigCount");
        QTest::newRow("2 days") << 2 << qint64(0);
        QTest::newRow("31 days") << 31 << qint64(0);
        QTest::newRow("90 days, counts in the thousands") << 90 << qint64(12345);
    }
    void chartLabelsFitTheirSlots()
    {
        QFETCH(int, days);
        QFETCH(qint64, bigCount);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QCOMPARE(test::loadSignalsFixture(*db), QString());
        metrics::QualityQuery q = fixtureQuery();
        q.to = q.from.addDays(days);
        QSqlDatabase c = db->connection();
        auto report = metrics::QualityTracker::computeNow(c, db->dialect(), q);
        QVERIFY(report.ok());
        QCOMPARE(report->daily.size(), days);
        PdfReportInput in;
        in.report = *report;
        if (bigCount > 0) {
            in.report.totals.editRatioHistogram[0] = bigCount;
            in.report.totals.approvalHistogram[3] = bigCount;
        }
        const QString path = dir.filePath(QStringLiteral("charts-%1.pdf").arg(days));
        QList<ChartLabels> charts;
        QVERIFY(writePdfReport(in, path, &charts).ok());
        keepForInspection(path);
        QCOMPARE(charts.size(), 4); // grades, SLA, edit ratio, approval time
        auto inside = [](const QRectF& slot, const QRectF& area) {
            return slot.left() >= area.left() - 0.01 && slot.right() <= area.right() + 0.01
                && slot.top() >= area.top() - 0.01 && slot.bottom() <= area.bottom() + 0.01;
        };
        auto describe = [](const ChartLabel& l) {
            return QStringLiteral("\"%1\" advance %2 in slot x %3..%4")
                .arg(l.text)
                .arg(l.advance)
                .arg(l.slot.left())
                .arg(l.slot.right());
        };
        for (const ChartLabels& chart : std::as_const(charts)) {
            const QString name = chart.title.text;
            QVERIFY2(chart.title.advance <= chart.title.slot.width(), qPrintable(describe(chart.title)));
            QVERIFY2(inside(chart.title.slot, chart.area), qPrintable(name));
            QVERIFY2(!chart.legend.intersects(chart.title.slot), qPrintable(name));
            QCOMPARE(chart.y.size() >= 2, true);
            for (qsizetype i = 0; i < chart.y.size(); ++i) {
                const ChartLabel& y = chart.y[i];
                QVERIFY2(y.advance <= y.slot.width(), qPrintable(name + QLatin1String(": ") + describe(y)));
                QVERIFY2(inside(y.slot, chart.area), qPrintable(name + QLatin1String(": ") + describe(y)));
                QVERIFY2(y.slot.right() <= chart.plot.left(), qPrintable(describe(y)));
                if (i > 0) // bottom to top, not on top of each other
                    QVERIFY2(y.slot.bottom() <= chart.y[i - 1].slot.top() + 0.01, qPrintable(describe(y)));
            }
            QVERIFY2(!chart.x.isEmpty(), qPrintable(name));
            for (qsizetype i = 0; i < chart.x.size(); ++i) {
                const ChartLabel& x = chart.x[i];
                const QString what = name + QLatin1String(": ") + describe(x);
                QVERIFY2(
                    !x.text.contains(QChar(0x2026)) && !x.text.contains(QChar(0x22ee)), qPrintable(what));
                QVERIFY2(x.advance <= x.slot.width(), qPrintable(what));
                QVERIFY2(inside(x.slot, chart.area), qPrintable(what));
                QVERIFY2(x.slot.top() >= chart.plot.bottom(), qPrintable(what));
                if (i > 0)
                    QVERIFY2(chart.x[i - 1].slot.right() <= x.slot.left() + 0.01, qPrintable(what));
                for (const ChartLabel& y : chart.y)
                    QVERIFY2(
                        !x.slot.intersects(y.slot), qPrintable(what + QLatin1String(" / ") + describe(y)));
            }
        }
        // The histograms keep every bucket's label; the daily charts at least their first day.
        QCOMPARE(charts[2].x.size(), qsizetype(metrics::kEditRatioBuckets));
        QCOMPARE(charts[3].x.size(), qsizetype(metrics::kApprovalBuckets));
        QCOMPARE(charts[0].x.first().text, QLocale().toString(q.from.date(), QStringLiteral("d MMM")));
        const QString p2 = pageText(path, 2);
        QVERIFY2(!p2.contains(QChar(0x2026)) && !p2.contains(QChar(0x22ee)), qPrintable(p2));
    }

    // A path into a folder that does not exist: that is the error (not "QPainter::begin(): Returned
    // false"), nothing is created, and an existing report is not touched by a failed write.
    void missingFolderIsNamedAndNothingIsWritten()
    {
        metrics::QualityReport empty;
        empty.query = fixtureQuery();
        PdfReportInput in;
        in.report = empty;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/r.pdf"));
        const Status s = writePdfReport(in, path);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("cannot write %1").arg(path)),
            qPrintable(s.error().message));
        QVERIFY2(s.error().message.contains(QLatin1String("does not exist")), qPrintable(s.error().message));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    }

    // A long rejection reason is cut with "…" inside the page; nothing on the worst-replies page crosses the
    // right margin (pdftotext -bbox: every word's right edge).
    void longReasonStaysInsideThePage()
    {
        metrics::QualityReport empty;
        empty.query = fixtureQuery();
        PdfReportInput in;
        in.report = empty;
        GradedReply g;
        g.conversationId = QStringLiteral("42");
        g.gradedAt = test::utc("2024-03-01T10:00:00.000Z");
        g.gradedBy = QStringLiteral("alice");
        g.tone = 1;
        g.accuracy = 2;
        g.policy = 2;
        g.rejectionReason
            = QStringLiteral("The draft promised a refund that our policy does not offer ").repeated(6)
            + QStringLiteral("TAILWORD");
        g.draft = QStringLiteral("A draft sentence. ").repeated(30) + QStringLiteral("LASTLINE");
        in.worst << g;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("reason.pdf"));
        QVERIFY(writePdfReport(in, path).ok());
        keepForInspection(path);
        const QString p3 = pageText(path, 3);
        const auto lines = p3.split(QLatin1Char('\n'));
        bool cut = false;
        for (const QString& line : lines)
            if (line.contains(QLatin1String("reason:")))
                cut = line.trimmed().endsWith(QStringLiteral("…"))
                    && !line.contains(QLatin1String("TAILWORD"));
        QVERIFY2(cut, qPrintable(p3));
        QVERIFY(p3.contains(QLatin1String("LASTLINE")));
        bool ok = false;
        const QString boxes = run(QStringLiteral("pdftotext"),
            { QStringLiteral("-bbox"), QStringLiteral("-f"), QStringLiteral("3"), QStringLiteral("-l"),
                QStringLiteral("3"), path, QStringLiteral("-") },
            &ok);
        QVERIFY(ok);
        const double pageWidth = 595.28, rightMargin = 0.55 * 72;
        const QRegularExpression word(QStringLiteral("xMax=\"([0-9.]+)\""));
        int words = 0;
        for (auto it = word.globalMatch(boxes); it.hasNext(); ++words) {
            const double xMax = it.next().captured(1).toDouble();
            QVERIFY2(xMax <= pageWidth - rightMargin + 1, qPrintable(QString::number(xMax)));
        }
        QVERIFY(words > 20);
    }

    void manyLongRepliesPaginate()
    {
        metrics::QualityReport empty;
        empty.query = fixtureQuery();
        PdfReportInput in;
        in.report = empty;
        for (int i = 0; i < 12; ++i) {
            GradedReply g;
            g.conversationId = QString::number(100 + i);
            g.gradedAt = test::utc("2024-03-01T10:00:00.000Z");
            g.gradedBy = QStringLiteral("alice");
            g.tone = g.accuracy = g.policy = 2;
            g.draft = QStringLiteral("A long draft sentence that goes on. ").repeated(20);
            g.final = QStringLiteral("The reviewer rewrote it completely, at length. ").repeated(18);
            in.worst << g;
        }
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.pdf"));
        QVERIFY(writePdfReport(in, path).ok());
        keepForInspection(path);
        const int pages = pageCount(path);
        QVERIFY2(pages >= 5, qPrintable(QString::number(pages))); // 12 long blocks need 3+ pages
        QVERIFY(pageText(path, pages).contains(QStringLiteral("Page %1 of %1").arg(pages)));
        QVERIFY(pageText(path, 1).contains(QLatin1String("nothing to measure")));
        QVERIFY(pageText(path, 4).contains(QLatin1String("(continued)")));
    }
};

QTEST_MAIN(TestPdfReport)
#include "tst_pdfreport.moc"
