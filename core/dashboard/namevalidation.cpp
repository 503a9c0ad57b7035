#include "dashboard/namevalidation.h"

#include <QRegularExpression>

namespace cvc::ui {

QStringList dns1123SubdomainErrors(const QString &name)
{
    // k8s.io/apimachinery/pkg/util/validation: IsDNS1123Subdomain.
    static const QRegularExpression pattern(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    QStringList errors;
    if (name.isEmpty())
        return {QStringLiteral("Required value: name or generateName is required")};
    if (name.size() > 253)
        errors << QStringLiteral("must be no more than 253 characters");
    if (!pattern.match(name).hasMatch())
        errors << QStringLiteral(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
            "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
            "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    return errors;
}

QStringList dns1123LabelErrors(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    QStringList errors;
    if (name.isEmpty())
        return {QStringLiteral("Required value")};
    if (name.size() > 63)
        errors << QStringLiteral("must be no more than 63 characters");
    if (!pattern.match(name).hasMatch())
        errors << QStringLiteral(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
            "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
            "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    return errors;
}

} // namespace cvc::ui
