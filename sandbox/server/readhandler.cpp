#include "readhandler.h"

#include "representation.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "medianegotiation.h"
#include "objectfilter.h"
#include "objectstore.h"
#include "resourcetable.h"

#include <QJsonArray>
#include <QTimer>

namespace cvc::sandbox {

namespace {

constexpr int kTooLargeWaitMs = 3000;

} // namespace

ReadHandler::ReadHandler(const ApiServices &services)
    : m_services(services)
{
}

void ReadHandler::get(const ApiRequest &request)
{
    const ResourceInfo &info = request.resource;
    const auto representation = MediaNegotiation::representation(request.header("Accept"));
    if (!representation) {
        ApiResponse::status(request.exchange, MediaNegotiation::notAcceptable());
        return;
    }
    const auto stored = m_services.store->get(info.storageKey(), request.path.ns, request.path.name);
    if (!stored) {
        ApiResponse::status(request.exchange, StatusError::notFound(info.plural, info.group, request.path.name));
        return;
    }
    const std::optional<QJsonObject> object = Representation::outgoing(info, *stored);
    if (*representation == MediaNegotiation::Representation::Table) {
        QString message;
        const auto include = TableConvertor::parseIncludeObject(request.queryValue(QStringLiteral("includeObject")), &message);
        if (!include) {
            ApiResponse::status(request.exchange, StatusError::badRequest(message));
            return;
        }
        ApiResponse::json(request.exchange, 200, ResourceTable(info).forObject(*object, *include));
        return;
    }
    ApiResponse::object(request.exchange, 200, *object);
}

QList<QJsonObject> ReadHandler::matchingObjects(const ApiRequest &request, const ObjectFilter &filter) const
{
    QList<QJsonObject> objects = m_services.store->list(request.resource.storageKey(), request.path.ns);
    if (!filter.isEmpty())
        objects.removeIf([&](const QJsonObject &object) { return !filter.matches(object); });
    return objects;
}

void ReadHandler::list(const ApiRequest &request, const ListOptions &options)
{
    std::optional<StatusError> error;
    const auto filter = ObjectFilter::fromRequest(request, &error);
    if (!filter) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    if (!MediaNegotiation::representation(request.header("Accept"))) {
        ApiResponse::status(request.exchange, MediaNegotiation::notAcceptable());
        return;
    }
    const qint64 current = m_services.store->resourceVersion();
    if (options.resourceVersionMatch == QLatin1String("Exact") && options.resourceVersion < current) {
        // No snapshots are kept: an older exact state is gone, as after etcd compaction.
        ApiResponse::status(request.exchange,
                            StatusError::expired(QStringLiteral("too old resource version: %1 (%2)")
                                                     .arg(options.resourceVersion)
                                                     .arg(current)));
        return;
    }
    if (options.resourceVersion <= current) {
        answerList(request, *filter);
        return;
    }
    // A resourceVersion from the future: wait a little for it, like the watch cache does.
    auto *waiter = new QTimer(request.exchange);
    waiter->setSingleShot(true);
    const qint64 wanted = options.resourceVersion;
    const ApiRequest copy = request;
    const ObjectFilter filterCopy = *filter;
    QObject::connect(m_services.store, &ObjectStore::objectChanged, waiter,
                     [this, waiter, wanted, copy, filterCopy](const WatchEvent &event) {
                         if (event.resourceVersion < wanted || !copy.exchange)
                             return;
                         waiter->stop();
                         waiter->deleteLater();
                         answerList(copy, filterCopy);
                     });
    QObject::connect(waiter, &QTimer::timeout, waiter, [this, waiter, wanted, copy]() {
        waiter->deleteLater();
        ApiResponse::status(copy.exchange, StatusError::resourceVersionTooLarge(quint64(wanted),
                                                                                 quint64(m_services.store->resourceVersion())));
    });
    waiter->start(kTooLargeWaitMs);
}

void ReadHandler::answerList(const ApiRequest &request, const ObjectFilter &filter)
{
    if (!request.exchange || request.exchange->isFinished())
        return;
    const ResourceInfo &info = request.resource;
    const QString rv = QString::number(m_services.store->resourceVersion());
    QJsonArray items;
    for (const QJsonObject &object : matchingObjects(request, filter))
        items.append(Representation::outgoing(info, object));
    if (*MediaNegotiation::representation(request.header("Accept")) == MediaNegotiation::Representation::Table) {
        QString message;
        const auto include = TableConvertor::parseIncludeObject(request.queryValue(QStringLiteral("includeObject")), &message);
        if (!include) {
            ApiResponse::status(request.exchange, StatusError::badRequest(message));
            return;
        }
        ApiResponse::json(request.exchange, 200, ResourceTable(info).forList(items, rv, *include));
        return;
    }
    ApiResponse::json(request.exchange, 200,
                      QJsonObject{{QStringLiteral("apiVersion"), info.apiVersion()},
                                  {QStringLiteral("kind"), info.listKind},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), rv}}},
                                  {QStringLiteral("items"), items}});
}

} // namespace cvc::sandbox
