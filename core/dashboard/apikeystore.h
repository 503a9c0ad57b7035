#pragma once

#include "dashboard/secretstore.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace cvc::ui {

class DashboardSettings;

// The CoinGecko API key: in the desktop keychain, or (when there is no keychain service and the
// user agreed) in memory for this session. Never in QSettings, a file or a log. With settings it
// remembers that a key was kept for a session only, so that after a restart it can say the key
// is gone rather than let a plan that needs one stop in silence.
class ApiKeyStore : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *keyName = "coingecko-api-key";

    // Nothing is owned; settings may be null (nothing is remembered then).
    ApiKeyStore(SecretStore *keychain, SecretStore *session, DashboardSettings *settings = nullptr,
                QObject *parent = nullptr);

    // The key for this run: the session's if the user put one there, else the keychain's.
    // done gets an empty key when there is none; result tells why (NotFound, Unavailable, …).
    void load(std::function<void(const QByteArray &key, const SecretStore::Result &result)> done);
    // Into the keychain. On Unavailable the caller offers keepForSession().
    void save(const QByteArray &key, SecretStore::Callback done);
    void keepForSession(const QByteArray &key, SecretStore::Callback done);
    void forget(SecretStore::Callback done);

    SecretStore *keychain() const { return m_keychain; }
    bool isSessionOnly() const { return m_sessionOnly; }
    // After load(): no key was found although the last one was kept for a session only, which
    // ended when the dashboard closed.
    bool sessionKeyLost() const { return m_sessionKeyLost; }
    // After load(): PriceCallLedger::keyFingerprint() of the key found ("none" without one), so
    // the calls counted for it can be looked up without keeping the key.
    QString keyFingerprint() const { return m_fingerprint; }

Q_SIGNALS:
    void keyChanged();

private:
    void setSessionKeyKept(bool kept);

    QPointer<SecretStore> m_keychain;
    QPointer<SecretStore> m_session;
    DashboardSettings *m_settings = nullptr;
    bool m_sessionOnly = false;
    bool m_sessionKeyLost = false;
    QString m_fingerprint;
};

} // namespace cvc::ui
