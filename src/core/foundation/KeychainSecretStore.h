#pragma once

#include "foundation/SecretStore.h"

namespace cx {

// Secrets in the operating system's keychain through QtKeychain (Secret Service on Linux), asynchronously.
// Never falls back to a plain-text file. QtKeychain 0.13 reports a missing Secret Service as OtherError
// ("Unknown error") as often as NoBackendAvailable: both are treated as "keychain not available", retried
// once after `retryDelayMs` (the keyring may start late), then reported as ErrorKind::Unavailable with a
// message that says what to do.
class KeychainSecretStore final : public SecretStore {
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("cxpilot"), int retryDelayMs = 2000);

    void read(const QString& key, QObject* context, ReadCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, WriteCallback done) override;
    void remove(const QString& key, QObject* context, WriteCallback done) override;

    static QString unavailableMessage();

private:
    QString m_service;
    int m_retryDelayMs;
};

} // namespace cx
