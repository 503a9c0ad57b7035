#include "dashboard/keychainsecretstore.h"

#include <qt6keychain/keychain.h>

namespace cvc::ui {

namespace {

SecretStore::Result resultOf(QKeychain::Job *job)
{
    SecretStore::Result result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = SecretStore::Status::Ok;
        return result;
    case QKeychain::EntryNotFound:
        result.status = SecretStore::Status::NotFound;
        break;
    // QtKeychain reports a missing session bus or Secret Service as OtherError ("Cannot autolaunch
    // D-Bus…", "org.freedesktop.secrets was not provided…"), and a locked keyring as AccessDenied.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    case QKeychain::AccessDenied:
        result.status = SecretStore::Status::Unavailable;
        break;
    default:
        result.status = SecretStore::Status::Failed;
        break;
    }
    result.message = job->errorString();
    return result;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

QString KeychainSecretStore::description() const
{
    return tr("the desktop keychain (service \"%1\")").arg(m_service);
}

void KeychainSecretStore::read(const QString &key, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *finished) {
        Result result = resultOf(finished);
        if (result.status == Status::Ok)
            result.secret = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData().toUtf8();
        done(result);
    });
    job->start();
}

void KeychainSecretStore::write(const QString &key, const QByteArray &secret, Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    // Never fall back to a file in clear; with libsecret QtKeychain would not anyway.
    job->setInsecureFallback(false);
    // As text, so other keyring tools (secret-tool, Seahorse) show the key as the user typed it.
    job->setTextData(QString::fromUtf8(secret));
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *finished) { done(resultOf(finished)); });
    job->start();
}

void KeychainSecretStore::remove(const QString &key, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *finished) {
        Result result = resultOf(finished);
        if (result.status == Status::NotFound)
            result = {};
        done(result);
    });
    job->start();
}

} // namespace cvc::ui
