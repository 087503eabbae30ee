// CSV exports round-trip through a small RFC 4180 parser written here (independent of the writer).
#include "../metrics/MetricsFixture.h"
#include "StorageTestSupport.h"
#include "metrics/QualityTracker.h"
#include "reports/CsvReport.h"
#include "reports/CsvWriter.h"

#include <QBuffer>

using namespace cx;
using namespace cx::reports;

namespace {
// RFC 4180: records end with CRLF, fields separated by ',', a quoted field may contain ',', CR, LF and ""
// (an escaped quote). Returns nullopt on malformed input (a quote inside an unquoted field, an unterminated
// quote, a bare LF as record end).
std::optional<QList<QStringList>> parseCsv(const QByteArray& bytes)
{
    QString s = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString field;
    qsizetype i = 0;
    auto endRecord = [&] {
        record << field;
        field.clear();
        records << record;
        record.clear();
    };
    while (i < s.size()) {
        if (s[i] == QLatin1Char('"') && field.isEmpty()) {
            ++i;
            for (;;) {
                if (i >= s.size())
                    return std::nullopt;
                if (s[i] == QLatin1Char('"')) {
                    if (i + 1 < s.size() && s[i + 1] == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += s[i++];
            }
            if (i < s.size() && s[i] != QLatin1Char(',') && s[i] != QLatin1Char('\r'))
                return std::nullopt;
            continue;
        }
        if (s[i] == QLatin1Char(',')) {
            record << field;
            field.clear();
            ++i;
        } else if (s[i] == QLatin1Char('\r')) {
            if (i + 1 >= s.size() || s[i + 1] != QLatin1Char('\n'))
                return std::nullopt;
            endRecord();
            i += 2;
        } else if (s[i] == QLatin1Char('\n') || s[i] == QLatin1Char('"')) {
            return std::nullopt;
        } else {
            field += s[i++];
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        return std::nullopt; // last record must end with CRLF
    return records;
}

QByteArray stripBom(const QByteArray& b)
{
    return b.startsWith("\xEF\xBB\xBF") ? b.mid(3) : QByteArray();
}
} // namespace

class TestCsvReport final : public QObject {
    Q_OBJECT
private slots:
    void writerRoundTripsAwkwardFields_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("hello") << QStringLiteral("hello");
        QTest::newRow("comma") << QStringLiteral("a, b") << QStringLiteral("a, b");
        QTest::newRow("quotes") << QStringLiteral("say \"hi\"") << QStringLiteral("say \"hi\"");
        QTest::newRow("CRLF and LF inside")
            << QStringLiteral("line1\r\nline2\nline3") << QStringLiteral("line1\r\nline2\nline3");
        QTest::newRow("unicode") << QStringLiteral("Grüße, 你好 — ok") << QStringLiteral("Grüße, 你好 — ok");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("formula is neutralised")
            << QStringLiteral("=HYPERLINK(\"x\")") << QStringLiteral("'=HYPERLINK(\"x\")");
        QTest::newRow("at sign") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    }
    void writerRoundTripsAwkwardFields()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QBuffer buf;
        buf.open(QIODevice::WriteOnly);
        CsvWriter w(&buf);
        w.writeRow({ QStringLiteral("id"), QStringLiteral("text"), QStringLiteral("last") });
        w.writeRow({ QStringLiteral("1"), CsvWriter::text(value), QStringLiteral("end") });
        QVERIFY(w.ok());
        QVERIFY(buf.data().startsWith("\xEF\xBB\xBF"));
        const auto rows = parseCsv(stripBom(buf.data()));
        QVERIFY(rows.has_value());
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(1), (QStringList { QStringLiteral("1"), expected, QStringLiteral("end") }));
    }

    void dailyAndSignals_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void dailyAndSignals()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        QCOMPARE(test::loadSignalsFixture(*db), QString());
        // One more row with text that needs quoting, on 2 March.
        test::SignalRow awkward;
        awkward.conversationId = QStringLiteral("c99");
        awkward.inboxId = QVariant::fromValue(qint64(3));
        awkward.gradedAt = test::utc("2024-03-02T21:00:00.000Z");
        awkward.tone = 4;
        awkward.accuracy = 4;
        awkward.policy = 3;
        awkward.editDistance = 7;
        awkward.editRatio = 0.25;
        awkward.draftReply = QStringLiteral("Hello \"Sam\",\r\nyour refund, as promised, is on its way.");
        awkward.humanReply = QStringLiteral("=1+1 is not a formula here");
        QVERIFY(test::insertSignal(*db, awkward).ok());

        metrics::QualityQuery q;
        q.from = test::utc("2024-03-01T00:00:00.000Z");
        q.to = test::utc("2024-03-03T00:00:00.000Z");
        q.asOf = test::utc("2024-03-02T20:20:00.000Z");
        QSqlDatabase c = db->connection();
        auto report = metrics::QualityTracker::computeNow(c, db->dialect(), q);
        QVERIFY(report.ok());

        QBuffer daily;
        daily.open(QIODevice::WriteOnly);
        QVERIFY(writeDailyCsv(*report, &daily).ok());
        auto rows = parseCsv(stripBom(daily.data()));
        QVERIFY(rows.has_value());
        QCOMPARE(rows->size(), 3); // header + 2 days
        QCOMPARE(rows->at(0), dailyCsvHeader());
        const QStringList& d1 = rows->at(1);
        const QStringList header = dailyCsvHeader();
        auto col = [&](const QStringList& r, const char* name) {
            return r.value(header.indexOf(QLatin1String(name)));
        };
        QCOMPARE(col(d1, "day"), QStringLiteral("2024-03-01"));
        QCOMPARE(col(d1, "reviewed"), QStringLiteral("4"));
        QCOMPARE(col(d1, "avg_tone"), QStringLiteral("3.5"));
        QCOMPARE(col(d1, "avg_accuracy"), QStringLiteral("4.25"));
        QCOMPARE(col(d1, "sla_compliance_pct"), QStringLiteral("66.6666666667"));
        const QStringList& d2 = rows->at(2);
        QCOMPARE(col(d2, "reviewed"), QStringLiteral("7"));
        QCOMPARE(col(d2, "open_sla_breaches"), QStringLiteral("1"));
        QVERIFY(qAbs(col(d2, "avg_tone").toDouble() - 26.0 / 7.0) < 1e-9);

        QBuffer sig;
        sig.open(QIODevice::WriteOnly);
        auto n = writeSignalsCsv(c, db->dialect(), q, &sig);
        QVERIFY(n.ok());
        QCOMPARE(*n, 11);
        rows = parseCsv(stripBom(sig.data()));
        QVERIFY(rows.has_value());
        QCOMPARE(rows->size(), 12);
        const QStringList sh = signalsCsvHeader();
        QCOMPARE(rows->at(0), sh);
        for (const QStringList& r : *rows)
            QCOMPARE(r.size(), sh.size());
        const QStringList& last = rows->last(); // newest: the awkward row
        auto scol = [&](const char* name) { return last.value(sh.indexOf(QLatin1String(name))); };
        QCOMPARE(scol("conversation_id"), QStringLiteral("c99"));
        QCOMPARE(scol("graded_at"), QStringLiteral("2024-03-02T21:00:00.000Z"));
        QCOMPARE(scol("draft_reply"), awkward.draftReply);
        QCOMPARE(scol("human_reply"), QStringLiteral("'=1+1 is not a formula here"));
        QCOMPARE(scol("overall"), QStringLiteral("3.6666666667"));
        QCOMPARE(scol("edit_ratio"), QStringLiteral("0.25"));
        const QStringList& first = rows->at(1); // A at midnight
        QCOMPARE(first.value(sh.indexOf(QLatin1String("conversation_id"))), QStringLiteral("c1"));
        QCOMPARE(first.value(sh.indexOf(QLatin1String("first_response_s"))), QStringLiteral("600"));
        QCOMPARE(first.value(sh.indexOf(QLatin1String("approval_s"))), QStringLiteral("480"));
    }
};

QTEST_GUILESS_MAIN(TestCsvReport)
#include "tst_csvreport.moc"
