// The command line end to end: the real cxpilot binary in a child process, against SQLite files and the
// simulated Chatwoot sandbox (in this test process). No display: the child runs without DISPLAY.
#include "chatwoot/ChatwootSandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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
        for (const QString& key : extra.keys())
            env.insert(key, extra.value(key));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("CXPILOT_BIN"), args);
        // The child may call back into the sandbox served by this process: keep the event loop running.
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000))
            p.kill();
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    QTemporaryDir m_home;

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
