#include "dashboard/portfolio.h"

#include "dashboard/holdingsmodel.h"
#include "reconcile/valuation.h"

#include <QMap>
#include <QTimer>

namespace cvc::ui {

Portfolio::Portfolio(HoldingsModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &Portfolio::recompute);
    // A tick is one holdingsChanged per watch event; restarting the timer each time would
    // re-register it with the event dispatcher 20,000 times for 10,000 CVCs.
    connect(model, &HoldingsModel::holdingsChanged, m_timer, [this] {
        if (!m_timer->isActive())
            m_timer->start();
    });
    recompute();
}

void Portfolio::setNamespaceFilter(const QString &namespaceName)
{
    if (namespaceName == m_namespace)
        return;
    m_namespace = namespaceName;
    recompute();
}

QString Portfolio::formatUsd(double value)
{
    return QStringLiteral("$") + QString::number(value, 'f', 4);
}

void Portfolio::recompute()
{
    m_timer->stop();
    QMap<QString, CoinTotal> coins;
    double total = 0;
    double before = 0;   // the total 24 h ago, from each holding's 24 h change
    bool hasChange = false;
    int valued = 0;
    const QList<Holding> &holdings = m_model ? m_model->holdings() : QList<Holding>();
    int count = 0;
    double profitLoss = 0;
    double costBasis = 0;
    int withCostBasis = 0;
    for (const Holding &h : holdings) {
        if (!m_namespace.isEmpty() && h.namespaceName != m_namespace)
            continue;
        ++count;
        CoinTotal &c = coins[h.coin];
        c.coin = h.coin;
        c.amount += h.amount;
        ++c.holdings;
        if (h.hasProfitLoss && h.hasCostBasis) {
            c.profitLoss += h.profitLoss;
            c.costBasis += h.costBasis;
            ++c.withCostBasis;
            profitLoss += h.profitLoss;
            costBasis += h.costBasis;
            ++withCostBasis;
        }
        if (!h.hasValue)
            continue;
        ++valued;
        c.value += h.value;
        total += h.value;
        if (h.hasChange24h && h.change24hPercent > -100) {
            before += h.value / (1 + h.change24hPercent / 100);
            hasChange = true;
        } else {
            before += h.value;
        }
    }
    m_total = total;
    m_valued = valued;
    m_count = count;
    m_hasChange24h = hasChange && before > 0;
    m_change24h = m_hasChange24h ? (total - before) / before * 100 : 0;
    m_coins = coins.values();
    m_profitLoss = profitLoss;
    m_costBasis = costBasis;
    m_withCostBasis = withCostBasis;
    Q_EMIT changed();
}

QString Portfolio::profitLossText() const
{
    if (m_withCostBasis == 0)
        return {};
    QString text = Holding::formatProfitLoss(m_profitLoss);
    if (m_costBasis > 0)
        text += QStringLiteral(" (") + Valuation::formatPercent(m_profitLoss / m_costBasis * 100) + QLatin1Char(')');
    return text + tr(" · cost basis on %1 of %2 CVCs").arg(m_withCostBasis).arg(m_count);
}

} // namespace cvc::ui
