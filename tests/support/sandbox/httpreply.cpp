#include "httpreply.h"

#include <QJsonDocument>

namespace cvc::testsupport {

QByteArray HttpReply::header(const QByteArray &name) const
{
    return findHeader(headers, name);
}

QByteArray HttpReply::findHeader(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QByteArray> HttpReply::headerValues(const QByteArray &name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpReply::describe() const
{
    QString text = status ? QString::number(status) : QStringLiteral("no response");
    if (timedOut)
        text += QStringLiteral(" (timed out)");
    if (!errorString.isEmpty() && status == 0)
        text += QStringLiteral(": ") + errorString;
    if (!body.isEmpty())
        text += QStringLiteral(": ") + QString::fromUtf8(body.left(600));
    return text;
}

} // namespace cvc::testsupport
