// `cxpilot chatwoot webhook register|list|delete` end to end: the real cxpilot and cxpilotd binaries against
// the Chatwoot sandbox (served by this process). register writes the secret into cxpilotd's configuration
// file; a cxpilotd started from that file accepts the sandbox's delivery signed with it.
#include "ServiceTestKit.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace cx;
using namespace cx::test;

namespace {
// A list of plain ASCII arguments (QT_NO_CAST_FROM_ASCII forbids QStringList { "a" }).
struct L : QStringList {
    L(std::initializer_list<const char*> items)
    {
        for (const char* item : items)
            append(QString::fromUtf8(item));
    }
};

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestWebhookRegister : public QObject {
    Q_OBJECT

    CommandResult cli(const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("CHATWOOT_WEBHOOK_SECRET"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("CHATWOOT_BASE_URL"), m_sandbox->url().toString());
        env.insert(QStringLiteral("CHATWOOT_ACCOUNT_ID"), QString::number(m_sandbox->accountId()));
        env.insert(QStringLiteral("CHATWOOT_API_KEY"), m_sandbox->token());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CXPILOT_PATH), args);
        // The child calls back into the sandbox served by this process: keep the event loop running.
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000))
            p.kill();
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    QJsonArray listJson(bool withSecret = false)
    {
        QStringList args = L { "chatwoot", "webhook", "list", "--json" };
        if (withSecret)
            args << QStringLiteral("--show-secret");
        const CommandResult r = cli(args);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QJsonDocument::fromJson(r.out.toUtf8()).array();
    }

    QTemporaryDir m_home;
    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;

private slots:
    void init()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        QVERIFY(m_sandbox->listen());
    }
    void cleanup() { m_sandbox.reset(); }

    void registerListDeliverDelete()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("cxpilotd.env"));
        {
            // The packaged template's shape: settings, comments, the secret's line commented out.
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral("# cxpilotd for the test\nCHATWOOT_BASE_URL=%1\nCHATWOOT_ACCOUNT_ID=%2\n"
                                   "CHATWOOT_API_KEY=%3\n#CHATWOOT_WEBHOOK_SECRET=\n"
                                   "CXPILOT_DATABASE_URL=sqlite://%4\nCXPILOTD_SWEEP_SECS=0\n")
                        .arg(m_sandbox->url().toString())
                        .arg(m_sandbox->accountId())
                        .arg(m_sandbox->token(), dir.filePath(QStringLiteral("d.db")))
                        .toUtf8());
            f.close();
            QVERIFY(
                f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        }
        QCOMPARE(listJson().size(), 0);

        const quint16 port = freePort();
        QVERIFY(port != 0);
        const QString url = QStringLiteral("http://127.0.0.1:%1/webhooks/chatwoot").arg(port);
        const CommandResult reg = cli(L { "chatwoot", "webhook", "register" }
            + QStringList { url, QStringLiteral("--write-config"), config } + L { "--name", "cxpilotd" });
        QVERIFY2(reg.exitCode == 0, qPrintable(reg.err));
        QVERIFY2(reg.out.contains(url) && reg.out.contains(config), qPrintable(reg.out));

        // list shows it with the subscriptions cxpilotd consumes, and no secret unless asked.
        const QJsonArray hooks = listJson();
        QCOMPARE(hooks.size(), 1);
        const QJsonObject hook = hooks.first().toObject();
        QCOMPARE(hook.value(QLatin1String("url")).toString(), url);
        QCOMPARE(hook.value(QLatin1String("name")).toString(), QStringLiteral("cxpilotd"));
        QCOMPARE(hook.value(QLatin1String("subscriptions")).toArray().toVariantList(),
            (QVariantList { QStringLiteral("message_created"), QStringLiteral("conversation_status_changed"),
                QStringLiteral("conversation_updated") }));
        QVERIFY(!hook.contains(QLatin1String("secret")));
        const QString secret = listJson(true).first().toObject().value(QLatin1String("secret")).toString();
        QVERIFY(secret.size() >= 16);
        QVERIFY2(!reg.out.contains(secret) && !reg.err.contains(secret), "register printed the secret");
        const CommandResult text = cli(L { "chatwoot", "webhook", "list" });
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(url) && !text.out.contains(secret));

        // The file: the secret where the template had its commented line, everything else kept, mode 0600.
        const QByteArray written = readAll(config);
        QVERIFY2(written.contains(
                     QByteArray("\nCHATWOOT_WEBHOOK_SECRET=" + secret.toUtf8() + "\nCXPILOT_DATABASE_URL=")),
            written.constData());
        QVERIFY(written.startsWith("# cxpilotd for the test\nCHATWOOT_BASE_URL="));
        QVERIFY(!written.contains("#CHATWOOT_WEBHOOK_SECRET"));
        QCOMPARE(QFileInfo(config).permissions() & 0x7077,
            QFile::ReadOwner | QFile::WriteOwner); // owner, group, other

        // A real cxpilotd from that file (no CHATWOOT_* in its environment) accepts the sandbox's delivery,
        // signed with the secret Chatwoot returned, and drafts it.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* v : { "CHATWOOT_BASE_URL", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_API_KEY",
                 "CHATWOOT_WEBHOOK_SECRET", "CXPILOT_DATABASE_URL", "OPENAI_BASE_URL", "CXPILOT_KB_DIR",
                 "AI_CUSTOMER_DRAFT_ENABLED", "CXPILOT_LISTEN" })
            env.remove(QString::fromLatin1(v));
        CxpilotdProcess service(env,
            { QStringLiteral("--config"), config, QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:%1").arg(port) });
        QVERIFY2(service.start(), qPrintable(service.failureText()));
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 conversation
            = m_sandbox->addConversation(inbox, m_sandbox->addContact(QStringLiteral("Ana")));
        m_sandbox->addIncomingMessage(conversation, QStringLiteral("Can I return my boots?"));
        QNetworkAccessManager network;
        const QByteArray accepted = "cxpilotd_deliveries_total{outcome=\"queued\",status=\"200\"} 1\n";
        QTRY_VERIFY_WITH_TIMEOUT(
            httpGet(network, service.url(QStringLiteral("/metrics"))).body.contains(accepted), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conversation), 1, 20000);
        const QByteArray metrics = httpGet(network, service.url(QStringLiteral("/metrics"))).body;
        QVERIFY2(!metrics.contains("outcome=\"rejected\""), metrics.constData());
        QCOMPARE(service.terminate(), 0);
        QVERIFY2(!service.output().contains(secret.toUtf8()), "cxpilotd logged the secret");

        const CommandResult del = cli(QStringList { QStringLiteral("chatwoot"), QStringLiteral("webhook"),
            QStringLiteral("delete"), QString::number(hook.value(QLatin1String("id")).toInteger()) });
        QVERIFY2(del.exitCode == 0, qPrintable(del.err));
        QCOMPARE(listJson().size(), 0);
        // Deleting it again: Chatwoot's 404, not success.
        const CommandResult again = cli(QStringList { QStringLiteral("chatwoot"), QStringLiteral("webhook"),
            QStringLiteral("delete"), QString::number(hook.value(QLatin1String("id")).toInteger()) });
        QCOMPARE(again.exitCode, 1);
    }

    void showSecretPrintsIt()
    {
        const CommandResult reg
            = cli(L { "chatwoot", "webhook", "register", "https://cx.example.com/webhooks/chatwoot",
                "--show-secret", "--subscriptions", "message_created" });
        QVERIFY2(reg.exitCode == 0, qPrintable(reg.err));
        const QJsonObject hook = listJson(true).first().toObject();
        QVERIFY(
            reg.out.contains(QStringLiteral("Secret: ") + hook.value(QLatin1String("secret")).toString()));
        QCOMPARE(hook.value(QLatin1String("subscriptions")).toArray().toVariantList(),
            (QVariantList { QStringLiteral("message_created") }));
    }

    void badInputIsAnErrorNamingIt_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        const L reg { "chatwoot", "webhook", "register" };
        const L good { "chatwoot", "webhook", "register", "https://cx.example.com/hook", "--show-secret" };
        QTest::newRow("no URL") << QStringList(reg + L { "--show-secret" })
                                << QStringList(L { "URL", "missing" });
        QTest::newRow("not http") << QStringList(reg + L { "ftp://cx.example.com/hook", "--show-secret" })
                                  << QStringList(L { "URL", "http or https", "ftp" });
        QTest::newRow("not a URL") << QStringList(reg + L { "cx.example.com", "--show-secret" })
                                   << QStringList(L { "URL", "cx.example.com" });
        QTest::newRow("unknown subscription")
            << QStringList(good + L { "--subscriptions", "message_created,message_deleted" })
            << QStringList(L { "--subscriptions", "message_deleted" });
        QTest::newRow("nowhere for the secret") << QStringList(reg + L { "https://cx.example.com/hook" })
                                                << QStringList(L { "--write-config", "--show-secret" });
        QTest::newRow("config in a missing folder")
            << QStringList(
                   reg + L { "https://cx.example.com/hook", "--write-config", "/nonexistent/cxpilotd.env" })
            << QStringList(L { "--write-config", "/nonexistent", "does not exist" });
        QTest::newRow("unknown option")
            << QStringList(good + L { "--secret", "x" }) << QStringList(L { "--secret" });
        QTest::newRow("delete: not a number") << QStringList(L { "chatwoot", "webhook", "delete", "abc" })
                                              << QStringList(L { "ID", "\"abc\"" });
        QTest::newRow("delete: no id")
            << QStringList(L { "chatwoot", "webhook", "delete" }) << QStringList(L { "ID", "missing" });
        QTest::newRow("unknown action") << QStringList(L { "chatwoot", "webhook", "create" })
                                        << QStringList(L { "register", "list", "delete" });
    }
    void badInputIsAnErrorNamingIt()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        const CommandResult r = cli(args);
        QVERIFY2(r.exitCode == 2, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(r.err)));
        for (const QString& m : mentions)
            QVERIFY2(r.err.contains(m), qPrintable(QStringLiteral("no \"%1\" in: %2").arg(m, r.err)));
        QCOMPARE(listJson().size(), 0); // nothing was created in Chatwoot
    }
};

QTEST_MAIN(TestWebhookRegister)
#include "tst_webhookregister.moc"
