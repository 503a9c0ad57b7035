#include "cvcpopulation.h"

#include "reconcile/desiredstate.h"
#include "kube/resourcetype.h"
#include "sandboxprocess.h"

#include <QJsonDocument>

namespace cvc::bench {

QStringList CvcPopulation::coins()
{
    return {QStringLiteral("bitcoin"), QStringLiteral("ethereum"), QStringLiteral("dogecoin"), QStringLiteral("shiba-inu")};
}

QString CvcPopulation::name(int index)
{
    return QStringLiteral("cvc-%1").arg(index, 5, 10, QLatin1Char('0'));
}

QString CvcPopulation::coin(int index)
{
    static const QStringList all = coins();
    return all.at(index % all.size());
}

double CvcPopulation::amount(int index)
{
    // Small fractions, like the examples, and never twice the same.
    return 0.0023 + index * 0.0001;
}

QHash<QString, double> CvcPopulation::prices(double factor)
{
    return {{QStringLiteral("bitcoin"), 41222 * factor},
            {QStringLiteral("ethereum"), 3095.76 * factor},
            {QStringLiteral("dogecoin"), 0.0821 * factor},
            {QStringLiteral("shiba-inu"), 0.00000812 * factor}};
}

QString CvcPopulation::collectionPath(const QString &namespaceName)
{
    return ResourceType::cryptoValueCalculators().path(namespaceName);
}

QJsonObject CvcPopulation::manifest(const QString &namespaceName, int index)
{
    const ResourceType type = ResourceType::cryptoValueCalculators();
    return QJsonObject{{QStringLiteral("apiVersion"), type.apiVersion()},
                       {QStringLiteral("kind"), type.kind},
                       {QStringLiteral("metadata"),
                        QJsonObject{{QStringLiteral("name"), name(index)}, {QStringLiteral("namespace"), namespaceName}}},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), coin(index)},
                                                            {QStringLiteral("amount"), amount(index)}}}};
}

QJsonObject CvcPopulation::valued(const QJsonObject &object, double price, const QDateTime &now)
{
    PriceInput input;
    input.price = price;
    input.change24h = 1.25;
    input.lastUpdatedAt = now;
    const DesiredState desired = DesiredState::compute(CryptoValueCalculator::fromJson(object), input, FeedHealth(), true, now);
    QJsonObject out = object;
    QJsonObject metadata = out.value(QStringLiteral("metadata")).toObject();
    QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    annotations.insert(QStringLiteral("value"), desired.annotation);
    metadata.insert(QStringLiteral("annotations"), annotations);
    out.insert(QStringLiteral("metadata"), metadata);
    QJsonObject status = out.value(QStringLiteral("status")).toObject();
    const QJsonObject written = desired.status.toJson();
    for (auto it = written.begin(); it != written.end(); ++it)
        status.insert(it.key(), it.value());
    out.insert(QStringLiteral("status"), status);
    return out;
}

bool CvcPopulation::createNamespace(testsupport::SandboxProcess &sandbox, const QString &namespaceName)
{
    const int status = sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"),
                                           QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                       {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                                       {QStringLiteral("metadata"),
                                                        QJsonObject{{QStringLiteral("name"), namespaceName}}}})
                           .status;
    return status == 201 || status == 409;
}

RequestPump::Result CvcPopulation::create(testsupport::SandboxProcess &sandbox, const QString &namespaceName, int first,
                                          int count)
{
    RequestPump pump(sandbox);
    const QString path = collectionPath(namespaceName);
    return pump.run(count, 6, [&](int i) {
        return RequestPump::Request{"POST", path,
                                    QJsonDocument(manifest(namespaceName, first + i)).toJson(QJsonDocument::Compact),
                                    "application/json"};
    });
}

int CvcPopulation::createValued(testsupport::SandboxProcess &sandbox, const QString &namespaceName, int count,
                                const QHash<QString, double> &prices, const QDateTime &priceTime)
{
    QList<QJsonObject> objects;
    objects.reserve(count);
    for (int i = 0; i < count; ++i) {
        // Generation 1, as the server will set it, so status.observedGeneration matches.
        QJsonObject object = manifest(namespaceName, i);
        QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        metadata.insert(QStringLiteral("generation"), 1);
        object.insert(QStringLiteral("metadata"), metadata);
        objects.append(valued(object, prices.value(coin(i)), priceTime));
    }
    RequestPump pump(sandbox);
    const QString path = collectionPath(namespaceName);
    const RequestPump::Result created = pump.run(count, 6, [&](int i) {
        QJsonObject body = objects.at(i);
        body.remove(QStringLiteral("status"));
        return RequestPump::Request{"POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"};
    });
    const RequestPump::Result patched = pump.run(count, 6, [&](int i) {
        const QJsonObject body{{QStringLiteral("status"), objects.at(i).value(QStringLiteral("status"))}};
        return RequestPump::Request{"PATCH", path + QLatin1Char('/') + name(i) + QStringLiteral("/status"),
                                    QJsonDocument(body).toJson(QJsonDocument::Compact), "application/merge-patch+json"};
    });
    return created.failed + patched.failed;
}

} // namespace cvc::bench
