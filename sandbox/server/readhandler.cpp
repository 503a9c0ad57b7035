#include "readhandler.h"

#include "representation.h"

#include "apimachinery/continuetoken.h"
#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "listpager.h"
#include "listsnapshot.h"
#include "medianegotiation.h"
#include "objectfilter.h"
#include "objectstore.h"
#include "resourcetable.h"
#include "watchhub.h"

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
    // storage.ValidateListOptions: which revision a list reads.
    ListRead read;
    read.limit = options.limit;
    qint64 wanted = options.resourceVersion; // must exist before the answer
    if (!options.continueToken.isEmpty()) {
        QString problem;
        const auto token = ContinueToken::decode(options.continueToken, &problem);
        if (!token) {
            ApiResponse::status(request.exchange, StatusError::badRequest(QStringLiteral("invalid continue token: ") + problem));
            return;
        }
        if (options.hasResourceVersion && options.resourceVersion != 0) {
            ApiResponse::status(request.exchange, StatusError::badRequest(
                                                      QStringLiteral("specifying resource version is not allowed when using continue")));
            return;
        }
        read.continued = true;
        read.startKey = token->startKey();
        read.resourceVersion = token->atLatest() ? 0 : token->resourceVersion();
        wanted = read.resourceVersion;
    } else if (options.hasResourceVersion && options.resourceVersion == 0) {
        // "Any" state: kube-apiserver's watch cache answers these whole and ignores the limit
        // (cacher.go computeListLimit), which is what reflectors' first list relies on.
        read.limit = 0;
    } else if (options.resourceVersionMatch == QLatin1String("Exact")
               || (options.resourceVersionMatch.isEmpty() && options.limit > 0 && options.resourceVersion > 0)) {
        // Exact, and the legacy form of it: resourceVersion=N with a limit and no match rule.
        read.resourceVersion = options.resourceVersion;
    }
    if (wanted <= m_services.store->resourceVersion()) {
        answerList(request, *filter, read);
        return;
    }
    // A resourceVersion from the future: wait a little for it, like the watch cache does.
    auto *waiter = new QTimer(request.exchange);
    waiter->setSingleShot(true);
    const ApiRequest copy = request;
    const ObjectFilter filterCopy = *filter;
    QObject::connect(m_services.store, &ObjectStore::objectChanged, waiter,
                     [this, waiter, wanted, copy, filterCopy, read](const WatchEvent &event) {
                         if (event.resourceVersion < wanted || !copy.exchange)
                             return;
                         waiter->stop();
                         waiter->deleteLater();
                         answerList(copy, filterCopy, read);
                     });
    QObject::connect(waiter, &QTimer::timeout, waiter, [this, waiter, wanted, copy]() {
        waiter->deleteLater();
        ApiResponse::status(copy.exchange, StatusError::resourceVersionTooLarge(quint64(wanted),
                                                                                 quint64(m_services.store->resourceVersion())));
    });
    waiter->start(kTooLargeWaitMs);
}

void ReadHandler::answerList(const ApiRequest &request, const ObjectFilter &filter, const ListRead &read)
{
    if (!request.exchange || request.exchange->isFinished())
        return;
    const ResourceInfo &info = request.resource;
    const qint64 resourceVersion = read.resourceVersion > 0 ? read.resourceVersion : m_services.store->resourceVersion();
    const auto snapshot = ListSnapshot::at(*m_services.store, *m_services.hub, info.storageKey(), request.path.ns,
                                           resourceVersion);
    if (!snapshot) {
        // The history no longer reaches the snapshot: as after an etcd compaction.
        ApiResponse::status(request.exchange,
                            read.continued ? StatusError::continueTooOld(ContinueToken(ContinueToken::LatestResourceVersion,
                                                                                       read.startKey)
                                                                             .encode())
                                           : StatusError::listResourceVersionTooOld());
        return;
    }
    const ListPager::Page page = ListPager::page(*snapshot, filter, read.startKey, read.limit);
    QJsonObject metadata{{QStringLiteral("resourceVersion"), QString::number(resourceVersion)}};
    if (page.lastKey) {
        // Later pages read the same snapshot, also after a token for the latest state.
        metadata.insert(QStringLiteral("continue"), ContinueToken::after(resourceVersion, *page.lastKey).encode());
        if (page.remainingItemCount)
            metadata.insert(QStringLiteral("remainingItemCount"), *page.remainingItemCount);
    }
    QJsonArray items;
    for (const QJsonObject &object : page.items)
        items.append(Representation::outgoing(info, object));
    if (*MediaNegotiation::representation(request.header("Accept")) == MediaNegotiation::Representation::Table) {
        QString message;
        const auto include = TableConvertor::parseIncludeObject(request.queryValue(QStringLiteral("includeObject")), &message);
        if (!include) {
            ApiResponse::status(request.exchange, StatusError::badRequest(message));
            return;
        }
        ApiResponse::json(request.exchange, 200, ResourceTable(info).forList(items, metadata, *include));
        return;
    }
    ApiResponse::json(request.exchange, 200,
                      QJsonObject{{QStringLiteral("apiVersion"), info.apiVersion()},
                                  {QStringLiteral("kind"), info.listKind},
                                  {QStringLiteral("metadata"), metadata},
                                  {QStringLiteral("items"), items}});
}

} // namespace cvc::sandbox
