#include "dashboard/apikeystore.h"

namespace cvc::ui {

ApiKeyStore::ApiKeyStore(SecretStore *keychain, SecretStore *session, QObject *parent)
    : QObject(parent)
    , m_keychain(keychain)
    , m_session(session)
{
}

void ApiKeyStore::load(std::function<void(const QByteArray &, const SecretStore::Result &)> done)
{
    const QString key = QString::fromLatin1(keyName);
    m_session->read(key, [this, key, done](const SecretStore::Result &session) {
        if (session.status == SecretStore::Status::Ok && !session.secret.isEmpty()) {
            m_sessionOnly = true;
            done(session.secret, session);
            return;
        }
        m_keychain->read(key, [done](const SecretStore::Result &stored) { done(stored.secret, stored); });
    });
}

void ApiKeyStore::save(const QByteArray &secret, SecretStore::Callback done)
{
    m_keychain->write(QString::fromLatin1(keyName), secret, [this, done](const SecretStore::Result &result) {
        if (result.status == SecretStore::Status::Ok) {
            // The keychain has it now; a session copy would only shadow later changes.
            m_session->remove(QString::fromLatin1(keyName), [](const SecretStore::Result &) {});
            m_sessionOnly = false;
            Q_EMIT keyChanged();
        }
        done(result);
    });
}

void ApiKeyStore::keepForSession(const QByteArray &secret, SecretStore::Callback done)
{
    m_session->write(QString::fromLatin1(keyName), secret, [this, done](const SecretStore::Result &result) {
        m_sessionOnly = result.status == SecretStore::Status::Ok;
        Q_EMIT keyChanged();
        done(result);
    });
}

void ApiKeyStore::forget(SecretStore::Callback done)
{
    m_session->remove(QString::fromLatin1(keyName), [this, done](const SecretStore::Result &) {
        m_sessionOnly = false;
        m_keychain->remove(QString::fromLatin1(keyName), [this, done](const SecretStore::Result &result) {
            Q_EMIT keyChanged();
            done(result);
        });
    });
}

} // namespace cvc::ui
