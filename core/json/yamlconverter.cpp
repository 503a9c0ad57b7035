#include "json/yamlconverter.h"

namespace cvc {

YamlDocuments YamlConverter::parseDocuments(const QByteArray &)
{
    YamlDocuments result;
    result.error = QStringLiteral("not implemented yet");
    return result;
}

QByteArray YamlConverter::toYaml(const QJsonValue &) { return {}; }
QByteArray YamlConverter::toYaml(const QList<QJsonValue> &) { return {}; }

} // namespace cvc
