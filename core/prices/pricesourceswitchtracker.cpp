#include "pricesourceswitchtracker.h"
#include "pricesource.h"

namespace cvc {

namespace {
// "DefiLlama (bitcoin, ethereum) and Coinbase (dogecoin)", sources in chain order.
QString bySource(const QStringList &order, const QMap<QString, QString> &coinToSource)
{
    QStringList parts;
    for (const QString &id : order) {
        QStringList coins;
        for (auto it = coinToSource.cbegin(); it != coinToSource.cend(); ++it) {
            if (it.value() == id)
                coins.append(it.key());
        }
        if (!coins.isEmpty())
            parts.append(QStringLiteral("%1 (%2)").arg(PriceSource::displayNameOf(id), coins.join(QStringLiteral(", "))));
    }
    return parts.join(QStringLiteral(" and "));
}
} // namespace

std::optional<PriceSourceSwitch> PriceSourceSwitchTracker::update(const QStringList &order, const QuoteMap &quotes,
                                                                  const QList<PriceSourceChain::Failure> &failures)
{
    if (order.isEmpty())
        return std::nullopt;
    const QString preferred = order.constFirst();
    QMap<QString, QString> fallback;
    bool anyFresh = false;
    for (auto it = quotes.cbegin(); it != quotes.cend(); ++it) {
        if (it->stale)
            continue;
        anyFresh = true;
        if (it->source != preferred)
            fallback.insert(it.key(), it->source);
    }
    if (!anyFresh || fallback == m_fallback)
        return std::nullopt;

    PriceSourceSwitch change;
    change.preferred = preferred;
    change.fallback = fallback;
    const QString preferredName = PriceSource::displayNameOf(preferred);
    if (fallback.isEmpty()) {
        change.kind = PriceSourceSwitch::Kind::Returned;
        change.coins = m_fallback.keys();
        change.message = QStringLiteral("prices come from %1 again for every coin; until now from %2")
                             .arg(preferredName, bySource(order, m_fallback));
    } else {
        change.kind = PriceSourceSwitch::Kind::Switched;
        change.coins = fallback.keys();
        QString why;
        for (const PriceSourceChain::Failure &f : failures) {
            if (f.source == preferred) {
                why = f.reason;
                break;
            }
        }
        if (why.isEmpty())
            why = QStringLiteral("%1's answer did not include %2").arg(preferredName, change.coins.join(QStringLiteral(", ")));
        change.message = QStringLiteral("prices now from %1 instead of %2, because %3")
                             .arg(bySource(order, fallback), preferredName, why);
    }
    m_fallback = fallback;
    return change;
}

} // namespace cvc
