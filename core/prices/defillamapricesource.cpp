#include "defillamapricesource.h"
#include "defillamaresponse.h"

#include <QRegularExpression>

namespace cvc {

DefiLlamaPriceSource::DefiLlamaPriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent)
    : HttpPriceSource(root, timeout, parent)
{
}

QUrl DefiLlamaPriceSource::requestUrl(const QStringList &coins) const
{
    // Ids go into the path, comma-separated: one with a comma, slash or query character would ask
    // for something else, so such a coin is not asked (and ends up missing).
    static const QRegularExpression plainId(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,99}$"));
    QStringList keys;
    for (const QString &coin : coins) {
        if (plainId.match(coin).hasMatch())
            keys.append(DefiLlamaResponse::key(coin));
    }
    if (keys.isEmpty())
        return {};
    QUrl url = root();
    QString base = root().path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + QStringLiteral("/prices/current/") + keys.join(QLatin1Char(',')));
    return url;
}

PriceSourceResult DefiLlamaPriceSource::parse(const QByteArray &body, const QStringList &coins,
                                              const QDateTime &fetchedAt) const
{
    return DefiLlamaResponse::parse(body, coins, fetchedAt);
}

} // namespace cvc
