#include "httppricesource.h"
#include "retryafter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace cvc {

Q_LOGGING_CATEGORY(lcPriceSource, "cvc.prices.source")

HttpPriceSource::HttpPriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent)
    : PriceSource(parent)
    , m_root(root)
    , m_timeout(timeout)
    , m_manager(new QNetworkAccessManager(this))
{
}

HttpPriceSource::~HttpPriceSource() = default;

QString HttpPriceSource::configurationError() const
{
    if (!m_root.isValid() || (m_root.scheme() != QLatin1String("http") && m_root.scheme() != QLatin1String("https"))
        || m_root.host().isEmpty())
        return QStringLiteral("the %1 root \"%2\" is not an http(s) URL; check --%3-url")
            .arg(displayName(), m_root.toString(QUrl::RemoveUserInfo), id());
    return {};
}

QString HttpPriceSource::errorExcerpt(const QByteArray &body)
{
    // Coinbase: {"errors":[{"id":"…","message":"…"}]}; others {"message":"…"} or {"error":"…"}.
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString text = o.value(QLatin1String("errors")).toArray().at(0).toObject().value(QLatin1String("message")).toString();
    if (text.isEmpty())
        text = o.value(QLatin1String("message")).toString();
    if (text.isEmpty())
        text = o.value(QLatin1String("error")).toString();
    if (text.isEmpty() && !body.trimmed().startsWith('<'))
        text = QString::fromUtf8(body.left(400));
    QString clean;
    for (const QChar c : text) {
        if (clean.size() >= 200)
            break;
        clean.append(c.isPrint() ? c : QLatin1Char(' '));
    }
    return clean.simplified();
}

void HttpPriceSource::fetch(const QStringList &coins, QObject *context, Callback done)
{
    QObject *receiver = context ? context : this;
    const QUrl url = requestUrl(coins);
    if (!url.isValid()) {
        // Nothing to ask: every coin is unknown to this source. Answer later, as a call would.
        QTimer::singleShot(0, receiver, [coins, done = std::move(done)] { done(PriceSourceResult::ok({}, coins)); });
        return;
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("cvc-dashboard/0.1"));
    request.setTransferTimeout(int(m_timeout.count()));
    // Over plain HTTP/1.1 (tests, proxies) a hung keep-alive must not hold the next tick.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, url.scheme() == QLatin1String("https"));
    qCDebug(lcPriceSource, "GET %s", qPrintable(url.toString(QUrl::RemoveUserInfo)));

    QNetworkReply *reply = m_manager->get(request);
    connect(reply, &QNetworkReply::finished, receiver, [this, reply, coins, done = std::move(done)] {
        reply->deleteLater();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString where = QStringLiteral("%1 at %2").arg(displayName(), m_root.host());
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        PriceSourceResult result;
        if (status.isValid()) {
            const int code = status.toInt();
            const QByteArray body = reply->readAll();
            if (code >= 200 && code < 300) {
                result = parse(body, coins, now);
            } else if (code == 429) {
                const auto wait = parseRetryAfter(reply->rawHeader("Retry-After"), now);
                result = PriceSourceResult::failed(
                    PriceSourceResult::Kind::RateLimited,
                    QStringLiteral("%1 rate limit reached (HTTP 429)%2").arg(where,
                        wait ? QStringLiteral("; it asked us to wait %1 s").arg((wait->count() + 999) / 1000) : QString()),
                    wait);
            } else {
                const QString said = errorExcerpt(body);
                result = PriceSourceResult::failed(
                    PriceSourceResult::Kind::Error,
                    QStringLiteral("%1 answered HTTP %2%3").arg(where).arg(code)
                        .arg(said.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(said)));
            }
        } else if (reply->error() == QNetworkReply::OperationCanceledError
                   || reply->error() == QNetworkReply::TimeoutError) {
            // We never abort() replies ourselves, so a cancel is the transfer timeout firing.
            result = PriceSourceResult::failed(PriceSourceResult::Kind::Timeout,
                                               QStringLiteral("%1 did not answer within %2 s")
                                                   .arg(where).arg((m_timeout.count() + 999) / 1000));
        } else {
            result = PriceSourceResult::failed(PriceSourceResult::Kind::Error,
                                               QStringLiteral("cannot reach %1: %2").arg(where, reply->errorString()));
        }
        if (status.isValid())
            result.setHttpStatus(status.toInt());
        if (!result.isOk())
            qCInfo(lcPriceSource, "%s", qPrintable(result.reason()));
        done(result);
    });
}

} // namespace cvc
