// libFuzzer target: YAML bodies (create, apply, --preload) through YamlConverter. Whatever
// parses must print as YAML that parses back to the same JSON.
#include "fuzzinput.h"
#include "json/yamlconverter.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

// Known and reported, not ours to fix here: toYaml writes every key as an implicit key, and YAML
// allows those only up to 1024 characters as printed (escapes included), so a longer key does
// not read back.
bool printsLongerThanYamlAllows(const QString &key)
{
    const QByteArray line = cvc::YamlConverter::toYaml(QJsonObject{{key, 0}});
    return line.size() - qsizetype(sizeof(": 0\n") - 1) > 1024;
}

bool hasKeyLongerThanYamlAllows(const QJsonValue &value)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (hasKeyLongerThanYamlAllows(item))
                return true;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (printsLongerThanYamlAllows(it.key()) || hasKeyLongerThanYamlAllows(it.value()))
                return true;
        }
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const cvc::YamlDocuments parsed = cvc::YamlConverter::parseDocuments(yaml);
    if (!parsed.ok())
        return 0;
    for (const QJsonValue &document : parsed.documents) {
        if (hasKeyLongerThanYamlAllows(document))
            continue;
        const cvc::YamlDocuments again = cvc::YamlConverter::parseDocuments(cvc::YamlConverter::toYaml(document));
        if (!again.ok())
            fuzzFailure("printed YAML does not parse");
        // A null document prints as nothing and reads back as no document at all.
        if (document.isNull() ? !again.documents.isEmpty() : (again.documents.size() != 1 || again.documents.first() != document))
            fuzzFailure("printed YAML reads back as something else");
    }
    return 0;
}
