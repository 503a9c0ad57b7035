#pragma once

#include "dashboard/secretstore.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace cvc::ui {

// The CoinGecko API key: in the desktop keychain, or (when there is no keychain service and the
// user agreed) in memory for this session. Never in QSettings, a file or a log.
class ApiKeyStore : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *keyName = "coingecko-api-key";

    // Neither store is owned.
    ApiKeyStore(SecretStore *keychain, SecretStore *session, QObject *parent = nullptr);

    // The key for this run: the session's if the user put one there, else the keychain's.
    // done gets an empty key when there is none; result tells why (NotFound, Unavailable, …).
    void load(std::function<void(const QByteArray &key, const SecretStore::Result &result)> done);
    // Into the keychain. On Unavailable the caller offers keepForSession().
    void save(const QByteArray &key, SecretStore::Callback done);
    void keepForSession(const QByteArray &key, SecretStore::Callback done);
    void forget(SecretStore::Callback done);

    SecretStore *keychain() const { return m_keychain; }
    bool isSessionOnly() const { return m_sessionOnly; }

Q_SIGNALS:
    void keyChanged();

private:
    QPointer<SecretStore> m_keychain;
    QPointer<SecretStore> m_session;
    bool m_sessionOnly = false;
};

} // namespace cvc::ui
