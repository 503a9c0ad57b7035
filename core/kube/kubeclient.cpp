#include "kubeclient.h"

#include "adaptiverate.h"
#include "credentialprovider.h"
#include "goawayretry.h"
#include "json/deepjsonreader.h"
#include "kubewatchstream.h"
#include "tokenbucket.h"
#include "util/version.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>

namespace cvc {

namespace {

// Qt opens at most this many HTTP/1.1 connections per host and manager; a watch holds one for
// its whole life, so one watch manager carries at most this many watches.
constexpr int WatchesPerManager = 6;

QStringList parseWarnings(const QByteArray &header)
{
    // RFC 7234 warnings "299 - \"text\"", several joined with ", " when the server sent several headers.
    QStringList out;
    static const QRegularExpression re(QStringLiteral(R"re((\d{3})\s+\S+\s+"((?:[^"\\]|\\.)*)")re"));
    auto it = re.globalMatch(QString::fromUtf8(header));
    while (it.hasNext()) {
        QString text = it.next().captured(2);
        text.replace(QStringLiteral("\\\""), QStringLiteral("\""));
        text.replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
        out << text;
    }
    return out;
}


// One object nested deeper than Qt's parser allows must not make a whole LIST unreadable: read it
// item by item, keep the items that fit and name the others. False when the body is no LIST.
bool readListItemByItem(const QByteArray &body, KubeResponse *response)
{
    const DeepJsonReader reader(body);
    const int count = reader.arraySize(u"items");
    if (count < 0)
        return false;
    QJsonArray items;
    for (int i = 0; i < count; ++i) {
        if (const auto item = reader.objectAt(u"items", i))
            items.append(*item);
        else
            response->unreadableItems.append(reader.identityAt(u"items", i));
    }
    response->object = reader.membersExcept(u"items");
    response->object.insert(QStringLiteral("items"), items);
    return true;
}
} // namespace

struct KubeClient::Pending
{
    QByteArray verb;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QPointer<QObject> context;
    ResponseCallback done;
    QPointer<KubeWatchStream> stream; // set for watches
    GoAwayRetry goAwayRetry;
    bool timedOut = false;
    bool notSent = false;   // aborted by us: Qt held it without sending it
    qint64 sentAtMs = -1;   // the bucket's clock when the request left
};

KubeClient::KubeClient(const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_manager(new QNetworkAccessManager(this))
    , m_credentials(new CredentialProvider(config, this))
{
    const QString app = QCoreApplication::applicationName();
    const QString version = QCoreApplication::applicationVersion();
    // client-go's host label: the server URL's host and port as written, never its user info.
    m_requestHost = m_config.server.port() > 0 ? QStringLiteral("%1:%2").arg(m_config.server.host()).arg(m_config.server.port())
                                               : m_config.server.host();
    m_userAgent = (app.isEmpty() ? QStringLiteral("cvc") : app) + QLatin1Char('/')
                  + (version.isEmpty() ? QString::fromLatin1(cvc::version) : version);
    if (!m_config.proxyUrl.isEmpty()) {
        const QUrl &p = m_config.proxyUrl;
        const auto type = p.scheme() == QLatin1String("socks5") ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy;
        m_manager->setProxy(QNetworkProxy(type, p.host(), quint16(p.port(p.scheme() == QLatin1String("socks5") ? 1080 : 3128)),
                                          p.userName(), p.password()));
    }
    // A new client certificate from an exec plugin must not reuse connections made with the old one.
    connect(m_credentials, &CredentialProvider::certificateChanged, this, [this] {
        m_manager->clearConnectionCache();
        for (auto &w : m_watchManagers)
            w.first->clearConnectionCache();
    });
}

KubeClient::~KubeClient() = default;

void KubeClient::setUserAgent(const QString &userAgent)
{
    m_userAgent = userAgent;
}

void KubeClient::setRateLimit(double qps, int burst)
{
    m_adaptive.reset();
    if (qps <= 0)
        m_bucket.reset();
    else
        m_bucket = std::make_unique<TokenBucket>(qps, burst);
}

void KubeClient::setRateLimit(const RateLimitSettings &settings)
{
    setRateLimit(settings.qps, settings.burst);
    if (!m_bucket || settings.maxQps <= settings.qps)
        return;
    AdaptiveRate::Settings adaptive;
    adaptive.floorQps = settings.qps;
    adaptive.ceilingQps = settings.maxQps;
    m_adaptive = std::make_unique<AdaptiveRate>(adaptive);
}

double KubeClient::currentQps() const
{
    return m_bucket ? m_bucket->qps() : 0.0;
}

AdaptiveRate::Changes KubeClient::rateChanges() const
{
    return m_adaptive ? m_adaptive->changes() : AdaptiveRate::Changes{};
}

void KubeClient::noteAnswer(const Pending &pending, int httpStatus, int retryAfterSeconds)
{
    if (!m_bucket)
        return;
    const qint64 now = m_bucket->now();
    if (httpStatus == 429 && retryAfterSeconds > 0) {
        // The server asked everyone to wait; client-go waits per request, but every request of
        // this client would meet the same refusal. Capped: a hostile or confused server must not
        // park the client for longer.
        m_bucket->holdUntil(now + qint64(std::min(retryAfterSeconds, 30)) * 1000);
        ++m_retryAfterHolds;
    }
    if (!m_adaptive)
        return;
    // Writes measure the server's load; a LIST's time grows with its size, not with load.
    const bool write = pending.verb != "GET";
    m_adaptive->noteResponse(now, write && pending.sentAtMs >= 0 ? now - pending.sentAtMs : -1, httpStatus);
    followAdaptiveRate();
}

void KubeClient::followAdaptiveRate()
{
    if (m_adaptive->qps() != m_bucket->qps()) {
        m_bucket->setQps(m_adaptive->qps());
        Q_EMIT rateChanged(m_adaptive->qps());
    }
}

void KubeClient::setRequestTimeout(int milliseconds)
{
    m_requestTimeoutMs = milliseconds;
}

int KubeClient::watchManagerCount() const
{
    return int(m_watchManagers.size());
}

void KubeClient::get(const QString &path, QObject *context, ResponseCallback done)
{
    send("GET", path, {}, {}, {}, context, std::move(done));
}

void KubeClient::get(const QString &path, const QUrlQuery &query, QObject *context, ResponseCallback done)
{
    send("GET", path, query, {}, {}, context, std::move(done));
}

void KubeClient::list(const QString &collectionPath, const QUrlQuery &query, QObject *context, ResponseCallback done)
{
    send("GET", collectionPath, query, {}, {}, context, std::move(done));
}

void KubeClient::create(const QString &collectionPath, const QJsonObject &body, const WriteOptions &options,
                        QObject *context, ResponseCallback done)
{
    send("POST", collectionPath, options.toQuery(), QJsonDocument(body).toJson(QJsonDocument::Compact),
         "application/json", context, std::move(done));
}

void KubeClient::replace(const QString &path, const QJsonObject &body, const WriteOptions &options,
                         QObject *context, ResponseCallback done)
{
    send("PUT", path, options.toQuery(), QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json",
         context, std::move(done));
}

void KubeClient::patch(const QString &path, PatchType type, const QJsonValue &body, const WriteOptions &options,
                       QObject *context, ResponseCallback done)
{
    const QByteArray bytes = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    send("PATCH", path, options.toQuery(), bytes, contentTypeFor(type), context, std::move(done));
}

void KubeClient::remove(const QString &path, const WriteOptions &options, QObject *context, ResponseCallback done)
{
    QJsonObject deleteOptions{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                              {QStringLiteral("apiVersion"), QStringLiteral("v1")}};
    if (!options.propagationPolicy.isEmpty())
        deleteOptions.insert(QStringLiteral("propagationPolicy"), options.propagationPolicy);
    if (options.dryRun)
        deleteOptions.insert(QStringLiteral("dryRun"), QJsonArray{QStringLiteral("All")});
    send("DELETE", path, options.toQuery(true), QJsonDocument(deleteOptions).toJson(QJsonDocument::Compact),
         "application/json", context, std::move(done));
}

void KubeClient::send(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                      const QByteArray &contentType, QObject *context, ResponseCallback done)
{
    auto pending = std::make_shared<Pending>();
    pending->verb = verb;
    pending->path = path;
    pending->query = query;
    pending->body = body;
    pending->contentType = contentType;
    pending->context = context ? context : this;
    pending->done = std::move(done);
    dispatch(pending);
}

void KubeClient::acquireSlot(QObject *context, std::function<void()> go)
{
    const qint64 wait = m_bucket ? m_bucket->reserve() : 0;
    if (wait > 0 && m_adaptive) {
        m_adaptive->noteThrottled(m_bucket->now());
        followAdaptiveRate();
    }
    if (wait <= 0) {
        go();
        return;
    }
    QTimer::singleShot(std::chrono::milliseconds(wait), context ? context : this, std::move(go));
}

void KubeClient::dispatch(const std::shared_ptr<Pending> &pending)
{
    QObject *guard = pending->stream ? static_cast<QObject *>(pending->stream.data()) : pending->context.data();
    if (!guard)
        return;
    // The rate-limit timer runs on the caller's context; the client may be gone by then.
    acquireSlot(guard, [self = QPointer<KubeClient>(this), pending] {
        if (self)
            self->startReply(pending);
    });
}

QNetworkRequest KubeClient::makeRequest(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_config.server;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    // Encode every reserved character: the API server decodes '+' as a space (Go's ParseQuery),
    // which QUrlQuery would leave as is.
    QByteArray encoded;
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    if (!encoded.isEmpty())
        url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
    else
        url.setQuery(QString()); // no dangling '?'
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_userAgent);
    request.setRawHeader("Accept", "application/json");
    if (m_config.disableCompression)
        request.setRawHeader("Accept-Encoding", "identity"); // Qt adds gzip otherwise and inflates for us
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_config.tlsServerName.isEmpty())
        request.setPeerVerifyName(m_config.tlsServerName);
    if (url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!m_config.caCertificates.isEmpty())
            tls.setCaCertificates(m_config.caCertificates); // the kubeconfig CA is the only trust root
        if (m_config.insecureSkipTlsVerify)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    return request;
}

void KubeClient::startReply(const std::shared_ptr<Pending> &pending)
{
    QObject *guard = pending->stream ? static_cast<QObject *>(pending->stream.data()) : pending->context.data();
    if (!guard)
        return;
    m_credentials->credentials(guard, [this, pending](const Credentials &credentials, const QString &error) {
        if (!error.isEmpty()) {
            KubeError e = KubeError::transport(QStringLiteral("CredentialsUnavailable"), error);
            if (pending->stream) {
                pending->stream->fail(e);
            } else if (pending->context) {
                KubeResponse r;
                r.error = e;
                pending->done(r);
            }
            return;
        }
        QNetworkRequest request = makeRequest(pending->path, pending->query);
        if (!credentials.authorization.isEmpty())
            request.setRawHeader("Authorization", credentials.authorization);
        if (!credentials.certificate.isNull() && request.url().scheme() == QLatin1String("https")) {
            QSslConfiguration tls = request.sslConfiguration();
            tls.setLocalCertificate(credentials.certificate);
            tls.setPrivateKey(credentials.key);
            request.setSslConfiguration(tls);
        }
        if (!pending->contentType.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, pending->contentType);
        // A request with a body goes over HTTP/1.1. Qt 6.4's HTTP/2 client sends the body's DATA
        // frame a turn of the event loop after its HEADERS, on a socket where it leaves Nagle on:
        // the DATA waits for the server's delayed ACK, 40 ms per write (every PATCH of the loop;
        // 1,000 new CVCs took 25.8 s over h2, 4.6 s so). Reads and watches, which have no body,
        // stay on one multiplexed h2 connection, where the six-connection limit never bites.
        if (!pending->body.isEmpty())
            request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);

        if (pending->stream) {
            if (pending->stream->isFinished())
                return;
            QNetworkAccessManager *manager = watchManager();
            QNetworkReply *reply = manager->get(request);
            pending->stream->attach(reply, manager, [self = QPointer<KubeClient>(this), pending, manager] {
                if (!self)
                    return false;
                self->m_goneAwayWatchManagers.insert(manager);   // no new watch goes there
                return self->retryRefused(pending);
            });
            return;
        }
        if (!pending->context)
            return;
        if (m_bucket)
            pending->sentAtMs = m_bucket->now();
        pending->notSent = false;
        QNetworkReply *reply = pending->body.isEmpty() && pending->verb == "GET"
                                   ? m_manager->get(request)
                                   : m_manager->sendCustomRequest(request, pending->verb, pending->body);
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, reply, [pending, reply] {
            pending->timedOut = true; // abort() reports OperationCanceledError: remember it was us
            reply->abort();
        });
        timer->start(m_requestTimeoutMs);
        {
            // A request that Qt holds on a connection that got GOAWAY is never sent (GoAwayRetry).
            auto *unsent = new QTimer(reply);
            unsent->setSingleShot(true);
            connect(unsent, &QTimer::timeout, reply, [pending, reply] {
                pending->notSent = true;
                reply->abort();
            });
            connect(reply, &QNetworkReply::requestSent, unsent, &QTimer::stop);
            connect(reply, &QNetworkReply::socketStartedConnecting, unsent, &QTimer::stop);
            // A large body still going out (requestSent comes at its end) is on its way too.
            connect(reply, &QNetworkReply::uploadProgress, unsent, [unsent](qint64 sent, qint64) {
                if (sent > 0)
                    unsent->stop();
            });
            connect(reply, &QNetworkReply::metaDataChanged, unsent, &QTimer::stop);
            unsent->start(GoAwayRetry::NotSentTimeoutMs);
        }
        // The caller went away: nobody wants the answer.
        connect(pending->context.data(), &QObject::destroyed, reply, &QNetworkReply::abort);
        connect(reply, &QNetworkReply::finished, this, [this, pending, reply] {
            reply->deleteLater();
            if (!pending->timedOut && (pending->notSent || GoAwayRetry::wasRefused(reply))) {
                retireRequestManager(reply->manager());
                // The server never saw it (RFC 9113 6.8), so even a write goes again, as client-go's
                // transport does with a refused stream.
                if (retryRefused(pending))
                    return;
            }
            KubeResponse response;
            response.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            response.warnings = parseWarnings(reply->rawHeader("Warning"));
            for (const QString &w : std::as_const(response.warnings))
                Q_EMIT warningReceived(w);
            const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
            if (response.httpStatus == 0) {
                const QString where = m_config.server.toString(QUrl::RemoveUserInfo);
                if (pending->timedOut)
                    response.error = KubeError::transport(QStringLiteral("Timeout"),
                                                          QStringLiteral("%1 %2 on %3 timed out after %4 s")
                                                              .arg(QString::fromLatin1(pending->verb), pending->path, where)
                                                              .arg(m_requestTimeoutMs / 1000.0));
                else
                    response.error = KubeError::transport(QStringLiteral("ConnectionFailed"),
                                                          QStringLiteral("cannot reach the API server %1: %2")
                                                              .arg(where, reply->errorString()));
            } else {
                QJsonParseError parseError;
                const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
                response.object = doc.object();
                if (parseError.error == QJsonParseError::DeepNesting && readListItemByItem(body, &response))
                    parseError.error = QJsonParseError::NoError;
                if (response.httpStatus >= 400) {
                    KubeError e = KubeError::fromStatus(response.object, response.httpStatus);
                    if (e.message.isEmpty())
                        e.message = QString::fromUtf8(body.left(300)).trimmed();
                    if (e.retryAfterSeconds < 0 && reply->hasRawHeader("Retry-After"))
                        e.retryAfterSeconds = reply->rawHeader("Retry-After").trimmed().toInt();
                    response.error = e;
                    if (response.httpStatus == 401)
                        noteUnauthorized();
                } else if (response.httpStatus >= 300) {
                    response.error = KubeError::fromStatus({}, response.httpStatus);
                    response.error->message = QStringLiteral("unexpected redirect to %1")
                                                  .arg(reply->header(QNetworkRequest::LocationHeader).toUrl().toString(QUrl::RemoveUserInfo));
                } else if (!body.isEmpty() && parseError.error != QJsonParseError::NoError) {
                    response.error = KubeError::transport(QStringLiteral("MalformedResponse"),
                                                          QStringLiteral("the server answered %1 %2 with a body that is not JSON: %3")
                                                              .arg(QString::fromLatin1(pending->verb), pending->path, parseError.errorString()));
                    response.error->httpStatus = response.httpStatus;
                }
            }
            noteRequest(response.httpStatus, pending->verb);
            noteAnswer(*pending, response.httpStatus, response.error ? response.error->retryAfterSeconds : -1);
            if (pending->context)
                pending->done(response);
        });
    });
}

bool KubeClient::retryRefused(const std::shared_ptr<Pending> &pending)
{
    const int delay = pending->goAwayRetry.nextDelayMs();
    if (delay < 0)
        return false;
    ++m_goAwayRetries;
    QObject *guard = pending->stream ? static_cast<QObject *>(pending->stream.data()) : pending->context.data();
    if (!guard)
        return true;   // nobody waits for the answer any more
    QTimer::singleShot(delay, guard, [self = QPointer<KubeClient>(this), pending] {
        if (self)
            self->dispatch(pending);
    });
    return true;
}

void KubeClient::noteUnauthorized()
{
    // Exec credentials may have been revoked early; the next request runs the plugin again.
    m_credentials->invalidate();
    Q_EMIT unauthorized(QStringLiteral("You must be logged in to the server (Unauthorized)"));
}

// Qt 6.4 keeps a connection that received GOAWAY for new requests while a stream the server took
// keeps it open, and those requests fail, or wait until our timeout without being sent at all.
// Only another manager has another connection: new requests go to a fresh one, and the old one
// goes once its replies (its children) have finished.
void KubeClient::retireRequestManager(QNetworkAccessManager *manager)
{
    if (manager != m_manager)
        return;   // retired already
    m_manager = new QNetworkAccessManager(this);
    m_manager->setProxy(manager->proxy());
    auto deleteWhenDone = [manager] {
        const QList<QNetworkReply *> replies = manager->findChildren<QNetworkReply *>();
        if (std::all_of(replies.begin(), replies.end(), [](const QNetworkReply *r) { return r->isFinished(); }))
            manager->deleteLater();
    };
    connect(manager, &QNetworkAccessManager::finished, manager, deleteWhenDone);
    deleteWhenDone();
}

QNetworkAccessManager *KubeClient::watchManager()
{
    for (auto &w : m_watchManagers) {
        if (w.second < WatchesPerManager && !m_goneAwayWatchManagers.contains(w.first)) {
            ++w.second;
            return w.first;
        }
    }
    auto *manager = new QNetworkAccessManager(this);
    manager->setProxy(m_manager->proxy());
    m_watchManagers.append({manager, 1});
    return manager;
}

void KubeClient::releaseWatchManager(QNetworkAccessManager *manager)
{
    for (int i = 0; i < m_watchManagers.size(); ++i) {
        if (m_watchManagers[i].first != manager)
            continue;
        if (--m_watchManagers[i].second <= 0) {
            m_watchManagers.removeAt(i);
            m_goneAwayWatchManagers.remove(manager);
            manager->deleteLater();
        }
        return;
    }
}

KubeWatchStream *KubeClient::watch(const QString &collectionPath, const QUrlQuery &query, QObject *parent)
{
    auto *stream = new KubeWatchStream(this, parent);
    auto pending = std::make_shared<Pending>();
    pending->verb = "GET";
    pending->path = collectionPath;
    pending->query = query;
    pending->query.removeAllQueryItems(QStringLiteral("watch"));
    pending->query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    pending->stream = stream;
    pending->context = stream;
    dispatch(pending);
    return stream;
}

void KubeClient::discover(const QString &group, const QString &version, const QString &plural, QObject *context,
                          std::function<void(const DiscoveryResult &)> done)
{
    const QString path = group.isEmpty() ? QString(QStringLiteral("/api/") + version)
                                         : QString(QStringLiteral("/apis/") + group + QLatin1Char('/') + version);
    get(path, context, [group, version, plural, done](const KubeResponse &response) {
        DiscoveryResult result;
        if (!response.ok()) {
            if (!response.error->isNotFound()) // 404: the group/version is not served (CRD not installed)
                result.error = response.error;
            done(result);
            return;
        }
        const QString groupVersion = response.object.value(QLatin1String("groupVersion")).toString();
        const QJsonArray resources = response.object.value(QLatin1String("resources")).toArray();
        for (const QJsonValue &r : resources) {
            if (r.toObject().value(QLatin1String("name")).toString() == plural) {
                result.resource = ResourceType::fromApiResource(
                    groupVersion.isEmpty() ? (group.isEmpty() ? version : QString(group + QLatin1Char('/') + version)) : groupVersion,
                    r.toObject(), resources);
                break;
            }
        }
        done(result);
    });
}

} // namespace cvc
