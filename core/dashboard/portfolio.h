#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace cvc::ui {

class HoldingsModel;

// Totals over the holdings: the value of everything, per coin, and the 24 h change of the total
// (from each coin's 24 h change). Recomputed at most once per event-loop pass, however many
// rows a tick changed.
class Portfolio : public QObject
{
    Q_OBJECT
public:
    struct CoinTotal
    {
        QString coin;
        double amount = 0;
        double value = 0;
        int holdings = 0;
        // Over the holdings of this coin that have a cost basis and a P&L only.
        double costBasis = 0;
        double profitLoss = 0;
        int withCostBasis = 0;
    };

    explicit Portfolio(HoldingsModel *model, QObject *parent = nullptr);

    // Totals over the holdings of this namespace only (the one on screen); "" = all.
    void setNamespaceFilter(const QString &namespaceName);

    double total() const { return m_total; }
    int valuedCount() const { return m_valued; }
    int holdingCount() const { return m_count; }
    // Percent; nullopt-like: hasChange24h() false when no valued holding has a 24 h change.
    double change24hPercent() const { return m_change24h; }
    bool hasChange24h() const { return m_hasChange24h; }
    const QList<CoinTotal> &coins() const { return m_coins; }   // sorted by coin
    // P&L over the holdings that have a cost basis (status.profitLoss), what they cost, and how
    // many they are: a holding without a cost basis is in no P&L, rather than counted as a gift.
    double profitLoss() const { return m_profitLoss; }
    double costBasis() const { return m_costBasis; }
    int withCostBasisCount() const { return m_withCostBasis; }
    // "+$15.0000 (+15.00%) · cost basis on 3 of 5 CVCs"; empty when none has a cost basis.
    QString profitLossText() const;

    static QString formatUsd(double value);   // "$1234.5678"

    // Recomputes now (tests, and the first paint).
    void recompute();

Q_SIGNALS:
    void changed();

private:
    QPointer<HoldingsModel> m_model;
    QTimer *m_timer;
    QString m_namespace;
    double m_total = 0;
    int m_valued = 0;
    int m_count = 0;
    double m_change24h = 0;
    double m_profitLoss = 0;
    double m_costBasis = 0;
    int m_withCostBasis = 0;
    bool m_hasChange24h = false;
    QList<CoinTotal> m_coins;
};

} // namespace cvc::ui
