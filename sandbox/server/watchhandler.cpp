#include "watchhandler.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "medianegotiation.h"
#include "objectfilter.h"
#include "watchsession.h"

namespace cvc::sandbox {

WatchHandler::WatchHandler(const ApiServices &services, QObject *sessionParent)
    : m_services(services)
    , m_sessionParent(sessionParent)
{
}

void WatchHandler::watch(const ApiRequest &request, const ListOptions &options)
{
    std::optional<StatusError> error;
    const auto filter = ObjectFilter::fromRequest(request, &error);
    if (!filter) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    const auto representation = MediaNegotiation::representation(request.header("Accept"));
    if (!representation) {
        ApiResponse::status(request.exchange, MediaNegotiation::notAcceptable());
        return;
    }
    WatchSession::Settings settings;
    settings.resource = request.resource;
    settings.ns = request.path.ns;
    settings.name = request.path.name;
    settings.filter = *filter;
    settings.options = options;
    settings.timeoutSeconds = options.timeoutSeconds.value_or(m_services.defaultWatchTimeoutSeconds);
    if (*representation == MediaNegotiation::Representation::Table) {
        QString message;
        const auto include = TableConvertor::parseIncludeObject(request.queryValue(QStringLiteral("includeObject")), &message);
        if (!include) {
            ApiResponse::status(request.exchange, StatusError::badRequest(message));
            return;
        }
        settings.table = *include;
    }
    auto *session = new WatchSession(request.exchange, m_services.store, m_services.hub, settings, m_sessionParent);
    session->start();
}

} // namespace cvc::sandbox
