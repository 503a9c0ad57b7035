#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

class SandboxServer;

// --preload: reads YAML or JSON files (a file, or every *.yaml/*.yml/*.json in a folder, sorted),
// and applies their objects in dependency order: CRDs first, then namespaces, then the rest.
class ManifestPreloader
{
public:
    struct Manifest
    {
        QString source;   // "file.yaml#2" for messages
        QJsonObject object;
    };

    // Reads every document of the paths; false with an error naming the file on failure.
    static bool read(const QStringList &paths, QList<Manifest> *out, QString *error);
    static void sortForApply(QList<Manifest> *manifests);
    static bool apply(SandboxServer *server, const QStringList &paths, int *applied, QString *error);
};

} // namespace cvc::sandbox
