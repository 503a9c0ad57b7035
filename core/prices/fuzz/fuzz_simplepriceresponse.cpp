// libFuzzer target: the body of CoinGecko's /simple/price, read into quotes. Input: the body; the
// coins asked for are a fixed few plus the first keys of the body (so entries get read at all).
// Beyond "no crash":
//   - a body that cannot be read has a message and no quotes; otherwise every coin asked for is
//     either quoted or missing (sorted), never both;
//   - a quote has a finite positive price, exactly the body's, a finite 24 h change if any, a
//     valid last-update time if any, and the fetch time in UTC.
#include "simplepriceresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_simplepriceresponse: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    QStringList coins{QStringLiteral("bitcoin"), QStringLiteral("ethereum"), QStringLiteral("shiba-inu")};
    for (const QString &key : root.keys().mid(0, 8)) {
        if (!coins.contains(key))
            coins.append(key);
    }
    const QDateTime fetchedAt(QDate(2026, 11, 24), QTime(12, 0), Qt::OffsetFromUTC, 3600);

    const cvc::SimplePriceResponse r = cvc::SimplePriceResponse::parse(body, coins, fetchedAt);
    if (!r.isValid()) {
        if (!r.error().contains(QLatin1String("/simple/price")))
            fail("an error that does not say which answer it is about");
        if (!r.quotes().isEmpty() || !r.missing().isEmpty())
            fail("an unreadable body with quotes");
        return 0;
    }
    if (r.quotes().size() + r.missing().size() != coins.size())
        fail("coins that are neither quoted nor missing, or both");
    QStringList sorted = r.missing();
    sorted.sort();
    if (sorted != r.missing())
        fail("missing coins not sorted");
    for (const QString &coin : coins) {
        const bool quoted = r.quotes().contains(coin);
        if (quoted == r.missing().contains(coin))
            fail("a coin both quoted and missing, or neither");
        if (!quoted)
            continue;
        const cvc::Quote q = r.quotes().value(coin);
        if (q.coin != coin || !std::isfinite(q.price) || q.price <= 0)
            fail("a quote without a usable price");
        if (q.price != root.value(coin).toObject().value(QLatin1String("usd")).toDouble())
            fail("a price that is not the body's");
        if (q.change24h && !std::isfinite(*q.change24h))
            fail("a 24 h change that is not a number");
        // The operator writes it into the object's status as an RFC 3339 time (priceUpdatedAt).
        if (q.lastUpdatedAt.isValid()
            && (q.lastUpdatedAt.timeSpec() != Qt::UTC || q.lastUpdatedAt.toString(Qt::ISODate).isEmpty()))
            fail("a last-update time that is not a UTC time RFC 3339 can carry");
        if (q.fetchedAt != fetchedAt || q.fetchedAt.timeSpec() != Qt::UTC)
            fail("the fetch time is not the call's, in UTC");
    }
    return 0;
}
