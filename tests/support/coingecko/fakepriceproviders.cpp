#include "fakepriceproviders.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace cvc {

namespace {

// The fake's own tickers (not the client's table, so a wrong mapping there shows in tests).
const QHash<QString, QString> &tickers()
{
    static const QHash<QString, QString> t = {
        {QStringLiteral("bitcoin"), QStringLiteral("BTC")},
        {QStringLiteral("ethereum"), QStringLiteral("ETH")},
        {QStringLiteral("dogecoin"), QStringLiteral("DOGE")},
        {QStringLiteral("shiba-inu"), QStringLiteral("SHIB")},
    };
    return t;
}

QString providerOf(const QString &path)
{
    return path.section(QLatin1Char('/'), 1, 1);
}

// A plain decimal as Coinbase writes rates ("0.0000242587"), with every digit a double holds.
QString decimal(double v)
{
    const int magnitude = v > 0 ? int(std::floor(std::log10(v))) : 0;
    return QString::number(v, 'f', std::clamp(16 - magnitude, 1, 30));
}

} // namespace

FakePriceProviders::FakePriceProviders(PriceLookup sharedPrice)
    : m_shared(std::move(sharedPrice))
{
    for (const QString &name : names())
        m_providers.insert(name, Provider{});
}

bool FakePriceProviders::handles(const QString &path)
{
    return names().contains(providerOf(path)) && path.count(QLatin1Char('/')) >= 2;
}

std::optional<double> FakePriceProviders::priceOf(const Provider &p, const QString &coin, qint64 *updatedAt) const
{
    if (p.missing.contains(coin))
        return std::nullopt;
    const auto shared = m_shared(coin);
    *updatedAt = shared ? shared->second : 0;
    if (p.prices.contains(coin))
        return p.prices.value(coin);
    if (!shared)
        return std::nullopt;
    return shared->first;
}

FakePriceProviders::Answer FakePriceProviders::failure(const QString &name, int status, std::optional<int> retryAfter) const
{
    Answer a;
    a.status = status;
    if (retryAfter)
        a.retryAfter = QByteArray::number(*retryAfter);
    if (name == QLatin1String("coinbase")) {
        // Coinbase's documented error shape: {"errors":[{"id":…,"message":…}]}.
        const QString id = status == 429 ? QStringLiteral("rate_limit_exceeded")
                         : status >= 500 ? QStringLiteral("internal_server_error") : QStringLiteral("invalid_request");
        const QString message = status == 429 ? QStringLiteral("Too many requests")
                              : status >= 500 ? QStringLiteral("Internal server error") : QStringLiteral("Invalid request");
        a.body = QJsonDocument(QJsonObject{{QStringLiteral("errors"),
                                            QJsonArray{QJsonObject{{QStringLiteral("id"), id},
                                                                   {QStringLiteral("message"), message}}}}})
                     .toJson(QJsonDocument::Compact);
    } else {
        // coins.llama.fi answers errors as a short JSON message.
        a.body = status == 429 ? QByteArray(R"({"message":"Too Many Requests"})")
                               : QByteArray(R"({"message":"Internal server error"})");
    }
    return a;
}

FakePriceProviders::Answer FakePriceProviders::answer(const HttpRequest &request)
{
    const QString name = providerOf(request.path);
    Provider &p = m_providers[name];
    if (request.method != "GET")
        return Answer{405, R"({"message":"Method Not Allowed"})", {}};
    if (p.down)
        return failure(name, p.down, p.down == 429 ? std::optional<int>(60) : std::nullopt);
    if (!p.failures.empty()) {
        const Failure f = p.failures.front();
        p.failures.pop_front();
        return failure(name, f.status, f.retryAfter);
    }
    const QString below = request.path.mid(name.size() + 1);
    Answer a;
    if (name == QLatin1String("defillama") && below.startsWith(QLatin1String("/prices/current/")))
        a = defiLlama(p, below.mid(int(qstrlen("/prices/current/"))));
    else if (name == QLatin1String("coinbase") && below == QLatin1String("/v2/exchange-rates"))
        a = coinbase(p, request);
    else
        return Answer{404, R"({"message":"Not Found"})", {}};
    if (a.status == 200 && p.malformedNext > 0) {
        --p.malformedNext;
        a.body = a.body.left(std::max<qsizetype>(1, a.body.size() / 2));
    }
    return a;
}

FakePriceProviders::Answer FakePriceProviders::defiLlama(const Provider &p, const QString &coinsPath) const
{
    QJsonObject coins;
    for (const QString &key : coinsPath.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        // Only coingecko:{id} keys are priced here; chain:address keys are out of the fake's reach.
        if (!key.startsWith(QLatin1String("coingecko:")))
            continue;
        const QString coin = key.mid(10);
        qint64 updated = 0;
        const auto usd = priceOf(p, coin, &updated);
        if (!usd)
            continue; // DefiLlama leaves unknown coins out
        coins.insert(key, QJsonObject{{QStringLiteral("symbol"), tickers().value(coin, coin.toUpper())},
                                      {QStringLiteral("price"), *usd},
                                      {QStringLiteral("timestamp"), updated},
                                      {QStringLiteral("confidence"), 0.99}});
    }
    return Answer{200, QJsonDocument(QJsonObject{{QStringLiteral("coins"), coins}}).toJson(QJsonDocument::Compact), {}};
}

FakePriceProviders::Answer FakePriceProviders::coinbase(const Provider &p, const HttpRequest &request) const
{
    const QString base = request.queryItem(QStringLiteral("currency"));
    if (!base.isEmpty() && base.compare(QLatin1String("USD"), Qt::CaseInsensitive) != 0)
        return Answer{400, R"({"errors":[{"id":"invalid_request","message":"the fake only has USD rates"}]})", {}};
    // Units of each currency per one USD, as strings, fiat among them as Coinbase sends it.
    QJsonObject rates{{QStringLiteral("USD"), QStringLiteral("1.0")}, {QStringLiteral("EUR"), QStringLiteral("0.92")},
                      {QStringLiteral("GBP"), QStringLiteral("0.79")}};
    for (auto it = tickers().cbegin(); it != tickers().cend(); ++it) {
        qint64 updated = 0;
        const auto usd = priceOf(p, it.key(), &updated);
        if (usd && *usd > 0)
            rates.insert(it.value(), decimal(1.0 / *usd));
    }
    const QJsonObject data{{QStringLiteral("currency"), QStringLiteral("USD")}, {QStringLiteral("rates"), rates}};
    return Answer{200, QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact), {}};
}

void FakePriceProviders::setPrice(const QString &provider, const QString &coin, double usd)
{
    m_providers[provider].prices.insert(coin, usd);
}

void FakePriceProviders::removePrice(const QString &provider, const QString &coin)
{
    m_providers[provider].prices.remove(coin);
}

void FakePriceProviders::setMissing(const QString &provider, const QStringList &coins)
{
    m_providers[provider].missing = coins;
}

void FakePriceProviders::failNext(const QString &provider, int count, int status, std::optional<int> retryAfterSeconds)
{
    for (int i = 0; i < count; ++i)
        m_providers[provider].failures.push_back({status, retryAfterSeconds});
}

void FakePriceProviders::setDown(const QString &provider, int status)
{
    m_providers[provider].down = status;
}

void FakePriceProviders::malformNext(const QString &provider, int count)
{
    m_providers[provider].malformedNext = count;
}

QString FakePriceProviders::applyState(const QJsonObject &providers)
{
    for (auto it = providers.begin(); it != providers.end(); ++it) {
        const QString name = it.key();
        if (!names().contains(name))
            return QStringLiteral("providers.%1: unknown provider; use %2").arg(name, names().join(QStringLiteral(" or ")));
        const QJsonObject o = it->toObject();
        Provider &p = m_providers[name];
        const QJsonObject prices = o.value(QLatin1String("prices")).toObject();
        for (auto pit = prices.begin(); pit != prices.end(); ++pit) {
            if (pit->isNull())
                p.prices.remove(pit.key());
            else if (pit->isDouble())
                p.prices.insert(pit.key(), pit->toDouble());
            else
                return QStringLiteral("providers.%1.prices.%2 must be a number or null").arg(name, pit.key());
        }
        if (o.contains(QLatin1String("missing"))) {
            p.missing.clear();
            for (const QJsonValue &v : o.value(QLatin1String("missing")).toArray())
                p.missing.append(v.toString());
        }
        if (o.contains(QLatin1String("failNext"))) {
            const QJsonObject f = o.value(QLatin1String("failNext")).toObject();
            const QJsonValue retry = f.value(QLatin1String("retryAfter"));
            p.failures.clear();
            failNext(name, f.value(QLatin1String("count")).toInt(1), f.value(QLatin1String("status")).toInt(500),
                     retry.isDouble() ? std::optional<int>(retry.toInt()) : std::nullopt);
        }
        if (o.contains(QLatin1String("down")))
            p.down = o.value(QLatin1String("down")).toInt();
        if (o.contains(QLatin1String("malformedNext")))
            p.malformedNext = o.value(QLatin1String("malformedNext")).toInt();
    }
    return {};
}

} // namespace cvc
