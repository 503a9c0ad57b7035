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
                                 const QString &coin, double amount)
{
    return {{QStringLiteral("apiVersion"), type.apiVersion()},
            {QStringLiteral("kind"), type.kind},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("namespace"), namespaceName}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), coin}, {QStringLiteral("amount"), amount}}}};
}

QJsonObject CvcWriter::specPatch(const QString &resourceVersion, const QString &coin, double amount)
{
    return {{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), resourceVersion}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), coin}, {QStringLiteral("amount"), amount}}}};
}

void CvcWriter::create(const QString &namespaceName, const QString &name, const QString &coin, double amount,
                       QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    m_client->create(m_type.path(namespaceName), newObject(m_type, namespaceName, name, coin, amount),
                     writeOptions(), context, done);
}

void CvcWriter::patchSpec(const QString &namespaceName, const QString &name, const QString &resourceVersion,
                          const QString &coin, double amount, QObject *context, Done done)
{
    if (!m_client)
        return done(noClient());
    m_client->patch(m_type.path(namespaceName, name), PatchType::Merge, specPatch(resourceVersion, coin, amount),
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
