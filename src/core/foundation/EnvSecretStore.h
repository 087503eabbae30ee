#pragma once

#include "foundation/SecretStore.h"

#include <memory>
#include <optional>

namespace cx {

// The headless fallback: secrets from the seed's environment variables (read-only).
// Also used in front of the keychain: an environment variable, when set, wins.
class EnvSecretStore final : public SecretStore {
public:
    void read(const QString& key, QObject* context, ReadCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, WriteCallback done) override;
    void remove(const QString& key, QObject* context, WriteCallback done) override;

    // Synchronous peek, for code paths that cannot wait (none on the GUI thread needs the keychain then).
    static std::optional<QString> value(const QString& key);
};

// Environment first, then the wrapped store (usually the keychain). Writes go to the wrapped store.
class LayeredSecretStore final : public SecretStore {
public:
    explicit LayeredSecretStore(std::unique_ptr<SecretStore> inner);
    void read(const QString& key, QObject* context, ReadCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, WriteCallback done) override;
    void remove(const QString& key, QObject* context, WriteCallback done) override;

private:
    std::unique_ptr<SecretStore> m_inner;
};

} // namespace cx
