#include "dashboard/sessionsecretstore.h"

#include <QTimer>

namespace cvc::ui {

SessionSecretStore::SessionSecretStore(QObject *parent)
    : SecretStore(parent)
{
}

QString SessionSecretStore::description() const
{
    return tr("this session only (forgotten when the dashboard closes)");
}

void SessionSecretStore::answer(Callback done, const Result &result)
{
    // Same contract as the keychain: answers come later, from the event loop.
    QTimer::singleShot(0, this, [done, result] { done(result); });
}

void SessionSecretStore::read(const QString &key, Callback done)
{
    Result result;
    if (m_secrets.contains(key))
        result.secret = m_secrets.value(key);
    else
        result.status = Status::NotFound;
    answer(done, result);
}

void SessionSecretStore::write(const QString &key, const QByteArray &secret, Callback done)
{
    m_secrets.insert(key, secret);
    answer(done, {});
}

void SessionSecretStore::remove(const QString &key, Callback done)
{
    m_secrets.remove(key);
    answer(done, {});
}

} // namespace cvc::ui
