#include "coingeckopricesource.h"
#include "coingeckoclient.h"
#include "coingeckoresult.h"
#include "simplepriceresponse.h"

#include <QUrlQuery>

namespace cvc {

CoinGeckoPriceSource::CoinGeckoPriceSource(CoinGeckoClient *client, QObject *parent)
    : PriceSource(parent)
    , m_client(client)
{
}

QString CoinGeckoPriceSource::configurationError() const
{
    return m_client ? m_client->configurationError() : QStringLiteral("no CoinGecko client");
}

QDateTime CoinGeckoPriceSource::heldUntil() const
{
    return m_client ? m_client->rateLimitedUntil() : QDateTime();
}

void CoinGeckoPriceSource::holdUntil(const QDateTime &until)
{
    // History requests share the client: a 429 without Retry-After makes them wait as well.
    if (m_client)
        m_client->holdUntil(until);
}

namespace {
PriceSourceResult classify(const CoinGeckoResult &result, const QStringList &coins)
{
    using Kind = PriceSourceResult::Kind;
    switch (result.kind()) {
    case CoinGeckoResult::Kind::Ok: {
        const SimplePriceResponse response =
            SimplePriceResponse::parse(result.body(), coins, QDateTime::currentDateTimeUtc());
        if (!response.isValid())
            return PriceSourceResult::failed(Kind::Malformed, response.error()
                                             + QStringLiteral("; keeping the last prices and retrying with backoff"));
        return PriceSourceResult::ok(response.quotes(), response.missing());
    }
    case CoinGeckoResult::Kind::RateLimited:
        return PriceSourceResult::failed(Kind::RateLimited, result.reason(), result.retryAfter());
    case CoinGeckoResult::Kind::Timeout:
        return PriceSourceResult::failed(Kind::Timeout, result.reason());
    default:
        return PriceSourceResult::failed(Kind::Error, result.reason());
    }
}

PriceSourceResult toSourceResult(const CoinGeckoResult &result, const QStringList &coins)
{
    PriceSourceResult classified = classify(result, coins);
    classified.setHttpStatus(result.httpStatus());
    return classified;
}
} // namespace

void CoinGeckoPriceSource::fetch(const QStringList &coins, QObject *context, Callback done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("ids"), coins.join(QLatin1Char(',')));
    query.addQueryItem(QStringLiteral("vs_currencies"), QStringLiteral("usd"));
    query.addQueryItem(QStringLiteral("include_24hr_change"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("include_last_updated_at"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("precision"), QStringLiteral("full"));
    m_client->get(QStringLiteral("/simple/price"), query, context,
                  [coins, done = std::move(done)](const CoinGeckoResult &result) {
        done(toSourceResult(result, coins));
    });
}

} // namespace cvc
