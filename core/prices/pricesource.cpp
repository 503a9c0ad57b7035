#include "pricesource.h"

namespace cvc {

PriceSource::PriceSource(QObject *parent)
    : QObject(parent)
{
}

PriceSource::~PriceSource() = default;

QStringList PriceSource::knownIds()
{
    return {QStringLiteral("coingecko"), QStringLiteral("defillama"), QStringLiteral("coinbase")};
}

QString PriceSource::displayNameOf(const QString &id)
{
    if (id == QLatin1String("coingecko"))
        return QStringLiteral("CoinGecko");
    if (id == QLatin1String("defillama"))
        return QStringLiteral("DefiLlama");
    if (id == QLatin1String("coinbase"))
        return QStringLiteral("Coinbase");
    return id;
}

} // namespace cvc
