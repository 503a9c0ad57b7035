#include "apimachinery/objectmetavalidator.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace cvc::sandbox {

namespace {

const QString dns1123LabelFmt = QStringLiteral("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
const QString dns1123SubdomainFmt = dns1123LabelFmt + QStringLiteral("(\\.") + dns1123LabelFmt + QStringLiteral(")*");
const QString qualifiedNameFmt = QStringLiteral("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
const QString labelValueFmt = QStringLiteral("(") + qualifiedNameFmt + QStringLiteral(")?");
const QString qualifiedNameErrMsg =
    QStringLiteral("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");

constexpr int dns1123LabelMaxLength = 63;
constexpr int dns1123SubdomainMaxLength = 253;
constexpr int qualifiedNameMaxLength = 63;
constexpr int labelValueMaxLength = 63;
constexpr int totalAnnotationSizeLimit = 256 * 1024;

bool fullMatch(const QString &pattern, const QString &value)
{
    const QRegularExpression re(QStringLiteral("^(?:") + pattern + QStringLiteral(")$"));
    return re.match(value).hasMatch();
}

// Go's validation.RegexError.
QString regexError(const QString &message, const QString &fmt, const QStringList &examples)
{
    if (examples.isEmpty())
        return message + QStringLiteral(" (regex used for validation is '") + fmt + QStringLiteral("')");
    QString text = message + QStringLiteral(" (e.g. ");
    for (qsizetype i = 0; i < examples.size(); ++i) {
        if (i > 0)
            text += QStringLiteral(" or ");
        text += QLatin1Char('\'') + examples.at(i) + QStringLiteral("', ");
    }
    return text + QStringLiteral("regex used for validation is '") + fmt + QStringLiteral("')");
}

QString maxLenError(int length)
{
    return QStringLiteral("must be no more than %1 characters").arg(length);
}

// Go's maskTrailingDash: a generateName may end in '-', the random suffix follows it.
QString maskTrailingDash(const QString &name)
{
    if (name.size() > 1 && name.endsWith(QLatin1Char('-')))
        return name.left(name.size() - 1) + QLatin1Char('a');
    return name;
}

} // namespace

QStringList ObjectMetaValidator::isDns1123Subdomain(const QString &value)
{
    QStringList errors;
    if (value.toUtf8().size() > dns1123SubdomainMaxLength)
        errors.append(maxLenError(dns1123SubdomainMaxLength));
    if (!fullMatch(dns1123SubdomainFmt, value))
        errors.append(regexError(
            QStringLiteral("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"),
            dns1123SubdomainFmt, {QStringLiteral("example.com")}));
    return errors;
}

QStringList ObjectMetaValidator::isDns1123Label(const QString &value)
{
    QStringList errors;
    if (value.toUtf8().size() > dns1123LabelMaxLength)
        errors.append(maxLenError(dns1123LabelMaxLength));
    if (!fullMatch(dns1123LabelFmt, value))
        errors.append(regexError(
            QStringLiteral("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"),
            dns1123LabelFmt, {QStringLiteral("my-name"), QStringLiteral("123-abc")}));
    return errors;
}

QStringList ObjectMetaValidator::isQualifiedName(const QString &value)
{
    QStringList errors;
    const QStringList parts = value.split(QLatin1Char('/'));
    QString name;
    if (parts.size() == 1) {
        name = parts.at(0);
    } else if (parts.size() == 2) {
        const QString prefix = parts.at(0);
        name = parts.at(1);
        if (prefix.isEmpty()) {
            errors.append(QStringLiteral("prefix part must be non-empty"));
        } else {
            for (const QString &message : isDns1123Subdomain(prefix))
                errors.append(QStringLiteral("prefix part ") + message);
        }
    } else {
        errors.append(QStringLiteral("a qualified name ")
                      + regexError(qualifiedNameErrMsg, qualifiedNameFmt,
                                   {QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")})
                      + QStringLiteral(" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
        return errors;
    }
    if (name.isEmpty())
        errors.append(QStringLiteral("name part must be non-empty"));
    else if (name.toUtf8().size() > qualifiedNameMaxLength)
        errors.append(QStringLiteral("name part ") + maxLenError(qualifiedNameMaxLength));
    if (!fullMatch(qualifiedNameFmt, name))
        errors.append(QStringLiteral("name part ")
                      + regexError(qualifiedNameErrMsg, qualifiedNameFmt,
                                   {QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")}));
    return errors;
}

QStringList ObjectMetaValidator::isValidLabelValue(const QString &value)
{
    QStringList errors;
    if (value.toUtf8().size() > labelValueMaxLength)
        errors.append(maxLenError(labelValueMaxLength));
    if (!fullMatch(labelValueFmt, value))
        errors.append(regexError(
            QStringLiteral("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"),
            labelValueFmt, {QStringLiteral("MyValue"), QStringLiteral("my_value"), QStringLiteral("12345")}));
    return errors;
}

QStringList ObjectMetaValidator::validateName(const QString &name, bool prefix)
{
    return isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

QStringList ObjectMetaValidator::validateNamespaceName(const QString &name, bool prefix)
{
    return isDns1123Label(prefix ? maskTrailingDash(name) : name);
}

QStringList ObjectMetaValidator::validatePathSegmentName(const QString &name, bool prefix)
{
    if (!prefix) {
        for (const char *illegal : {".", ".."}) {
            if (name == QLatin1String(illegal))
                return {QStringLiteral("may not be '%1'").arg(QLatin1String(illegal))};
        }
    }
    QStringList errors;
    for (const char *illegal : {"/", "%"}) {
        if (name.contains(QLatin1String(illegal)))
            errors.append(QStringLiteral("may not contain '%1'").arg(QLatin1String(illegal)));
    }
    return errors;
}

FieldErrorList ObjectMetaValidator::validateLabels(const QJsonObject &labels, const QString &fieldPath)
{
    FieldErrorList errors;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        for (const QString &message : isQualifiedName(it.key()))
            errors.append(FieldError::invalid(fieldPath, it.key(), message));
        if (!it.value().isString()) {
            errors.append(FieldError::invalid(fieldPath + QLatin1Char('.') + it.key(), it.value(),
                                              QStringLiteral("must be a string")));
            continue;
        }
        for (const QString &message : isValidLabelValue(it.value().toString()))
            errors.append(FieldError::invalid(fieldPath, it.value(), message));
    }
    return errors;
}

FieldErrorList ObjectMetaValidator::validateAnnotations(const QJsonObject &annotations, const QString &fieldPath)
{
    FieldErrorList errors;
    qint64 totalSize = 0;
    for (auto it = annotations.begin(); it != annotations.end(); ++it) {
        // Annotation keys are qualified names where case does not matter.
        for (const QString &message : isQualifiedName(it.key().toLower()))
            errors.append(FieldError::invalid(fieldPath, it.key(), message));
        totalSize += it.key().toUtf8().size() + it.value().toString().toUtf8().size();
    }
    if (totalSize > totalAnnotationSizeLimit)
        errors.append(FieldError::tooLong(fieldPath, QString(), totalAnnotationSizeLimit));
    return errors;
}

FieldErrorList ObjectMetaValidator::validate(const QJsonObject &metadata, bool namespaced,
                                             NameValidator nameValidator)
{
    FieldErrorList errors;
    const QString name = metadata.value(QLatin1String("name")).toString();
    const QString generateName = metadata.value(QLatin1String("generateName")).toString();
    if (!generateName.isEmpty()) {
        for (const QString &message : nameValidator(generateName, true))
            errors.append(FieldError::invalid(QStringLiteral("metadata.generateName"), generateName, message));
    }
    if (name.isEmpty()) {
        errors.append(FieldError::required(QStringLiteral("metadata.name"),
                                           QStringLiteral("name or generateName is required")));
    } else {
        for (const QString &message : nameValidator(name, false))
            errors.append(FieldError::invalid(QStringLiteral("metadata.name"), name, message));
    }
    const QString namespaceName = metadata.value(QLatin1String("namespace")).toString();
    if (namespaced) {
        if (namespaceName.isEmpty()) {
            errors.append(FieldError::required(QStringLiteral("metadata.namespace")));
        } else {
            for (const QString &message : validateNamespaceName(namespaceName))
                errors.append(FieldError::invalid(QStringLiteral("metadata.namespace"), namespaceName, message));
        }
    } else if (!namespaceName.isEmpty()) {
        errors.append(FieldError::forbidden(QStringLiteral("metadata.namespace"), QStringLiteral("not allowed on this type")));
    }
    if (metadata.value(QLatin1String("generation")).toDouble() < 0)
        errors.append(FieldError::invalid(QStringLiteral("metadata.generation"), metadata.value(QLatin1String("generation")),
                                          QStringLiteral("must be greater than or equal to 0")));
    errors += validateLabels(metadata.value(QLatin1String("labels")).toObject(), QStringLiteral("metadata.labels"));
    errors += validateAnnotations(metadata.value(QLatin1String("annotations")).toObject(),
                                  QStringLiteral("metadata.annotations"));
    const QJsonArray finalizers = metadata.value(QLatin1String("finalizers")).toArray();
    for (qsizetype i = 0; i < finalizers.size(); ++i) {
        const QString finalizer = finalizers.at(i).toString();
        const QString field = QStringLiteral("metadata.finalizers"); // Go does not index it
        for (const QString &message : isQualifiedName(finalizer))
            errors.append(FieldError::invalid(field, finalizer, message));
    }
    return errors;
}

} // namespace cvc::sandbox
