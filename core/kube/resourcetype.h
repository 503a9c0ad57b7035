#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc {

// Which resource a request or a watch is about, as discovery describes it.
struct ResourceType
{
    QString group;      // "" for the core group
    QString version;    // "v1"
    QString plural;     // "cryptovaluecalculators"
    QString kind;       // "CryptoValueCalculator"
    bool namespaced = true;
    bool hasStatusSubresource = false;
    QStringList verbs;
    QStringList shortNames;
    QString singular;

    bool isValid() const { return !version.isEmpty() && !plural.isEmpty(); }
    QString apiVersion() const; // "crypto.tools/v1" or "v1"

    // "/apis/crypto.tools/v1/namespaces/ns/cryptovaluecalculators/name/status", "/api/v1/namespaces".
    // An empty namespace on a namespaced type gives the all-namespaces collection.
    QString path(const QString &ns = {}, const QString &name = {}, const QString &subresource = {}) const;
    // "cryptovaluecalculators.crypto.tools" (kubectl's qualified resource name)
    QString qualifiedName() const;

    // Well-known types; discovery tells whether the CVC CRD really has the status subresource.
    static ResourceType cryptoValueCalculators();
    static ResourceType leases();
    static ResourceType events();
    static ResourceType namespaces();
    static ResourceType customResourceDefinitions();

    // Reads one entry of an APIResourceList ("resources" of GET /apis/g/v); subresource entries
    // ("x/status") of the same list are passed in allResources to fill hasStatusSubresource.
    static ResourceType fromApiResource(const QString &groupVersion, const QJsonObject &resource,
                                        const QJsonArray &allResources);

    friend bool operator==(const ResourceType &, const ResourceType &) = default;
};

} // namespace cvc
