// The database's own guards on approvals (migration 0005), on SQLite and PostgreSQL. Everything here is
// written by the database owner, whom row-level security does not restrict: what is refused is refused by
// the triggers alone (tst_rowlevelsecurity covers the policies and privileges with real login roles).
#include "ApprovalRows.h"
#include "StorageTestSupport.h"
#include "TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cx;
using namespace cx::storage;
using namespace cx::test;

class TestApprovalGuards final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_sqlite;
    std::shared_ptr<Database> m_postgres;
    const Review m_alice { QStringLiteral("alice") };

    Database& db(const QString& dialect)
    {
        return dialect == QLatin1String("sqlite") ? *m_sqlite : *m_postgres;
    }

    // An approved draft (as alice approved it) and its queued reply.
    struct Queued {
        DraftRow draft;
        OutboxValues outbox;
    };
    Result<Queued> queueApproved(Database& d)
    {
        auto draft = insertDraft(d, QStringLiteral("approved"), &m_alice);
        if (!draft)
            return draft.error();
        Queued q { draft.value(), outboxFor(draft.value(), m_alice) };
        if (auto ins = insertOutbox(d.connection(), d.dialect(), q.outbox); !ins)
            return ins.error();
        return q;
    }

    static void verifyRefused(const Result<int>& r, const QString& field)
    {
        QVERIFY2(!r.ok(), "the database accepted it");
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.contains(field), qPrintable(r.error().message));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sqlite = openFreshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(m_sqlite);
        if (!postgresAdminUrl().isEmpty()) { // (aborts under CI without a server)
            m_postgres = openFreshDatabase(QStringLiteral("postgresql"), m_dir);
            QVERIFY(m_postgres);
        }
    }

    // --- outbox: a row only for an approved draft ---------------------------------------------------------

    void outboxNeedsApprovedDraft_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("state");
        QTest::addColumn<bool>("reviewed");
        QTest::addColumn<QString>("field"); // empty: accepted
        const struct {
            const char* name;
            const char* state;
            bool reviewed;
            const char* field;
        } cases[] = { { "drafted", "drafted", false, "draft_id" }, { "noted", "noted", false, "draft_id" },
            { "rejected with grades", "rejected", true, "draft_id" },
            { "superseded after approval", "superseded", true, "draft_id" },
            { "missing draft", "", false, "draft_id" }, { "approved", "approved", true, "" },
            { "sent", "sent", true, "" } };
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const auto& c : cases)
                QTest::addRow("%s %s", dialect, c.name)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(c.state) << c.reviewed
                    << QString::fromLatin1(c.field);
        }
    }
    void outboxNeedsApprovedDraft()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, state);
        QFETCH(bool, reviewed);
        QFETCH(QString, field);
        Database& d = db(dialect);
        DraftRow draft;
        if (state.isEmpty()) {
            draft = { newId(), 1, 424242 };
        } else {
            auto inserted = insertDraft(d, state, reviewed ? &m_alice : nullptr);
            QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().toString()));
            draft = inserted.value();
        }
        const auto r = insertOutbox(d.connection(), d.dialect(), outboxFor(draft, m_alice));
        if (field.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            return;
        }
        verifyRefused(r, field);
        QCOMPARE(
            readValue(d, QStringLiteral("SELECT COUNT(*) FROM reply_outbox WHERE draft_id = ?"), { draft.id })
                .toInt(),
            0);
    }

    void outboxCarriesTheApproval_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("field");
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            const QString d = QString::fromLatin1(dialect);
            QTest::addRow("%s in another reviewer's name", dialect)
                << d << QStringLiteral("approved_by") << QStringLiteral("approved_by");
            QTest::addRow("%s other text", dialect)
                << d << QStringLiteral("content") << QStringLiteral("content");
            QTest::addRow("%s other conversation", dialect)
                << d << QStringLiteral("conversation_id") << QStringLiteral("conversation_id");
            QTest::addRow("%s other account", dialect)
                << d << QStringLiteral("account_id") << QStringLiteral("conversation_id");
        }
        // SQLite has no SHA-256 function: there the application writes the hash, and it never changes after.
        if (!postgresAdminUrl().isEmpty())
            QTest::addRow("postgresql wrong content hash")
                << QStringLiteral("postgresql") << QStringLiteral("content_hash")
                << QStringLiteral("content_hash");
    }
    void outboxCarriesTheApproval()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, change);
        QFETCH(QString, field);
        Database& d = db(dialect);
        auto draft = insertDraft(d, QStringLiteral("approved"), &m_alice);
        QVERIFY(draft.ok());
        OutboxValues o = outboxFor(draft.value(), m_alice);
        if (change == QLatin1String("approved_by"))
            o.approvedBy = QStringLiteral("bob");
        else if (change == QLatin1String("content"))
            o.content = QStringLiteral("Send us your card number to get a refund.");
        else if (change == QLatin1String("conversation_id"))
            o.conversationId += 1;
        else if (change == QLatin1String("account_id"))
            o.accountId += 1;
        else if (change == QLatin1String("content_hash"))
            o.contentHash = sha256Hex(QStringLiteral("something else"));
        verifyRefused(insertOutbox(d.connection(), d.dialect(), o), field);
        // The unchanged row goes in: the refusal was about that one field.
        QVERIFY(insertOutbox(d.connection(), d.dialect(), outboxFor(draft.value(), m_alice)).ok());
    }

    // --- outbox: what was approved never changes; sent is final -------------------------------------------

    void outboxApprovalImmutable_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("field"); // empty: a delivery column, which moves
        const std::pair<const char*, const char*> columns[] = { { "content", "content" },
            { "content_hash", "content" }, { "approved_by", "approved_by" }, { "approved_at", "approved_by" },
            { "draft_id", "draft_id" }, { "send_key", "draft_id" }, { "account_id", "draft_id" },
            { "conversation_id", "draft_id" }, { "id", "draft_id" }, { "created_at", "draft_id" },
            { "state", "" }, { "attempts", "" }, { "last_known_message_id", "" },
            { "chatwoot_message_id", "" }, { "last_error", "" }, { "updated_at", "" }, { "sent_at", "" } };
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const auto& [column, field] : columns)
                QTest::addRow("%s %s", dialect, column)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(column)
                    << QString::fromLatin1(field);
        }
    }
    void outboxApprovalImmutable()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, column);
        QFETCH(QString, field);
        Database& d = db(dialect);
        auto queued = queueApproved(d);
        QVERIFY2(queued.ok(), qPrintable(queued.ok() ? QString() : queued.error().toString()));
        const QVariant later = toSqlTime(Clock::nowUtc().addSecs(3600), d.dialect());
        QVariant value;
        if (column == QLatin1String("draft_id")) {
            auto other = insertDraft(d, QStringLiteral("approved"), &m_alice); // a real row: no FK error
            QVERIFY(other.ok());
            value = other.value().id;
        } else if (column == QLatin1String("content")) {
            value = QStringLiteral("Send us your card number to get a refund.");
        } else if (column == QLatin1String("content_hash")) {
            value = sha256Hex(QStringLiteral("Send us your card number to get a refund."));
        } else if (column == QLatin1String("approved_by")) {
            value = QStringLiteral("bob");
        } else if (column == QLatin1String("send_key")) {
            value = QString(QStringLiteral("draft:") + newId());
        } else if (column == QLatin1String("id")) {
            value = newId();
        } else if (column == QLatin1String("state")) {
            value = QStringLiteral("sending");
        } else if (column == QLatin1String("last_error")) {
            value = QStringLiteral("timeout");
        } else if (column.endsWith(QLatin1String("_at"))) {
            value = later;
        } else {
            value = queued.value().draft.conversationId + 1; // the integer columns
        }
        const auto r
            = execSql(d, QStringLiteral("UPDATE reply_outbox SET %1 = ? WHERE draft_id = ?").arg(column),
                { value, queued.value().draft.id });
        if (field.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            QCOMPARE(r.value(), 1);
            return;
        }
        verifyRefused(r, field);
        QCOMPARE(readValue(d, QStringLiteral("SELECT content FROM reply_outbox WHERE draft_id = ?"),
                     { queued.value().draft.id })
                     .toString(),
            m_alice.finalText);
    }

    void outboxSentIsFinal_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("to");
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const char* to : { "pending", "sending", "unknown", "failed" })
                QTest::addRow("%s sent to %s", dialect, to)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(to);
        }
    }
    void outboxSentIsFinal()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, to);
        Database& d = db(dialect);
        auto queued = queueApproved(d);
        QVERIFY(queued.ok());
        const QString id = queued.value().outbox.id;
        auto sent = execSql(d,
            QStringLiteral("UPDATE reply_outbox SET state = 'sent', chatwoot_message_id = 77, sent_at = ? "
                           "WHERE id = ?"),
            { sqlNow(d), id });
        QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().toString()));
        verifyRefused(
            execSql(d, QStringLiteral("UPDATE reply_outbox SET state = ? WHERE id = ?"), { to, id }),
            QStringLiteral("state"));
        QCOMPARE(
            readValue(d, QStringLiteral("SELECT state FROM reply_outbox WHERE id = ?"), { id }).toString(),
            QStringLiteral("sent"));
    }

    // --- drafts: the review is written once, by the deciding step -----------------------------------------

    void approvedDraftCannotBeRewritten_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("assignment");
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const char* a : { "grade_tone = 1", "grade_accuracy = 1", "grade_policy = 1",
                     "reviewed_by = 'bob'", "final_text = 'Other text'", "approved_at = NULL",
                     "grade_tone = NULL, grade_accuracy = NULL, grade_policy = NULL, state = 'noted'" })
                QTest::addRow("%s %s", dialect, a) << QString::fromLatin1(dialect) << QString::fromLatin1(a);
        }
    }
    void approvedDraftCannotBeRewritten()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, assignment);
        Database& d = db(dialect);
        auto draft = insertDraft(d, QStringLiteral("approved"), &m_alice);
        QVERIFY(draft.ok());
        const auto r = execSql(
            d, QStringLiteral("UPDATE drafts SET %1 WHERE id = ?").arg(assignment), { draft.value().id });
        QVERIFY2(!r.ok(), "an approved draft's review was rewritten");
        QCOMPARE(r.error().kind, ErrorKind::Conflict); // one of the guards (several apply)
        QVERIFY(!r.error().field.isEmpty());
        QCOMPARE(
            readValue(d,
                QStringLiteral("SELECT reviewed_by || ':' || grade_tone || grade_accuracy || grade_policy || "
                               "':' || final_text || ':' || state FROM drafts WHERE id = ?"),
                { draft.value().id })
                .toString(),
            QStringLiteral("alice:455:") + m_alice.finalText + QStringLiteral(":approved"));
    }

    // A value already there is kept even by the approval itself (a draft that reached 'noted' carrying a
    // review: the approval may not replace it).
    void reviewWrittenOnce_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("field"); // empty: the same values, accepted
        const std::pair<const char*, const char*> columns[] = { { "grade_tone", "grades" },
            { "grade_accuracy", "grades" }, { "grade_policy", "grades" }, { "reviewed_by", "reviewed_by" },
            { "final_text", "final_text" }, { "approved_at", "approved_at" }, { "nothing", "" } };
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const auto& [column, field] : columns)
                QTest::addRow("%s %s", dialect, column)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(column)
                    << QString::fromLatin1(field);
        }
    }
    void reviewWrittenOnce()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, column);
        QFETCH(QString, field);
        Database& d = db(dialect);
        auto draft = insertDraft(d, QStringLiteral("noted"), &m_alice);
        QVERIFY(draft.ok());
        const QString id = draft.value().id;
        const QVariant approvedAt
            = readValue(d, QStringLiteral("SELECT approved_at FROM drafts WHERE id = ?"), { id });
        QVariantMap values { { QStringLiteral("grade_tone"), m_alice.tone },
            { QStringLiteral("grade_accuracy"), m_alice.accuracy },
            { QStringLiteral("grade_policy"), m_alice.policy },
            { QStringLiteral("reviewed_by"), m_alice.reviewer },
            { QStringLiteral("final_text"), m_alice.finalText },
            { QStringLiteral("approved_at"), approvedAt } };
        if (column == QLatin1String("reviewed_by"))
            values[column] = QStringLiteral("bob");
        else if (column == QLatin1String("final_text"))
            values[column] = QStringLiteral("Other text");
        else if (column == QLatin1String("approved_at"))
            values[column] = toSqlTime(Clock::nowUtc().addSecs(3600), d.dialect());
        else if (column.startsWith(QLatin1String("grade_")))
            values[column] = 1;
        const auto r = execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'approved', grade_tone = ?, grade_accuracy = ?, "
                           "grade_policy = ?, reviewed_by = ?, final_text = ?, approved_at = ? WHERE id = ?"),
            { values.value(QStringLiteral("grade_tone")), values.value(QStringLiteral("grade_accuracy")),
                values.value(QStringLiteral("grade_policy")), values.value(QStringLiteral("reviewed_by")),
                values.value(QStringLiteral("final_text")), values.value(QStringLiteral("approved_at")),
                id });
        if (field.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            QCOMPARE(r.value(), 1);
            return;
        }
        verifyRefused(r, field);
    }

    // Nobody pre-fills a review: grades and reviewer only with an approval or a rejection, the final text
    // and approval time only with an approval.
    void reviewOnlyWhenDeciding_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("field"); // empty: accepted
        const std::pair<const char*, const char*> cases[]
            = { { "grade_tone = 5", "grades" }, { "grade_accuracy = 5", "grades" },
                  { "grade_policy = 5", "grades" }, { "reviewed_by = 'alice'", "reviewed_by" },
                  { "final_text = 'Other text'", "final_text" }, { "approved_at = updated_at", "final_text" },
                  { "state = 'superseded', grade_tone = 5", "grades" },
                  { "state = 'superseded', reviewed_by = 'alice'", "reviewed_by" },
                  { "state = 'rejected', grade_tone = 2, grade_accuracy = 2, grade_policy = 2, reviewed_by = "
                    "'alice', "
                    "final_text = 'Other text'",
                      "final_text" },
                  { "state = 'rejected', grade_tone = 2, grade_accuracy = 2, grade_policy = 2, reviewed_by = "
                    "'alice', "
                    "rejection_reason = 'wrong facts'",
                      "" } };
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const auto& [assignment, field] : cases)
                QTest::addRow("%s %s", dialect, assignment)
                    << QString::fromLatin1(dialect) << QString::fromLatin1(assignment)
                    << QString::fromLatin1(field);
        }
    }
    void reviewOnlyWhenDeciding()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, assignment);
        QFETCH(QString, field);
        Database& d = db(dialect);
        auto draft = insertDraft(d, QStringLiteral("noted"));
        QVERIFY(draft.ok());
        const auto r = execSql(
            d, QStringLiteral("UPDATE drafts SET %1 WHERE id = ?").arg(assignment), { draft.value().id });
        if (field.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            QCOMPARE(r.value(), 1);
            return;
        }
        verifyRefused(r, field);
    }

    void draftStateTransitions_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        const QStringList states { QStringLiteral("drafted"), QStringLiteral("noted"),
            QStringLiteral("approved"), QStringLiteral("sent"), QStringLiteral("rejected"),
            QStringLiteral("superseded") };
        const QStringList allowed { QStringLiteral("drafted>noted"), QStringLiteral("noted>approved"),
            QStringLiteral("approved>sent"), QStringLiteral("drafted>rejected"),
            QStringLiteral("noted>rejected"), QStringLiteral("drafted>superseded"),
            QStringLiteral("noted>superseded"), QStringLiteral("approved>superseded") };
        for (const char* dialect : { "sqlite", "postgresql" }) {
            if (QLatin1String(dialect) == QLatin1String("postgresql") && postgresAdminUrl().isEmpty())
                continue;
            for (const QString& from : states)
                for (const QString& to : states) // every pair; same state = an update that moves nothing
                    QTest::addRow("%s %s>%s", dialect, qPrintable(from), qPrintable(to))
                        << QString::fromLatin1(dialect) << from << to
                        << (from == to || allowed.contains(from + QLatin1Char('>') + to));
        }
    }
    void draftStateTransitions()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        Database& d = db(dialect);
        // The draft carries a full review whatever its state, so that only the state moves.
        auto draft = insertDraft(d, from, &m_alice);
        QVERIFY(draft.ok());
        const auto r = execSql(
            d, QStringLiteral("UPDATE drafts SET state = ? WHERE id = ?"), { to, draft.value().id });
        if (allowed) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
            QCOMPARE(r.value(), 1);
        } else {
            verifyRefused(r, QStringLiteral("state"));
        }
    }

    // --- what the application does keeps working ----------------------------------------------------------

    void legitimateFlowStillWorks_data()
    {
        QTest::addColumn<QString>("dialect");
        addDialectRows();
    }
    void legitimateFlowStillWorks()
    {
        QFETCH(QString, dialect);
        Database& d = db(dialect);
        auto ok = [](const Result<int>& r, int rows = 1) {
            if (!r)
                return r.error().toString();
            return r.value() == rows ? QString() : QStringLiteral("%1 rows changed").arg(r.value());
        };
#define CX_STEP(...) QCOMPARE(ok(__VA_ARGS__), QString())
        // Drafted, its content filled in, the private note posted, the review opened.
        auto drafted = insertDraft(d, QStringLiteral("drafted"));
        QVERIFY(drafted.ok());
        const QString id = drafted.value().id;
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET draft_text = 'Ships today.', updated_at = ? WHERE id = ?"),
            { sqlNow(d), id }));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'noted', note_message_id = 5 WHERE id = ?"), { id }));
        CX_STEP(execSql(d,
            QStringLiteral(
                "UPDATE drafts SET review_opened_at = ? WHERE id = ? AND review_opened_at IS NULL"),
            { sqlNow(d), id }));
        // Approved, queued, claimed, an unknown outcome, claimed again, sent and recorded.
        CX_STEP(approve(d.connection(), d.dialect(), id, m_alice));
        const OutboxValues o = outboxFor(drafted.value(), m_alice);
        CX_STEP(insertOutbox(d.connection(), d.dialect(), o));
        const QString claim
            = QStringLiteral("UPDATE reply_outbox SET state = 'sending', attempts = attempts + 1, "
                             "updated_at = ? WHERE id = ? AND state = ? AND attempts = ?");
        CX_STEP(execSql(d, claim, { sqlNow(d), o.id, QStringLiteral("pending"), 0 }));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE reply_outbox SET state = 'unknown', last_error = 'timeout', "
                           "last_known_message_id = 9, updated_at = ? WHERE id = ? AND state <> 'sent'"),
            { sqlNow(d), o.id }));
        CX_STEP(execSql(d, claim, { sqlNow(d), o.id, QStringLiteral("unknown"), 1 }));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE reply_outbox SET state = 'sent', chatwoot_message_id = 77, sent_at = ?, "
                           "updated_at = ?, last_error = NULL WHERE id = ? AND state <> 'sent'"),
            { sqlNow(d), sqlNow(d), o.id }));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'sent', sent_message_id = 77, sent_at = ? "
                           "WHERE id = ? AND state = 'approved'"),
            { sqlNow(d), id }));
        // Recording it again changes nothing, and is no error.
        CX_STEP(execSql(d,
                    QStringLiteral("UPDATE reply_outbox SET state = 'sent' WHERE id = ? AND state <> 'sent'"),
                    { o.id }),
            0);

        // Rejected with grades (the approval time cleared, as the approval flow writes it).
        auto toReject = insertDraft(d, QStringLiteral("noted"));
        QVERIFY(toReject.ok());
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'rejected', grade_tone = 2, grade_accuracy = 1, "
                           "grade_policy = 3, reviewed_by = 'alice', rejection_reason = 'wrong', "
                           "approved_at = NULL, review_opened_at = COALESCE(review_opened_at, ?) "
                           "WHERE id = ? AND state IN ('drafted', 'noted')"),
            { sqlNow(d), toReject.value().id }));

        // Superseded while waiting, then linked to the draft that replaces it; an approved draft gone stale.
        auto waiting = insertDraft(d, QStringLiteral("noted"));
        auto newer = insertDraft(d, QStringLiteral("drafted"));
        QVERIFY(waiting.ok() && newer.ok());
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'superseded', superseded_by = NULL WHERE id = ?"),
            { waiting.value().id }));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET superseded_by = ? WHERE id = ? AND state = 'superseded'"),
            { newer.value().id, waiting.value().id }));
        auto stale = insertDraft(d, QStringLiteral("noted"));
        QVERIFY(stale.ok());
        CX_STEP(approve(d.connection(), d.dialect(), stale.value().id, m_alice));
        CX_STEP(execSql(d,
            QStringLiteral("UPDATE drafts SET state = 'superseded' WHERE id = ? AND state = 'approved'"),
            { stale.value().id }));
#undef CX_STEP
    }

    // --- the shared test helper: no silent skip of PostgreSQL under CI -------------------------------------

    void missingPostgresAbortsUnderCi()
    {
        auto run = [](bool ci) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("CXPILOT_TEST_PG_URL"));
            env.remove(QStringLiteral("CI"));
            if (ci)
                env.insert(QStringLiteral("CI"), QStringLiteral("true"));
            QProcess p;
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QCoreApplication::applicationFilePath(), { QStringLiteral("legitimateFlowStillWorks") });
            p.waitForFinished(120000);
            return std::pair { p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                QString::fromUtf8(p.readAll()) };
        };
        const auto [devOk, devOutput] = run(false);
        QVERIFY2(devOk, qPrintable(devOutput)); // a developer machine: the SQLite row alone
        QVERIFY2(devOutput.contains(
                     QLatin1String("PASS   : TestApprovalGuards::legitimateFlowStillWorks(sqlite)")),
            qPrintable(devOutput));
        const auto [ciOk, ciOutput] = run(true);
        QVERIFY2(!ciOk, qPrintable(ciOutput));
        QVERIFY2(ciOutput.contains(QLatin1String("CI run without PostgreSQL")), qPrintable(ciOutput));
    }

    void cleanupTestCase()
    {
        m_sqlite.reset();
        m_postgres.reset();
    }
};

QTEST_GUILESS_MAIN(TestApprovalGuards)
#include "tst_approvalguards.moc"
