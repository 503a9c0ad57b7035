#include "apimachinery/structuralschema.h"

#include "apimachinery/patterncache.h"
#include "apimachinery/schemapruner.h"
#include "apimachinery/schemavalidator.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

// Keywords a structural schema cannot use (AX pkg/apis/apiextensions/validation: forbidden in v1).
const QStringList &forbiddenKeywords()
{
    static const QStringList keywords = {QStringLiteral("$ref"), QStringLiteral("$schema"),
                                         QStringLiteral("id"), QStringLiteral("definitions"),
                                         QStringLiteral("dependencies"), QStringLiteral("patternProperties"),
                                         QStringLiteral("additionalItems")};
    return keywords;
}

const QStringList &allowedTypes()
{
    static const QStringList types = {QStringLiteral("object"), QStringLiteral("array"), QStringLiteral("string"),
                                      QStringLiteral("number"), QStringLiteral("integer"), QStringLiteral("boolean")};
    return types;
}

enum class Level { Root, Nested };

// kube-apiserver's validateValueValidation: a pattern that Go's regexp cannot compile makes the
// schema non-structural. Compiling here also fills the cache the validator matches with.
void checkPattern(const QJsonObject &schema, const QString &path, FieldErrorList *errors)
{
    if (!schema.contains(QLatin1String("pattern")))
        return;
    const QString pattern = schema.value(QLatin1String("pattern")).toString();
    if (pattern.isEmpty())
        return;
    const PatternCache::Entry compiled = PatternCache::lookup(pattern);
    if (!compiled.regexp)
        errors->append(FieldError::invalid(path + QStringLiteral(".pattern"), pattern,
                                           QStringLiteral("must be a valid regular expression, but isn't: ") + compiled.error));
}

// Inside allOf/anyOf/oneOf/not only value validations live, but they nest (properties, items,
// further junctors) and every pattern among them is checked like a structural one.
void checkNestedPatterns(const QJsonObject &schema, const QString &path, int depth, FieldErrorList *errors)
{
    // A CRD is parsed JSON (1024 levels at most); the guard keeps a hand-built schema finite too.
    if (depth > 1024)
        return;
    checkPattern(schema, path, errors);
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        checkNestedPatterns(it.value().toObject(), path + QStringLiteral(".properties[") + it.key() + QLatin1Char(']'),
                            depth + 1, errors);
    for (const char *child : {"items", "additionalProperties", "not"}) {
        const QJsonValue value = schema.value(QLatin1String(child));
        if (value.isObject())
            checkNestedPatterns(value.toObject(), path + QLatin1Char('.') + QLatin1String(child), depth + 1, errors);
    }
    for (const char *combinator : {"allOf", "anyOf", "oneOf"}) {
        const QJsonArray branches = schema.value(QLatin1String(combinator)).toArray();
        for (qsizetype i = 0; i < branches.size(); ++i)
            checkNestedPatterns(branches.at(i).toObject(),
                                path + QLatin1Char('.') + QLatin1String(combinator) + QStringLiteral("[%1]").arg(i),
                                depth + 1, errors);
    }
}

void validateNode(const QJsonObject &schema, const QString &path, Level level, FieldErrorList *errors);

void validateChildren(const QJsonObject &schema, const QString &path, FieldErrorList *errors)
{
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString childPath = path + QStringLiteral(".properties[") + it.key() + QLatin1Char(']');
        if (!it.value().isObject()) {
            errors->append(FieldError::invalid(childPath, it.value(), QStringLiteral("must be a schema object")));
            continue;
        }
        validateNode(it.value().toObject(), childPath, Level::Nested, errors);
    }
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    if (additional.isObject())
        validateNode(additional.toObject(), path + QStringLiteral(".additionalProperties"), Level::Nested, errors);
    const QJsonValue items = schema.value(QLatin1String("items"));
    if (items.isObject())
        validateNode(items.toObject(), path + QStringLiteral(".items"), Level::Nested, errors);
    else if (items.isArray())
        errors->append(FieldError::forbidden(path + QStringLiteral(".items"),
                                             QStringLiteral("items must be a schema object and not an array")));
    for (const char *combinator : {"allOf", "anyOf", "oneOf"}) {
        const QJsonArray branches = schema.value(QLatin1String(combinator)).toArray();
        for (qsizetype i = 0; i < branches.size(); ++i) {
            // Inside value validations types are optional; still look for forbidden keywords.
            const QJsonObject branch = branches.at(i).toObject();
            const QString branchPath = path + QLatin1Char('.') + QLatin1String(combinator) + QStringLiteral("[%1]").arg(i);
            for (const QString &keyword : forbiddenKeywords()) {
                if (branch.contains(keyword))
                    errors->append(FieldError::forbidden(branchPath + QLatin1Char('.') + keyword,
                                                         keyword + QStringLiteral(" is not supported")));
            }
            checkNestedPatterns(branch, branchPath, 0, errors);
        }
    }
    if (schema.value(QLatin1String("not")).isObject())
        checkNestedPatterns(schema.value(QLatin1String("not")).toObject(), path + QStringLiteral(".not"), 0, errors);
}

void validateRootMetadata(const QJsonObject &metadata, const QString &path, FieldErrorList *errors)
{
    // At the root only name and generateName of metadata may be restricted; type may say object.
    QJsonObject rest = metadata;
    rest.remove(QStringLiteral("type"));
    QJsonObject properties = rest.value(QLatin1String("properties")).toObject();
    properties.remove(QStringLiteral("name"));
    properties.remove(QStringLiteral("generateName"));
    if (properties.isEmpty())
        rest.remove(QStringLiteral("properties"));
    for (const QString &harmless : {QStringLiteral("description"), QStringLiteral("nullable")})
        rest.remove(harmless);
    if (!rest.isEmpty())
        errors->append(FieldError::forbidden(
            path, QStringLiteral("must not specify anything other than name and generateName, but metadata is implicitly specified")));
    const QString type = metadata.value(QLatin1String("type")).toString();
    if (!type.isEmpty() && type != QLatin1String("object"))
        errors->append(FieldError::invalid(path + QStringLiteral(".type"), type, QStringLiteral("must be object")));
}

void validateNode(const QJsonObject &schema, const QString &path, Level level, FieldErrorList *errors)
{
    const QString type = schema.value(QLatin1String("type")).toString();
    const bool intOrString = schema.value(QLatin1String("x-kubernetes-int-or-string")).toBool();
    const bool preserve = schema.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
    const bool embedded = schema.value(QLatin1String("x-kubernetes-embedded-resource")).toBool();

    checkPattern(schema, path, errors);
    for (const QString &keyword : forbiddenKeywords()) {
        if (schema.contains(keyword))
            errors->append(FieldError::forbidden(path + QLatin1Char('.') + keyword,
                                                 keyword + QStringLiteral(" is not supported")));
    }
    if (!type.isEmpty() && !allowedTypes().contains(type))
        errors->append(FieldError::notSupported(path + QStringLiteral(".type"), type, allowedTypes()));

    if (level == Level::Root) {
        if (type.isEmpty())
            errors->append(FieldError::required(path + QStringLiteral(".type"), QStringLiteral("must not be empty at the root")));
        else if (type != QLatin1String("object"))
            errors->append(FieldError::invalid(path + QStringLiteral(".type"), type, QStringLiteral("must be object at the root")));
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (const char *name : {"apiVersion", "kind"}) {
            const QString key = QLatin1String(name);
            if (properties.contains(key)) {
                const QString t = properties.value(key).toObject().value(QLatin1String("type")).toString();
                if (t != QLatin1String("string"))
                    errors->append(FieldError::invalid(path + QStringLiteral(".properties[") + key + QStringLiteral("].type"),
                                                       t, QStringLiteral("must be string")));
            }
        }
        if (properties.contains(QLatin1String("metadata"))) {
            const QJsonObject metadata = properties.value(QLatin1String("metadata")).toObject();
            validateRootMetadata(metadata, path + QStringLiteral(".properties[metadata]"), errors);
            checkNestedPatterns(metadata, path + QStringLiteral(".properties[metadata]"), 0, errors);
        }
    } else if (type.isEmpty() && !intOrString && !preserve && !embedded) {
        errors->append(FieldError::required(path + QStringLiteral(".type"),
                                            QStringLiteral("must not be empty for specified object fields")));
    }

    if (intOrString && !type.isEmpty())
        errors->append(FieldError::invalid(path + QStringLiteral(".type"), type,
                                           QStringLiteral("must be empty if x-kubernetes-int-or-string is true")));
    if (embedded && !type.isEmpty() && type != QLatin1String("object"))
        errors->append(FieldError::invalid(path + QStringLiteral(".type"), type,
                                           QStringLiteral("must be object if x-kubernetes-embedded-resource is true")));
    if (schema.contains(QLatin1String("properties")) && schema.value(QLatin1String("additionalProperties")).isObject())
        errors->append(FieldError::forbidden(path + QStringLiteral(".additionalProperties"),
                                             QStringLiteral("additionalProperties and properties are mutual exclusive")));
    if (type == QLatin1String("array") && !schema.value(QLatin1String("items")).isObject())
        errors->append(FieldError::required(path + QStringLiteral(".items"), QStringLiteral("must be specified")));
    if (schema.contains(QLatin1String("additionalProperties")) && schema.value(QLatin1String("additionalProperties")).isBool()
        && schema.value(QLatin1String("additionalProperties")).toBool() == false)
        errors->append(FieldError::forbidden(path + QStringLiteral(".additionalProperties"),
                                             QStringLiteral("additionalProperties cannot be set to false")));

    // A default must survive pruning unchanged and validate against its own schema, or every
    // object that receives it would be refused (AX validation: defaults are checked at create).
    if (schema.contains(QLatin1String("default")) && !schema.value(QLatin1String("default")).isNull()) {
        const QJsonValue value = schema.value(QLatin1String("default"));
        const QString defaultPath = path + QStringLiteral(".default");
        if (level == Level::Root) {
            errors->append(FieldError::forbidden(defaultPath, QStringLiteral("must not be set at the root")));
        } else {
            QStringList unknown;
            SchemaPruner::pruneValue(value, schema, QString(), &unknown);
            if (!unknown.isEmpty())
                errors->append(FieldError::invalid(defaultPath, value,
                                                   QStringLiteral("must not have unknown fields: ") + unknown.join(QStringLiteral(", "))));
            for (const FieldError &error : SchemaValidator::validateValue(value, schema, QString()))
                errors->append(error.withFieldPrefix(defaultPath));
        }
    }

    // The metadata node at the root is checked as a whole above, not walked.
    if (level == Level::Root) {
        QJsonObject withoutMetadata = schema;
        QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        properties.remove(QStringLiteral("metadata"));
        withoutMetadata.insert(QStringLiteral("properties"), properties);
        validateChildren(withoutMetadata, path, errors);
    } else {
        validateChildren(schema, path, errors);
    }
}

} // namespace

FieldErrorList StructuralSchema::validate(const QJsonObject &openApiV3Schema, const QString &fieldPath)
{
    FieldErrorList errors;
    validateNode(openApiV3Schema, fieldPath, Level::Root, &errors);
    return errors;
}

} // namespace cvc::sandbox
