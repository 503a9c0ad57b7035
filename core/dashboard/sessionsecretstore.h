#pragma once

#include "dashboard/secretstore.h"

#include <QHash>

namespace cvc::ui {

// Secrets kept in this process's memory only, for when no keychain service runs and the user
// chose to keep the key for this session. Nothing is written anywhere.
class SessionSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit SessionSecretStore(QObject *parent = nullptr);

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QByteArray &secret, Callback done) override;
    void remove(const QString &key, Callback done) override;
    QString description() const override;
    bool isPersistent() const override { return false; }

private:
    void answer(Callback done, const Result &result);
    QHash<QString, QByteArray> m_secrets;
};

} // namespace cvc::ui
