#include "kubeconfig.h"

#include "inclusterconfig.h"
#include "kubeconfigfiles.h"
#include "kubeconfigresolver.h"
#include "json/yamlconverter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

namespace cvc {

using kubeconfigfiles::fileList;
using kubeconfigfiles::quoted;
using kubeconfigfiles::readFileBytes;

namespace {

bool parseEntries(const QJsonObject &top, const char *listKey, const char *innerKey, const QString &fileName,
                  QList<KubeConfig::Entry> *out, QString *error)
{
    const QJsonValue listValue = top.value(QLatin1String(listKey));
    if (listValue.isUndefined() || listValue.isNull())
        return true;
    const QString where = QStringLiteral("kubeconfig %1").arg(quoted(fileName));
    if (!listValue.isArray()) {
        *error = QStringLiteral("%1: %2 must be a list").arg(where, QLatin1String(listKey));
        return false;
    }
    const QJsonArray list = listValue.toArray();
    QSet<QString> seen;
    for (int i = 0; i < list.size(); ++i) {
        const QString item = QStringLiteral("%1[%2]").arg(QLatin1String(listKey)).arg(i);
        if (!list.at(i).isObject()) {
            *error = QStringLiteral("%1: %2 must be a mapping with name and %3").arg(where, item, QLatin1String(innerKey));
            return false;
        }
        const QJsonObject entry = list.at(i).toObject();
        const QJsonValue name = entry.value(QLatin1String("name"));
        if (!name.isString() || name.toString().isEmpty()) {
            *error = QStringLiteral("%1: %2 has no name").arg(where, item);
            return false;
        }
        const QJsonValue inner = entry.value(QLatin1String(innerKey));
        if (!inner.isUndefined() && !inner.isNull() && !inner.isObject()) {
            *error = QStringLiteral("%1: %2 (%3): %4 must be a mapping")
                         .arg(where, item, quoted(name.toString()), QLatin1String(innerKey));
            return false;
        }
        if (seen.contains(name.toString()))
            continue; // within one file too, the first definition wins
        seen.insert(name.toString());
        out->append({name.toString(), inner.toObject(), fileName, i});
    }
    return true;
}

} // namespace

std::optional<KubeConfig> KubeConfig::parse(const QByteArray &yaml, const QString &fileName, QString *error)
{
    const YamlDocuments docs = YamlConverter::parseDocuments(yaml);
    if (!docs.ok()) {
        QString text = docs.error;
        if (docs.errorLine > 0 && !text.contains(QLatin1String("line")))
            text = QStringLiteral("line %1: %2").arg(docs.errorLine).arg(text);
        *error = QStringLiteral("kubeconfig %1 is not valid YAML: %2").arg(quoted(fileName), text);
        return std::nullopt;
    }
    KubeConfig config;
    config.m_files << fileName;
    if (docs.documents.isEmpty() || docs.documents.first().isNull())
        return config; // an empty file is an empty config, as for kubectl
    if (!docs.documents.first().isObject()) {
        *error = QStringLiteral("kubeconfig %1: expected a mapping (apiVersion, kind: Config, clusters, users, contexts)")
                     .arg(quoted(fileName));
        return std::nullopt;
    }
    const QJsonObject top = docs.documents.first().toObject();
    const QJsonValue kind = top.value(QLatin1String("kind"));
    if (kind.isString() && !kind.toString().isEmpty() && kind.toString() != QLatin1String("Config")) {
        *error = QStringLiteral("kubeconfig %1: kind is %2, expected \"Config\"").arg(quoted(fileName), quoted(kind.toString()));
        return std::nullopt;
    }
    if (!parseEntries(top, "clusters", "cluster", fileName, &config.m_clusters, error)
        || !parseEntries(top, "users", "user", fileName, &config.m_users, error)
        || !parseEntries(top, "contexts", "context", fileName, &config.m_contexts, error))
        return std::nullopt;
    const QJsonValue current = top.value(QLatin1String("current-context"));
    if (!current.isUndefined() && !current.isNull() && !current.isString()) {
        *error = QStringLiteral("kubeconfig %1: current-context must be a string").arg(quoted(fileName));
        return std::nullopt;
    }
    config.m_currentContext = current.toString();
    if (!config.m_currentContext.isEmpty())
        config.m_currentContextSource = fileName;
    config.m_preferences = top.value(QLatin1String("preferences")).toObject();
    return config;
}

std::optional<KubeConfig> KubeConfig::readFile(const QString &fileName, QString *error)
{
    QByteArray data;
    QString reason;
    if (!readFileBytes(fileName, &data, &reason)) {
        *error = QStringLiteral("cannot read kubeconfig %1: %2").arg(quoted(fileName), reason);
        return std::nullopt;
    }
    return parse(data, fileName, error);
}

void KubeConfig::merge(const KubeConfig &other)
{
    auto mergeList = [](QList<Entry> &mine, const QList<Entry> &theirs) {
        for (const Entry &e : theirs) {
            if (!findEntry(mine, e.name))
                mine.append(e);
        }
    };
    mergeList(m_clusters, other.m_clusters);
    mergeList(m_users, other.m_users);
    mergeList(m_contexts, other.m_contexts);
    if (m_currentContext.isEmpty()) {
        m_currentContext = other.m_currentContext;
        m_currentContextSource = other.m_currentContextSource;
    }
    if (m_preferences.isEmpty())
        m_preferences = other.m_preferences;
    m_files << other.m_files;
}

QStringList KubeConfig::contextNames() const
{
    QStringList names;
    for (const Entry &e : m_contexts)
        names << e.name;
    return names;
}

QStringList KubeConfig::searchPaths(const ConnectionOptions &options)
{
    if (!options.kubeconfig.isEmpty())
        return {options.kubeconfig};
    const QString list = options.environment.value(QStringLiteral("KUBECONFIG"));
    if (!list.isEmpty()) {
        QStringList paths;
        for (const QString &p : list.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
            if (!paths.contains(p))
                paths << p;
        }
        return paths;
    }
    const QString home = options.environment.value(QStringLiteral("HOME"), QDir::homePath());
    return {QDir(home).filePath(QStringLiteral(".kube/config"))};
}

std::optional<KubeConfig> KubeConfig::loadMerged(const ConnectionOptions &options, QString *error)
{
    if (!options.kubeconfig.isEmpty() && !QFileInfo::exists(options.kubeconfig)) {
        *error = QStringLiteral("kubeconfig %1 (from --kubeconfig) does not exist").arg(quoted(options.kubeconfig));
        return std::nullopt;
    }
    KubeConfig merged;
    bool any = false;
    for (const QString &path : searchPaths(options)) {
        if (!QFileInfo::exists(path))
            continue; // kubectl skips missing KUBECONFIG entries
        auto file = readFile(path, error);
        if (!file)
            return std::nullopt;
        if (!any)
            merged = *file;
        else
            merged.merge(*file);
        any = true;
    }
    return merged;
}

std::optional<ClientConfig> KubeConfig::load(const ConnectionOptions &options, QString *error)
{
    const QStringList paths = searchPaths(options);
    const std::optional<KubeConfig> loaded = loadMerged(options, error);
    if (!loaded)
        return std::nullopt;
    const KubeConfig &merged = *loaded;
    const bool any = !merged.m_files.isEmpty();
    const bool inPod = !options.environment.value(QStringLiteral("KUBERNETES_SERVICE_HOST")).isEmpty();
    if (!any || (merged.m_contexts.isEmpty() && merged.m_currentContext.isEmpty() && options.context.isEmpty())) {
        if (inPod)
            return loadInCluster(options, error);
        if (!any) {
            const QString source = !options.environment.value(QStringLiteral("KUBECONFIG")).isEmpty()
                                       ? QStringLiteral(" (from KUBECONFIG)")
                                       : QString();
            *error = QStringLiteral("no kubeconfig found: looked for %1%2; pass --kubeconfig, set KUBECONFIG, "
                                    "or run inside a cluster")
                         .arg(fileList(paths), source);
            return std::nullopt;
        }
    }
    return merged.resolve(options, error);
}

std::optional<ClientConfig> KubeConfig::loadInCluster(const ConnectionOptions &options, QString *error)
{
    return InClusterConfig::load(options, error);
}

std::optional<ClientConfig> KubeConfig::resolve(const ConnectionOptions &options, QString *error) const
{
    return KubeConfigResolver(*this).resolve(options, error);
}

const KubeConfig::Entry *KubeConfig::findEntry(const QList<Entry> &entries, const QString &name)
{
    for (const KubeConfig::Entry &e : entries) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

} // namespace cvc
