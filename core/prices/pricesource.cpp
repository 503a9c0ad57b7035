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

} // namespace cvc
