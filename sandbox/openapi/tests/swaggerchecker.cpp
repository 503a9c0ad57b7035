#include "swaggerchecker.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

class Parser
{
public:
    Parser(const QJsonObject &definitions, QStringList *problems)
        : m_definitions(definitions)
        , m_problems(problems)
    {
    }

    void parse(const QJsonObject &s, const QString &path)
    {
        for (const char *foreign : {"nullable", "anyOf", "oneOf", "not", "allOf"}) {
            if (s.contains(QLatin1String(foreign)))
                fail(path, QStringLiteral("%1 is not Swagger 2.0 as kube-apiserver publishes it").arg(QLatin1String(foreign)));
        }
        if (s.contains(QStringLiteral("$ref"))) {
            // parseReference
            const QString ref = s.value(QStringLiteral("$ref")).toString();
            if (!s.value(QStringLiteral("properties")).toObject().isEmpty())
                fail(path, QStringLiteral("unallowed embedded type definition"));
            if (s.contains(QStringLiteral("type")))
                fail(path, QStringLiteral("definition reference can't have a type"));
            if (!ref.startsWith(QLatin1String("#/definitions/")))
                fail(path, QStringLiteral("unallowed reference to non-definition \"%1\"").arg(ref));
            else if (!m_definitions.contains(ref.mid(14)))
                fail(path, QStringLiteral("unknown model in reference: \"%1\"").arg(ref.mid(14)));
            return;
        }
        const QJsonValue type = s.value(QStringLiteral("type"));
        const QJsonArray types = type.isArray() ? type.toArray() : type.isString() ? QJsonArray{type} : QJsonArray{};
        if (types.size() > 1) {
            fail(path, QStringLiteral("definitions with multiple types aren't supported"));
            return;
        }
        const QString t = types.isEmpty() ? QString() : types.first().toString();
        if (t.isEmpty() || t == QLatin1String("object")) {
            if (s.contains(QStringLiteral("properties"))) {
                const QJsonObject properties = s.value(QStringLiteral("properties")).toObject();
                for (auto it = properties.begin(); it != properties.end(); ++it)
                    parse(it.value().toObject(), path + QLatin1Char('.') + it.key());
            } else if (t == QLatin1String("object") && s.value(QStringLiteral("additionalProperties")).isObject()) {
                parse(s.value(QStringLiteral("additionalProperties")).toObject(), path);
            }
            return;
        }
        if (t == QLatin1String("array")) {
            if (!s.value(QStringLiteral("items")).isObject())
                fail(path, QStringLiteral("array should have exactly one sub-item"));
            else
                parse(s.value(QStringLiteral("items")).toObject(), path);
            return;
        }
        if (t != QLatin1String("string") && t != QLatin1String("number") && t != QLatin1String("integer")
            && t != QLatin1String("boolean"))
            fail(path, QStringLiteral("Unknown primitive type: \"%1\"").arg(t));
    }

    void fail(const QString &path, const QString &reason) { m_problems->append(path + QStringLiteral(": ") + reason); }

private:
    const QJsonObject &m_definitions;
    QStringList *m_problems;
};

bool isGvk(const QJsonValue &value)
{
    const QJsonObject gvk = value.toObject();
    return value.isObject() && gvk.value(QStringLiteral("group")).isString() && gvk.value(QStringLiteral("version")).isString()
        && gvk.value(QStringLiteral("kind")).isString();
}

} // namespace

QStringList SwaggerChecker::problems(const QJsonObject &swagger)
{
    QStringList problems;
    const QJsonObject definitions = swagger.value(QStringLiteral("definitions")).toObject();
    Parser parser(definitions, &problems);
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
        const QJsonObject definition = it.value().toObject();
        parser.parse(definition, it.key());
        // kubectl's parseGroupVersionKind: a list of maps with string group, version and kind.
        const QJsonValue gvks = definition.value(QStringLiteral("x-kubernetes-group-version-kind"));
        if (!gvks.isUndefined()) {
            bool ok = gvks.isArray() && !gvks.toArray().isEmpty();
            for (const QJsonValue &gvk : gvks.toArray())
                ok = ok && isGvk(gvk);
            if (!ok)
                parser.fail(it.key(), QStringLiteral("x-kubernetes-group-version-kind is not a list of {group, version, kind}"));
        }
    }
    // The dry-run and fieldValidation verifiers and GetConsumes read an operation's GVK as one map.
    const QJsonObject paths = swagger.value(QStringLiteral("paths")).toObject();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            const QJsonValue gvk = op.value().toObject().value(QStringLiteral("x-kubernetes-group-version-kind"));
            if (op.key() != QLatin1String("parameters") && !isGvk(gvk))
                parser.fail(it.key() + QLatin1Char(' ') + op.key(), QStringLiteral("operation without a {group, version, kind} map"));
        }
    }
    return problems;
}

} // namespace cvc::sandbox
