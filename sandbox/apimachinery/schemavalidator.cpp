#include "apimachinery/schemavalidator.h"

#include "apimachinery/patterncache.h"

#include "json/gofmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include "json/kubetime.h"

#include <cmath>

namespace cvc::sandbox {

namespace {

QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

bool isInteger(double value)
{
    return std::isfinite(value) && std::floor(value) == value;
}

// The JSON type name kube-openapi reports for a value ("string", "number", "integer", …).
QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return isInteger(value.toDouble()) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("undefined");
    }
}

bool matchesType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("integer"))
        return value.isDouble() && isInteger(value.toDouble());
    return true; // unknown or empty type: nothing to check
}

// "spec.x in body …": kube-openapi names the root "" and nested fields by their dotted path.
QString inBody(const QString &path, const QString &text)
{
    return path + QStringLiteral(" in body ") + text;
}

bool checkFormat(const QString &format, const QString &text)
{
    static const QRegularExpression date(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    static const QRegularExpression base64(QStringLiteral("^[A-Za-z0-9+/]*={0,2}$"));
    if (format == QLatin1String("date-time"))
        return KubeTime::parse(text).has_value();
    if (format == QLatin1String("date"))
        return date.match(text).hasMatch() && QDate::fromString(text, Qt::ISODate).isValid();
    if (format == QLatin1String("byte"))
        return text.size() % 4 == 0 && base64.match(text).hasMatch();
    if (format == QLatin1String("uuid"))
        return !QUuid::fromString(text).isNull() && text.size() == 36;
    // int32, int64, float, double, password and unknown formats constrain nothing on strings.
    return true;
}

QString enumText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return GoFormat::formatNumber(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull())
        return QStringLiteral("null");
    return QString::fromUtf8(value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                              : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
}

void validateNode(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                  FieldErrorList *errors);

// allOf, anyOf, oneOf and not, with kube-openapi's composite messages.
void validateCombinators(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                         FieldErrorList *errors)
{
    const QString quotedPath = GoFormat::quote(path);
    const QJsonArray allOf = schema.value(QLatin1String("allOf")).toArray();
    for (const QJsonValue &branch : allOf)
        validateNode(value, branch.toObject(), path, errors);

    const QJsonArray anyOf = schema.value(QLatin1String("anyOf")).toArray();
    if (!anyOf.isEmpty()) {
        FieldErrorList firstFailure;
        bool anyValid = false;
        for (const QJsonValue &branch : anyOf) {
            FieldErrorList branchErrors;
            validateNode(value, branch.toObject(), path, &branchErrors);
            if (branchErrors.isEmpty()) {
                anyValid = true;
                break;
            }
            if (firstFailure.isEmpty())
                firstFailure = branchErrors;
        }
        if (!anyValid) {
            errors->append(FieldError::invalid(path, value, quotedPath + QStringLiteral(" must validate at least one schema (anyOf)")));
            errors->append(firstFailure);
        }
    }

    const QJsonArray oneOf = schema.value(QLatin1String("oneOf")).toArray();
    if (!oneOf.isEmpty()) {
        int valid = 0;
        FieldErrorList firstFailure;
        for (const QJsonValue &branch : oneOf) {
            FieldErrorList branchErrors;
            validateNode(value, branch.toObject(), path, &branchErrors);
            if (branchErrors.isEmpty())
                ++valid;
            else if (firstFailure.isEmpty())
                firstFailure = branchErrors;
        }
        if (valid != 1) {
            const QString detail = valid == 0 ? QStringLiteral("Found none valid")
                                              : QStringLiteral("Found %1 valid alternatives").arg(valid);
            errors->append(FieldError::invalid(
                path, value, quotedPath + QStringLiteral(" must validate one and only one schema (oneOf). ") + detail));
            if (valid == 0)
                errors->append(firstFailure);
        }
    }

    if (schema.value(QLatin1String("not")).isObject()) {
        FieldErrorList notErrors;
        validateNode(value, schema.value(QLatin1String("not")).toObject(), path, &notErrors);
        if (notErrors.isEmpty())
            errors->append(FieldError::invalid(path, value, quotedPath + QStringLiteral(" must not validate the schema (not)")));
    }
}

void validateNode(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                  FieldErrorList *errors)
{
    const QString type = schema.value(QLatin1String("type")).toString();
    const bool intOrString = schema.value(QLatin1String("x-kubernetes-int-or-string")).toBool();

    // Type first; a value of the wrong type is not checked any further.
    if (value.isNull()) {
        if (schema.value(QLatin1String("nullable")).toBool() || (type.isEmpty() && !intOrString))
            return;
        const QString expected = intOrString ? QStringLiteral("integer,string") : type;
        errors->append(FieldError::typeInvalid(
            path, QStringLiteral("null"),
            inBody(path, QStringLiteral("must be of type %1: \"null\"").arg(expected))));
        return;
    }
    if (intOrString) {
        if (!value.isString() && !(value.isDouble() && isInteger(value.toDouble()))) {
            errors->append(FieldError::typeInvalid(
                path, typeName(value),
                inBody(path, QStringLiteral("must be of type integer,string: \"%1\"").arg(typeName(value)))));
            return;
        }
    } else if (!type.isEmpty() && !matchesType(value, type)) {
        errors->append(FieldError::typeInvalid(
            path, typeName(value),
            inBody(path, QStringLiteral("must be of type %1: \"%2\"").arg(type, typeName(value)))));
        return;
    }

    validateCombinators(value, schema, path, errors);

    if (value.isString()) {
        const QString text = value.toString();
        const QString format = schema.value(QLatin1String("format")).toString();
        if (!format.isEmpty() && !checkFormat(format, text))
            errors->append(FieldError::typeInvalid(
                path, text, inBody(path, QStringLiteral("must be of type %1: %2").arg(format, GoFormat::quote(text)))));
        // Lengths count characters (runes), not bytes.
        const qsizetype length = text.toUcs4().size();
        if (schema.contains(QLatin1String("maxLength"))) {
            const int maxLength = schema.value(QLatin1String("maxLength")).toInt();
            if (length > maxLength)
                errors->append(FieldError::tooLongMaxLength(path, text, maxLength));
        }
        if (schema.contains(QLatin1String("minLength"))) {
            const int minLength = schema.value(QLatin1String("minLength")).toInt();
            if (length < minLength)
                errors->append(FieldError::invalid(
                    path, text, inBody(path, QStringLiteral("should be at least %1 chars long").arg(minLength))));
        }
        if (schema.contains(QLatin1String("pattern"))) {
            // RE2 semantics and one compilation per pattern, as kube-openapi's validator has them;
            // StructuralSchema refuses CRDs whose patterns do not compile, so the error branch
            // only meets CRDs stored before that check.
            const QString pattern = schema.value(QLatin1String("pattern")).toString();
            const PatternCache::Entry compiled = PatternCache::lookup(pattern);
            if (!compiled.regexp)
                errors->append(FieldError::invalid(
                    path, text,
                    inBody(path, QStringLiteral("should match '%1, but pattern is invalid: %2'").arg(pattern, compiled.error))));
            else if (!compiled.regexp->matches(text))
                errors->append(FieldError::invalid(
                    path, text, inBody(path, QStringLiteral("should match '%1'").arg(pattern))));
        }
    }

    if (value.isDouble()) {
        const double number = value.toDouble();
        if (schema.contains(QLatin1String("multipleOf"))) {
            const double factor = schema.value(QLatin1String("multipleOf")).toDouble();
            if (factor > 0) {
                const double quotient = number / factor;
                if (std::fabs(quotient - std::round(quotient)) > 1e-9)
                    errors->append(FieldError::invalid(
                        path, value,
                        inBody(path, QStringLiteral("should be a multiple of %1").arg(GoFormat::formatFloat(factor)))));
            }
        }
        if (schema.contains(QLatin1String("maximum"))) {
            const double maximum = schema.value(QLatin1String("maximum")).toDouble();
            const bool exclusive = schema.value(QLatin1String("exclusiveMaximum")).toBool();
            if (exclusive ? number >= maximum : number > maximum)
                errors->append(FieldError::invalid(
                    path, value,
                    inBody(path, (exclusive ? QStringLiteral("should be less than %1")
                                            : QStringLiteral("should be less than or equal to %1"))
                                     .arg(GoFormat::formatFloat(maximum)))));
        }
        if (schema.contains(QLatin1String("minimum"))) {
            const double minimum = schema.value(QLatin1String("minimum")).toDouble();
            const bool exclusive = schema.value(QLatin1String("exclusiveMinimum")).toBool();
            if (exclusive ? number <= minimum : number < minimum)
                errors->append(FieldError::invalid(
                    path, value,
                    inBody(path, (exclusive ? QStringLiteral("should be greater than %1")
                                            : QStringLiteral("should be greater than or equal to %1"))
                                     .arg(GoFormat::formatFloat(minimum)))));
        }
    }

    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QLatin1String("minItems"))) {
            const int minItems = schema.value(QLatin1String("minItems")).toInt();
            if (array.size() < minItems)
                errors->append(FieldError::invalid(
                    path, value, inBody(path, QStringLiteral("should have at least %1 items").arg(minItems))));
        }
        if (schema.contains(QLatin1String("maxItems"))) {
            const int maxItems = schema.value(QLatin1String("maxItems")).toInt();
            if (array.size() > maxItems)
                errors->append(FieldError::tooMany(path, int(array.size()), maxItems));
        }
        if (schema.value(QLatin1String("uniqueItems")).toBool()) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                for (qsizetype j = 0; j < i; ++j) {
                    if (array.at(i) == array.at(j)) {
                        errors->append(FieldError::duplicate(QStringLiteral("%1[%2]").arg(path).arg(i), array.at(i)));
                        break;
                    }
                }
            }
        }
        if (schema.value(QLatin1String("items")).isObject()) {
            const QJsonObject items = schema.value(QLatin1String("items")).toObject();
            for (qsizetype i = 0; i < array.size(); ++i)
                validateNode(array.at(i), items, QStringLiteral("%1[%2]").arg(path).arg(i), errors);
        }
    }

    if (schema.value(QLatin1String("enum")).isArray()) {
        const QJsonArray allowed = schema.value(QLatin1String("enum")).toArray();
        bool found = false;
        QStringList texts;
        for (const QJsonValue &candidate : allowed) {
            texts.append(enumText(candidate));
            if (candidate == value)
                found = true;
        }
        if (!found)
            errors->append(FieldError::notSupported(path, value, texts));
    }

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (schema.contains(QLatin1String("maxProperties"))) {
            const int maxProperties = schema.value(QLatin1String("maxProperties")).toInt();
            if (object.size() > maxProperties)
                errors->append(FieldError::tooMany(path, int(object.size()), maxProperties));
        }
        if (schema.contains(QLatin1String("minProperties"))) {
            const int minProperties = schema.value(QLatin1String("minProperties")).toInt();
            if (object.size() < minProperties)
                errors->append(FieldError::invalid(
                    path, value, inBody(path, QStringLiteral("should have at least %1 properties").arg(minProperties))));
        }
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString child = childPath(path, it.key());
            if (properties.contains(it.key()))
                validateNode(it.value(), properties.value(it.key()).toObject(), child, errors);
            else if (additional.isObject())
                validateNode(it.value(), additional.toObject(), child, errors);
            else if (additional.isBool() && !additional.toBool())
                errors->append(FieldError::forbidden(child, inBody(child, QStringLiteral("is a forbidden property"))));
        }
        const QJsonArray required = schema.value(QLatin1String("required")).toArray();
        for (const QJsonValue &name : required) {
            if (!object.contains(name.toString()))
                errors->append(FieldError::required(childPath(path, name.toString())));
        }
    }
}

} // namespace

FieldErrorList SchemaValidator::validateValue(const QJsonValue &value, const QJsonObject &schema,
                                              const QString &path)
{
    FieldErrorList errors;
    validateNode(value, schema, path, &errors);
    return errors;
}

FieldErrorList SchemaValidator::validate(const QJsonObject &object, const QJsonObject &openApiV3Schema)
{
    // apiVersion, kind and metadata are checked by the server and ObjectMetaValidator.
    QJsonObject body = object;
    QJsonObject schema = openApiV3Schema;
    QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    QJsonArray required = schema.value(QLatin1String("required")).toArray();
    for (const QString &key : {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata")}) {
        body.remove(key);
        properties.remove(key);
        for (qsizetype i = required.size() - 1; i >= 0; --i) {
            if (required.at(i).toString() == key)
                required.removeAt(i);
        }
    }
    schema.insert(QStringLiteral("properties"), properties);
    schema.insert(QStringLiteral("required"), required);
    // The root is validated as an object even if an odd schema says otherwise; it is one.
    return validateValue(body, schema, QString());
}

} // namespace cvc::sandbox
