#include "crdrules.h"

#include "apimachinery/structuralschema.h"
#include "json/kubetime.h"
#include "objectmeta.h"

#include <QJsonArray>
#include <QSet>

namespace cvc::sandbox {

namespace {

QJsonObject spec(const QJsonObject &crd)
{
    return crd.value(QStringLiteral("spec")).toObject();
}

QJsonObject condition(const QString &type, const QString &reason, const QString &message, const QString &time)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("status"), QStringLiteral("True")},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("lastTransitionTime"), time}};
}

QString transitionTime(const QJsonObject &old, const QString &type, const QString &fallback)
{
    const QJsonArray conditions = old.value(QStringLiteral("status")).toObject().value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &c : conditions) {
        if (c.toObject().value(QStringLiteral("type")).toString() == type)
            return c.toObject().value(QStringLiteral("lastTransitionTime")).toString(fallback);
    }
    return fallback;
}

} // namespace

QString CrdRules::storageKey(const QJsonObject &crd)
{
    const QJsonObject s = spec(crd);
    return s.value(QStringLiteral("group")).toString() + QLatin1Char('/')
        + s.value(QStringLiteral("names")).toObject().value(QStringLiteral("plural")).toString();
}

void CrdRules::prepare(QJsonObject *crd, const QJsonObject &old)
{
    QJsonObject s = spec(*crd);
    QJsonObject names = s.value(QStringLiteral("names")).toObject();
    const QString kind = names.value(QStringLiteral("kind")).toString();
    if (names.value(QStringLiteral("singular")).toString().isEmpty())
        names.insert(QStringLiteral("singular"), kind.toLower());
    if (names.value(QStringLiteral("listKind")).toString().isEmpty())
        names.insert(QStringLiteral("listKind"), QString(kind + QStringLiteral("List")));
    s.insert(QStringLiteral("names"), names);
    if (!s.contains(QStringLiteral("conversion")))
        s.insert(QStringLiteral("conversion"), QJsonObject{{QStringLiteral("strategy"), QStringLiteral("None")}});
    crd->insert(QStringLiteral("spec"), s);

    QJsonArray stored = old.value(QStringLiteral("status")).toObject().value(QStringLiteral("storedVersions")).toArray();
    for (const QJsonValue &v : s.value(QStringLiteral("versions")).toArray()) {
        const QJsonObject version = v.toObject();
        if (version.value(QStringLiteral("storage")).toBool() && !stored.contains(version.value(QStringLiteral("name"))))
            stored.append(version.value(QStringLiteral("name")));
    }
    const QString now = KubeTime::format(QDateTime::currentDateTimeUtc());
    QJsonArray conditions{
        condition(QStringLiteral("NamesAccepted"), QStringLiteral("NoConflicts"), QStringLiteral("no conflicts found"),
                  transitionTime(old, QStringLiteral("NamesAccepted"), now)),
        condition(QStringLiteral("Established"), QStringLiteral("InitialNamesAccepted"),
                  QStringLiteral("the initial names have been accepted"),
                  transitionTime(old, QStringLiteral("Established"), now))};
    if (ObjectMeta::isDeleting(*crd)) {
        conditions.append(condition(QStringLiteral("Terminating"), QStringLiteral("InstanceDeletionInProgress"),
                                    QStringLiteral("CustomResource deletion is in progress"),
                                    transitionTime(old, QStringLiteral("Terminating"), now)));
    }
    crd->insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("acceptedNames"), names},
                                                      {QStringLiteral("conditions"), conditions},
                                                      {QStringLiteral("storedVersions"), stored}});
}

FieldErrorList CrdRules::validate(const QJsonObject &crd)
{
    FieldErrorList errors;
    const QJsonObject s = spec(crd);
    const QString group = s.value(QStringLiteral("group")).toString();
    const QJsonObject names = s.value(QStringLiteral("names")).toObject();
    const QString plural = names.value(QStringLiteral("plural")).toString();
    if (group.isEmpty())
        errors.append(FieldError::required(QStringLiteral("spec.group"), QString()));
    else if (!group.contains(QLatin1Char('.')))
        errors.append(FieldError::invalid(QStringLiteral("spec.group"), group, QStringLiteral("should be a domain with at least one dot")));
    if (plural.isEmpty())
        errors.append(FieldError::required(QStringLiteral("spec.names.plural"), QString()));
    if (names.value(QStringLiteral("kind")).toString().isEmpty())
        errors.append(FieldError::required(QStringLiteral("spec.names.kind"), QString()));
    if (!plural.isEmpty() && !group.isEmpty() && ObjectMeta::name(crd) != plural + QLatin1Char('.') + group)
        errors.append(FieldError::invalid(QStringLiteral("metadata.name"), ObjectMeta::name(crd),
                                          QStringLiteral("must be spec.names.plural+\".\"+spec.group")));
    const QString scope = s.value(QStringLiteral("scope")).toString();
    if (scope != QLatin1String("Namespaced") && scope != QLatin1String("Cluster"))
        errors.append(FieldError::notSupported(QStringLiteral("spec.scope"), scope,
                                               {QStringLiteral("Cluster"), QStringLiteral("Namespaced")}));

    const QJsonArray versions = s.value(QStringLiteral("versions")).toArray();
    if (versions.isEmpty())
        errors.append(FieldError::invalid(QStringLiteral("spec.versions"), QJsonArray(), QStringLiteral("must have exactly one version marked as storage version")));
    int storageVersions = 0;
    QSet<QString> seen;
    static const QSet<QString> columnTypes = {QStringLiteral("integer"), QStringLiteral("number"), QStringLiteral("string"),
                                              QStringLiteral("boolean"), QStringLiteral("date")};
    for (qsizetype i = 0; i < versions.size(); ++i) {
        const QJsonObject version = versions.at(i).toObject();
        const QString path = QStringLiteral("spec.versions[%1]").arg(i);
        const QString name = version.value(QStringLiteral("name")).toString();
        if (name.isEmpty())
            errors.append(FieldError::required(path + QStringLiteral(".name"), QString()));
        else if (seen.contains(name))
            errors.append(FieldError::invalid(QStringLiteral("spec.versions"), name, QStringLiteral("must appear only once")));
        seen.insert(name);
        if (version.value(QStringLiteral("storage")).toBool())
            ++storageVersions;
        const QJsonObject schema = version.value(QStringLiteral("schema")).toObject().value(QStringLiteral("openAPIV3Schema")).toObject();
        if (schema.isEmpty())
            errors.append(FieldError::required(path + QStringLiteral(".schema.openAPIV3Schema"), QStringLiteral("schemas are required")));
        else
            errors.append(StructuralSchema::validate(schema, path + QStringLiteral(".schema.openAPIV3Schema")));
        const QJsonArray columns = version.value(QStringLiteral("additionalPrinterColumns")).toArray();
        for (qsizetype c = 0; c < columns.size(); ++c) {
            const QJsonObject column = columns.at(c).toObject();
            const QString cpath = path + QStringLiteral(".additionalPrinterColumns[%1]").arg(c);
            if (column.value(QStringLiteral("name")).toString().isEmpty())
                errors.append(FieldError::required(cpath + QStringLiteral(".name"), QString()));
            const QString type = column.value(QStringLiteral("type")).toString();
            if (!columnTypes.contains(type))
                errors.append(FieldError::notSupported(cpath + QStringLiteral(".type"), type,
                                                       {QStringLiteral("boolean"), QStringLiteral("date"), QStringLiteral("integer"),
                                                        QStringLiteral("number"), QStringLiteral("string")}));
            // kube-apiserver names the field by its Go name (ValidateCustomResourceColumnDefinition:
            // fldPath.Child("JSONPath")) and only checks the leading dot; a path that then does not
            // parse loses its column in Tables (TableConvertor), it does not fail the CRD.
            const QString jsonPath = column.value(QStringLiteral("jsonPath")).toString();
            if (jsonPath.isEmpty())
                errors.append(FieldError::required(cpath + QStringLiteral(".JSONPath"), QString()));
            else if (!jsonPath.startsWith(QLatin1Char('.')))
                errors.append(FieldError::invalid(cpath + QStringLiteral(".JSONPath"), jsonPath,
                                                  QStringLiteral("must be a simple json path starting with .")));
        }
    }
    if (!versions.isEmpty() && storageVersions != 1)
        errors.append(FieldError::invalid(QStringLiteral("spec.versions"), versions,
                                          QStringLiteral("must have exactly one version marked as storage version")));
    return errors;
}

QList<ResourceInfo> CrdRules::resources(const QJsonObject &crd)
{
    QList<ResourceInfo> out;
    const QJsonObject s = spec(crd);
    const QJsonObject names = s.value(QStringLiteral("names")).toObject();
    for (const QJsonValue &v : s.value(QStringLiteral("versions")).toArray()) {
        const QJsonObject version = v.toObject();
        if (!version.value(QStringLiteral("served")).toBool())
            continue;
        ResourceInfo info;
        info.group = s.value(QStringLiteral("group")).toString();
        info.version = version.value(QStringLiteral("name")).toString();
        info.plural = names.value(QStringLiteral("plural")).toString();
        info.kind = names.value(QStringLiteral("kind")).toString();
        info.singular = names.value(QStringLiteral("singular")).toString(info.kind.toLower());
        info.listKind = names.value(QStringLiteral("listKind")).toString(info.kind + QStringLiteral("List"));
        info.namespaced = s.value(QStringLiteral("scope")).toString() != QLatin1String("Cluster");
        for (const QJsonValue &n : names.value(QStringLiteral("shortNames")).toArray())
            info.shortNames.append(n.toString());
        for (const QJsonValue &n : names.value(QStringLiteral("categories")).toArray())
            info.categories.append(n.toString());
        info.verbs = {QStringLiteral("delete"), QStringLiteral("deletecollection"), QStringLiteral("get"),
                      QStringLiteral("list"),   QStringLiteral("patch"),            QStringLiteral("create"),
                      QStringLiteral("update"), QStringLiteral("watch")};
        info.hasStatus = version.value(QStringLiteral("subresources")).toObject().contains(QStringLiteral("status"));
        info.resourceKind = ResourceKind::Custom;
        info.crdVersion = version;
        info.schema = version.value(QStringLiteral("schema")).toObject().value(QStringLiteral("openAPIV3Schema")).toObject();
        for (const QJsonValue &f : version.value(QStringLiteral("selectableFields")).toArray()) {
            QString path = f.toObject().value(QStringLiteral("jsonPath")).toString();
            if (path.startsWith(QLatin1Char('.')))
                path.remove(0, 1);
            info.selectableFields.append(path);
        }
        out.append(info);
    }
    return out;
}

} // namespace cvc::sandbox
