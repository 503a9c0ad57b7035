#include "tablefactory.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

QJsonObject column(const QString &name, const QString &type, const QString &jsonPath, const QString &description)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("jsonPath"), jsonPath},
                       {QStringLiteral("description"), description}};
}

QJsonObject age()
{
    return column(QStringLiteral("Age"), QStringLiteral("date"), QStringLiteral(".metadata.creationTimestamp"),
                  QStringLiteral("CreationTimestamp is a timestamp representing the server time when this object was created."));
}

TableConvertor withColumns(const QJsonArray &columns)
{
    return TableConvertor::forCustomResource(QJsonObject{{QStringLiteral("additionalPrinterColumns"), columns}});
}

} // namespace

TableConvertor tableConvertorFor(const ResourceInfo &info)
{
    switch (info.resourceKind) {
    case ResourceKind::Custom:
        return TableConvertor::forCustomResource(info.crdVersion);
    case ResourceKind::Namespace:
        return withColumns({column(QStringLiteral("Status"), QStringLiteral("string"), QStringLiteral(".status.phase"),
                                   QStringLiteral("The status of the namespace")),
                            age()});
    case ResourceKind::Lease:
        return withColumns({column(QStringLiteral("Holder"), QStringLiteral("string"), QStringLiteral(".spec.holderIdentity"),
                                   QStringLiteral("The holder of the lease")),
                            age()});
    case ResourceKind::Event:
        return withColumns({column(QStringLiteral("Last Seen"), QStringLiteral("date"), QStringLiteral(".lastTimestamp"),
                                   QStringLiteral("The last time the event was observed")),
                            column(QStringLiteral("Type"), QStringLiteral("string"), QStringLiteral(".type"),
                                   QStringLiteral("Type of the event")),
                            column(QStringLiteral("Reason"), QStringLiteral("string"), QStringLiteral(".reason"),
                                   QStringLiteral("Why the event happened")),
                            column(QStringLiteral("Object"), QStringLiteral("string"), QStringLiteral(".involvedObject.name"),
                                   QStringLiteral("The object the event is about")),
                            column(QStringLiteral("Message"), QStringLiteral("string"), QStringLiteral(".message"),
                                   QStringLiteral("What happened"))});
    default:
        return TableConvertor::forBuiltin();
    }
}

} // namespace cvc::sandbox
