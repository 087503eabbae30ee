// The command line end to end: the real cxpilot binary in a child process, against SQLite files and the
// simulated Chatwoot sandbox (in this test process). No display: the child runs without DISPLAY.
#include "chatwoot/ChatwootSandbox.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

namespace {
// A list of plain ASCII arguments (QT_NO_CAST_FROM_ASCII forbids QStringList { "a" }).
struct L : QStringList {
    L(std::initializer_list<const char*> items)
    {
        for (const char* item : items)
            append(QString::fromUtf8(item));
    }
};
} // namespace

class TestCli final : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    Run run(const QStringList& args, const QProcessEnvironment& extra = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("CXPILOT_DATABASE_URL"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        for (const QString& key : extra.keys())
            env.insert(key, extra.value(key));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("CXPILOT_BIN"), args);
        // The child may call back into the sandbox served by this process: keep the event loop running.
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000))
            p.kill();
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    QTemporaryDir m_home;

    static void writeFile(const QString& path, const QByteArray& data)
    {
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
        f.write(data);
    }
    static QStringList databasesUnder(const QString& dir)
    {
        QStringList found;
        QDirIterator it(dir, { QStringLiteral("*.db") }, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            found << it.next();
        return found;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("CXPILOT_BIN")), "CXPILOT_BIN not built");
    }

    void versionAndHelp()
    {
        const Run v = run({ QStringLiteral("--version") });
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith(QLatin1String("cxpilot ")));
        const Run h = run({ QStringLiteral("--help") });
        QCOMPARE(h.code, 0);
        for (const char* command :
            { "db migrate", "health", "chatwoot", "sandbox", "kb ", "draft", "audit", "report" })
            QVERIFY2(h.out.contains(QLatin1String(command)), command);
        const Run unknown = run({ QStringLiteral("frobnicate") });
        QVERIFY(unknown.code != 0);
    }

    // `sandbox --help` explains and exits; it never starts a server (which would run until killed).
    void sandboxHelpPrintsHelpAndExits()
    {
        for (const QStringList& args : { QStringList { QStringLiteral("sandbox"), QStringLiteral("--help") },
                 QStringList { QStringLiteral("sandbox"), QStringLiteral("-h") },
                 QStringList { QStringLiteral("sandbox"), QStringLiteral("--port"), QStringLiteral("0"),
                     QStringLiteral("--help") } }) {
            const Run r = run(args);
            QVERIFY2(r.code == 0, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err));
            QVERIFY(r.out.contains(QLatin1String("Usage: cxpilot sandbox")));
            for (const char* option : { "--port", "--token", "--seed", "--customers", "--page-size" })
                QVERIFY2(r.out.contains(QLatin1String(option)), option);
            QVERIFY2(!r.out.contains(QLatin1String("SIMULATED Chatwoot sandbox at")), "a sandbox started");
        }
    }

    void dbMigrateIsIdempotentAndRejectsBadUrls()
    {
        QTemporaryDir dir;
        const QString url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("cx.db"));
        const Run first
            = run({ QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--database"), url });
        QCOMPARE(first.code, 0);
        QVERIFY2(first.out.contains(QLatin1String("schema version")), qPrintable(first.out));
        const Run second
            = run({ QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--database"), url });
        QCOMPARE(second.code, 0);
        QCOMPARE(second.out, first.out);
        const Run bad = run({ QStringLiteral("db"), QStringLiteral("migrate"), QStringLiteral("--database"),
            QStringLiteral("ftp://x") });
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains(QLatin1String("database URL")));
        const Run audit
            = run({ QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--database"), url });
        QCOMPARE(audit.code, 0);
        QVERIFY(audit.out.contains(QLatin1String("intact")));
    }

    // Bad input from outside: a clear error naming the option or value, a non-zero exit, and nothing made or
    // lost (no database created anywhere, no file written). @DIR@ is a fresh folder per row holding the
    // fixtures below; it is also the row's XDG_DATA_HOME/XDG_CONFIG_HOME (so a default database would show).
    void badInputIsAClearError_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("env"); // KEY=VALUE
        QTest::addColumn<int>("code");
        QTest::addColumn<QStringList>("mentions"); // each must appear in stderr
        const char* db = "sqlite://@DIR@/cx.db";
        const L report { "report", "--from", "2024-03-01", "--to", "2024-03-31", "--database", db };
        auto row
            = [](const char* name, const QStringList& args, int code, const QStringList& mentions,
                  const QStringList& env = {}) { QTest::newRow(name) << args << env << code << mentions; };
        // --- the database URL ---
        row("sqlite into a missing folder",
            L { "db", "migrate", "--database", "sqlite:///nonexistent/dir/x.db" }, 2,
            L { "--database", "/nonexistent/dir", "does not exist" });
        row("--database empty", L { "db", "migrate", "--database", "" }, 2,
            L { "--database", "empty value" });
        row("--database given last", L { "audit", "verify", "--database" }, 2,
            L { "--database", "missing value" });
        row("--database followed by an option",
            L { "audit", "export", "--database", "--out", "@DIR@/a.jsonl" }, 2,
            L { "--database", "missing value" });
        row("--database names a folder", L { "db", "migrate", "--database", "sqlite://@DIR@" }, 2,
            L { "--database", "is a folder" });
        row("--database=", L { "db", "version", "--database=" }, 2, L { "--database", "empty value" });
        row("CXPILOT_DATABASE_URL garbage", L { "audit", "verify" }, 2,
            L { "CXPILOT_DATABASE_URL", "garbage" }, L { "CXPILOT_DATABASE_URL=garbage" });
        row("CXPILOT_DATABASE_URL empty", L { "audit", "verify" }, 2, L { "CXPILOT_DATABASE_URL" },
            L { "CXPILOT_DATABASE_URL=" });
        row("CXPILOT_DATABASE_URL into a missing folder", L { "db", "migrate" }, 2,
            L { "CXPILOT_DATABASE_URL", "@DIR@/no/such", "does not exist" },
            L { "CXPILOT_DATABASE_URL=sqlite://@DIR@/no/such/x.db" });
        row("CHATWOOT_BASE_URL garbage", L { "db", "migrate", "--database", db }, 2,
            L { "CHATWOOT_BASE_URL" }, L { "CHATWOOT_BASE_URL=ftp://nope" });
        // --- unknown options, every command ---
        row("db: misspelt option", L { "db", "migrate", "--databse", db }, 2,
            L { "unknown option --databse" });
        row("audit: unknown option", L { "audit", "verify", "--database", db, "--frob" }, 2,
            L { "unknown option --frob" });
        row("report: unknown option", report + L { "--format", "csv", "--out", "@DIR@/r.csv", "--frob", "1" },
            2, L { "unknown option --frob" });
        row("kb ingest: unknown option", L { "kb", "ingest", "@DIR@/doc.md", "--idx", "@DIR@/i" }, 2,
            L { "unknown option --idx" });
        row("kb search: unknown option", L { "kb", "search", "boots", "--top", "3" }, 2,
            L { "unknown option --top" });
        row("kb search: a flag with a value", L { "kb", "search", "boots", "--json=yes" }, 2,
            L { "--json", "takes no value" });
        row("kb eval: unknown option",
            L { "kb", "eval", "--kb", "@DIR@/kb.jsonl", "--queries", "@DIR@/q.jsonl", "--frob" }, 2,
            L { "unknown option --frob" });
        row("chatwoot conversations: unknown option", L { "chatwoot", "conversations", "--frob" }, 2,
            L { "unknown option --frob" });
        row("chatwoot conversations: bad --status", L { "chatwoot", "conversations", "--status", "closed" },
            2, L { "--status", "closed" });
        row("chatwoot messages: unknown option", L { "chatwoot", "messages", "1", "--frob" }, 2,
            L { "unknown option --frob" });
        row("chatwoot note: unknown option", L { "chatwoot", "note", "1", "hi", "--public" }, 2,
            L { "unknown option --public" });
        row("health: unknown option", L { "health", "--frob" }, 2, L { "unknown option --frob" });
        row("draft: unknown option", L { "draft", "1", "--send" }, 2, L { "unknown option --send" });
        row("sandbox: unknown option", L { "sandbox", "--frob" }, 2, L { "unknown option --frob" });
        row("sandbox: bad --page-size", L { "sandbox", "--page-size", "0" }, 2, L { "--page-size", "\"0\"" });
        row("sandbox: single-dash option", L { "sandbox", "-x" }, 2, L { "unknown option -x" });
        row("sandbox: stray word", L { "sandbox", "strat" }, 2, L { "unexpected argument \"strat\"" });
        // --- kb ---
        row("kb eval: no documents",
            L { "kb", "eval", "--kb", "@DIR@/empty.jsonl", "--queries", "@DIR@/q.jsonl" }, 2,
            L { "--kb", "no documents" });
        row("kb eval: empty query file",
            L { "kb", "eval", "--kb", "@DIR@/kb.jsonl", "--queries", "@DIR@/empty.jsonl" }, 2,
            L { "--queries", "no usable query" });
        row("kb eval: all query rows bad",
            L { "kb", "eval", "--kb", "@DIR@/kb.jsonl", "--queries", "@DIR@/bad.jsonl" }, 2,
            L { "--queries", "no usable query", "3 rows skipped" });
        row("kb eval: missing --queries file",
            L { "kb", "eval", "--kb", "@DIR@/kb.jsonl", "--queries", "@DIR@/none.jsonl" }, 1,
            L { "@DIR@/none.jsonl" });
        row("kb ingest: every file over the size limit",
            L { "kb", "ingest", "@DIR@/doc.md", "--index", "@DIR@/idx", "--max-file-mb", "0.001" }, 1,
            L { "doc.md", "over the limit", "--max-file-mb" });
        row("kb ingest: bad --max-file-mb",
            L { "kb", "ingest", "@DIR@/doc.md", "--index", "@DIR@/idx", "--max-file-mb", "lots" }, 2,
            L { "--max-file-mb", "lots" });
        // --- report ---
        row("report: month 13",
            L { "report", "--from", "2024-13-01", "--to", "2024-03-31", "--format", "csv", "--out",
                "@DIR@/r.csv", "--database", db },
            2, L { "--from", "2024-13-01", "YYYY-MM-DD" });
        row("report: a word for a date",
            L { "report", "--from", "2024-03-01", "--to", "yesterday", "--format", "csv", "--out",
                "@DIR@/r.csv", "--database", db },
            2, L { "--to", "yesterday", "YYYY-MM-DD" });
        row("report: --to missing",
            L { "report", "--from", "2024-03-01", "--format", "csv", "--out", "@DIR@/r.csv", "--database",
                db },
            2, L { "--to", "required" });
        row("report: --from after --to",
            L { "report", "--from", "2024-04-01", "--to", "2024-03-01", "--format", "csv", "--out",
                "@DIR@/r.csv", "--database", db },
            2, L { "--from", "2024-04-01", "--to" });
        row("report: unknown format", report + L { "--format", "xls", "--out", "@DIR@/r.xls" }, 2,
            L { "--format", "xls" });
        row("report: bad --sla", report + L { "--format", "csv", "--out", "@DIR@/r.csv", "--sla", "soon" }, 2,
            L { "--sla", "soon" });
        row("report: stray argument", report + L { "--format", "csv", "--out", "@DIR@/r.csv", "extra" }, 2,
            L { "extra" });
        row("report: --out is a folder", report + L { "--format", "csv", "--out", "@DIR@" }, 2,
            L { "--out", "is a folder" });
        row("report: pdf into a missing folder",
            report + L { "--format", "pdf", "--out", "@DIR@/missing/r.pdf" }, 2,
            L { "cannot write @DIR@/missing/r.pdf", "does not exist" });
        row("report: csv into a missing folder",
            report + L { "--format", "csv", "--out", "@DIR@/missing/r.csv" }, 2,
            L { "cannot write @DIR@/missing/r.csv", "does not exist" });
        row("report: jsonl into a missing folder",
            report + L { "--format", "jsonl", "--out", "@DIR@/missing/r.jsonl" }, 2,
            L { "cannot write @DIR@/missing/r.jsonl", "does not exist" });
    }
    void badInputIsAClearError()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, env);
        QFETCH(int, code);
        QFETCH(QStringList, mentions);
        QTemporaryDir dir;
        const QString d = dir.path();
        writeFile(
            dir.filePath(QStringLiteral("doc.md")), QByteArray("# Returns\n\n") + QByteArray(4000, 'x'));
        writeFile(dir.filePath(QStringLiteral("kb.jsonl")),
            R"({"id":"returns","title":"Returns","text":"Boots can be returned within 30 days."})"
            "\n");
        writeFile(dir.filePath(QStringLiteral("q.jsonl")),
            R"({"id":"q1","query":"return boots","gold_ids":["returns"]})"
            "\n");
        writeFile(dir.filePath(QStringLiteral("empty.jsonl")), QByteArray());
        writeFile(dir.filePath(QStringLiteral("bad.jsonl")),
            "not json\n{\"id\":\"q\",\"query\":\"no gold ids\"}\n{\"gold_ids\":[\"returns\"]}\n");
        QStringList resolved;
        for (const QString& a : args)
            resolved << QString(a).replace(QLatin1String("@DIR@"), d);
        QProcessEnvironment extra;
        extra.insert(QStringLiteral("XDG_DATA_HOME"), d + QStringLiteral("/data"));
        extra.insert(QStringLiteral("XDG_CONFIG_HOME"), d + QStringLiteral("/config"));
        for (const QString& kv : env)
            extra.insert(kv.section(QLatin1Char('='), 0, 0),
                kv.section(QLatin1Char('='), 1).replace(QLatin1String("@DIR@"), d));
        const Run r = run(resolved, extra);
        const QString context = resolved.join(QLatin1Char(' ')) + QStringLiteral("\nstderr: ") + r.err;
        QVERIFY2(r.code == code,
            qPrintable(QStringLiteral("exit %1, expected %2: ").arg(r.code).arg(code) + context));
        for (const QString& m : mentions)
            QVERIFY2(r.err.contains(QString(m).replace(QLatin1String("@DIR@"), d)),
                qPrintable(QStringLiteral("stderr does not mention \"%1\": ").arg(m) + context));
        // Nothing made: no database anywhere (not the default one either), no folder, no output.
        QCOMPARE(databasesUnder(d), QStringList());
        QVERIFY(!QFileInfo::exists(QStringLiteral("/nonexistent")));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("r.csv"))));
    }

    // Not a fallback: with no option and no environment the default database is made in its standard place.
    void defaultDatabaseIsCreatedInItsStandardPlace()
    {
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        const Run r = run({ QStringLiteral("db"), QStringLiteral("migrate") }, env);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(databasesUnder(dir.path()).size(), 1);
    }

    // UTF-16 with a byte-order mark is text; a file over the limit is skipped by name while the rest loads.
    void kbIngestDecodesUtf16AndCapsFileSize()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("kb")));
        QStringEncoder utf16(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
        const QByteArray returns = utf16.encode(
            QStringLiteral("# Returns policy\n\nWaterproof boots can be returned within 30 days, unworn."));
        QVERIFY(returns.startsWith("\xff\xfe"));
        writeFile(dir.filePath(QStringLiteral("kb/returns.md")), returns);
        writeFile(
            dir.filePath(QStringLiteral("kb/huge.md")), QByteArray("# Huge\n\n") + QByteArray(30000, 'y'));
        const QString index = dir.filePath(QStringLiteral("idx"));
        const Run ingest
            = run({ QStringLiteral("kb"), QStringLiteral("ingest"), dir.filePath(QStringLiteral("kb")),
                QStringLiteral("--index"), index, QStringLiteral("--max-file-mb"), QStringLiteral("0.02") });
        QVERIFY2(ingest.code == 0, qPrintable(ingest.err));
        QVERIFY2(ingest.err.contains(QLatin1String("huge.md"))
                && ingest.err.contains(QLatin1String("--max-file-mb")),
            qPrintable(ingest.err));
        QVERIFY2(!ingest.err.contains(QLatin1String("binary")), qPrintable(ingest.err));
        const Run search = run({ QStringLiteral("kb"), QStringLiteral("search"),
            QStringLiteral("return boots"), QStringLiteral("--index"), index, QStringLiteral("--json") });
        QCOMPARE(search.code, 0);
        QVERIFY2(search.out.contains(QLatin1String("Returns policy")), qPrintable(search.out));
        QVERIFY(!search.out.contains(QLatin1String("Huge")));
    }

    // A server page size below 25 (CONVERSATION_RESULTS_PER_PAGE): the command still lists every one.
    void chatwootConversationsAtASmallPageSize()
    {
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen());
        sandbox.setConversationPageSize(10);
        const qint64 inbox = sandbox.addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        const qint64 contact = sandbox.addContact(QStringLiteral("Ana"));
        for (int i = 0; i < 30; ++i)
            sandbox.addConversation(inbox, contact);
        QProcessEnvironment env;
        env.insert(QStringLiteral("CHATWOOT_BASE_URL"), sandbox.url().toString());
        env.insert(QStringLiteral("CHATWOOT_ACCOUNT_ID"), QStringLiteral("1"));
        env.insert(QStringLiteral("CHATWOOT_API_KEY"), sandbox.token());
        const Run list = run(
            { QStringLiteral("chatwoot"), QStringLiteral("conversations"), QStringLiteral("--json") }, env);
        QVERIFY2(list.code == 0, qPrintable(list.err));
        const QJsonObject o = QJsonDocument::fromJson(list.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("payload")).toArray().size(), 30);
        QCOMPARE(o.value(QStringLiteral("meta")).toObject().value(QStringLiteral("all_count")).toInt(), 30);
    }

    void chatwootCommandsAgainstTheSandbox()
    {
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen());
        sandbox.loadDemoSeed();
        QProcessEnvironment env;
        env.insert(QStringLiteral("CHATWOOT_BASE_URL"), sandbox.url().toString());
        env.insert(QStringLiteral("CHATWOOT_ACCOUNT_ID"), QStringLiteral("1"));
        env.insert(QStringLiteral("CHATWOOT_API_KEY"), sandbox.token());
        const Run list = run(
            { QStringLiteral("chatwoot"), QStringLiteral("conversations"), QStringLiteral("--json") }, env);
        QCOMPARE(list.code, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(list.out.toUtf8());
        QVERIFY2(!doc.isNull(), qPrintable(list.out.left(300)));
        QVERIFY(
            list.out.contains(sandbox.conversations().first().id > 0 ? QStringLiteral("\"id\"") : QString()));
        QVERIFY(!list.out.contains(sandbox.token())); // the token is never printed

        // A private note through the CLI lands in the conversation as a private note; nothing public.
        const qint64 id = sandbox.conversations().first().id;
        const int publicBefore = [&] {
            int n = 0;
            for (const auto& m : sandbox.messages(id))
                n += (m.messageType == 1 && !m.isPrivate) ? 1 : 0;
            return n;
        }();
        const Run note = run({ QStringLiteral("chatwoot"), QStringLiteral("note"), QString::number(id),
                                 QStringLiteral("Checked the order in the warehouse.") },
            env);
        QCOMPARE(note.code, 0);
        QVERIFY(sandbox.messages(id).last().isPrivate);
        QCOMPARE(sandbox.messages(id).last().content, QStringLiteral("Checked the order in the warehouse."));
        int publicAfter = 0;
        for (const auto& m : sandbox.messages(id))
            publicAfter += (m.messageType == 1 && !m.isPrivate) ? 1 : 0;
        QCOMPARE(publicAfter, publicBefore);

        // Health against the sandbox: up; against a dead port: exit code non-zero.
        QTemporaryDir dir;
        const Run health = run(
            { QStringLiteral("health"), QStringLiteral("--json"), dir.filePath(QStringLiteral("h.json")) },
            env);
        QCOMPARE(health.code, 0);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("h.json"))));
        env.insert(QStringLiteral("CHATWOOT_BASE_URL"), QStringLiteral("http://127.0.0.1:1"));
        const Run down = run(
            { QStringLiteral("health"), QStringLiteral("--json"), dir.filePath(QStringLiteral("d.json")) },
            env);
        QVERIFY(down.code != 0);
    }

    void draftDryRunPrintsALabelledOfflineDraft()
    {
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen());
        const qint64 inbox
            = sandbox.addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        const qint64 contact = sandbox.addContact(QStringLiteral("Ana"));
        const qint64 conversation = sandbox.addConversation(inbox, contact);
        sandbox.addIncomingMessage(conversation, QStringLiteral("Can I return my boots?"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("CHATWOOT_BASE_URL"), sandbox.url().toString());
        env.insert(QStringLiteral("CHATWOOT_ACCOUNT_ID"), QStringLiteral("1"));
        env.insert(QStringLiteral("CHATWOOT_API_KEY"), sandbox.token());
        QTemporaryDir dir;
        const Run dry = run({ QStringLiteral("draft"), QString::number(conversation),
                                QStringLiteral("--index"), dir.filePath(QStringLiteral("kb")) },
            env);
        QCOMPARE(dry.code, 0);
        QVERIFY2(dry.out.contains(QLatin1String("OFFLINE")), qPrintable(dry.out));
        QCOMPARE(sandbox.messages(conversation).size(), 1); // a dry run posts nothing
        const Run posted = run(
            { QStringLiteral("draft"), QString::number(conversation), QStringLiteral("--post-note"),
                QStringLiteral("--index"), dir.filePath(QStringLiteral("kb")), QStringLiteral("--database"),
                QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("cx.db")) },
            env);
        QCOMPARE(posted.code, 0);
        QCOMPARE(sandbox.messages(conversation).size(), 2);
        QVERIFY(sandbox.messages(conversation).last().isPrivate);
        QVERIFY(sandbox.messages(conversation).last().content.contains(QLatin1String("cxpilot:draft")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
