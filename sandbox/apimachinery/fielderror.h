#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// One validation error on one field, as k8s.io/apimachinery/pkg/util/validation/field.Error:
// the texts (body(), toString()) match Go's byte for byte, because clients and tests show them.
class FieldError
{
public:
    enum class Type {
        NotFound,      // FieldValueNotFound     "Not found"
        Required,      // FieldValueRequired     "Required value"
        Duplicate,     // FieldValueDuplicate    "Duplicate value"
        Invalid,       // FieldValueInvalid      "Invalid value"
        NotSupported,  // FieldValueNotSupported "Unsupported value"
        Forbidden,     // FieldValueForbidden    "Forbidden"
        TooLong,       // FieldValueTooLong      "Too long"
        TooMany,       // FieldValueTooMany      "Too many"
        Internal,      // InternalError          "Internal error"
        TypeInvalid,   // FieldValueTypeInvalid  "Invalid value"
    };

    static FieldError notFound(const QString &field, const QJsonValue &value);
    static FieldError required(const QString &field, const QString &detail = {});
    static FieldError duplicate(const QString &field, const QJsonValue &value);
    static FieldError invalid(const QString &field, const QJsonValue &value, const QString &detail);
    // detail = `supported values: "a", "b"` (each Go-quoted) when validValues is not empty.
    static FieldError notSupported(const QString &field, const QJsonValue &value,
                                   const QStringList &validValues);
    static FieldError forbidden(const QString &field, const QString &detail);
    // Go field.TooLong: "must have at most N bytes".
    static FieldError tooLong(const QString &field, const QJsonValue &value, int maxLength);
    // Go field.TooLongMaxLength (schema maxLength): "may not be longer than N".
    static FieldError tooLongMaxLength(const QString &field, const QJsonValue &value, int maxLength);
    // Go field.TooMany: "must have at most N items"; actual < 0 leaves the count out.
    static FieldError tooMany(const QString &field, int actual, int maxItems);
    static FieldError internal(const QString &field, const QString &detail);
    static FieldError typeInvalid(const QString &field, const QJsonValue &value, const QString &detail);

    Type type() const { return m_type; }
    QString field() const { return m_field; }
    QJsonValue badValue() const { return m_badValue; }
    QString detail() const { return m_detail; }

    // The Status cause reason: "FieldValueRequired", "FieldValueNotSupported", …
    QString reason() const;
    // Go ErrorBody(): `Required value`, `Invalid value: "x": detail`,
    // `Unsupported value: "litecoin": supported values: "bitcoin", …`.
    QString body() const;
    // Go Error(): "<field>: <body>".
    QString toString() const;
    // The same error on `prefix` + "." + field() (or `prefix` when field() is empty), for
    // errors found in a value that sits at `prefix` inside a larger document.
    FieldError withFieldPrefix(const QString &prefix) const;

    // {"reason": reason(), "message": body(), "field": field()} for Status details.causes.
    QJsonObject toCause() const;

    // Go utilerrors aggregate of the errors' toString(): "e" for one, "[e1, e2]" for several,
    // duplicates removed (first one kept), "" for none.
    static QString aggregate(const QList<FieldError> &errors);

    bool operator==(const FieldError &other) const;

private:
    FieldError(Type type, const QString &field, const QJsonValue &value, const QString &detail,
               bool showValue);

    Type m_type;
    QString m_field;
    QJsonValue m_badValue;
    QString m_detail;
    bool m_showValue; // false where Go prints no value (Go's omitValue)
};

using FieldErrorList = QList<FieldError>;

} // namespace cvc::sandbox
