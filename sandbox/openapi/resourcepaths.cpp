#include "resourcepaths.h"

namespace cvc::sandbox {

namespace {

// apiserver's ToValidOperationID: drop what is not a letter or digit, capitalising the next letter.
QString validOperationId(const QString &s, bool capitalizeFirst)
{
    QString out;
    bool capitalize = capitalizeFirst;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isLetter() || c == QLatin1Char('_') || (i != 0 && c.isDigit())) {
            out += capitalize ? c.toUpper() : c;
            capitalize = false;
        } else {
            capitalize = true;
        }
    }
    return out;
}

QString groupWord(const OpenApiResource &r)
{
    QString group = r.group.isEmpty() ? QStringLiteral("core") : r.group;
    if (group.endsWith(QLatin1String(".k8s.io")))
        group.chop(7);
    return group;
}

} // namespace

QString ResourcePaths::prefix(const OpenApiResource &r)
{
    return r.group.isEmpty() ? QStringLiteral("/api/") + r.version : QStringLiteral("/apis/%1/%2").arg(r.group, r.version);
}

QString ResourcePaths::collection(const OpenApiResource &r)
{
    return r.namespaced ? prefix(r) + QStringLiteral("/namespaces/{namespace}/") + r.plural : allNamespaces(r);
}

QString ResourcePaths::allNamespaces(const OpenApiResource &r)
{
    return prefix(r) + QLatin1Char('/') + r.plural;
}

QString ResourcePaths::object(const OpenApiResource &r)
{
    return collection(r) + QStringLiteral("/{name}");
}

QString ResourcePaths::status(const OpenApiResource &r)
{
    return object(r) + QStringLiteral("/status");
}

QString ResourcePaths::operationId(const QString &verb, const OpenApiResource &r, bool namespacedPath, const QString &suffix)
{
    const QString groupVersion = validOperationId(groupWord(r), true) + validOperationId(r.version, true);
    const QString subject = (namespacedPath ? QStringLiteral("Namespaced") : QString()) + r.kind + suffix;
    if (verb == QLatin1String("deletecollection"))
        return QStringLiteral("delete") + groupVersion + QStringLiteral("Collection") + subject;
    return verb + groupVersion + subject;
}

QString ResourcePaths::tag(const OpenApiResource &r)
{
    return validOperationId(groupWord(r), false) + QLatin1Char('_') + validOperationId(r.version, false);
}

} // namespace cvc::sandbox
