#include "objectwriter.h"

#include "crdrules.h"
#include "json/kubetime.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "requeststats.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QUuid>

namespace cvc::sandbox {

namespace {

QString randomSuffix()
{
    // Same alphabet as apimachinery's rand.String: no vowels, no confusable characters.
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    for (int i = 0; i < 5; ++i)
        out.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]));
    return out;
}

// Everything except metadata (and status when it has its own endpoint): what generation counts.
QJsonObject generationRelevant(const QJsonObject &object, bool ignoreStatus)
{
    QJsonObject copy = object;
    copy.remove(QStringLiteral("metadata"));
    if (ignoreStatus)
        copy.remove(QStringLiteral("status"));
    return copy;
}

} // namespace

ObjectWriter::ObjectWriter(const ApiServices &services)
    : m_services(services)
{
}

bool ObjectWriter::hasGeneration(const ResourceInfo &info)
{
    // A built-in with a status subresource (Deployment) has a spec the server tracks, like a CR.
    return info.isCustom() || info.resourceKind == ResourceKind::CustomResourceDefinition
        || (info.resourceKind == ResourceKind::Generic && info.hasStatus);
}

bool ObjectWriter::namespaceExists(const QString &ns) const
{
    return m_services.store->get(QStringLiteral("/namespaces"), QString(), ns).has_value();
}

bool ObjectWriter::crdTerminating(const ResourceInfo &info) const
{
    if (!info.isCustom())
        return false;
    const auto crd = m_services.store->get(CrdRules::crdStorageKey(), QString(), info.plural + QLatin1Char('.') + info.group);
    return crd && ObjectMeta::isDeleting(*crd);
}

WriteOutcome ObjectWriter::store(const ResourceInfo &info, WatchEvent::Type type, const QJsonObject &object, int httpStatus,
                                 const QString &fieldManager)
{
    WriteOutcome outcome;
    QString error;
    ObjectStore::WriteError reason = ObjectStore::WriteError::None;
    if (!m_services.store->write(type, info.storageKey(), object, &outcome.object, &error, &reason)) {
        switch (reason) {
        case ObjectStore::WriteError::TooLarge:
            // Every write path ends here (create, update, patch, apply, status), as every
            // kube-apiserver write ends in etcd; dryRun writes never get this far, there either.
            outcome.error = StatusError::objectTooLarge(info.plural, info.group, ObjectMeta::name(object), error);
            break;
        case ObjectStore::WriteError::TooDeep:
            // Only a JSON patch can build such an object (bodies are parsed with the same limit),
            // and JsonPatch refuses it first; kube-apiserver answers a patched object it cannot
            // decode with 422 as well.
            outcome.error = StatusError::patchRejected(error);
            break;
        case ObjectStore::WriteError::None:
        case ObjectStore::WriteError::Storage:
            outcome.error = StatusError::internalError(QStringLiteral("storage write failed: %1").arg(error));
            break;
        }
        return outcome;
    }
    outcome.httpStatus = httpStatus;
    if (m_services.stats)
        m_services.stats->recordWrite(fieldManager);
    return outcome;
}

WriteOutcome ObjectWriter::create(const ResourceInfo &info, QJsonObject object, FieldValidation validation,
                                  bool dryRun, const QString &fieldManager)
{
    WriteOutcome outcome;
    QJsonObject metadata = ObjectMeta::metadata(object);
    if (!metadata.value(QStringLiteral("resourceVersion")).toString().isEmpty()) {
        outcome.error = StatusError(500, QString(), QStringLiteral("resourceVersion should not be set on objects to be created"));
        return outcome;
    }
    if (crdTerminating(info)) {
        outcome.error = StatusError::methodNotAllowed(
            QStringLiteral("create not allowed while custom resource definition is terminating"));
        return outcome;
    }
    if (auto error = ObjectAdmission::decode(info, &object, validation, &outcome.warnings)) {
        outcome.error = error;
        return outcome;
    }
    metadata = ObjectMeta::metadata(object);
    const QString generateName = metadata.value(QStringLiteral("generateName")).toString();
    if (metadata.value(QStringLiteral("name")).toString().isEmpty() && !generateName.isEmpty())
        metadata.insert(QStringLiteral("name"), QString(generateName + randomSuffix()));
    for (const char *key : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink",
                            "generation", "resourceVersion", "managedFields"})
        metadata.remove(QLatin1String(key));
    metadata.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    metadata.insert(QStringLiteral("creationTimestamp"), KubeTime::format(QDateTime::currentDateTimeUtc()));
    if (hasGeneration(info))
        metadata.insert(QStringLiteral("generation"), 1);
    object.insert(QStringLiteral("metadata"), metadata);
    object.insert(QStringLiteral("apiVersion"), info.apiVersion());
    object.insert(QStringLiteral("kind"), info.kind);

    switch (info.resourceKind) {
    case ResourceKind::Custom:
    case ResourceKind::Generic:
        // With a status subresource, status is written there only, never on create.
        if (info.hasStatus)
            object.remove(QStringLiteral("status"));
        break;
    case ResourceKind::CustomResourceDefinition:
        CrdRules::prepare(&object, QJsonObject());
        break;
    case ResourceKind::Namespace: {
        QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"), metadata.value(QStringLiteral("name")));
        ObjectMeta::set(object, QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}});
        object.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
        break;
    }
    default:
        break;
    }

    if (auto error = ObjectAdmission::validate(info, object, QJsonObject())) {
        outcome.error = error;
        return outcome;
    }
    const QString ns = ObjectMeta::ns(object);
    const QString name = ObjectMeta::name(object);
    if (info.namespaced && !namespaceExists(ns)) {
        outcome.error = StatusError::notFound(QStringLiteral("namespaces"), QString(), ns);
        return outcome;
    }
    if (m_services.store->get(info.storageKey(), ns, name)) {
        outcome.error = StatusError::alreadyExists(info.plural, info.group, name);
        return outcome;
    }
    if (dryRun) {
        outcome.httpStatus = 201;
        outcome.object = object;
        return outcome;
    }
    QStringList warnings = outcome.warnings;
    outcome = store(info, WatchEvent::Type::Added, object, 201, fieldManager);
    outcome.warnings = warnings;
    return outcome;
}

WriteOutcome ObjectWriter::update(const ResourceInfo &info, const QJsonObject &old, QJsonObject candidate,
                                  FieldValidation validation, bool dryRun, const QString &fieldManager)
{
    WriteOutcome outcome;
    // What a client cannot change through an update.
    QJsonObject metadata = ObjectMeta::metadata(candidate);
    const QJsonObject oldMetadata = ObjectMeta::metadata(old);
    for (const char *key : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation",
                            "name", "namespace"}) {
        const QString k = QLatin1String(key);
        if (oldMetadata.contains(k))
            metadata.insert(k, oldMetadata.value(k));
        else
            metadata.remove(k);
    }
    metadata.remove(QStringLiteral("selfLink"));
    metadata.insert(QStringLiteral("resourceVersion"), oldMetadata.value(QStringLiteral("resourceVersion")));
    candidate.insert(QStringLiteral("metadata"), metadata);
    candidate.insert(QStringLiteral("apiVersion"), info.apiVersion());
    candidate.insert(QStringLiteral("kind"), info.kind);

    if (auto error = ObjectAdmission::decode(info, &candidate, validation, &outcome.warnings)) {
        outcome.error = error;
        return outcome;
    }
    if (info.resourceKind == ResourceKind::CustomResourceDefinition)
        CrdRules::prepare(&candidate, old);
    if (info.resourceKind == ResourceKind::Namespace) {
        // Namespace status and spec are the server's.
        candidate.insert(QStringLiteral("spec"), old.value(QStringLiteral("spec")));
        candidate.insert(QStringLiteral("status"), old.value(QStringLiteral("status")));
    }
    if (hasGeneration(info)) {
        const bool ignoreStatus = info.hasStatus || info.resourceKind == ResourceKind::CustomResourceDefinition;
        if (generationRelevant(candidate, ignoreStatus) != generationRelevant(old, ignoreStatus))
            ObjectMeta::set(candidate, QStringLiteral("generation"),
                            ObjectMeta::metadata(old).value(QStringLiteral("generation")).toInteger(1) + 1);
    }
    if (auto error = ObjectAdmission::validate(info, candidate, old)) {
        outcome.error = error;
        return outcome;
    }
    if (candidate == old) {
        // No-op: no new resourceVersion, no watch event (§3.2).
        outcome.object = old;
        return outcome;
    }
    if (dryRun) {
        outcome.object = candidate;
        return outcome;
    }
    const bool finalized = ObjectMeta::isDeleting(candidate)
        && ObjectMeta::metadata(candidate).value(QStringLiteral("finalizers")).toArray().isEmpty();
    const QStringList warnings = outcome.warnings;
    outcome = store(info, finalized ? WatchEvent::Type::Deleted : WatchEvent::Type::Modified, candidate, 200,
                    fieldManager);
    outcome.warnings = warnings;
    return outcome;
}

WriteOutcome ObjectWriter::remove(const ResourceInfo &info, const QJsonObject &old, bool dryRun, const QString &actor)
{
    WriteOutcome outcome;
    QJsonObject object = old;
    QJsonArray finalizers = ObjectMeta::metadata(object).value(QStringLiteral("finalizers")).toArray();
    if (info.resourceKind == ResourceKind::CustomResourceDefinition
        && !finalizers.contains(QLatin1String(CrdRules::CleanupFinalizer)) && !ObjectMeta::isDeleting(object)) {
        // The apiextensions server deletes every custom resource before the CRD goes (§3.7).
        finalizers.append(QLatin1String(CrdRules::CleanupFinalizer));
        ObjectMeta::set(object, QStringLiteral("finalizers"), finalizers);
    }
    if (finalizers.isEmpty()) {
        if (dryRun) {
            outcome.object = old;
            return outcome;
        }
        return store(info, WatchEvent::Type::Deleted, old, 200, actor);
    }
    if (ObjectMeta::isDeleting(object) || dryRun) {
        outcome.object = dryRun ? object : old;
        return outcome;
    }
    ObjectMeta::set(object, QStringLiteral("deletionTimestamp"), KubeTime::format(QDateTime::currentDateTimeUtc()));
    ObjectMeta::set(object, QStringLiteral("deletionGracePeriodSeconds"), 0);
    if (hasGeneration(info))
        ObjectMeta::set(object, QStringLiteral("generation"),
                        ObjectMeta::metadata(old).value(QStringLiteral("generation")).toInteger(1) + 1);
    if (info.resourceKind == ResourceKind::CustomResourceDefinition)
        CrdRules::prepare(&object, old);
    return store(info, WatchEvent::Type::Modified, object, 200, actor);
}

} // namespace cvc::sandbox
