#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cvc::sandbox {

// A label selector as the `labelSelector` query parameter carries it (k8s.io/apimachinery
// labels.Parse): `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, `k>5`, `k<5`; a
// comma means AND. Keys must be qualified names and values label values.
class LabelSelector
{
public:
    struct Requirement
    {
        enum class Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };
        QString key;
        Operator op = Operator::Exists;
        QStringList values;
    };

    // An empty selector matches everything.
    LabelSelector() = default;

    // std::nullopt with `errorMessage` set (for a 400 BadRequest) when the text cannot be parsed,
    // e.g. `unable to parse requirement: found '(', expected: identifier` or
    // `found ',', expected: !, identifier, or 'end of string'`.
    static std::optional<LabelSelector> parse(const QString &text, QString *errorMessage = nullptr);
    // A metav1.LabelSelector object ({"matchLabels":{…},"matchExpressions":[…]}), as
    // LabelSelectorAsSelector reads it: an empty one matches everything; an unknown operator is
    // refused (std::nullopt, `errorMessage` names it).
    static std::optional<LabelSelector> fromJson(const QJsonObject &selector, QString *errorMessage = nullptr);

    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<Requirement> &requirements() const { return m_requirements; }

    // Against a label map ({"app":"x"}).
    bool matches(const QJsonObject &labels) const;
    // Against an object: uses object.metadata.labels.
    bool matchesObject(const QJsonObject &object) const;

private:
    QList<Requirement> m_requirements;
};

} // namespace cvc::sandbox
