#include "coingeckoresult.h"
#include "retryafter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace cvc {

namespace {

// CoinGecko error bodies come in several shapes: {"status":{"error_code":…,"error_message":…}} as
// documented, {"error_code":…,"status":{"error_message":…}} as some hosts send it,
// {"error":{"status":{…}}} and {"error":"…"}.
void readErrorBody(const QByteArray &body, int *code, QString *message)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QJsonObject status = root.value(QLatin1String("status")).toObject();
    if (status.isEmpty())
        status = root.value(QLatin1String("error")).toObject().value(QLatin1String("status")).toObject();
    if (!status.isEmpty()) {
        *code = status.value(QLatin1String("error_code")).toInt();
        if (*code == 0)
            *code = root.value(QLatin1String("error_code")).toInt();
        *message = status.value(QLatin1String("error_message")).toString();
        return;
    }
    if (root.value(QLatin1String("error")).isString())
        *message = root.value(QLatin1String("error")).toString();
}

QString host(const QUrl &root)
{
    return root.host().isEmpty() ? root.toString(QUrl::RemoveUserInfo) : root.host();
}

QString formatWait(std::chrono::milliseconds wait)
{
    const qint64 s = (wait.count() + 999) / 1000;
    return s >= 120 ? QStringLiteral("%1 min").arg((s + 59) / 60) : QStringLiteral("%1 s").arg(s);
}

} // namespace

CoinGeckoResult CoinGeckoResult::fromHttp(int httpStatus, const QByteArray &body,
                                          const QByteArray &retryAfterHeader, const QDateTime &now,
                                          const CoinGeckoPlan &plan, const QUrl &root)
{
    CoinGeckoResult r;
    r.m_httpStatus = httpStatus;
    r.m_body = body;
    if (httpStatus >= 200 && httpStatus < 300) {
        r.m_kind = Kind::Ok;
        return r;
    }
    readErrorBody(body, &r.m_errorCode, &r.m_errorMessage);
    r.m_retryAfter = parseRetryAfter(retryAfterHeader, now);
    const QString said = r.m_errorMessage.isEmpty()
        ? QString()
        : QStringLiteral(" (CoinGecko says: %1)").arg(r.m_errorMessage.left(300));

    if (httpStatus == 429 || r.m_errorCode == 429) {
        r.m_kind = Kind::RateLimited;
        r.m_reason = r.m_retryAfter
            ? QStringLiteral("CoinGecko rate limit reached on %1 (HTTP 429); it asked us to wait %2 before "
                             "the next call. If this repeats, choose a slower interval or a plan with a "
                             "higher limit").arg(host(root), formatWait(*r.m_retryAfter))
            : QStringLiteral("CoinGecko rate limit reached on %1 (HTTP 429); backing off. If this repeats, "
                             "choose a slower interval or a plan with a higher limit").arg(host(root));
        return r;
    }
    if (httpStatus >= 500) {
        r.m_kind = Kind::ServerError;
        r.m_reason = QStringLiteral("CoinGecko at %1 failed with HTTP %2%3; keeping the last prices and "
                                    "retrying with backoff (see status.coingecko.com)")
                         .arg(host(root)).arg(httpStatus).arg(said);
        return r;
    }
    r.m_kind = Kind::ClientError;
    switch (r.m_errorCode) {
    case 10010:
        r.m_reason = QStringLiteral("CoinGecko refused the key (error 10010): a Pro key was sent to %1. "
                                    "Use --coingecko-plan pro, which calls pro-api.coingecko.com")
                         .arg(host(root));
        return r;
    case 10011:
        r.m_reason = QStringLiteral("CoinGecko refused the key (error 10011): a Demo key was sent to %1. "
                                    "Use --coingecko-plan demo, which calls api.coingecko.com")
                         .arg(host(root));
        return r;
    case 10002:
    case 10005:
    default:
        break;
    }
    if (httpStatus == 401 || httpStatus == 403 || r.m_errorCode == 10002) {
        r.m_reason = plan.requiresKey()
            ? QStringLiteral("CoinGecko at %1 refused the %2 API key (HTTP %3%4)%5. Check the key in "
                             "--api-key-file or CVC_COINGECKO_API_KEY and that --coingecko-plan matches it")
                  .arg(host(root), plan.name()).arg(httpStatus)
                  .arg(r.m_errorCode ? QStringLiteral(", error %1").arg(r.m_errorCode) : QString(), said)
            : QStringLiteral("CoinGecko at %1 refused a call without a key (HTTP %2%3)%4. Set "
                             "--coingecko-plan demo or pro with an API key")
                  .arg(host(root)).arg(httpStatus)
                  .arg(r.m_errorCode ? QStringLiteral(", error %1").arg(r.m_errorCode) : QString(), said);
        return r;
    }
    if (r.m_errorCode == 10005) {
        r.m_reason = QStringLiteral("CoinGecko says this endpoint is not in the %1 plan (error 10005)%2")
                         .arg(plan.name(), said);
        return r;
    }
    r.m_reason = QStringLiteral("CoinGecko at %1 rejected the call with HTTP %2%3")
                     .arg(host(root)).arg(httpStatus).arg(said);
    return r;
}

CoinGeckoResult CoinGeckoResult::networkError(const QString &detail, const QUrl &root)
{
    CoinGeckoResult r;
    r.m_kind = Kind::NetworkError;
    r.m_reason = QStringLiteral("cannot reach CoinGecko at %1: %2; check the network, a proxy or "
                                "--coingecko-url").arg(root.toString(QUrl::RemoveUserInfo), detail);
    return r;
}

CoinGeckoResult CoinGeckoResult::timeout(std::chrono::milliseconds after, const QUrl &root)
{
    CoinGeckoResult r;
    r.m_kind = Kind::Timeout;
    r.m_reason = QStringLiteral("CoinGecko at %1 did not answer within %2; retrying with backoff")
                     .arg(host(root), formatWait(after));
    return r;
}

CoinGeckoResult CoinGeckoResult::malformed(const CoinGeckoResult &ok, const QString &reason)
{
    CoinGeckoResult r = ok;
    r.m_kind = Kind::ServerError;
    r.m_reason = reason;
    return r;
}

QString CoinGeckoResult::metricLabel() const
{
    switch (m_kind) {
    case Kind::Ok: return QStringLiteral("ok");
    case Kind::RateLimited: return QStringLiteral("rate_limited");
    default: return QStringLiteral("error");
    }
}

} // namespace cvc
