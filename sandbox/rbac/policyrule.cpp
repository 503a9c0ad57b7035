#include "policyrule.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out.append(item.toString());
    return out;
}

QString goQuoted(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QLatin1Char('"');
}

} // namespace

QString goQuotedList(const QStringList &values)
{
    QStringList quoted;
    for (const QString &value : values)
        quoted.append(goQuoted(value));
    return QLatin1Char('[') + quoted.join(QLatin1Char(' ')) + QLatin1Char(']');
}

PolicyRule PolicyRule::fromJson(const QJsonObject &rule)
{
    PolicyRule out;
    out.verbs = strings(rule.value(QStringLiteral("verbs")));
    out.apiGroups = strings(rule.value(QStringLiteral("apiGroups")));
    out.resources = strings(rule.value(QStringLiteral("resources")));
    out.resourceNames = strings(rule.value(QStringLiteral("resourceNames")));
    out.nonResourceURLs = strings(rule.value(QStringLiteral("nonResourceURLs")));
    return out;
}

QList<PolicyRule> PolicyRule::listFromJson(const QJsonValue &rules)
{
    QList<PolicyRule> out;
    for (const QJsonValue &rule : rules.toArray())
        out.append(fromJson(rule.toObject()));
    return out;
}

QJsonObject PolicyRule::toJson() const
{
    QJsonObject out;
    const auto put = [&out](const char *key, const QStringList &values) {
        if (!values.isEmpty())
            out.insert(QLatin1String(key), QJsonArray::fromStringList(values));
    };
    put("verbs", verbs);
    put("apiGroups", apiGroups);
    put("resources", resources);
    put("resourceNames", resourceNames);
    put("nonResourceURLs", nonResourceURLs);
    if (!out.contains(QStringLiteral("verbs")))
        out.insert(QStringLiteral("verbs"), QJsonArray());
    return out;
}

QString PolicyRule::compactString() const
{
    QStringList parts;
    if (!apiGroups.isEmpty())
        parts.append(QStringLiteral("APIGroups:") + goQuotedList(apiGroups));
    if (!resources.isEmpty())
        parts.append(QStringLiteral("Resources:") + goQuotedList(resources));
    if (!nonResourceURLs.isEmpty())
        parts.append(QStringLiteral("NonResourceURLs:") + goQuotedList(nonResourceURLs));
    if (!resourceNames.isEmpty())
        parts.append(QStringLiteral("ResourceNames:") + goQuotedList(resourceNames));
    if (!verbs.isEmpty())
        parts.append(QStringLiteral("Verbs:") + goQuotedList(verbs));
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

} // namespace cvc::sandbox
