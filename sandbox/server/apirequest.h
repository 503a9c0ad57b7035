#pragma once

#include "apipath.h"
#include "httpexchange.h"
#include "resourceinfo.h"
#include "security/userinfo.h"

#include <QPointer>
#include <QUrlQuery>

#include <optional>

namespace cvc::sandbox {

// One API request after routing: the exchange to answer, what the path named, the resource it
// addresses (for resource paths) and who asked.
struct ApiRequest
{
    QPointer<HttpExchange> exchange;
    ApiPath path;
    ResourceInfo resource;
    UserInfo user;

    const HttpRequest &http() const;
    // A query parameter's value; std::nullopt when absent (present but empty is "").
    std::optional<QString> query(const QString &name) const;
    QString queryValue(const QString &name) const { return query(name).value_or(QString()); }
    // Booleans like the apiserver reads them (watch=1, watch=True, …).
    bool queryFlag(const QString &name) const;
    QByteArray header(const char *name) const;
};

} // namespace cvc::sandbox
