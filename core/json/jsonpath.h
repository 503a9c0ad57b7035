#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace cvc {

class JsonPathProgram;

// JSONPath as kubectl templates and CRD printer columns use it (k8s.io/client-go/util/jsonpath):
//   .spec.coin                       {.metadata.annotations.value}
//   .items[0].x   .items[-1]   .items[*].metadata.name   .items[1:3]
//   .metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']
//   .status.conditions[?(@.type=="Ready")].status
//   {.metadata.name}={.spec.coin}{"\n"}   (a template: literal text between expressions)
// Missing keys are allowed: they select nothing, which is not an error.
class JsonPath
{
public:
    // Filters inside filters ("[?(@.a[?(@.b)])]") deeper than this are a parse error: the parser
    // recurses once per level, and a CRD printer column is text any API user can write.
    static constexpr int MaxFilterNesting = 32;
    // Values one evaluation may visit. Recursive descent repeated ("..*..*..*") multiplies the
    // result set with every step; past this budget evaluation stops and returns what it has, so a
    // Table request costs a bounded amount of work per object and column.
    static constexpr qsizetype MaxVisitedValues = 100000;

    JsonPath();
    ~JsonPath();
    JsonPath(const JsonPath &other);
    JsonPath &operator=(const JsonPath &other);

    // Accepts a bare expression (".spec.coin") or a template with {…} parts. Returns std::nullopt
    // and fills `errorMessage` for bad syntax (unclosed bracket, bad filter, filters nested deeper
    // than MaxFilterNesting, …).
    static std::optional<JsonPath> parse(const QString &text, QString *errorMessage = nullptr);

    // Every value selected by the template's expressions, in order; empty when nothing matches.
    QList<QJsonValue> evaluate(const QJsonValue &document) const;

    // The first selected value, or std::nullopt (printer columns use only this one).
    std::optional<QJsonValue> first(const QJsonValue &document) const;

    // The template rendered like `kubectl -o jsonpath=…`: literal text kept, strings printed raw,
    // numbers and booleans like Go's %v, objects and arrays as compact JSON, several results of
    // one expression separated by a space, no match printed as nothing.
    QString render(const QJsonValue &document) const;

    // One value as text the way the Table convertor and kubectl print it (see render()).
    static QString valueToText(const QJsonValue &value);

    QString text() const { return m_text; }

private:
    QString m_text;
    std::shared_ptr<const JsonPathProgram> m_program;
};

} // namespace cvc
