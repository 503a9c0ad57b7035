#include "apimachinery/fielderror.h"

#include "json/gofmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace cvc::sandbox {

namespace {

QString typeText(FieldError::Type type)
{
    switch (type) {
    case FieldError::Type::NotFound: return QStringLiteral("Not found");
    case FieldError::Type::Required: return QStringLiteral("Required value");
    case FieldError::Type::Duplicate: return QStringLiteral("Duplicate value");
    case FieldError::Type::Invalid: return QStringLiteral("Invalid value");
    case FieldError::Type::NotSupported: return QStringLiteral("Unsupported value");
    case FieldError::Type::Forbidden: return QStringLiteral("Forbidden");
    case FieldError::Type::TooLong: return QStringLiteral("Too long");
    case FieldError::Type::TooMany: return QStringLiteral("Too many");
    case FieldError::Type::Internal: return QStringLiteral("Internal error");
    case FieldError::Type::TypeInvalid: return QStringLiteral("Invalid value");
    }
    return {};
}

// How Go's ErrorBody prints a bad value: strings %q, numbers and bools %v, nil as "null".
QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return GoFormat::quote(value.toString());
    case QJsonValue::Double: return GoFormat::formatNumber(value.toDouble());
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    default: return QStringLiteral("\"null\"");
    }
}

} // namespace

FieldError::FieldError(Type type, const QString &field, const QJsonValue &value,
                       const QString &detail, bool showValue)
    : m_type(type), m_field(field), m_badValue(value), m_detail(detail), m_showValue(showValue)
{
}

FieldError FieldError::notFound(const QString &field, const QJsonValue &value)
{
    return FieldError(Type::NotFound, field, value, {}, true);
}

FieldError FieldError::required(const QString &field, const QString &detail)
{
    return FieldError(Type::Required, field, QString(), detail, false);
}

FieldError FieldError::duplicate(const QString &field, const QJsonValue &value)
{
    return FieldError(Type::Duplicate, field, value, {}, true);
}

FieldError FieldError::invalid(const QString &field, const QJsonValue &value, const QString &detail)
{
    return FieldError(Type::Invalid, field, value, detail, true);
}

FieldError FieldError::notSupported(const QString &field, const QJsonValue &value,
                                    const QStringList &validValues)
{
    QString detail;
    if (!validValues.isEmpty()) {
        QStringList quoted;
        for (const QString &v : validValues)
            quoted.append(GoFormat::quote(v));
        detail = QStringLiteral("supported values: ") + quoted.join(QStringLiteral(", "));
    }
    return FieldError(Type::NotSupported, field, value, detail, true);
}

FieldError FieldError::forbidden(const QString &field, const QString &detail)
{
    return FieldError(Type::Forbidden, field, QString(), detail, false);
}

FieldError FieldError::tooLong(const QString &field, const QJsonValue &value, int maxLength)
{
    return FieldError(Type::TooLong, field, value,
                      QStringLiteral("must have at most %1 bytes").arg(maxLength), false);
}

FieldError FieldError::tooLongMaxLength(const QString &field, const QJsonValue &value, int maxLength)
{
    const QString detail = maxLength >= 0 ? QStringLiteral("may not be longer than %1").arg(maxLength)
                                          : QStringLiteral("value is too long");
    return FieldError(Type::TooLong, field, value, detail, false);
}

FieldError FieldError::tooMany(const QString &field, int actual, int maxItems)
{
    const QString detail = maxItems >= 0 ? QStringLiteral("must have at most %1 items").arg(maxItems)
                                         : QStringLiteral("has too many items");
    return FieldError(Type::TooMany, field, actual >= 0 ? QJsonValue(actual) : QJsonValue(),
                      detail, actual >= 0);
}

FieldError FieldError::internal(const QString &field, const QString &detail)
{
    return FieldError(Type::Internal, field, QJsonValue(), detail, false);
}

FieldError FieldError::typeInvalid(const QString &field, const QJsonValue &value, const QString &detail)
{
    return FieldError(Type::TypeInvalid, field, value, detail, true);
}

QString FieldError::reason() const
{
    switch (m_type) {
    case Type::NotFound: return QStringLiteral("FieldValueNotFound");
    case Type::Required: return QStringLiteral("FieldValueRequired");
    case Type::Duplicate: return QStringLiteral("FieldValueDuplicate");
    case Type::Invalid: return QStringLiteral("FieldValueInvalid");
    case Type::NotSupported: return QStringLiteral("FieldValueNotSupported");
    case Type::Forbidden: return QStringLiteral("FieldValueForbidden");
    case Type::TooLong: return QStringLiteral("FieldValueTooLong");
    case Type::TooMany: return QStringLiteral("FieldValueTooMany");
    case Type::Internal: return QStringLiteral("InternalError");
    case Type::TypeInvalid: return QStringLiteral("FieldValueTypeInvalid");
    }
    return {};
}

QString FieldError::body() const
{
    QString text = typeText(m_type);
    if (m_showValue)
        text += QStringLiteral(": ") + valueText(m_badValue);
    if (!m_detail.isEmpty())
        text += QStringLiteral(": ") + m_detail;
    return text;
}

QString FieldError::toString() const
{
    return m_field + QStringLiteral(": ") + body();
}

FieldError FieldError::withFieldPrefix(const QString &prefix) const
{
    FieldError copy = *this;
    if (prefix.isEmpty())
        return copy;
    if (m_field.isEmpty())
        copy.m_field = prefix;
    else if (m_field.startsWith(QLatin1Char('[')))
        copy.m_field = prefix + m_field;
    else
        copy.m_field = prefix + QLatin1Char('.') + m_field;
    return copy;
}

QJsonObject FieldError::toCause() const
{
    return QJsonObject{{QStringLiteral("reason"), reason()},
                       {QStringLiteral("message"), body()},
                       {QStringLiteral("field"), m_field}};
}

QString FieldError::aggregate(const QList<FieldError> &errors)
{
    QStringList unique;
    QSet<QString> seen;
    for (const FieldError &error : errors) {
        const QString text = error.toString();
        if (seen.contains(text))
            continue;
        seen.insert(text);
        unique.append(text);
    }
    if (unique.isEmpty())
        return {};
    // Go prints one error bare and several in brackets, counting distinct messages.
    if (unique.size() == 1)
        return unique.first();
    return QLatin1Char('[') + unique.join(QStringLiteral(", ")) + QLatin1Char(']');
}

bool FieldError::operator==(const FieldError &other) const
{
    return m_type == other.m_type && m_field == other.m_field && m_badValue == other.m_badValue
           && m_detail == other.m_detail && m_showValue == other.m_showValue;
}

} // namespace cvc::sandbox
