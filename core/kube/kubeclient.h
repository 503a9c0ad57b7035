#pragma once

#include "clientconfig.h"
#include "adaptiverate.h"
#include "kuberesponse.h"
#include "ratelimitsettings.h"
#include "restrequestcounts.h"
#include "resourcetype.h"
#include "writeoptions.h"

#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QUrlQuery>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace cvc {

class CredentialProvider;
class KubeWatchStream;
class TokenBucket;

using ResponseCallback = std::function<void(const KubeResponse &response)>;

// What discover() found. resource is empty (and error too) when the server does not serve the
// group/version/plural, e.g. the CVC CRD is not installed.
struct DiscoveryResult
{
    std::optional<ResourceType> resource;
    std::optional<KubeError> error;
    bool found() const { return resource.has_value(); }
};

// One connection to one cluster. Callbacks run on the caller's thread and are dropped when
// `context` is destroyed first. Watches use managers of their own so they never take the
// connections ordinary requests need (Qt opens at most six HTTP/1.1 connections per manager).
class KubeClient : public QObject
{
    Q_OBJECT
public:
    explicit KubeClient(const ClientConfig &config, QObject *parent = nullptr);
    ~KubeClient() override;

    const ClientConfig &config() const { return m_config; }

    // "<application name>/<version>" by default (QCoreApplication's, else cvc/ and util/version.h).
    void setUserAgent(const QString &userAgent);
    QString userAgent() const { return m_userAgent; }
    // Client-side token bucket for every request including watch starts; qps <= 0 disables it.
    void setRateLimit(double qps, int burst);
    // The same bucket with a rate that follows the server (AdaptiveRate): from settings.qps,
    // raised towards settings.maxQps while requests wait and the server answers quickly, cut on
    // 429/503 and on rising write latency. A 429's Retry-After (at most 30 s) holds every request.
    void setRateLimit(const RateLimitSettings &settings);
    // The rate in force (0 = unlimited), and how often it moved and why (all 0 for a fixed rate).
    double currentQps() const;
    AdaptiveRate::Changes rateChanges() const;
    // Refusals (429) whose Retry-After held the client.
    qint64 retryAfterHolds() const { return m_retryAfterHolds; }
    // Answered requests by code, method and host; a client given another's counts shares them.
    std::shared_ptr<RestRequestCounts> requestCounts() const { return m_requestCounts; }
    void setRequestCounts(std::shared_ptr<RestRequestCounts> counts) { m_requestCounts = std::move(counts); }
    // Requests (watch starts included) sent again because an HTTP/2 GOAWAY refused them before the
    // server saw them (GoAwayRetry).
    qint64 goAwayRetries() const { return m_goAwayRetries; }
    // Whole-request timeout for ordinary requests (not watches). Default 30 s.
    void setRequestTimeout(int milliseconds);

    void get(const QString &path, QObject *context, ResponseCallback done);
    void get(const QString &path, const QUrlQuery &query, QObject *context, ResponseCallback done);
    void list(const QString &collectionPath, const QUrlQuery &query, QObject *context, ResponseCallback done);
    void create(const QString &collectionPath, const QJsonObject &body, const WriteOptions &options,
                QObject *context, ResponseCallback done);
    void replace(const QString &path, const QJsonObject &body, const WriteOptions &options,
                 QObject *context, ResponseCallback done);
    // body is an object for Merge and Apply, an array for Json.
    void patch(const QString &path, PatchType type, const QJsonValue &body, const WriteOptions &options,
               QObject *context, ResponseCallback done);
    void remove(const QString &path, const WriteOptions &options, QObject *context, ResponseCallback done);

    // Starts GET collectionPath?watch=1&<query>. The stream is owned by parent; delete it (or
    // call abort()) to stop. See KubeWatchStream for its signals.
    KubeWatchStream *watch(const QString &collectionPath, const QUrlQuery &query, QObject *parent);

    // Resolves group/version/plural from GET /apis/<group>/<version> (or /api/v1).
    void discover(const QString &group, const QString &version, const QString &plural,
                  QObject *context, std::function<void(const DiscoveryResult &)> done);

    // Number of watch managers in use (tests check that watches do not share the request manager).
    int watchManagerCount() const;

Q_SIGNALS:
    // A server Warning header; the text only.
    void warningReceived(const QString &text);
    // A request was answered 401; exec credentials are dropped and re-fetched for the next request.
    void unauthorized(const QString &message);
    // The adaptive rate moved (requests per second).
    void rateChanged(double qps);

private:
    friend class KubeWatchStream;
    struct Pending;
    void send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
              const QByteArray &contentType, QObject *context, ResponseCallback done);
    void dispatch(const std::shared_ptr<Pending> &pending);
    void startReply(const std::shared_ptr<Pending> &pending);
    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query) const;
    void acquireSlot(QObject *context, std::function<void()> go);
    QNetworkAccessManager *watchManager();
    // New requests go to a new manager (a new connection) after a GOAWAY refused one on this.
    void retireRequestManager(QNetworkAccessManager *manager);
    void releaseWatchManager(QNetworkAccessManager *manager);
    void noteUnauthorized();
    // Schedules another attempt of a request a GOAWAY refused; false once its attempts are spent.
    bool retryRefused(const std::shared_ptr<Pending> &pending);
    // One answered request (watches included) for rest_client_requests_total; status 0 = no HTTP answer.
    void noteRequest(int httpStatus, const QByteArray &method) { m_requestCounts->note(httpStatus, method, m_requestHost); }
    void noteAnswer(const Pending &pending, int httpStatus, int retryAfterSeconds);
    // The bucket takes the adaptive rate's latest move.
    void followAdaptiveRate();

    ClientConfig m_config;
    QString m_userAgent;
    int m_requestTimeoutMs = 30000;
    QNetworkAccessManager *m_manager = nullptr;
    QList<QPair<QNetworkAccessManager *, int>> m_watchManagers;
    QSet<QNetworkAccessManager *> m_goneAwayWatchManagers;   // their connection got GOAWAY: no new watches
    CredentialProvider *m_credentials = nullptr;
    std::unique_ptr<TokenBucket> m_bucket;
    std::unique_ptr<AdaptiveRate> m_adaptive;
    qint64 m_retryAfterHolds = 0;
    qint64 m_goAwayRetries = 0;
    std::shared_ptr<RestRequestCounts> m_requestCounts = std::make_shared<RestRequestCounts>();
    QString m_requestHost;
};

} // namespace cvc
