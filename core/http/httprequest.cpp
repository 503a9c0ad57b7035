#include "httprequest.h"

namespace cvc {

void HttpRequest::setPathAndQuery(QByteArray pathAndQuery)
{
    const qsizetype fragment = pathAndQuery.indexOf('#');
    if (fragment >= 0)
        pathAndQuery.truncate(fragment);
    const qsizetype question = pathAndQuery.indexOf('?');
    const QByteArray rawPath = question >= 0 ? pathAndQuery.left(question) : pathAndQuery;
    QByteArray rawQuery = question >= 0 ? pathAndQuery.mid(question + 1) : QByteArray();
    path = QString::fromUtf8(QByteArray::fromPercentEncoding(rawPath));
    // Go's url.ParseQuery (what kube-apiserver reads queries with) takes '+' as a space, and Go
    // and Python clients encode spaces so; QUrlQuery would keep a literal '+'.
    rawQuery.replace('+', "%20");
    query = QUrlQuery(QString::fromUtf8(rawQuery));
}

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QByteArray> HttpRequest::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            values.append(value);
    }
    return values;
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString HttpRequest::queryItem(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

bool HttpRequest::hasQueryItem(const QString &key) const
{
    return query.hasQueryItem(key);
}

} // namespace cvc
