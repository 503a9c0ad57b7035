#pragma once

#include "clientconfig.h"
#include "connectionoptions.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace cvc {

// One or more kubeconfig files merged the way kubectl merges them (kube-api.md §6.2): the first
// file to define a cluster, user or context name wins completely; the first current-context wins.
// Every entry remembers the file that defined it so relative paths and messages can name it.
// This class holds the data and does parse and merge; KubeConfigResolver turns it into a
// ClientConfig and InClusterConfig covers the pod case (load() and resolve() forward to them).
class KubeConfig
{
public:
    struct Entry
    {
        QString name;
        QJsonObject fields;   // the "cluster", "user" or "context" mapping as JSON
        QString sourceFile;
        int index = 0;        // position in its file's list, for messages like users[2]
    };

    // Parses one file's text. On failure returns nullopt and sets *error to a message naming the
    // file and the line (syntax) or the field (structure).
    static std::optional<KubeConfig> parse(const QByteArray &yaml, const QString &fileName, QString *error);
    // Reads and parses one file; errors name the file.
    static std::optional<KubeConfig> readFile(const QString &fileName, QString *error);
    // Appends other behind this one: names this one has already defined are kept.
    void merge(const KubeConfig &other);

    // Where kubectl would look, in order (--kubeconfig, KUBECONFIG list, ~/.kube/config).
    static QStringList searchPaths(const ConnectionOptions &options);

    // Finds and merges the files kubectl would read (searchPaths(), missing KUBECONFIG entries
    // skipped), e.g. to offer the contexts in a picker. No files: an empty config (files() empty).
    // A missing --kubeconfig file or a broken file: nullopt and *error names it.
    static std::optional<KubeConfig> loadMerged(const ConnectionOptions &options, QString *error);

    // The whole chain: find and merge files (or in-cluster config when there are none and the pod
    // env is set), pick the context, validate (§6.1), resolve relative paths and read certificate
    // and key files. On failure returns nullopt and *error is one clear sentence naming file and field.
    static std::optional<ClientConfig> load(const ConnectionOptions &options, QString *error);
    // In-cluster config only (§6.8); forwards to InClusterConfig::load.
    static std::optional<ClientConfig> loadInCluster(const ConnectionOptions &options, QString *error);

    // Resolves the selected context of this merged config into a ClientConfig (KubeConfigResolver).
    std::optional<ClientConfig> resolve(const ConnectionOptions &options, QString *error) const;

    QString currentContext() const { return m_currentContext; }
    QString currentContextSource() const { return m_currentContextSource; }
    const QList<Entry> &clusters() const { return m_clusters; }
    const QList<Entry> &users() const { return m_users; }
    const QList<Entry> &contexts() const { return m_contexts; }
    const QStringList &files() const { return m_files; }
    QStringList contextNames() const;
    // The entry called name, or nullptr.
    static const Entry *findEntry(const QList<Entry> &entries, const QString &name);

private:
    QList<Entry> m_clusters;
    QList<Entry> m_users;
    QList<Entry> m_contexts;
    QString m_currentContext;
    QString m_currentContextSource;
    QJsonObject m_preferences;
    QStringList m_files;
};

} // namespace cvc
