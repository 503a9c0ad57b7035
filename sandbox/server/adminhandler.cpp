#include "adminhandler.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "faultinjector.h"
#include "httpexchange.h"
#include "medianegotiation.h"
#include "objectstore.h"
#include "requeststats.h"
#include "watchhub.h"
#include "writelog.h"

namespace cvc::sandbox {

AdminHandler::AdminHandler(const ApiServices &services, FaultInjector *faults, std::function<int()> openConnections)
    : m_services(services)
    , m_faults(faults)
    , m_openConnections(std::move(openConnections))
{
}

void AdminHandler::handle(const ApiRequest &request)
{
    // The token itself, not the name: a client certificate or a token file line may call its user
    // sandbox-admin too.
    if (!request.user.adminToken) {
        ApiResponse::status(request.exchange,
                            StatusError(403, QStringLiteral("Forbidden"),
                                        QStringLiteral("the sandbox admin endpoints need the admin token; user \"%1\" may not use them")
                                            .arg(request.user.name)));
        return;
    }
    const QByteArray method = request.http().method;
    const QString topic = request.path.adminTopic;
    if (topic != QLatin1String("faults") && topic != QLatin1String("stats")
        && (topic != QLatin1String("writes") || !m_services.writeLog)) {
        ApiResponse::status(request.exchange, StatusError::notFoundPath());
        return;
    }
    if (method == "GET") {
        if (topic == QLatin1String("faults")) {
            ApiResponse::json(request.exchange, 200, m_faults->settings());
            return;
        }
        if (topic == QLatin1String("writes")) {
            writes(request);
            return;
        }
        QJsonObject stats = m_services.stats->toJson();
        stats.insert(QStringLiteral("openWatches"), m_services.hub->openWatches());
        stats.insert(QStringLiteral("openConnections"), m_openConnections ? m_openConnections() : 0);
        stats.insert(QStringLiteral("objects"), m_services.store->totalCount());
        stats.insert(QStringLiteral("resourceVersion"), QString::number(m_services.store->resourceVersion()));
        stats.insert(QStringLiteral("injectedFailures"), m_faults->injectedFailures());
        ApiResponse::json(request.exchange, 200, stats);
        return;
    }
    if (method != "POST") {
        ApiResponse::status(request.exchange, StatusError::methodNotAllowed(QStringLiteral("use GET or POST")));
        return;
    }
    QString message;
    const auto body = MediaNegotiation::parseJsonOrYaml(request.http().body.isEmpty() ? QByteArrayLiteral("{}") : request.http().body,
                                                        false, &message);
    if (!body) {
        ApiResponse::status(request.exchange, StatusError::badRequest(message));
        return;
    }
    if (topic == QLatin1String("stats")) {
        if (body->value(QStringLiteral("reset")).toBool())
            m_services.stats->reset();
        ApiResponse::json(request.exchange, 200, m_services.stats->toJson());
        return;
    }
    if (topic == QLatin1String("writes")) {
        if (body->size() != 1 || !body->value(QStringLiteral("reset")).toBool()) {
            ApiResponse::status(request.exchange, StatusError::badRequest(QStringLiteral("POST /sandbox/writes takes {\"reset\":true}")));
            return;
        }
        m_services.writeLog->clear();
        ApiResponse::json(request.exchange, 200, m_services.writeLog->toJson());
        return;
    }
    if (!m_faults->apply(*body, &message)) {
        ApiResponse::status(request.exchange, StatusError::badRequest(message));
        return;
    }
    ApiResponse::json(request.exchange, 200, m_faults->settings());
}

void AdminHandler::writes(const ApiRequest &request)
{
    WriteLog::Filter filter;
    filter.user = request.queryValue(QStringLiteral("user"));
    filter.userAgentPrefix = request.queryValue(QStringLiteral("userAgent"));
    filter.fieldManager = request.queryValue(QStringLiteral("fieldManager"));
    if (const auto since = request.query(QStringLiteral("sinceResourceVersion"))) {
        bool ok = false;
        filter.sinceResourceVersion = since->toLongLong(&ok);
        if (!ok || filter.sinceResourceVersion < 0) {
            ApiResponse::status(request.exchange,
                                StatusError::badRequest(QStringLiteral("sinceResourceVersion must be a resourceVersion, not \"%1\"").arg(*since)));
            return;
        }
    }
    ApiResponse::json(request.exchange, 200, m_services.writeLog->toJson(filter));
}

} // namespace cvc::sandbox
