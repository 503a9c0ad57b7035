#include "apirequest.h"

#include "apimachinery/queryboolean.h"
#include "httpexchange.h"

namespace cvc::sandbox {

const HttpRequest &ApiRequest::http() const
{
    return exchange->request();
}

std::optional<QString> ApiRequest::query(const QString &name) const
{
    const QUrlQuery &q = http().query;
    if (!q.hasQueryItem(name))
        return std::nullopt;
    return q.queryItemValue(name, QUrl::FullyDecoded);
}

bool ApiRequest::queryFlag(const QString &name) const
{
    return QueryBoolean::fromQuery(query(name));
}

QByteArray ApiRequest::header(const char *name) const
{
    return http().header(name);
}

} // namespace cvc::sandbox
