#include "coingeckoclient.h"
#include "pricecallledger.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace cvc {

Q_LOGGING_CATEGORY(lcCoinGecko, "cvc.prices.coingecko")

namespace {
bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

CoinGeckoClient::CoinGeckoClient(const CoinGeckoSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_root(settings.plan.effectiveRoot(settings.rootOverride))
    , m_manager(new QNetworkAccessManager(this))
    , m_ledger(new PriceCallLedger(this))
    , m_account(PriceCallLedger::account(settings.plan, settings.apiKey))
{
    if (!settings.ledgerDirectory.isEmpty())
        m_ledger->setStorageDirectory(settings.ledgerDirectory, &m_ledgerError);
}

CoinGeckoClient::~CoinGeckoClient() = default;

QString CoinGeckoClient::configurationError() const
{
    if (!m_root.isValid() || (m_root.scheme() != QLatin1String("http") && m_root.scheme() != QLatin1String("https"))
        || m_root.host().isEmpty())
        return QStringLiteral("the CoinGecko root \"%1\" is not an http(s) URL; give --coingecko-url like "
                              "https://api.coingecko.com/api/v3").arg(m_root.toString(QUrl::RemoveUserInfo));
    // A key travels only over TLS, where nobody on the way reads it; loopback (tests, a local
    // proxy) never leaves the machine (review C11).
    if (!m_settings.apiKey.isEmpty() && m_root.scheme() != QLatin1String("https") && !isLoopback(m_root))
        return QStringLiteral("the CoinGecko root \"%1\" is plain http: an API key is only sent over https "
                              "(or to a loopback address); use an https:// --coingecko-url")
            .arg(m_root.toString(QUrl::RemoveUserInfo));
    if (m_settings.plan.requiresKey() && m_settings.apiKey.isEmpty())
        return QStringLiteral("the CoinGecko %1 plan needs an API key: give --api-key-file or set "
                              "CVC_COINGECKO_API_KEY, or choose --coingecko-plan public")
            .arg(m_settings.plan.name());
    return {};
}

qint64 CoinGeckoClient::callsThisMonth(const QDateTime &now) const
{
    return m_ledger->callsThisMonth(m_account, now);
}

void CoinGeckoClient::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    m_manager = manager;
}

void CoinGeckoClient::holdUntil(const QDateTime &until)
{
    if (until.isValid() && (!m_rateLimitedUntil.isValid() || until > m_rateLimitedUntil))
        m_rateLimitedUntil = until;
}

void CoinGeckoClient::get(const QString &path, const QUrlQuery &query, QObject *context, Callback done)
{
    QUrl url = m_root;
    url.setPath(m_root.path() + path);
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("cvc-dashboard/0.1"));
    const bool keyed = !m_settings.apiKey.isEmpty() && !m_settings.plan.keyHeader().isEmpty();
    // Never over plain http to a host that is not this machine, whatever configurationError() said.
    if (keyed && (url.scheme() == QLatin1String("https") || isLoopback(url)))
        request.setRawHeader(m_settings.plan.keyHeader(), m_settings.apiKey);
    // Qt would follow a redirect with every raw header, the key included (review C11): with a key,
    // only a redirect to the same scheme, host and port is followed; any other ends the call.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         keyed ? QNetworkRequest::SameOriginRedirectPolicy : QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(int(m_settings.requestTimeout.count()));
    // Over plain HTTP/1.1 (tests, proxies) a hung keep-alive must not hold the next tick.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, m_root.scheme() == QLatin1String("https"));

    // The URL carries no key (it travels in a header) and user info is dropped, so it is safe to log.
    qCDebug(lcCoinGecko, "GET %s", qPrintable(url.toString(QUrl::RemoveUserInfo)));
    QNetworkReply *reply = m_manager->get(request);
    const auto timeout = m_settings.requestTimeout;
    connect(reply, &QNetworkReply::finished, context ? context : this,
            [this, reply, done = std::move(done), timeout]() {
        reply->deleteLater();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        CoinGeckoResult result;
        if (reply->error() == QNetworkReply::InsecureRedirectError
            || (status.isValid() && status.toInt() >= 300 && status.toInt() < 400)) {
            // The target is not logged: it may carry anything the redirecting server chose.
            result = CoinGeckoResult::networkError(
                QStringLiteral("it redirected the call to another origin, which is not followed so the API key "
                               "stays with CoinGecko (HTTP %1)").arg(status.toInt()), m_root);
        } else if (status.isValid()) {
            result = CoinGeckoResult::fromHttp(status.toInt(), reply->readAll(), reply->rawHeader("Retry-After"),
                                               now, m_settings.plan, m_root);
        } else if (reply->error() == QNetworkReply::OperationCanceledError
                   || reply->error() == QNetworkReply::TimeoutError) {
            // We never abort() replies ourselves, so a cancel is the transfer timeout firing.
            result = CoinGeckoResult::timeout(timeout, m_root);
        } else {
            result = CoinGeckoResult::networkError(reply->errorString(), m_root);
        }

        ++m_callsByResult[result.metricLabel()];
        // Every call CoinGecko answered may have cost a credit (429s and errors too, to be safe);
        // one that never reached it did not.
        if (result.httpStatus() > 0)
            m_ledger->record(m_account, now);

        if (result.kind() == CoinGeckoResult::Kind::RateLimited && result.retryAfter()) {
            const QDateTime until = now.addMSecs(result.retryAfter()->count());
            holdUntil(until);
            Q_EMIT rateLimited(until);
        }
        if (!result.isOk())
            qCInfo(lcCoinGecko, "%s", qPrintable(result.reason()));
        Q_EMIT callFinished(result);
        done(result);
    });
}

} // namespace cvc
