#include "json/jsonpath.h"

namespace cvc {

// Placeholder until the evaluator lands.
class JsonPathProgram
{
};

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;
JsonPath::JsonPath(const JsonPath &other) = default;
JsonPath &JsonPath::operator=(const JsonPath &other) = default;

std::optional<JsonPath> JsonPath::parse(const QString &text, QString *)
{
    JsonPath path;
    path.m_text = text;
    return path;
}

QList<QJsonValue> JsonPath::evaluate(const QJsonValue &) const { return {}; }
std::optional<QJsonValue> JsonPath::first(const QJsonValue &) const { return std::nullopt; }
QString JsonPath::render(const QJsonValue &) const { return {}; }
QString JsonPath::valueToText(const QJsonValue &) { return {}; }

} // namespace cvc
