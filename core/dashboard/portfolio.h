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
    bool m_hasChange24h = false;
    QList<CoinTotal> m_coins;
};

} // namespace cvc::ui
