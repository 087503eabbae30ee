// cxpilotd's HTTP front and intake run on a thread of their own (src/service/WebhookServerThread): deliveries
// are acknowledged while the job runner's thread is blocked. The runner is stuck on purpose (the test seam
// CXPILOTD_TEST_STALL_FIRST_JOB_MS: the first job blocks the runner's thread and logs until when); every
// delivery sent meanwhile must be answered 200 before that moment — impossible if the intake shared the
// runner's thread, which could not answer before the stall ends.
#include "ServiceTestKit.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace cx;
using namespace cx::test;
using sandbox::SandboxWebhookSender;

class TestWebhookFront : public QObject {
    Q_OBJECT
private slots:
    void acknowledgesWhileTheRunnerIsStuck()
    {
        QTemporaryDir dir;
        sandbox::ChatwootSandbox chatwoot;
        chatwoot.listen();
        const qint64 inbox = chatwoot.addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        QProcessEnvironment env
            = serviceEnv(chatwoot, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("front.db")));
        env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
        const qint64 stallMs = 8000;
        env.insert(QStringLiteral("CXPILOTD_TEST_STALL_FIRST_JOB_MS"), QString::number(stallMs));
        CxpilotdProcess service(env);
        QVERIFY2(service.start(), qPrintable(service.failureText()));

        // A customer message: its job is the first, and blocks the runner's thread.
        chatwoot.setWebhook(service.webhookUrl(), kWebhookSecret);
        QSignalSpy delivered(chatwoot.webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 first = chatwoot.addConversation(inbox, chatwoot.addContact(QStringLiteral("Ada")));
        chatwoot.addIncomingMessage(first, QStringLiteral("Where is my parcel?"));
        QVERIFY(delivered.wait(10000));
        const QRegularExpression stalled(QStringLiteral("the runner's thread stalls until (\\d+)"));
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT(
            (match = stalled.match(QString::fromUtf8(service.output()))).hasMatch(), 10000);
        const qint64 stallEnds = match.captured(1).toLongLong();

        // Meanwhile, more customers write: each delivery is answered 200, every answer before the stall ends.
        QNetworkAccessManager network;
        QList<qint64> answeredAt;
        for (int i = 0; i < 5; ++i) {
            const qint64 conv
                = chatwoot.addConversation(inbox, chatwoot.addContact(QStringLiteral("Customer %1").arg(i)));
            const qint64 id = chatwoot.addMessage(conv, QStringLiteral("Question %1").arg(i), 0);
            QByteArray body;
            for (const auto& m : chatwoot.messages(conv))
                if (m.id == id)
                    body = SandboxWebhookSender::bodyOf(chatwoot.store().webhookMessageJson(m));
            const HttpResult r = httpPost(network,
                SandboxWebhookSender::signedRequest(
                    service.webhookUrl(), kWebhookSecret, SandboxWebhookSender::newDeliveryId(), body),
                body);
            answeredAt << QDateTime::currentMSecsSinceEpoch();
            QVERIFY2(r.status == 200,
                qPrintable(QStringLiteral("delivery %1: %2 %3").arg(i).arg(r.status).arg(r.error)));
        }
        for (int i = 0; i < answeredAt.size(); ++i)
            QVERIFY2(answeredAt.at(i) < stallEnds,
                qPrintable(
                    QStringLiteral("delivery %1 answered %2 ms after the runner's thread was free again")
                        .arg(i)
                        .arg(answeredAt.at(i) - stallEnds)));
        // And the stuck job is not lost: once the thread is free, it is drafted.
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(chatwoot, first), 1, stallMs + 20000);
        QCOMPARE(service.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWebhookFront)
#include "tst_webhookfront.moc"
