#pragma once

#include "kube/connectionstate.h"

#include "prices/budgetgovernor.h"

#include <QPointer>
#include <QStatusBar>

#include <optional>

class QLabel;
class QTimer;

namespace cvc {
class PriceFeed;
}

namespace cvc::ui {

// The bottom line of the window: whether the table follows the cluster (Live, Reconnecting
// since when and why, Failed), who writes values (this window or the Lease holder), the price
// feed's state (where the prices come from and how old they are, the time of its next call, the
// calls used this month against the plan).
class DashboardStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    explicit DashboardStatusBar(QWidget *parent = nullptr);

    void setConnectionState(const cvc::ConnectionState &state);
    // Said after the connection state while the watch covers less than asked ("" = nothing).
    void setScopeNote(const QString &note);
    void setWriter(const QString &text);
    void setFeed(cvc::PriceFeed *feed);
    // "Price data by CoinGecko" with its link, as CoinGecko's attribution guide asks wherever
    // its prices are shown.
    void setCoinGeckoAttributed(bool shown);
    bool isCoinGeckoAttributed() const;
    // What the writer's CoinGecko calls cost this month and will at this interval (nullopt: none).
    void setBudget(const std::optional<cvc::BudgetGovernor::Decision> &budget);

    QString connectionText() const;
    QString writerText() const;
    QString feedText() const;

    static QString connectionText(const cvc::ConnectionState &state);
    static QString feedText(const cvc::PriceFeed *feed);

private:
    void refreshFeed();
    // Which sources price the coins now: "CoinGecko", or "CoinGecko (bitcoin), DefiLlama (dogecoin)".
    static QString sourcesText(const cvc::PriceFeed &feed);
    static QString ageText(const QDateTime &since);
    static QString budgetText(const cvc::BudgetGovernor::Decision &decision);

    QLabel *m_connection;
    QLabel *m_writer;
    QLabel *m_feedLabel;
    QLabel *m_attribution;
    QPointer<cvc::PriceFeed> m_feed;
    QTimer *m_ageTimer;
    std::optional<cvc::BudgetGovernor::Decision> m_budget;   // the feed text says how old the prices are
    cvc::ConnectionState m_state;
    QString m_scopeNote;
};

} // namespace cvc::ui
