// History backfill from the fake CoinGecko's market_chart/range and the chart drawn from it.
#include "prices/coingeckoclient.h"
#include "prices/coingeckosettings.h"
#include "fakecoingecko.h"
#include "history/historystore.h"
#include "dashboard/historybackfiller.h"
#include "historychartview.h"
#include "prices/pricehistoryclient.h"

#include <QLineSeries>
#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;

class TestHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backfillFillsTheGapAndTheChartShowsIt()
    {
        FakeCoinGecko coingecko;
        coingecko.setDefaultPrices();
        QVERIFY(coingecko.listen());
        CoinGeckoSettings settings;
        settings.rootOverride = coingecko.rootUrl().toString();
        CoinGeckoClient client(settings);
        PriceHistoryClient history(&client);

        QTemporaryDir dir;
        HistoryStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("history.sqlite"))));
        const QString key = QStringLiteral("default/bitcoin-stash");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        // Last seen three hours ago at 0.5 BTC; the amount went to 1 two hours ago while closed.
        QVERIFY(store.addSample({now.addSecs(-3 * 3600), key, QStringLiteral("uid-1"), QStringLiteral("bitcoin"), 0.5,
                                 41222, 20611}));
        QVERIFY(store.recordAmount(key, QStringLiteral("uid-1"), QStringLiteral("bitcoin"), 1, now.addSecs(-2 * 3600)));
        QCOMPARE(store.series(key, HistoryRange::Day).size(), 1);

        HistoryChartView chart(&store);
        chart.resize(800, 400);
        chart.show();
        chart.setRange(HistoryRange::Day);
        chart.setKeys({key});
        QCOMPARE(chart.pointCount(key), 1);

        HistoryBackfiller backfiller(&store, &history);
        QSignalSpy finished(&backfiller, &HistoryBackfiller::finished);
        backfiller.run();
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().first().toInt() >= 30, qPrintable(QString::number(finished.first().first().toInt())));
        QCOMPARE(coingecko.callCount(QStringLiteral("/coins/bitcoin/market_chart/range")), 1);

        // Ten-minute buckets over three hours: no hole left.
        const QList<HistoryPoint> points = store.series(key, HistoryRange::Day);
        QVERIFY2(points.size() >= 17, qPrintable(QString::number(points.size())));
        for (int i = 1; i < points.size(); ++i)
            QVERIFY2(points.at(i - 1).time.secsTo(points.at(i).time) <= 20 * 60, qPrintable(points.at(i).time.toString()));
        // Each historic price times the amount in effect then.
        for (const HistoryPoint &p : points) {
            const double amount = p.time < now.addSecs(-2 * 3600 - 600) ? 0.5 : (p.time > now.addSecs(-2 * 3600 + 600) ? 1 : -1);
            if (amount < 0)
                continue;
            QVERIFY2(p.value > amount * 41222 * 0.8 && p.value < amount * 41222 * 1.2,
                     qPrintable(QStringLiteral("%1 at %2").arg(p.value).arg(p.time.toString(Qt::ISODate))));
        }

        // The chart redraws by itself when samples land.
        QTRY_VERIFY(chart.pointCount(key) >= 17);
        QVERIFY(chart.pointCount(QStringLiteral("Total")) >= 17);
        // Hovering a line names the series, the time and the value.
        auto *view = chart.findChild<QChartView *>(QStringLiteral("historyChart"));
        QLineSeries *series = nullptr;
        for (QAbstractSeries *s : view->chart()->series()) {
            if (s->name() == key)
                series = static_cast<QLineSeries *>(s);
        }
        QVERIFY(series);
        const QPointF last = series->points().constLast();
        Q_EMIT series->hovered(last, true);
        QVERIFY2(chart.hoverText().startsWith(key + QStringLiteral(" · ")), qPrintable(chart.hoverText()));
        QVERIFY2(chart.hoverText().contains(QStringLiteral(" · $")), qPrintable(chart.hoverText()));
        QDir().mkpath(QStringLiteral(CVC_BUILD_DIR "/screenshots"));
        QVERIFY(chart.grab().save(QStringLiteral(CVC_BUILD_DIR "/screenshots/history-chart-backfilled.png")));

        // A second run finds no gap and asks CoinGecko nothing.
        backfiller.run();
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(coingecko.callCount(QStringLiteral("/coins/bitcoin/market_chart/range")), 1);
    }
};

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
