#pragma once

#include "requestpump.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::testsupport {
class SandboxProcess;
}

namespace cvc::bench {

// The CVCs bench-dashboard loads: names cvc-00000…, the four coins of the examples in turn, and
// amounts that differ per CVC so every value (and every tick's change) differs too.
class CvcPopulation
{
public:
    static QStringList coins();
    static QString name(int index);
    static QString coin(int index);
    static double amount(int index);
    // The example prices (bitcoin 41222, ethereum 3095.76, dogecoin 0.0821, shiba-inu 0.00000812)
    // times `factor`: a tick that moves every price moves every value.
    static QHash<QString, double> prices(double factor = 1.0);

    // What a user applies: apiVersion, kind, metadata.name/namespace and spec.
    static QJsonObject manifest(const QString &namespaceName, int index);
    // `object` as the server returns it after the reconciler valued it at `price` (USD) at `now`:
    // the `value` annotation and the status DesiredState computes, so sizes and texts are real.
    static QJsonObject valued(const QJsonObject &object, double price, const QDateTime &now);

    // POST /api/v1/namespaces; true when it exists afterwards.
    static bool createNamespace(testsupport::SandboxProcess &sandbox, const QString &namespaceName);
    // Creates CVCs first … first+count-1 in the namespace, six requests in flight.
    static RequestPump::Result create(testsupport::SandboxProcess &sandbox, const QString &namespaceName, int first,
                                      int count);
    // Creates CVCs 0 … count-1 already valued at `prices` as of `priceTime` (whole seconds, as
    // CoinGecko's last_updated_at): the annotation with the create, the status with a PATCH of
    // /status. A reconcile loop that later sees the same prices finds nothing to write.
    static int createValued(testsupport::SandboxProcess &sandbox, const QString &namespaceName, int count,
                            const QHash<QString, double> &prices, const QDateTime &priceTime);
    // The collection path of CVCs in a namespace.
    static QString collectionPath(const QString &namespaceName);
};

} // namespace cvc::bench
