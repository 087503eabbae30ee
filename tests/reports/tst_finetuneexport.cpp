// JSONL fine-tuning exports: each line validates against OpenAI's chat / preference formats, the grade
// filter holds, and personal data is masked (PiiMasker).
#include "../metrics/MetricsFixture.h"
#include "StorageTestSupport.h"
#include "reports/FineTuneExport.h"
#include "reports/PiiMasker.h"
#include "review/DraftStore.h"
#include "storage/Migrator.h"

#include <QBuffer>
#include <QRegularExpression>

using namespace cx;
using namespace cx::reports;

namespace {
// {"role": "system"|"user"|"assistant", "content": non-empty string} and nothing else.
bool isMessage(const QJsonValue& v, const char* role)
{
    const QJsonObject o = v.toObject();
    return v.isObject() && o.size() == 2 && o.value(QLatin1String("role")).toString() == QLatin1String(role)
        && o.value(QLatin1String("content")).isString()
        && !o.value(QLatin1String("content")).toString().isEmpty();
}

QList<QJsonObject> lines(const QByteArray& data)
{
    QList<QJsonObject> out;
    if (!data.isEmpty() && !data.endsWith('\n'))
        return { QJsonObject { { QStringLiteral("bad"), QStringLiteral("no final newline") } } };
    for (const QByteArray& line : data.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(line, &e);
        out << (e.error == QJsonParseError::NoError && d.isObject()
                ? d.object()
                : QJsonObject { { QStringLiteral("bad"), true } });
    }
    return out;
}

// What no masked text may still contain.
const QRegularExpression kEmail(QStringLiteral("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"));
const QRegularExpression kLongDigits(QStringLiteral("[0-9](?:[ ().-]?[0-9]){8,}"));
} // namespace

class TestFineTuneExport final : public QObject {
    Q_OBJECT
private slots:
    void masksPersonalData_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("email") << QStringLiteral("Write to jane.doe+cx@mail.example.co.uk today")
                               << QStringLiteral("Write to [email] today");
        QTest::newRow("visa with spaces (Luhn ok)")
            << QStringLiteral("card 4111 1111 1111 1111 expired") << QStringLiteral("card [card] expired");
        QTest::newRow("mastercard with hyphens")
            << QStringLiteral("5500-0000-0000-0004.") << QStringLiteral("[card].");
        QTest::newRow("16 digits failing Luhn are not a card")
            << QStringLiteral("ref 1234567812345678 ok") << QStringLiteral("ref 1234567812345678 ok");
        QTest::newRow("international phone")
            << QStringLiteral("Call +49 170 1234567 now") << QStringLiteral("Call [phone] now");
        QTest::newRow("US phone") << QStringLiteral("at (555) 123-4567.") << QStringLiteral("at [phone].");
        QTest::newRow("date kept") << QStringLiteral("on 2024-03-01 at 10:30")
                                   << QStringLiteral("on 2024-03-01 at 10:30");
        QTest::newRow("order number kept")
            << QStringLiteral("order #12345, 2 items") << QStringLiteral("order #12345, 2 items");
        QTest::newRow("price kept") << QStringLiteral("€1299.00") << QStringLiteral("€1299.00");
    }
    void masksPersonalData()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(PiiMasker::mask(input), expected);
    }

    void luhn()
    {
        QVERIFY(PiiMasker::luhnValid(QStringLiteral("4111111111111111")));
        QVERIFY(PiiMasker::luhnValid(QStringLiteral("79927398713")));
        QVERIFY(!PiiMasker::luhnValid(QStringLiteral("4111111111111112")));
        QVERIFY(!PiiMasker::luhnValid(QString()));
    }

    void chatAndPreferenceFiles_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void chatAndPreferenceFiles()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto row = [](const char* conv, int t, int a, int p, bool approved, const char* customer,
                       const char* draft, const char* final, const char* at) {
            test::SignalRow r;
            r.conversationId = QLatin1String(conv);
            r.tone = t;
            r.accuracy = a;
            r.policy = p;
            r.approved = approved;
            r.customerMessage = QString::fromUtf8(customer);
            r.draftReply = QString::fromUtf8(draft);
            r.humanReply = QString::fromUtf8(final);
            r.gradedAt = test::utc(at);
            return r;
        };
        const QList<test::SignalRow> rows {
            // 1: good, edited, personal data in both turns.
            row("1", 5, 5, 4, true,
                "Hi, I'm jane@example.com, my card 4111 1111 1111 1111 was charged twice. Call +44 20 7946 "
                "0958.",
                "We refunded you.",
                "Hi Jane, we refunded the double charge on the card ending 1111. We'll call you at [phone].",
                "2024-03-01T09:00:00.000Z"),
            // 2: good, unchanged (no preference pair).
            row("2", 5, 5, 5, true, "Where is my order?", "It ships tomorrow.", "It ships tomorrow.",
                "2024-03-01T10:00:00.000Z"),
            // 3: accuracy 3 < min grade 4 (no chat example; still a preference pair).
            row("3", 5, 3, 5, true, "Can I return shoes?", "No returns.", "Yes, within 30 days.",
                "2024-03-01T11:00:00.000Z"),
            // 4: rejected: never an example.
            row("4", 2, 2, 2, false, "Help", "Bad draft", "", "2024-03-01T12:00:00.000Z"),
            // 5: no customer message stored (older row).
            row("5", 5, 5, 5, true, "", "Draft", "Final", "2024-03-01T13:00:00.000Z"),
            // 6: outside the range.
            row("6", 5, 5, 5, true, "Outside", "x", "y", "2024-03-05T13:00:00.000Z"),
        };
        for (const auto& r : rows)
            QVERIFY(test::insertSignal(*db, r).ok());
        metrics::QualityQuery q;
        q.from = test::utc("2024-03-01T00:00:00.000Z");
        q.to = test::utc("2024-03-02T00:00:00.000Z");
        FineTuneOptions options;
        options.minGrade = 4;
        QSqlDatabase c = db->connection();

        QBuffer chat;
        chat.open(QIODevice::WriteOnly);
        auto counts = writeChatJsonl(c, db->dialect(), q, options, &chat);
        QVERIFY(counts.ok());
        QCOMPARE(counts->written, 2);
        QCOMPARE(counts->skippedBelowMinGrade, 1);
        QCOMPARE(counts->skippedNoCustomerMessage, 1);
        const auto chatLines = lines(chat.data());
        QCOMPARE(chatLines.size(), 2);
        for (const QJsonObject& o : chatLines) {
            QCOMPARE(o.keys(), QStringList { QStringLiteral("messages") });
            const QJsonArray m = o.value(QLatin1String("messages")).toArray();
            QCOMPARE(m.size(), 3);
            QVERIFY(isMessage(m[0], "system"));
            QVERIFY(isMessage(m[1], "user"));
            QVERIFY(isMessage(m[2], "assistant"));
            for (const QJsonValue& msg : m) {
                const QString text = msg.toObject().value(QLatin1String("content")).toString();
                QVERIFY2(!kEmail.match(text).hasMatch(), qPrintable(text));
                QVERIFY2(!kLongDigits.match(text).hasMatch(), qPrintable(text));
            }
        }
        const QJsonArray first = chatLines[0].value(QLatin1String("messages")).toArray();
        QCOMPARE(first[1].toObject().value(QLatin1String("content")).toString(),
            QStringLiteral("Hi, I'm [email], my card [card] was charged twice. Call [phone]."));
        QVERIFY(first[2]
                    .toObject()
                    .value(QLatin1String("content"))
                    .toString()
                    .startsWith(QLatin1String("Hi Jane, we refunded")));
        QCOMPARE(chatLines[1]
                     .value(QLatin1String("messages"))
                     .toArray()[2]
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("It ships tomorrow."));

        options.minGrade = 5; // row 1 (policy 4) drops out too
        QBuffer strict;
        strict.open(QIODevice::WriteOnly);
        counts = writeChatJsonl(c, db->dialect(), q, options, &strict);
        QVERIFY(counts.ok());
        QCOMPARE(counts->written, 1);

        QBuffer pref;
        pref.open(QIODevice::WriteOnly);
        counts = writePreferenceJsonl(c, db->dialect(), q, options, &pref);
        QVERIFY(counts.ok());
        QCOMPARE(counts->written, 2); // rows 1 and 3; row 2 unchanged
        QCOMPARE(counts->skippedUnchanged, 1);
        const auto prefLines = lines(pref.data());
        QCOMPARE(prefLines.size(), 2);
        for (const QJsonObject& o : prefLines) {
            QCOMPARE(o.keys(),
                (QStringList { QStringLiteral("input"), QStringLiteral("non_preferred_output"),
                    QStringLiteral("preferred_output") }));
            const QJsonArray in
                = o.value(QLatin1String("input")).toObject().value(QLatin1String("messages")).toArray();
            QCOMPARE(in.size(), 2);
            QVERIFY(isMessage(in[0], "system"));
            QVERIFY(isMessage(in[1], "user"));
            const QJsonArray preferred = o.value(QLatin1String("preferred_output")).toArray();
            const QJsonArray rejected = o.value(QLatin1String("non_preferred_output")).toArray();
            QCOMPARE(preferred.size(), 1);
            QCOMPARE(rejected.size(), 1);
            QVERIFY(isMessage(preferred[0], "assistant"));
            QVERIFY(isMessage(rejected[0], "assistant"));
            QVERIFY(preferred[0] != rejected[0]);
        }
        const QJsonObject second = prefLines[1];
        QCOMPARE(second.value(QLatin1String("preferred_output"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("Yes, within 30 days."));
        QCOMPARE(second.value(QLatin1String("non_preferred_output"))
                     .toArray()[0]
                     .toObject()
                     .value(QLatin1String("content"))
                     .toString(),
            QStringLiteral("No returns."));
    }

    // An empty export says why.
    void emptyExportSaysWhy_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void emptyExportSaysWhy()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        metrics::QualityQuery q;
        q.from = test::utc("2024-03-01T00:00:00.000Z");
        q.to = test::utc("2024-03-02T00:00:00.000Z");
        QSqlDatabase c = db->connection();
        auto exportNow = [&]() {
            QBuffer out;
            out.open(QIODevice::WriteOnly);
            auto counts = writeChatJsonl(c, db->dialect(), q, FineTuneOptions {}, &out);
            return counts ? emptyChatExportReason(*counts, 4) : counts.error().message;
        };
        QCOMPARE(exportNow(), QStringLiteral("no approved replies in this range"));
        test::SignalRow r;
        r.gradedAt = test::utc("2024-03-01T09:00:00.000Z");
        r.humanReply = QStringLiteral("Final");
        QVERIFY(test::insertSignal(*db, r).ok()); // an older row: no customer message
        QCOMPARE(exportNow(), QStringLiteral("no customer message stored (1 approved rows)"));
        r.customerMessage = QStringLiteral("Where is my order?");
        r.accuracy = 3;
        QVERIFY(test::insertSignal(*db, r).ok());
        QCOMPARE(exportNow(),
            QStringLiteral("0 rows reach min grade 4 (2 approved rows, 1 without a customer message)"));
        r.accuracy = 4;
        QVERIFY(test::insertSignal(*db, r).ok());
        QCOMPARE(exportNow(), QString()); // one example written: nothing to explain
    }

    // Migration 0303 copies the draft's customer message into learning signals saved without it.
    void migrationFillsTheCustomerMessage_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void migrationFillsTheCustomerMessage()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        review::DraftRecord d;
        d.accountId = 1;
        d.conversationId = 7;
        d.messageId = 70;
        d.content.text = QStringLiteral("Draft");
        d.customerMessage = QStringLiteral("Can I return shoes?");
        auto draft = review::DraftStore(*db).insert(d);
        QVERIFY(draft.ok());
        test::SignalRow r;
        r.gradedAt = test::utc("2024-03-01T09:00:00.000Z");
        r.humanReply = QStringLiteral("Final");
        r.draftId = draft->id;
        QVERIFY(test::insertSignal(*db, r).ok()); // saved without the customer message
        QSqlDatabase c = db->connection();
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_version WHERE version = 303")));
        QVERIFY(storage::Migrator::migrate(c, db->dialect()).ok());
        QVERIFY(q.exec(QStringLiteral("SELECT customer_message FROM customer_reply_grading")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("Can I return shoes?"));
    }
};

QTEST_GUILESS_MAIN(TestFineTuneExport)
#include "tst_finetuneexport.moc"
