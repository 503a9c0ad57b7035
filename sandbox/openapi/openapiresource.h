#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// What the OpenAPI documents need to know about one served resource (group/version/plural). The
// server fills it from its registry; this library does not depend on the server.
struct OpenApiResource
{
    QString group;
    QString version;
    QString plural;
    QString kind;
    QString listKind;
    bool namespaced = true;
    QStringList verbs;
    bool hasStatus = false;
    bool custom = false;         // served for a CRD version; `schema` is its openAPIV3Schema (may be empty)
    QJsonObject schema;

    QString groupVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    bool hasVerb(const QString &verb) const { return verbs.contains(verb); }
};

} // namespace cvc::sandbox
