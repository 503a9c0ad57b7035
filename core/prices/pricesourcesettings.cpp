#include "pricesourcesettings.h"
#include "coinbasepricesource.h"
#include "coingeckopricesource.h"
#include "defillamapricesource.h"
#include "pricesourcechain.h"

namespace cvc {

QStringList PriceSourceSettings::defaultOrder()
{
    return PriceSource::knownIds();
}

std::optional<QStringList> PriceSourceSettings::parseOrder(const QString &text, QString *error)
{
    QStringList order;
    const QStringList known = PriceSource::knownIds();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString id = part.trimmed().toLower();
        if (!known.contains(id)) {
            *error = QStringLiteral("unknown price source \"%1\"; choose from %2").arg(part.trimmed(), known.join(QLatin1Char(',')));
            return std::nullopt;
        }
        if (order.contains(id)) {
            *error = QStringLiteral("price source \"%1\" is listed twice").arg(id);
            return std::nullopt;
        }
        order.append(id);
    }
    if (order.isEmpty()) {
        *error = QStringLiteral("name at least one price source, e.g. %1").arg(known.join(QLatin1Char(',')));
        return std::nullopt;
    }
    return order;
}

QString PriceSourceSettings::effectiveRoot(const QString &id) const
{
    QString root = roots.value(id).trimmed();
    if (root.isEmpty())
        root = qEnvironmentVariable(qPrintable(QStringLiteral("CVC_%1_URL").arg(id.toUpper()))).trimmed();
    if (root.isEmpty()) {
        if (id == QLatin1String("defillama"))
            root = QString::fromLatin1(DefiLlamaPriceSource::DefaultRoot);
        else if (id == QLatin1String("coinbase"))
            root = QString::fromLatin1(CoinbasePriceSource::DefaultRoot);
    }
    while (root.endsWith(QLatin1Char('/')))
        root.chop(1);
    return root;
}

PriceSourceChain *PriceSourceSettings::createChain(CoinGeckoClient *coingecko, QObject *parent) const
{
    auto *chain = new PriceSourceChain(parent);
    for (const QString &id : order) {
        if (id == QLatin1String("coingecko"))
            chain->addSource(new CoinGeckoPriceSource(coingecko));
        else if (id == QLatin1String("defillama"))
            chain->addSource(new DefiLlamaPriceSource(QUrl(effectiveRoot(id)), requestTimeout));
        else if (id == QLatin1String("coinbase"))
            chain->addSource(new CoinbasePriceSource(QUrl(effectiveRoot(id)), requestTimeout));
    }
    return chain;
}

} // namespace cvc
