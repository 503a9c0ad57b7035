#include "requestauthorizer.h"

#include "apipath.h"
#include "apimachinery/queryboolean.h"
#include "httprequest.h"
#include "rbacstate.h"

namespace cvc::sandbox {

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString resourceVerb(const HttpRequest &http, const ApiPath &path)
{
    const QByteArray method = http.method;
    const bool collection = path.name.isEmpty();
    if (method == "GET" || method == "HEAD") {
        if (QueryBoolean::parseGoBool(http.queryItem(QStringLiteral("watch"))).value_or(false))
            return QStringLiteral("watch");
        return collection ? QStringLiteral("list") : QStringLiteral("get");
    }
    if (method == "POST")
        return QStringLiteral("create");
    if (method == "PUT")
        return QStringLiteral("update");
    if (method == "PATCH")
        return QStringLiteral("patch");
    if (method == "DELETE")
        return collection ? QStringLiteral("deletecollection") : QStringLiteral("delete");
    return QString::fromLatin1(method).toLower();
}

// kube's RequestInfo names a list or watch after the object its field selector requires exactly
// (`metadata.name=x`), so a rule with resourceNames allows `kubectl get cvc x -w`. Escaped
// commas are not read here: such a name is no valid path segment anyway.
QString requiredName(const QString &fieldSelector)
{
    for (const QString &term : fieldSelector.split(QLatin1Char(','))) {
        for (const char *prefix : {"metadata.name==", "metadata.name="}) {
            if (!term.startsWith(QLatin1String(prefix)))
                continue;
            const QString name = term.mid(qsizetype(qstrlen(prefix)));
            const bool pathSegment = name != QLatin1String(".") && name != QLatin1String("..") && !name.contains(QLatin1Char('/'))
                && !name.contains(QLatin1Char('%')) && !name.contains(QLatin1Char('\\'));
            return pathSegment ? name : QString();
        }
    }
    return QString();
}

} // namespace

RequestAuthorizer::RequestAuthorizer(const RbacState *state, Mode mode)
    : m_state(state)
    , m_mode(mode)
{
}

RequestAttributes RequestAuthorizer::attributesOf(const HttpRequest &http, const ApiPath &path, const UserInfo &user)
{
    RequestAttributes attributes;
    attributes.user = user;
    if (path.kind != ApiPath::Kind::Resource) {
        attributes.resourceRequest = false;
        attributes.verb = QString::fromLatin1(http.method).toLower();
        attributes.path = http.path;
        return attributes;
    }
    attributes.verb = resourceVerb(http, path);
    attributes.apiGroup = path.group;
    attributes.apiVersion = path.version;
    attributes.resource = path.resource;
    attributes.subresource = path.subresource;
    attributes.name = path.name;
    if (attributes.name.isEmpty() && (attributes.verb == QLatin1String("list") || attributes.verb == QLatin1String("watch")))
        attributes.name = requiredName(http.queryItem(QStringLiteral("fieldSelector")));
    // kube's RequestInfo takes /api/v1/namespaces/NAME as a request in namespace NAME.
    attributes.ns = path.group.isEmpty() && path.resource == QLatin1String("namespaces") && path.ns.isEmpty() ? path.name : path.ns;
    return attributes;
}

StatusError RequestAuthorizer::forbidden(const RequestAttributes &attributes, const QString &reason)
{
    QString message = QStringLiteral("User ") + quoted(attributes.user.name) + QStringLiteral(" cannot ") + attributes.verb;
    if (!attributes.resourceRequest) {
        message += QStringLiteral(" path ") + quoted(attributes.path);
    } else {
        message += QStringLiteral(" resource ") + quoted(attributes.combinedResource()) + QStringLiteral(" in API group ")
            + quoted(attributes.apiGroup);
        message += attributes.ns.isEmpty() ? QStringLiteral(" at the cluster scope") : QStringLiteral(" in the namespace ") + quoted(attributes.ns);
    }
    if (!reason.isEmpty())
        message += QStringLiteral(": ") + reason;
    return StatusError::forbidden(attributes.resourceRequest ? attributes.resource : QString(), attributes.apiGroup,
                                  attributes.name, message);
}

RbacAuthorizer::Decision RequestAuthorizer::authorize(const RequestAttributes &attributes) const
{
    if (m_mode == Mode::AlwaysAllow || !m_state)
        return {true, QString()};
    return RbacAuthorizer(m_state->policy()).authorize(attributes);
}

std::optional<StatusError> RequestAuthorizer::check(const RequestAttributes &attributes) const
{
    const RbacAuthorizer::Decision decision = authorize(attributes);
    if (decision.allowed)
        return std::nullopt;
    return forbidden(attributes, decision.reason);
}

} // namespace cvc::sandbox
