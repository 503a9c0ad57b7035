#include "budgetgovernor.h"

#include <algorithm>
#include <cmath>

using namespace std::chrono_literals;

namespace cvc {

namespace {
// Calls made from now to the end of the month at one per interval (the call now included).
qint64 callsUntil(qint64 remainingMs, std::chrono::milliseconds interval)
{
    const qint64 step = std::max<qint64>(1, interval.count());
    return (remainingMs + step - 1) / step;
}

std::chrono::milliseconds wholeSeconds(std::chrono::milliseconds d)
{
    return std::chrono::milliseconds((d.count() + 999) / 1000 * 1000);
}

QString seconds(std::chrono::milliseconds d)
{
    return QStringLiteral("%1 s").arg((d.count() + 999) / 1000);
}
} // namespace

BudgetGovernor::BudgetGovernor(const CoinGeckoPlan &plan, bool planHost, double reserve, qint64 monthlyCredits)
    : m_plan(plan)
    , m_planHost(planHost)
    , m_reserve(std::clamp(reserve, 0.0, 0.9))
    , m_credits(monthlyCredits > 0 ? monthlyCredits : plan.monthlyBudget())
{
}

QDateTime BudgetGovernor::nextMonthStart(const QDateTime &now)
{
    const QDate d = now.toUTC().date();
    return QDateTime(QDate(d.year(), d.month(), 1).addMonths(1), QTime(0, 0), Qt::UTC);
}

BudgetGovernor::Decision BudgetGovernor::decide(std::chrono::milliseconds asked, qint64 usedThisMonth,
                                                const QDateTime &now) const
{
    Decision d;
    d.asked = std::max(asked, std::chrono::milliseconds(1));
    d.effective = d.asked;
    d.plan = m_plan.name();
    d.used = std::max<qint64>(0, usedThisMonth);
    d.credits = m_credits;
    d.allowance = d.credits - qint64(std::ceil(double(d.credits) * m_reserve));
    const qint64 remainingMs = std::max<qint64>(1, now.msecsTo(nextMonthStart(now)));
    d.projectedAtAsked = d.used + callsUntil(remainingMs, d.asked);

    // A test or proxy URL is not CoinGecko's cache: there the interval asked for stands.
    const std::chrono::milliseconds cache = m_plan.cacheInterval();
    if (m_planHost && cache > d.effective) {
        d.effective = cache;
        d.why = Why::CacheTime;
    }
    if (d.credits > 0 && d.used + callsUntil(remainingMs, d.effective) > d.allowance) {
        const qint64 left = d.allowance - d.used;
        // Spread what is left evenly over the rest of the month; with nothing left, the next
        // call waits for the new month's credits.
        const std::chrono::milliseconds spread(left > 0 ? (remainingMs + left - 1) / left : remainingMs);
        if (spread > d.effective) {
            d.effective = wholeSeconds(spread);
            d.why = Why::Budget;
        }
    }
    d.projected = d.used + callsUntil(remainingMs, d.effective);
    return d;
}

QString BudgetGovernor::Decision::message() const
{
    switch (why) {
    case Why::AsAsked:
        return {};
    case Why::CacheTime:
        return QStringLiteral("CoinGecko's %1 plan refreshes prices every %2: polling every %2 instead of every %3")
            .arg(plan, seconds(effective), seconds(asked));
    case Why::Budget:
        return QStringLiteral("polling CoinGecko every %1 would use about %2 calls this month, more than the %3 of the "
                              "%4 plan's %5 monthly credits kept for prices (the rest stays for history); %6 used so "
                              "far, so polling every %7 instead (about %8 this month)")
            .arg(seconds(asked)).arg(projectedAtAsked).arg(allowance).arg(plan).arg(credits).arg(used)
            .arg(seconds(effective)).arg(projected);
    }
    return {};
}

} // namespace cvc
