#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace cvc {

// The documents of a YAML stream, or the first error with its position (1-based).
struct YamlDocuments
{
    QList<QJsonValue> documents;
    QString error;      // e.g. "yaml: line 3, column 5: end of map not found"; empty when ok
    int errorLine = 0;
    int errorColumn = 0;

    bool ok() const { return error.isEmpty(); }
};

// YAML ⇄ JSON the way Kubernetes does it (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 scalars):
// plain `true/false/yes/no/on/off/y/n` (any of their usual capitalisations) become booleans,
// `null`/`Null`/`NULL`/`~`/empty become null, integers (also `0x1F`, `0o17`, `1_000`) and floats
// become numbers; quoted or block scalars always stay strings; map keys become strings.
// `.inf`/`.nan` are errors (JSON has no such numbers). Empty documents are skipped.
class YamlConverter
{
public:
    // All documents of a multi-document stream.
    static YamlDocuments parseDocuments(const QByteArray &yaml);

    // Block-style YAML like `kubectl get -o yaml`: keys in the object's (sorted) order, strings
    // quoted only when a plain scalar would read back as something else, keys over 128 bytes as
    // explicit `? key` entries (as go-yaml writes them), "\n"-terminated.
    static QByteArray toYaml(const QJsonValue &value);

    // Several documents joined with "---\n".
    static QByteArray toYaml(const QList<QJsonValue> &documents);
};

} // namespace cvc
