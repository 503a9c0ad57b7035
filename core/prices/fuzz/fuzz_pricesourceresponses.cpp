// libFuzzer target: the bodies of DefiLlama's /prices/current and Coinbase's /v2/exchange-rates,
// read into quotes. Input: one body, given to both parsers; the coins asked for are our four plus
// a few keys of the body (so its entries get read at all).
// Beyond "no crash", for each parser:
//   - a body that cannot be read is Malformed, names the provider and has no quotes; otherwise every
//     coin asked for is either quoted or missing (sorted), never both;
//   - a quote names its source, has a finite positive price (DefiLlama's exactly the body's), a
//     UTC last-update time RFC 3339 can carry, and the fetch time in UTC.
#include "coinbaseratesresponse.h"
#include "defillamaresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_pricesourceresponses: %s\n", what);
    std::abort();
}

void check(const cvc::PriceSourceResult &r, const QStringList &coins, const QDateTime &fetchedAt,
           const QString &source, const QString &provider)
{
    if (!r.isOk()) {
        if (r.kind() != cvc::PriceSourceResult::Kind::Malformed || !r.reason().contains(provider))
            fail("an unreadable body that is not Malformed or does not name the provider");
        if (!r.quotes().isEmpty() || !r.missing().isEmpty())
            fail("an unreadable body with quotes");
        return;
    }
    QStringList sorted = r.missing();
    sorted.sort();
    if (sorted != r.missing())
        fail("missing coins not sorted");
    if (r.quotes().size() + r.missing().size() != coins.size())
        fail("coins that are neither quoted nor missing, or both");
    for (const QString &coin : coins) {
        const bool quoted = r.quotes().contains(coin);
        if (quoted == r.missing().contains(coin))
            fail("a coin both quoted and missing, or neither");
        if (!quoted)
            continue;
        const cvc::Quote q = r.quotes().value(coin);
        if (q.coin != coin || q.source != source || !std::isfinite(q.price) || q.price <= 0)
            fail("a quote without its coin, its source or a usable price");
        if (!q.lastUpdatedAt.isValid() || q.lastUpdatedAt.timeSpec() != Qt::UTC
            || q.lastUpdatedAt.toString(Qt::ISODate).isEmpty() || q.lastUpdatedAt.date().year() > 9999)
            fail("a last-update time that is not a UTC time RFC 3339 can carry");
        if (q.fetchedAt != fetchedAt || q.fetchedAt.timeSpec() != Qt::UTC)
            fail("the fetch time is not the call's, in UTC");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QStringList coins{QStringLiteral("bitcoin"), QStringLiteral("dogecoin"), QStringLiteral("ethereum"),
                      QStringLiteral("shiba-inu")};
    for (const QString &key : root.value(QLatin1String("coins")).toObject().keys().mid(0, 4)) {
        const QString coin = key.section(QLatin1Char(':'), 1);
        if (!coin.isEmpty() && !coins.contains(coin))
            coins.append(coin);
    }
    const QDateTime fetchedAt(QDate(2026, 12, 7), QTime(20, 0), Qt::OffsetFromUTC, 3600);

    const cvc::PriceSourceResult llama = cvc::DefiLlamaResponse::parse(body, coins, fetchedAt);
    check(llama, coins, fetchedAt, QStringLiteral("defillama"), QStringLiteral("DefiLlama"));
    if (llama.isOk()) {
        const QJsonObject answered = root.value(QLatin1String("coins")).toObject();
        const cvc::QuoteMap quotes = llama.quotes();
        for (auto it = quotes.cbegin(); it != quotes.cend(); ++it) {
            const QJsonObject entry = answered.value(cvc::DefiLlamaResponse::key(it.key())).toObject();
            if (it->price != entry.value(QLatin1String("price")).toDouble())
                fail("a DefiLlama price that is not the body's");
        }
    }
    check(cvc::CoinbaseRatesResponse::parse(body, coins, fetchedAt), coins, fetchedAt, QStringLiteral("coinbase"),
          QStringLiteral("Coinbase"));
    return 0;
}
