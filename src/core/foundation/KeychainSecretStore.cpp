#include "KeychainSecretStore.h"

#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace cx {

namespace {
bool isBackendMissing(QKeychain::Error e)
{
    return e == QKeychain::NoBackendAvailable || e == QKeychain::OtherError || e == QKeychain::NotImplemented;
}

Error toError(QKeychain::Job* job)
{
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        return makeError(ErrorKind::NotFound,
            QCoreApplication::translate("Secrets", "No secret is stored under \"%1\".").arg(job->key()),
            job->key());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(ErrorKind::Unauthorized,
            QCoreApplication::translate("Secrets", "Access to the keychain was denied: %1")
                .arg(job->errorString()),
            job->key());
    default:
        if (isBackendMissing(job->error()))
            return makeError(ErrorKind::Unavailable, KeychainSecretStore::unavailableMessage(), job->key());
        return makeError(ErrorKind::Internal,
            QCoreApplication::translate("Secrets", "Keychain error: %1").arg(job->errorString()), job->key());
    }
}

// Runs a job made by `make`; on a missing backend retries once after `delayMs`.
// `finish` gets the finished job. Jobs delete themselves (autoDelete).
void runJob(std::function<QKeychain::Job*()> make, int delayMs, bool mayRetry, QObject* context,
    std::function<void(QKeychain::Job*)> finish)
{
    QKeychain::Job* job = make();
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
        [make, delayMs, mayRetry, guard, finish](QKeychain::Job* finished) {
            if (mayRetry && isBackendMissing(finished->error())) {
                qCInfo(lcSecrets) << "keychain backend unavailable (yet?), retrying once";
                QTimer::singleShot(delayMs, guard.data(), [make, delayMs, guard, finish] {
                    if (guard)
                        runJob(make, delayMs, false, guard.data(), finish);
                });
                return;
            }
            finish(finished);
        });
    job->start();
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int retryDelayMs)
    : m_service(std::move(service))
    , m_retryDelayMs(retryDelayMs)
{
}

QString KeychainSecretStore::unavailableMessage()
{
    return QCoreApplication::translate("Secrets",
        "The system keychain is not available. Start a Secret Service (GNOME Keyring or KWallet) and "
        "unlock it, or set the secret in the environment (e.g. CHATWOOT_API_KEY) for headless use.");
}

void KeychainSecretStore::read(const QString& key, QObject* context, ReadCallback done)
{
    const QString service = m_service;
    runJob(
        [service, key] {
            auto* job = new QKeychain::ReadPasswordJob(service);
            job->setInsecureFallback(false);
            job->setKey(key);
            return job;
        },
        m_retryDelayMs, true, context,
        [done](QKeychain::Job* job) {
            if (job->error() != QKeychain::NoError) {
                done(toError(job));
                return;
            }
            done(static_cast<QKeychain::ReadPasswordJob*>(job)->textData());
        });
}

void KeychainSecretStore::write(
    const QString& key, const QString& value, QObject* context, WriteCallback done)
{
    const QString service = m_service;
    runJob(
        [service, key, value] {
            auto* job = new QKeychain::WritePasswordJob(service);
            job->setInsecureFallback(false);
            job->setKey(key);
            job->setTextData(value);
            return job;
        },
        m_retryDelayMs, true, context,
        [done](QKeychain::Job* job) {
            if (job->error() != QKeychain::NoError)
                done(toError(job));
            else
                done(Ok {});
        });
}

void KeychainSecretStore::remove(const QString& key, QObject* context, WriteCallback done)
{
    const QString service = m_service;
    runJob(
        [service, key] {
            auto* job = new QKeychain::DeletePasswordJob(service);
            job->setInsecureFallback(false);
            job->setKey(key);
            return job;
        },
        m_retryDelayMs, true, context,
        [done](QKeychain::Job* job) {
            // Deleting what is not there is fine: the end state is the same.
            if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
                done(toError(job));
            else
                done(Ok {});
        });
}

} // namespace cx
