#pragma once

#include "coingeckoplan.h"

#include <QDateTime>
#include <QString>

#include <algorithm>
#include <chrono>

namespace cvc {

// Decides how often CoinGecko may really be asked: the interval asked for, stretched (never
// shortened) when polling at it would spend more of the plan's monthly credits than the month
// has left, and never below the plan's cache time on the plan's own host (asking sooner returns
// the same cached prices and still costs a call). A share of the credits (the reserve) is kept
// for history backfill. Pure: the caller gives the calls counted this month (PriceCallLedger).
class BudgetGovernor
{
public:
    enum class Why { AsAsked, CacheTime, Budget };

    struct Decision
    {
        std::chrono::milliseconds asked{0};
        std::chrono::milliseconds effective{0};  // ≥ asked
        Why why = Why::AsAsked;
        QString plan;                 // "demo"
        qint64 used = 0;              // calls counted this month
        qint64 credits = 0;           // the plan's monthly credits; 0 = no monthly cap (public)
        qint64 allowance = 0;         // credits less the reserve: what polling may spend
        qint64 projectedAtAsked = 0;  // used + the calls to the month's end at the asked interval
        qint64 projected = 0;         // the same at the effective interval
        bool stretched() const { return effective > asked; }
        // Calls the month has left beyond what polling at the effective interval needs until its
        // end: all that history backfill may spend. -1 when the plan has no monthly cap.
        qint64 spare() const { return credits > 0 ? std::max<qint64>(0, credits - projected) : -1; }
        // Why the interval is not the one asked for, for people; empty when it is.
        QString message() const;
    };

    // planHost: the plan's real host is used (CoinGeckoPlan::isPlanHost), not a test URL.
    // reserve: the share of the monthly credits polling leaves alone (0 … 0.9).
    // monthlyCredits: the account's credits when not the plan's (0 = CoinGeckoPlan::monthlyBudget()).
    BudgetGovernor(const CoinGeckoPlan &plan, bool planHost, double reserve = DefaultReserve, qint64 monthlyCredits = 0);

    Decision decide(std::chrono::milliseconds asked, qint64 usedThisMonth,
                    const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // The first moment of the next calendar month, UTC: when the credits start again.
    static QDateTime nextMonthStart(const QDateTime &now);

    static constexpr double DefaultReserve = 0.10;

private:
    CoinGeckoPlan m_plan;
    bool m_planHost = false;
    double m_reserve = DefaultReserve;
    qint64 m_credits = 0;
};

} // namespace cvc
