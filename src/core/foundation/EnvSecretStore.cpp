#include "EnvSecretStore.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

namespace cx {

namespace {
// Callbacks are always asynchronous, like the keychain's, so callers cannot come to rely on either.
template <typename F> void later(QObject* context, F f)
{
    QTimer::singleShot(0, context, std::move(f));
}
} // namespace

std::optional<QString> EnvSecretStore::value(const QString& key)
{
    const QString variable = secretEnvironmentVariable(key);
    if (variable.isEmpty() || !qEnvironmentVariableIsSet(qPrintable(variable)))
        return std::nullopt;
    const QString v = qEnvironmentVariable(qPrintable(variable));
    if (v.isEmpty())
        return std::nullopt;
    return v;
}

void EnvSecretStore::read(const QString& key, QObject* context, ReadCallback done)
{
    later(context, [key, done] {
        if (auto v = value(key))
            done(*v);
        else
            done(makeError(ErrorKind::NotFound,
                QCoreApplication::translate("Secrets", "The environment variable %1 is not set.")
                    .arg(secretEnvironmentVariable(key)),
                key));
    });
}

void EnvSecretStore::write(const QString& key, const QString&, QObject* context, WriteCallback done)
{
    later(context, [key, done] {
        done(makeError(ErrorKind::Unavailable,
            QCoreApplication::translate("Secrets", "Secrets from the environment are read-only."), key));
    });
}

void EnvSecretStore::remove(const QString& key, QObject* context, WriteCallback done)
{
    write(key, {}, context, done);
}

LayeredSecretStore::LayeredSecretStore(std::unique_ptr<SecretStore> inner)
    : m_inner(std::move(inner))
{
}

void LayeredSecretStore::read(const QString& key, QObject* context, ReadCallback done)
{
    if (auto v = EnvSecretStore::value(key)) {
        later(context, [v, done] { done(*v); });
        return;
    }
    m_inner->read(key, context, std::move(done));
}

void LayeredSecretStore::write(const QString& key, const QString& value, QObject* context, WriteCallback done)
{
    m_inner->write(key, value, context, std::move(done));
}

void LayeredSecretStore::remove(const QString& key, QObject* context, WriteCallback done)
{
    m_inner->remove(key, context, std::move(done));
}

} // namespace cx
