#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace cvc::sandbox {

// A field selector as the `fieldSelector` query parameter carries it (k8s.io/apimachinery
// fields.ParseSelector): terms `key=value`, `key==value`, `key!=value` joined by commas (AND);
// `\,` `\=` `\!` `\\` escape. Which keys a resource supports is the caller's choice: a map from
// field label to the dotted path in the object where its value lives.
class FieldSelector
{
public:
    // Field label → object path ("metadata.name" → "metadata.name", "source" → "source.component").
    using FieldMap = QMap<QString, QString>;

    struct Term
    {
        QString field;
        bool negated = false;   // `!=`
        QString value;
    };

    // Custom resources (without selectableFields): metadata.name, metadata.namespace.
    static FieldMap customResourceFields();
    // core/v1 Events: metadata.*, involvedObject.* (kind, namespace, name, uid, apiVersion,
    // resourceVersion, fieldPath), reason, reportingComponent, source, type.
    static FieldMap eventFields();

    FieldSelector() = default;

    // std::nullopt with `errorMessage` set (answer 400) for bad syntax
    // (`invalid selector: 'x'; can't understand 'x'`) or a key not in `allowed`
    // (`field label not supported: spec.coin`).
    static std::optional<FieldSelector> parse(const QString &text, const FieldMap &allowed,
                                              QString *errorMessage = nullptr);

    bool isEmpty() const { return m_terms.isEmpty(); }
    const QList<Term> &terms() const { return m_terms; }

    // Values are compared as strings; a missing field reads as "".
    bool matches(const QJsonObject &object) const;

private:
    QList<Term> m_terms;
    FieldMap m_fields;
};

} // namespace cvc::sandbox
