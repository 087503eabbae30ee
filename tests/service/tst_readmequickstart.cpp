// README.md's quick start for cxpilotd, run literally: the commands are read from the README's code blocks
// (after the markers "<!-- quickstart:service" and "<!-- quickstart:delivery") and run through bash with
// only the ports, the build's bin folder and the temporary paths substituted. The SIMULATED Chatwoot and
// cxpilotd run as real processes; a customer's message must come back as a private note. If the README's
// commands drift from what works, this test fails.
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <unistd.h>

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("CXPILOT_SOURCE_DIR", QStringLiteral(CXPILOT_SOURCE_DIR_FALLBACK));
}

// The lines of the first ```sh block after `marker`; empty when the marker or the block is missing.
QStringList commandsAfter(const QString& readme, const QString& marker)
{
    const qsizetype at = readme.indexOf(marker);
    if (at < 0)
        return {};
    const qsizetype open = readme.indexOf(QLatin1String("```sh\n"), at);
    if (open < 0)
        return {};
    const qsizetype start = open + 6;
    const qsizetype close = readme.indexOf(QLatin1String("\n```"), start);
    if (close < 0)
        return {};
    QStringList lines;
    for (const QString& line : readme.mid(start, close - start).split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(QLatin1Char('#')))
            lines.append(line.trimmed());
    }
    return lines;
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

int httpStatus(const QUrl& url)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(2000);
    QNetworkReply* reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace

class TestReadmeQuickstart : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHash<QString, QString> m_substitutions; // in the README's text -> in this run
    QList<QProcess*> m_background;

    // One pass, longest key first, so a substituted value (a port, a temporary path) is never rewritten.
    QString substitute(const QString& line) const
    {
        QStringList keys = m_substitutions.keys();
        std::sort(
            keys.begin(), keys.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
        QString result;
        for (qsizetype i = 0; i < line.size();) {
            const auto key = std::find_if(keys.cbegin(), keys.cend(),
                [&](const QString& k) { return QStringView(line).mid(i).startsWith(k); });
            if (key != keys.cend()) {
                result += m_substitutions.value(*key);
                i += key->size();
            } else {
                result += line.at(i++);
            }
        }
        return result;
    }

    // Runs a long-running README line in its own process group (bash may fork the command).
    QProcess* startBackground(const QString& line)
    {
        auto* p = new QProcess(this);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setWorkingDirectory(sourceDir());
        p->setChildProcessModifier([] { ::setsid(); });
        p->start(QStringLiteral("bash"), { QStringLiteral("-c"), substitute(line) });
        p->waitForStarted(10000);
        m_background.append(p);
        return p;
    }

    // Runs a one-shot README line; its exit code and output.
    QPair<int, QString> runOnce(const QString& line)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(sourceDir());
        p.start(QStringLiteral("bash"), { QStringLiteral("-c"), substitute(line) });
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return { -1, QString::fromUtf8(p.readAll()) };
        }
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll()) };
    }

    void dumpBackground()
    {
        for (QProcess* p : std::as_const(m_background))
            qWarning().noquote() << "--- output of" << p->arguments().value(1) << "---\n"
                                 << QString::fromUtf8(p->readAll());
    }

private slots:
    void cleanup()
    {
        for (QProcess* p : std::as_const(m_background)) {
            if (p->state() != QProcess::NotRunning) {
                ::kill(-static_cast<pid_t>(p->processId()), SIGTERM);
                if (!p->waitForFinished(10000)) {
                    ::kill(-static_cast<pid_t>(p->processId()), SIGKILL);
                    p->waitForFinished(5000);
                }
            }
        }
        qDeleteAll(m_background);
        m_background.clear();
    }

    void quickstartDraftsASignedDelivery()
    {
        QFile readmeFile(sourceDir() + QStringLiteral("/README.md"));
        QVERIFY2(readmeFile.open(QIODevice::ReadOnly), qPrintable(readmeFile.fileName()));
        const QString readme = QString::fromUtf8(readmeFile.readAll());
        const QStringList service = commandsAfter(readme, QStringLiteral("<!-- quickstart:service"));
        const QStringList delivery = commandsAfter(readme, QStringLiteral("<!-- quickstart:delivery"));
        QCOMPARE(service.size(), 2); // the sandbox, the service
        QCOMPARE(delivery.size(), 2); // a customer writes, the messages are listed
        QVERIFY(m_dir.isValid());

        // What the README fixes that a test run must not share with anything else on the machine.
        const quint16 chatwootPort = freePort();
        const quint16 servicePort = freePort();
        QVERIFY(chatwootPort && servicePort && chatwootPort != servicePort);
        const QString config = QStringLiteral("packaging/cxpilotd-sandbox.env");
        const QString database = QStringLiteral("/tmp/cxpilotd-sandbox.db");
        for (const QString& fixed :
            { QStringLiteral("3999"), QStringLiteral("8787"), QStringLiteral("build/bin/"), config }) {
            QVERIFY2((service + delivery).join(QLatin1Char('\n')).contains(fixed),
                qPrintable(QStringLiteral("the README's quick start no longer mentions %1").arg(fixed)));
        }
        m_substitutions = { { QStringLiteral("3999"), QString::number(chatwootPort) },
            { QStringLiteral("8787"), QString::number(servicePort) },
            { QStringLiteral("build/bin/"), QStringLiteral(CXPILOT_BIN_DIR "/") },
            { database, m_dir.filePath(QStringLiteral("cxpilotd-sandbox.db")) },
            { config, m_dir.filePath(QStringLiteral("cxpilotd-sandbox.env")) } };

        // The committed example configuration, with the same substitutions.
        QFile example(sourceDir() + QLatin1Char('/') + config);
        QVERIFY2(example.open(QIODevice::ReadOnly), qPrintable(example.fileName()));
        QString configText = QString::fromUtf8(example.readAll());
        QVERIFY(configText.contains(database));
        QFile copy(m_dir.filePath(QStringLiteral("cxpilotd-sandbox.env")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(substitute(configText).toUtf8());
        copy.close();

        // 1. The two long-running commands.
        QUrl chatwoot(QStringLiteral("http://127.0.0.1/health"));
        chatwoot.setPort(chatwootPort);
        QUrl healthz(QStringLiteral("http://127.0.0.1/healthz"));
        healthz.setPort(servicePort);
        startBackground(service.at(0));
        QTRY_VERIFY_WITH_TIMEOUT(httpStatus(chatwoot) == 200, 30000);
        startBackground(service.at(1));
        QProcess* cxpilotd = m_background.last();
        QDeadlineTimer started(30000);
        while (
            httpStatus(healthz) != 200 && cxpilotd->state() != QProcess::NotRunning && !started.hasExpired())
            QTest::qWait(200);
        if (httpStatus(healthz) != 200)
            dumpBackground();
        QVERIFY2(httpStatus(healthz) == 200, "cxpilotd did not start");

        // 2. A customer writes: the sandbox sends the signed message_created; the service drafts and posts.
        const auto sent = runOnce(delivery.at(0));
        QVERIFY2(sent.first == 0, qPrintable(sent.second));
        const QRegularExpression id(QStringLiteral("message (\\d+) from"));
        QVERIFY2(id.match(sent.second).hasMatch(), qPrintable(sent.second));
        // Each listed message starts a line with "#<id> " (the first line is the conversation's header).
        const QString messageLine = QStringLiteral("\n#%1 ").arg(id.match(sent.second).captured(1));

        // 3. The listing shows a private note after the customer's message (the sweep ran only at start, so
        // this note comes from the webhook).
        QString listing;
        auto noteAfterMessage = [&] {
            const auto listed = runOnce(delivery.at(1));
            listing = listed.second;
            const qsizetype at = listing.indexOf(messageLine);
            return listed.first == 0 && at >= 0 && listing.indexOf(QLatin1String("PRIVATE NOTE"), at) > at;
        };
        bool noted = false;
        QDeadlineTimer deadline(30000);
        while (!(noted = noteAfterMessage()) && !deadline.hasExpired())
            QTest::qWait(300);
        if (!noted)
            dumpBackground();
        QVERIFY2(noted, qPrintable(listing));
    }
};

QTEST_GUILESS_MAIN(TestReadmeQuickstart)
#include "tst_readmequickstart.moc"
