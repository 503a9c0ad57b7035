#pragma once

#include "security/userinfo.h"

#include <QString>

namespace cvc::sandbox {

// What an authorizer is asked about one request (k8s.io/apiserver authorizer.Attributes).
struct RequestAttributes
{
    UserInfo user;
    QString verb;                // get, list, watch, create, update, patch, delete, deletecollection, escalate, bind, …
    bool resourceRequest = true;
    QString apiGroup;
    QString apiVersion;
    QString resource;            // plural
    QString subresource;
    QString ns;
    QString name;
    QString path;                // non-resource requests: the URL path

    // "cryptovaluecalculators/status": how rules and messages name a subresource.
    QString combinedResource() const { return subresource.isEmpty() ? resource : resource + QLatin1Char('/') + subresource; }
};

} // namespace cvc::sandbox
