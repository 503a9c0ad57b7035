#include "dashboard/cvcwriter.h"

#include "kube/kubeclient.h"
#include "kube/writeoptions.h"

#include <QCoreApplication>

namespace cvc::ui {

namespace {

WriteOptions writeOptions()
{
    WriteOptions options;
    options.fieldManager = QString::fromLatin1(CvcWriter::fieldManager);
    options.fieldValidation = QStringLiteral("Strict");
    return options;
}

KubeResponse noClient()
{
    KubeResponse response;
    response.error = KubeError::transport(QStringLiteral("NotConnected"),
                                          QCoreApplication::translate("CvcWriter", "Not connected to a cluster."));
    return response;
}

} // namespace

CvcWriter::CvcWriter(QObject *parent)
    : QObject(parent)
{
}

void CvcWriter::setClient(KubeClient *client, const ResourceType &type)
{
    m_client = client;
    m_type = type;
}

QJsonObject CvcWriter::newObject(const ResourceType &type, const QString &namespaceName, const QString &name,
                                 const CvcSpec &spec)
{
    QJsonObject fields{{QStringLiteral("coin"), spec.coin}, {QStringLiteral("amount"), spec.amount}};
    if (spec.costBasis)
        fields.insert(QStringLiteral("costBasis"), *spec.costBasis);
    return {{QStringLiteral("apiVersion"), type.apiVersion()},
            {QStringLiteral("kind"), type.kind},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("namespace"), namespaceName}}},
            {QStringLiteral("spec"), fields}};
}

QJsonObject CvcWriter::specFields(const CvcSpec &spec)
{
    return {{QStringLiteral("coin"), spec.coin},
            {QStringLiteral("amount"), spec.amount},
            {QStringLiteral("costBasis"), spec.costBasis ? QJsonValue(*spec.costBasis) : QJsonValue(QJsonValue::Null)}};
}

QJsonObject CvcWriter::specPatch(const QString &resourceVersion, const CvcSpec &spec)
{
    return {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), resourceVersion}}},
            {QStringLiteral("spec"), specFields(spec)}};
}

void CvcWriter::create(const QString &namespaceName, const QString &name, const CvcSpec &spec, QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    m_client->create(m_type.path(namespaceName), newObject(m_type, namespaceName, name, spec), writeOptions(), context, done);
}

void CvcWriter::patchSpec(const QString &namespaceName, const QString &name, const QString &resourceVersion,
                          const CvcSpec &spec, QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    m_client->patch(m_type.path(namespaceName, name), PatchType::Merge, specPatch(resourceVersion, spec),
                    writeOptions(), context, done);
}

void CvcWriter::remove(const QString &namespaceName, const QString &name, QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    WriteOptions options;
    m_client->remove(m_type.path(namespaceName, name), options, context, done);
}

void CvcWriter::get(const QString &namespaceName, const QString &name, QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    m_client->get(m_type.path(namespaceName, name), context, done);
}

} // namespace cvc::ui
