#pragma once

#include "apiservices.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class AccessReviewHandler;
class AdminHandler;
class Authenticator;
class DeleteHandler;
class DiscoveryHandler;
class FaultInjector;
class OpenApiHandler;
class ReadHandler;
class WatchHandler;
class WriteHandler;
struct ApiRequest;

// Every HTTP request of the server passes here: counted, authenticated (401 otherwise; /version
// and the health paths are public), delayed or failed when faults say so, and handed to the
// handler of its concern by path and method (404 and 405 for what none serves).
class RequestRouter : public QObject
{
    Q_OBJECT
public:
    RequestRouter(const ApiServices &services, const Authenticator *authenticator, FaultInjector *faults,
                  std::function<int()> openConnections, QObject *parent = nullptr);
    ~RequestRouter() override;

    void setServerAddress(const QString &hostPort);
    void setVerbose(bool verbose) { m_verbose = verbose; }

    void handle(HttpExchange *exchange);

private:
    void dispatch(const ApiRequest &request);
    void dispatchResource(ApiRequest request);

    ApiServices m_services;
    const Authenticator *m_authenticator;
    FaultInjector *m_faults;
    bool m_verbose = false;
    std::unique_ptr<DiscoveryHandler> m_discovery;
    std::unique_ptr<OpenApiHandler> m_openApi;
    std::unique_ptr<ReadHandler> m_reads;
    std::unique_ptr<WriteHandler> m_writes;
    std::unique_ptr<DeleteHandler> m_deletes;
    std::unique_ptr<WatchHandler> m_watches;
    std::unique_ptr<AdminHandler> m_admin;
    std::unique_ptr<AccessReviewHandler> m_accessReviews;
};

} // namespace cvc::sandbox
