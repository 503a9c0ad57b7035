#pragma once

#include "resourceinfo.h"

#include <QList>
#include <QObject>

namespace cvc::sandbox {

// The set of resources the server serves right now: the built-ins plus one entry per served
// version of every Established CRD. Discovery, OpenAPI and routing all read from here, so a CRD
// becomes visible everywhere at once.
class ResourceRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ResourceRegistry(QObject *parent = nullptr);

    void addBuiltins();
    void add(const ResourceInfo &info);
    // Removes every version of the resource stored under storageKey (a CRD going away).
    void removeStorageKey(const QString &storageKey);

    ResourceInfo find(const QString &group, const QString &version, const QString &plural) const;
    ResourceInfo findByKind(const QString &group, const QString &version, const QString &kind) const;
    QList<ResourceInfo> resources() const { return m_resources; }
    QList<ResourceInfo> resourcesOf(const QString &group, const QString &version) const;
    bool hasGroupVersion(const QString &group, const QString &version) const;
    // Group names in the order discovery lists them (built-ins first, then CRD groups).
    QStringList groups() const;
    QStringList versionsOf(const QString &group) const;
    // Changes whenever the set of resources changes; OpenAPI hashes and caches key on it.
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    void resourcesChanged();

private:
    QList<ResourceInfo> m_resources;
    quint64 m_generation = 1;
};

} // namespace cvc::sandbox
