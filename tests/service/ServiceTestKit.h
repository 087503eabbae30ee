#pragma once

// Shared by the cxpilotd process tests: the sandbox-side world, HTTP helpers and database checks.
#include "ServiceHarness.h"
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/SandboxWebhookSender.h"
#include "storage/Database.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace cx::test {

inline const QByteArray kWebhookSecret = "whsec-cxpilotd-test";

struct HttpResult {
    int status = 0;
    QByteArray body;
    QString error; // the transport's, when there is no HTTP answer
};

inline HttpResult httpPost(
    QNetworkAccessManager& network, const QNetworkRequest& request, const QByteArray& body)
{
    QNetworkReply* reply = network.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
        reply->error() == QNetworkReply::NoError ? QString() : reply->errorString() };
}

inline HttpResult httpGet(QNetworkAccessManager& network, const QUrl& url)
{
    QNetworkReply* reply = network.get(QNetworkRequest(url));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(), {} };
}

// Our draft notes in a conversation of the sandbox.
inline int draftNotes(const sandbox::ChatwootSandbox& sandbox, qint64 conversation)
{
    int n = 0;
    for (const auto& m : sandbox.messages(conversation))
        if (m.isPrivate && m.messageType == 1 && m.content.contains(QLatin1String("cxpilot:draft")))
            ++n;
    return n;
}

inline int sqlCount(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

inline QProcessEnvironment serviceEnv(const sandbox::ChatwootSandbox& sandbox, const QString& databaseUrl)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* v :
        { "OPENAI_BASE_URL", "OPENAI_API_KEY", "AI_CUSTOMER_DRAFT_ENABLED", "CXPILOT_KB_DIR" })
        env.remove(QString::fromLatin1(v));
    env.insert(QStringLiteral("CHATWOOT_BASE_URL"), sandbox.url().toString());
    env.insert(QStringLiteral("CHATWOOT_ACCOUNT_ID"), QString::number(sandbox.accountId()));
    env.insert(QStringLiteral("CHATWOOT_API_KEY"), sandbox.token());
    env.insert(QStringLiteral("CHATWOOT_WEBHOOK_SECRET"), QString::fromLatin1(kWebhookSecret));
    env.insert(QStringLiteral("CXPILOT_DATABASE_URL"), databaseUrl);
    env.insert(QStringLiteral("CXPILOTD_BACKOFF_MS"), QStringLiteral("200"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cxpilot.*.info=true"));
    return env;
}

// A fresh migrated database (by the owner, as `cxpilot db migrate` does) and the URL cxpilotd uses: the same
// SQLite file, or on PostgreSQL a new cxpilot_service login (the README's role recipe).
inline std::pair<std::shared_ptr<storage::Database>, QString> freshServiceDatabase(
    const QString& dialect, QTemporaryDir& dir)
{
    auto db = openFreshDatabase(dialect, dir);
    if (!db)
        return {};
    if (dialect == QLatin1String("sqlite"))
        return { db, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("test.db")) };
    const QString owner
        = QStringLiteral("postgresql://%1:%2@%3:%4/%5")
              .arg(QUrl(postgresAdminUrl()).userName(), QUrl(postgresAdminUrl()).password(), db->url().host)
              .arg(db->url().port)
              .arg(db->url().database);
    const QString role = QStringLiteral("svc_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
    return { db, serviceLoginUrl(owner, role) };
}

} // namespace cx::test
