#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace cvc::ui {

// Where the dashboard keeps secrets (the CoinGecko API key). Ours, not QtKeychain's, so that the
// "no keychain service" case is decided here: QtKeychain's insecure fallback is KWallet-only and
// we never want a key in clear in a file.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound,
        Unavailable,  // no keychain service (no session bus, no Secret Service, locked)
        Failed,
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Ok;
        QByteArray secret;   // read only
        QString message;     // for people; never contains the secret
    };
    using Callback = std::function<void(const Result &)>;

    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}

    // Each call answers exactly once through done, on the event loop (never re-entrantly).
    virtual void read(const QString &key, Callback done) = 0;
    virtual void write(const QString &key, const QByteArray &secret, Callback done) = 0;
    virtual void remove(const QString &key, Callback done) = 0;
    // "the desktop keychain", "this session only": shown next to the key field.
    virtual QString description() const = 0;
    // False for stores that forget everything when the app exits.
    virtual bool isPersistent() const = 0;
};

} // namespace cvc::ui
