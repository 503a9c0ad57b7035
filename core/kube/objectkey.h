#pragma once

#include <QHashFunctions>
#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace cvc {

// Which object: namespace and name. Its text form "namespace/name" ("name" for cluster-scoped
// objects) is how caches and queues key objects, and is split only here.
struct ObjectKey
{
    QString namespaceName;   // empty for cluster-scoped objects
    QString name;

    bool isEmpty() const { return name.isEmpty(); }
    QString toString() const;

    static ObjectKey fromString(QStringView key);
    // From metadata.namespace and metadata.name.
    static ObjectKey fromObject(const QJsonObject &object);

    friend bool operator==(const ObjectKey &, const ObjectKey &) = default;
};

inline size_t qHash(const ObjectKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.namespaceName, key.name);
}

} // namespace cvc
