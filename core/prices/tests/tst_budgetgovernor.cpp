// BudgetGovernor: the interval stretches only when the month's projection exceeds the plan's
// credits less the reserve, never shortens, honours the plan's cache time only on its own host,
// and starts afresh with a new month's count.
#include "prices/budgetgovernor.h"
#include "prices/pricecallledger.h"

#include <QtTest>

using namespace cvc;
using namespace std::chrono_literals;

namespace {
const CoinGeckoPlan demo(CoinGeckoPlan::Kind::Demo);
const CoinGeckoPlan publicPlan(CoinGeckoPlan::Kind::Public);
const CoinGeckoPlan pro(CoinGeckoPlan::Kind::Pro);
const QDateTime decemberFirst(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);   // 31 days to go
} // namespace

class TestBudgetGovernor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void projectionAtTheAskedInterval()
    {
        const BudgetGovernor governor(demo, false);
        // 31 days at 300 s: 8,928 calls, within the 9,000 of 10,000 kept for prices.
        const auto d = governor.decide(300s, 0, decemberFirst);
        QCOMPARE(d.projectedAtAsked, qint64(8928));
        QCOMPARE(d.projected, qint64(8928));
        QCOMPARE(d.credits, qint64(10000));
        QCOMPARE(d.allowance, qint64(9000));
        QCOMPARE(d.effective, std::chrono::milliseconds(300s));
        QVERIFY(!d.stretched());
        QVERIFY(d.message().isEmpty());
        // Half way through the month with 4,000 calls spent: 4,000 + 4,464 to go.
        const auto mid = governor.decide(300s, 4000, decemberFirst.addDays(15).addSecs(12 * 3600));
        QCOMPARE(mid.projectedAtAsked, qint64(4000 + 4464));
    }

    void stretchesWhenTheProjectionExceedsTheCredits()
    {
        const BudgetGovernor governor(demo, false);
        const auto d = governor.decide(60s, 0, decemberFirst);
        QCOMPARE(d.projectedAtAsked, qint64(44640));
        QVERIFY(d.stretched());
        QCOMPARE(d.why, BudgetGovernor::Why::Budget);
        // 9,000 calls over 2,678,400 s: one every 297.6 s, rounded up to whole seconds.
        QCOMPARE(d.effective, std::chrono::milliseconds(298s));
        QVERIFY(d.projected <= d.allowance);
        QVERIFY2(d.message().contains(QStringLiteral("every 60 s would use about 44640 calls")), qPrintable(d.message()));
        QVERIFY2(d.message().contains(QStringLiteral("polling every 298 s instead")), qPrintable(d.message()));
    }

    void neverShortens()
    {
        const BudgetGovernor governor(demo, true);
        for (const auto asked : {std::chrono::milliseconds(1h), std::chrono::milliseconds(24h)}) {
            const auto d = governor.decide(asked, 0, decemberFirst);
            QCOMPARE(d.effective, asked);
            QVERIFY(!d.stretched());
        }
        // Calls spent faster than planned (history backfill, restarts): slower, never faster.
        const auto heavy = governor.decide(300s, 8000, decemberFirst.addDays(10));
        QVERIFY(heavy.effective > 300s);
        QVERIFY(heavy.projected <= heavy.allowance);
    }

    void creditsUsedUpWaitForTheNextMonth()
    {
        const BudgetGovernor governor(demo, false);
        const QDateTime lastDay(QDate(2026, 12, 31), QTime(23, 0), Qt::UTC);
        const auto d = governor.decide(300s, 9000, lastDay);
        QCOMPARE(d.effective, std::chrono::milliseconds(1h));
        QCOMPARE(BudgetGovernor::nextMonthStart(lastDay), QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC));
    }

    void monthRolloverStartsAfresh()
    {
        // The ledger's count is the month's: December's calls do not weigh on January.
        PriceCallLedger ledger;
        const QString account = PriceCallLedger::account(demo, QByteArrayLiteral("CG-test-key"));
        const QDateTime lastHour(QDate(2026, 12, 31), QTime(23, 0), Qt::UTC);
        for (int i = 0; i < 8990; ++i)
            ledger.record(account, lastHour.addSecs(-i));
        const BudgetGovernor governor(demo, false);
        const auto december = governor.decide(300s, ledger.callsThisMonth(account, lastHour), lastHour);
        QCOMPARE(december.effective, std::chrono::milliseconds(360s));   // 10 calls left in 3,600 s
        const QDateTime january(QDate(2027, 1, 1), QTime(0, 0, 5), Qt::UTC);
        QCOMPARE(ledger.callsThisMonth(account, january), qint64(0));
        const auto next = governor.decide(300s, ledger.callsThisMonth(account, january), january);
        QCOMPARE(next.effective, std::chrono::milliseconds(300s));
        QVERIFY(!next.stretched());
    }

    void cacheTimeOnlyOnThePlansOwnHost()
    {
        QVERIFY(publicPlan.isPlanHost(QUrl(QStringLiteral("https://api.coingecko.com/api/v3"))));
        QVERIFY(!publicPlan.isPlanHost(QUrl(QStringLiteral("http://127.0.0.1:8123/api/v3"))));
        QVERIFY(pro.isPlanHost(QUrl(QStringLiteral("https://pro-api.coingecko.com/api/v3"))));
        QVERIFY(!pro.isPlanHost(QUrl(QStringLiteral("https://api.coingecko.com/api/v3"))));

        const auto real = BudgetGovernor(publicPlan, true).decide(10s, 0, decemberFirst);
        QCOMPARE(real.effective, std::chrono::milliseconds(60s));
        QCOMPARE(real.why, BudgetGovernor::Why::CacheTime);
        QVERIFY2(real.message().contains(QStringLiteral("every 60 s instead of every 10 s")), qPrintable(real.message()));
        // Public has no monthly credits: nothing but the cache time stretches it.
        QCOMPARE(real.credits, qint64(0));
        const auto test = BudgetGovernor(publicPlan, false).decide(1s, 0, decemberFirst);
        QCOMPARE(test.effective, std::chrono::milliseconds(1s));
        // Pro: past its 20 s cache time, 100,000 credits over 31 days allow one call every 30 s.
        const auto proFast = BudgetGovernor(pro, true).decide(5s, 0, decemberFirst);
        QCOMPARE(proFast.effective, std::chrono::milliseconds(30s));
        QCOMPARE(proFast.why, BudgetGovernor::Why::Budget);
        QCOMPARE(BudgetGovernor(pro, true).decide(60s, 0, decemberFirst).effective, std::chrono::milliseconds(60s));
        // Demo's budget weighs more than its cache time.
        QCOMPARE(BudgetGovernor(demo, true).decide(10s, 0, decemberFirst).effective, std::chrono::milliseconds(298s));
    }

    void creditsOfALargerTier()
    {
        // A paid tier above the smallest: its credits, not the plan's 100,000, bound the interval.
        const auto d = BudgetGovernor(pro, false, BudgetGovernor::DefaultReserve, 500000).decide(5s, 0, decemberFirst);
        QCOMPARE(d.credits, qint64(500000));
        QCOMPARE(d.allowance, qint64(450000));
        QCOMPARE(d.effective, std::chrono::milliseconds(6s));
        QCOMPARE(BudgetGovernor(demo, false, 0.1, 0).decide(60s, 0, decemberFirst).credits, qint64(10000));
    }

    void reserveIsConfigurable()
    {
        const auto none = BudgetGovernor(demo, false, 0.0).decide(60s, 0, decemberFirst);
        QCOMPARE(none.allowance, qint64(10000));
        QCOMPARE(none.effective, std::chrono::milliseconds(268s));
    }

    // What history backfill may spend: the month's credits less what polling needs to its end.
    void spareIsWhatPollingLeavesForHistory()
    {
        QCOMPARE(BudgetGovernor(demo, false).decide(300s, 0, decemberFirst).spare(), qint64(10000 - 8928));
        // One call left and polling needs it; more used than the plan has is no negative spare.
        QCOMPARE(BudgetGovernor(demo, false).decide(300s, 9999, decemberFirst).spare(), qint64(0));
        QCOMPARE(BudgetGovernor(demo, false).decide(300s, 12000, decemberFirst).spare(), qint64(0));
        // No monthly cap, nothing to keep.
        QCOMPARE(BudgetGovernor(publicPlan, false).decide(60s, 5, decemberFirst).spare(), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestBudgetGovernor)
#include "tst_budgetgovernor.moc"
