#pragma once

#include "dashboard/secretstore.h"

namespace cvc::ui {

// Secrets in the OS keychain through QtKeychain (the Secret Service on Linux).
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QByteArray &secret, Callback done) override;
    void remove(const QString &key, Callback done) override;
    QString description() const override;
    bool isPersistent() const override { return true; }

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace cvc::ui
