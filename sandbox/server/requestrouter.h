#pragma once

#include "apiservices.h"
#include "security/userinfo.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace cvc {
class HttpExchange;
struct HttpRequest;
}

namespace cvc::sandbox {

class AccessReviewHandler;
class StatusError;
class AdminHandler;
class Authenticator;
class DeleteHandler;
class DiscoveryHandler;
class FaultInjector;
class OpenApiHandler;
class ReadHandler;
class TokenRequestHandler;
class WatchHandler;
class WriteHandler;
struct ApiPath;
struct ApiRequest;

// Every HTTP request of the server passes here: authenticated on its head, before its body is read
// (401 otherwise; /version and the health paths are public), then counted, delayed or failed when
// faults say so, and handed to the handler of its concern by path and method (404 and 405 for what
// none serves).
class RequestRouter : public QObject
{
    Q_OBJECT
public:
    RequestRouter(const ApiServices &services, const Authenticator *authenticator, FaultInjector *faults,
                  std::function<int()> openConnections, QObject *parent = nullptr);
    ~RequestRouter() override;

    void setServerAddress(const QString &hostPort);
    void setVerbose(bool verbose) { m_verbose = verbose; }

    // For HttpServer::setHeadHandler: answers 401 before the body is read (and before any
    // 100 Continue), so a client without credentials cannot make the server buffer a body.
    void handleHead(HttpExchange *exchange);
    // For HttpServer::setHandler: the whole request.
    void handle(HttpExchange *exchange);

private:
    // Who sent the request; nullopt when it must get 401 (credentials that do not authenticate,
    // or none on a path that is not public).
    std::optional<UserInfo> identify(const HttpRequest &http, const ApiPath &path) const;
    // The 403 kube-apiserver would answer before reading the body; nullopt when allowed.
    std::optional<StatusError> authorize(const HttpRequest &http, const ApiPath &path, const UserInfo &user) const;
    void logRequest(const HttpRequest &http) const;
    void dispatch(const ApiRequest &request);
    void dispatchResource(ApiRequest request);

    ApiServices m_services;
    const Authenticator *m_authenticator;
    FaultInjector *m_faults;
    bool m_verbose = false;
    // Who handleHead() found, until handle() takes it (or the exchange ends first).
    QHash<const HttpExchange *, UserInfo> m_identified;
    std::unique_ptr<DiscoveryHandler> m_discovery;
    std::unique_ptr<OpenApiHandler> m_openApi;
    std::unique_ptr<ReadHandler> m_reads;
    std::unique_ptr<WriteHandler> m_writes;
    std::unique_ptr<DeleteHandler> m_deletes;
    std::unique_ptr<WatchHandler> m_watches;
    std::unique_ptr<AdminHandler> m_admin;
    std::unique_ptr<AccessReviewHandler> m_accessReviews;
    std::unique_ptr<TokenRequestHandler> m_tokenRequests;
};

} // namespace cvc::sandbox
