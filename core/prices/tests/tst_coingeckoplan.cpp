#include "coingeckoplan.h"

#include <QTest>

using namespace std::chrono_literals;
using cvc::CoinGeckoPlan;

class TestCoinGeckoPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesNames()
    {
        QCOMPARE(CoinGeckoPlan::fromString(QStringLiteral("public"))->kind(), CoinGeckoPlan::Kind::Public);
        QCOMPARE(CoinGeckoPlan::fromString(QStringLiteral("Demo"))->kind(), CoinGeckoPlan::Kind::Demo);
        QCOMPARE(CoinGeckoPlan::fromString(QStringLiteral(" pro "))->kind(), CoinGeckoPlan::Kind::Pro);
    }

    void rejectsUnknownNamesClearly()
    {
        QString error;
        QVERIFY(!CoinGeckoPlan::fromString(QStringLiteral("enterprise"), &error));
        QVERIFY(error.contains(QLatin1String("enterprise")));
        QVERIFY(error.contains(QLatin1String("public")));
        QVERIFY(error.contains(QLatin1String("demo")));
        QVERIFY(error.contains(QLatin1String("pro")));
    }

    void rootsHeadersAndIntervals()
    {
        const CoinGeckoPlan publicPlan(CoinGeckoPlan::Kind::Public);
        const CoinGeckoPlan demo(CoinGeckoPlan::Kind::Demo);
        const CoinGeckoPlan pro(CoinGeckoPlan::Kind::Pro);
        QCOMPARE(publicPlan.defaultRoot(), QUrl(QStringLiteral("https://api.coingecko.com/api/v3")));
        QCOMPARE(demo.defaultRoot(), QUrl(QStringLiteral("https://api.coingecko.com/api/v3")));
        QCOMPARE(pro.defaultRoot(), QUrl(QStringLiteral("https://pro-api.coingecko.com/api/v3")));
        QVERIFY(publicPlan.keyHeader().isEmpty());
        QCOMPARE(demo.keyHeader(), QByteArray("x-cg-demo-api-key"));
        QCOMPARE(pro.keyHeader(), QByteArray("x-cg-pro-api-key"));
        QCOMPARE(publicPlan.defaultInterval(), 60s);
        QCOMPARE(demo.defaultInterval(), 300s);
        QCOMPARE(pro.defaultInterval(), 60s);
        QVERIFY(!publicPlan.requiresKey());
        QVERIFY(demo.requiresKey() && pro.requiresKey());
    }

    void defaultIntervalsFitTheirBudgets()
    {
        for (auto kind : {CoinGeckoPlan::Kind::Public, CoinGeckoPlan::Kind::Demo, CoinGeckoPlan::Kind::Pro}) {
            const CoinGeckoPlan plan(kind);
            QVERIFY2(plan.budgetWarning(plan.defaultInterval()).isEmpty(), qPrintable(plan.name()));
        }
        // 300 s → 8,928 calls in a 31-day month, under Demo's 10,000.
        QCOMPARE(CoinGeckoPlan::callsPerMonth(300s), qint64(8928));
    }

    void warnsWhenTheIntervalExceedsTheMonthlyBudget()
    {
        const CoinGeckoPlan demo(CoinGeckoPlan::Kind::Demo);
        const QString warning = demo.budgetWarning(60s);
        QVERIFY(!warning.isEmpty());
        QVERIFY2(warning.contains(QLatin1String("44640")), qPrintable(warning)); // calls at 60 s
        QVERIFY2(warning.contains(QLatin1String("10000")), qPrintable(warning));
        QVERIFY2(warning.contains(QLatin1String("268s")), qPrintable(warning));  // slowest that fits
        QVERIFY(demo.budgetWarning(268s).isEmpty());
        QVERIFY(!demo.budgetWarning(267s).isEmpty());
    }

    void warnsAboutThePerMinuteLimitToo()
    {
        const CoinGeckoPlan publicPlan;
        QVERIFY(!publicPlan.budgetWarning(5s).isEmpty());   // 12 a minute, above 5
        QVERIFY(publicPlan.budgetWarning(12s).isEmpty());
        QVERIFY(!publicPlan.budgetWarning(0s).isEmpty());
    }

    void rootOverride()
    {
        const CoinGeckoPlan pro(CoinGeckoPlan::Kind::Pro);
        qunsetenv("CVC_COINGECKO_URL");
        QCOMPARE(pro.effectiveRoot(), pro.defaultRoot());
        qputenv("CVC_COINGECKO_URL", "http://127.0.0.1:9/api/v3/");
        QCOMPARE(pro.effectiveRoot(), QUrl(QStringLiteral("http://127.0.0.1:9/api/v3")));
        // The command line wins over the environment.
        QCOMPARE(pro.effectiveRoot(QStringLiteral("http://proxy:8080/cg")), QUrl(QStringLiteral("http://proxy:8080/cg")));
        qunsetenv("CVC_COINGECKO_URL");
    }
};

QTEST_GUILESS_MAIN(TestCoinGeckoPlan)
#include "tst_coingeckoplan.moc"
