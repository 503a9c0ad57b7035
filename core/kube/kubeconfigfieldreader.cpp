#include "kubeconfigfieldreader.h"

#include <QJsonValue>

namespace cvc {

KubeConfigFieldReader::KubeConfigFieldReader(const QJsonObject &fields, const QString &where)
    : m_fields(fields)
    , m_where(where)
{
}

QString KubeConfigFieldReader::string(const char *key)
{
    const QJsonValue v = m_fields.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        fail(QStringLiteral("%1 must be a string (put it in quotes)").arg(QLatin1String(key)));
        return {};
    }
    return v.toString();
}

bool KubeConfigFieldReader::boolean(const char *key)
{
    const QJsonValue v = m_fields.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return false;
    if (!v.isBool()) {
        fail(QStringLiteral("%1 must be true or false").arg(QLatin1String(key)));
        return false;
    }
    return v.toBool();
}

QByteArray KubeConfigFieldReader::base64(const char *key)
{
    const QString text = string(key);
    if (text.isEmpty())
        return {};
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1().trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        fail(QStringLiteral("%1 is not valid base64").arg(QLatin1String(key)));
        return {};
    }
    return *decoded;
}

QJsonArray KubeConfigFieldReader::array(const char *key)
{
    const QJsonValue v = m_fields.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        fail(QStringLiteral("%1 must be a list").arg(QLatin1String(key)));
        return {};
    }
    return v.toArray();
}

QJsonObject KubeConfigFieldReader::object(const char *key)
{
    const QJsonValue v = m_fields.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject()) {
        fail(QStringLiteral("%1 must be a mapping").arg(QLatin1String(key)));
        return {};
    }
    return v.toObject();
}

bool KubeConfigFieldReader::has(const char *key) const
{
    const QJsonValue v = m_fields.value(QLatin1String(key));
    return !v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty());
}

void KubeConfigFieldReader::fail(const QString &what)
{
    if (m_error.isEmpty())
        m_error = m_where + QStringLiteral(": ") + what;
}

} // namespace cvc
