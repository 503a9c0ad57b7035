#include "dashboard/apikeystore.h"

#include "dashboard/dashboardsettings.h"
#include "prices/pricecallledger.h"

namespace cvc::ui {

ApiKeyStore::ApiKeyStore(SecretStore *keychain, SecretStore *session, DashboardSettings *settings, QObject *parent)
    : QObject(parent)
    , m_keychain(keychain)
    , m_session(session)
    , m_settings(settings)
    , m_fingerprint(PriceCallLedger::keyFingerprint({}))
{
}

void ApiKeyStore::load(std::function<void(const QByteArray &, const SecretStore::Result &)> done)
{
    const QString key = QString::fromLatin1(keyName);
    m_session->read(key, [this, key, done](const SecretStore::Result &session) {
        if (session.status == SecretStore::Status::Ok && !session.secret.isEmpty()) {
            m_sessionOnly = true;
            m_sessionKeyLost = false;
            m_fingerprint = PriceCallLedger::keyFingerprint(session.secret);
            done(session.secret, session);
            return;
        }
        m_keychain->read(key, [this, done](const SecretStore::Result &stored) {
            m_sessionKeyLost = stored.secret.isEmpty() && m_settings && m_settings->sessionKeyKept();
            m_fingerprint = PriceCallLedger::keyFingerprint(stored.secret);
            done(stored.secret, stored);
        });
    });
}

void ApiKeyStore::save(const QByteArray &secret, SecretStore::Callback done)
{
    m_keychain->write(QString::fromLatin1(keyName), secret, [this, secret, done](const SecretStore::Result &result) {
        if (result.status == SecretStore::Status::Ok) {
            // The keychain has it now; a session copy would only shadow later changes.
            m_session->remove(QString::fromLatin1(keyName), [](const SecretStore::Result &) {});
            m_sessionOnly = false;
            m_fingerprint = PriceCallLedger::keyFingerprint(secret);
            setSessionKeyKept(false);
            Q_EMIT keyChanged();
        }
        done(result);
    });
}

void ApiKeyStore::keepForSession(const QByteArray &secret, SecretStore::Callback done)
{
    m_session->write(QString::fromLatin1(keyName), secret, [this, secret, done](const SecretStore::Result &result) {
        m_sessionOnly = result.status == SecretStore::Status::Ok;
        if (m_sessionOnly) {
            m_fingerprint = PriceCallLedger::keyFingerprint(secret);
            setSessionKeyKept(true);
        }
        Q_EMIT keyChanged();
        done(result);
    });
}

void ApiKeyStore::forget(SecretStore::Callback done)
{
    m_session->remove(QString::fromLatin1(keyName), [this, done](const SecretStore::Result &) {
        m_sessionOnly = false;
        m_fingerprint = PriceCallLedger::keyFingerprint({});
        setSessionKeyKept(false);
        m_keychain->remove(QString::fromLatin1(keyName), [this, done](const SecretStore::Result &result) {
            Q_EMIT keyChanged();
            done(result);
        });
    });
}

void ApiKeyStore::setSessionKeyKept(bool kept)
{
    m_sessionKeyLost = false;
    if (!m_settings)
        return;
    m_settings->setSessionKeyKept(kept);
    m_settings->sync();
}

} // namespace cvc::ui
