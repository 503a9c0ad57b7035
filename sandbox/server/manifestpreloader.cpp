#include "manifestpreloader.h"

#include "json/yamlconverter.h"
#include "sandboxserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace cvc::sandbox {

namespace {

int applyOrder(const QJsonObject &object)
{
    const QString kind = object.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("CustomResourceDefinition"))
        return 0;
    if (kind == QLatin1String("Namespace"))
        return 1;
    return 2;
}

bool readFile(const QString &path, QList<ManifestPreloader::Manifest> *out, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const YamlDocuments documents = YamlConverter::parseDocuments(file.readAll());
    if (!documents.ok()) {
        *error = QStringLiteral("%1: %2").arg(path, documents.error);
        return false;
    }
    int index = 0;
    for (const QJsonValue &document : documents.documents) {
        ++index;
        const QJsonObject object = document.toObject();
        if (object.isEmpty())
            continue;
        const QString source = QStringLiteral("%1#%2").arg(path).arg(index);
        if (object.value(QStringLiteral("kind")).toString() == QLatin1String("List")) {
            for (const QJsonValue &item : object.value(QStringLiteral("items")).toArray())
                out->append({source, item.toObject()});
        } else {
            out->append({source, object});
        }
    }
    return true;
}

} // namespace

bool ManifestPreloader::read(const QStringList &paths, QList<Manifest> *out, QString *error)
{
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            const QStringList files = QDir(path).entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")},
                                                           QDir::Files, QDir::Name);
            for (const QString &file : files) {
                if (!readFile(QDir(path).filePath(file), out, error))
                    return false;
            }
        } else if (!readFile(path, out, error)) {
            return false;
        }
    }
    return true;
}

void ManifestPreloader::sortForApply(QList<Manifest> *manifests)
{
    std::stable_sort(manifests->begin(), manifests->end(),
                     [](const Manifest &a, const Manifest &b) { return applyOrder(a.object) < applyOrder(b.object); });
}

bool ManifestPreloader::apply(SandboxServer *server, const QStringList &paths, int *applied, QString *error)
{
    QList<Manifest> manifests;
    if (!read(paths, &manifests, error))
        return false;
    sortForApply(&manifests);
    *applied = 0;
    for (const Manifest &manifest : std::as_const(manifests)) {
        QString message;
        if (!server->applyManifest(manifest.object, &message)) {
            *error = QStringLiteral("%1: %2").arg(manifest.source, message);
            return false;
        }
        ++*applied;
    }
    return true;
}

} // namespace cvc::sandbox
