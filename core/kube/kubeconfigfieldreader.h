#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace cvc {

// Reads typed fields of one kubeconfig entry; the first problem becomes an error naming the
// entry and its file, e.g. `user "alice" in /home/a/.kube/config: token must be a string`.
class KubeConfigFieldReader
{
public:
    KubeConfigFieldReader(const QJsonObject &fields, const QString &where);

    QString string(const char *key);
    bool boolean(const char *key);
    QByteArray base64(const char *key);
    QJsonArray array(const char *key);
    QJsonObject object(const char *key);
    bool has(const char *key) const;
    void fail(const QString &what);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString where() const { return m_where; }

private:
    QJsonObject m_fields;
    QString m_where;
    QString m_error;
};

} // namespace cvc
