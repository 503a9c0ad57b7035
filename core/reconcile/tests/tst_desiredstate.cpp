#include "reconcile/desiredstate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using cvc::CryptoValueCalculator;
using cvc::CvcStatus;
using cvc::DesiredState;
using cvc::FeedHealth;
using cvc::PriceInput;

namespace {

// The reconciler reads each object once into a CryptoValueCalculator; these tests build objects
// as the server sends them and check the JSON the operator would write.
DesiredState computeFor(const QJsonObject &object, const std::optional<PriceInput> &quote, const FeedHealth &health,
                        bool coinKnown, const QDateTime &now)
{
    return DesiredState::compute(CryptoValueCalculator::fromJson(object), quote, health, coinKnown, now);
}

QJsonObject difference(const QJsonObject &current, const CvcStatus &desired)
{
    return CvcStatus::difference(CvcStatus::fromJson(current), desired);
}

QJsonObject cvcObject(const QJsonValue &coin, const QJsonValue &amount, qint64 generation = 1)
{
    QJsonObject spec;
    if (!coin.isUndefined())
        spec.insert(QStringLiteral("coin"), coin);
    if (!amount.isUndefined())
        spec.insert(QStringLiteral("amount"), amount);
    return QJsonObject{
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("my-btc")},
                                                 {QStringLiteral("namespace"), QStringLiteral("default")},
                                                 {QStringLiteral("generation"), generation}}},
        {QStringLiteral("spec"), spec},
    };
}

PriceInput quote(double price, qint64 at = 1700000000, double change24h = 1.5)
{
    PriceInput q;
    q.price = price;
    q.change24h = change24h;
    q.lastUpdatedAt = QDateTime::fromSecsSinceEpoch(at, Qt::UTC);
    return q;
}

QJsonObject condition(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &v : status.value(QStringLiteral("conditions")).toArray()) {
        if (v.toObject().value(QStringLiteral("type")).toString() == type)
            return v.toObject();
    }
    return {};
}

// The object after `kubectl patch` of spec.amount: a new generation, status as it was.
QJsonObject amountEdited(QJsonObject cvc, double amount)
{
    QJsonObject meta = cvc.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("generation"), meta.value(QStringLiteral("generation")).toInteger() + 1);
    cvc.insert(QStringLiteral("metadata"), meta);
    QJsonObject spec = cvc.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("amount"), amount);
    cvc.insert(QStringLiteral("spec"), spec);
    return cvc;
}

// Applies what the reconciler would write, as the server would store it.
QJsonObject applied(QJsonObject cvc, const DesiredState &d)
{
    QJsonObject meta = cvc.value(QStringLiteral("metadata")).toObject();
    QJsonObject ann = meta.value(QStringLiteral("annotations")).toObject();
    if (d.annotationAction == DesiredState::AnnotationAction::Set)
        ann.insert(QStringLiteral("value"), d.annotation);
    else if (d.annotationAction == DesiredState::AnnotationAction::Remove)
        ann.remove(QStringLiteral("value"));
    meta.insert(QStringLiteral("annotations"), ann);
    cvc.insert(QStringLiteral("metadata"), meta);
    QJsonObject status = cvc.value(QStringLiteral("status")).toObject();
    const QJsonObject patch = difference(status, d.status);
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            status.remove(it.key());
        else
            status.insert(it.key(), it.value());
    }
    cvc.insert(QStringLiteral("status"), status);
    return cvc;
}

} // namespace

class TestDesiredState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstValuation()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        const auto d = computeFor(cvcObject(QStringLiteral("bitcoin"), 0.0023), quote(41222), {}, true, now);
        QVERIFY(d.specValid);
        QVERIFY(d.revalued);
        QCOMPARE(d.annotationAction, DesiredState::AnnotationAction::Set);
        QCOMPARE(d.annotation, QStringLiteral("$94.8106"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("value")).toDouble(), 94.8106);
        QCOMPARE(d.status.toJson().value(QStringLiteral("price")).toDouble(), 41222.0);
        QCOMPARE(d.status.toJson().value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("priceUpdatedAt")).toString(), QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("lastUpdated")).toString(), QStringLiteral("2023-11-14T22:15:00Z"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("change24h")).toString(), QStringLiteral("+1.50%"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("observedGeneration")).toInteger(), 1);
        QVERIFY(!d.status.toJson().contains(QStringLiteral("previousValue")));
        // The price has not moved yet: no market move to show.
        QVERIFY(!d.status.toJson().contains(QStringLiteral("previousPrice")));
        QVERIFY(!d.status.toJson().contains(QStringLiteral("change")));
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("status")).toString(), QStringLiteral("True"));
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("PriceStale")).value(QStringLiteral("status")).toString(), QStringLiteral("False"));
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("InvalidSpec")).value(QStringLiteral("status")).toString(), QStringLiteral("False"));
    }

    // P&L (cvc-contract.md): value − costBasis to 4 decimals and its percentage, with every
    // valuation and with an edited cost basis; none without a cost basis; a bad one is InvalidSpec.
    void profitLoss()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject cvc = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        const auto withCostBasis = [](QJsonObject o, const QJsonValue &costBasis) {
            QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
            spec.insert(QStringLiteral("costBasis"), costBasis);
            o.insert(QStringLiteral("spec"), spec);
            return o;
        };
        DesiredState d = computeFor(withCostBasis(cvc, 100.0), quote(41222), FeedHealth{}, true, now);
        QCOMPARE(d.status.profitLoss, std::optional(-5.1894));
        QCOMPARE(d.status.profitLossPercent, std::optional(QStringLiteral("-5.19%")));

        // Settled: the same world plans the same P&L, so no write.
        cvc = applied(withCostBasis(cvc, 100.0), d);
        QVERIFY(difference(cvc.value(QStringLiteral("status")).toObject(),
                           computeFor(cvc, quote(41222), FeedHealth{}, true, now).status).isEmpty());

        // A cost basis edit alone moves P&L, not the valuation.
        d = computeFor(withCostBasis(cvc, 50.5), quote(41222), FeedHealth{}, true, now);
        QVERIFY(!d.revalued);
        QCOMPARE(d.status.profitLoss, std::optional(44.3106));
        QCOMPARE(d.status.profitLossPercent, std::optional(QStringLiteral("+87.74%")));
        QCOMPARE(difference(cvc.value(QStringLiteral("status")).toObject(), d.status).keys(),
                 (QStringList{QStringLiteral("profitLoss"), QStringLiteral("profitLossPercent")}));

        // Paid nothing: a P&L, no percentage of nothing.
        d = computeFor(withCostBasis(cvc, 0.0), quote(41222), FeedHealth{}, true, now);
        QCOMPARE(d.status.profitLoss, std::optional(94.8106));
        QVERIFY(!d.status.profitLossPercent);

        // No cost basis: both are removed.
        const QJsonObject cvcWithout = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        QJsonObject settled = cvc;
        settled.insert(QStringLiteral("spec"), cvcWithout.value(QStringLiteral("spec")));
        d = computeFor(settled, quote(41222), FeedHealth{}, true, now);
        QVERIFY(!d.status.profitLoss && !d.status.profitLossPercent);
        const QJsonObject removal = difference(settled.value(QStringLiteral("status")).toObject(), d.status);
        QVERIFY(removal.value(QStringLiteral("profitLoss")).isNull());
        QVERIFY(removal.value(QStringLiteral("profitLossPercent")).isNull());

        // Not a number, or negative (the original CRD takes both): InvalidSpec naming the field.
        d = computeFor(withCostBasis(cvc, QStringLiteral("lots")), quote(41222), FeedHealth{}, true, now);
        QVERIFY(!d.specValid);
        QCOMPARE(d.invalidReason, QStringLiteral("CostBasisNotANumber"));
        QVERIFY2(d.invalidMessage.startsWith(QStringLiteral(R"(spec.costBasis is "lots")")), qPrintable(d.invalidMessage));
        QVERIFY(!d.status.profitLoss);
        d = computeFor(withCostBasis(cvc, -3.0), quote(41222), FeedHealth{}, true, now);
        QCOMPARE(d.invalidReason, QStringLiteral("NegativeCostBasis"));
        QVERIFY2(d.invalidMessage.startsWith(QStringLiteral("spec.costBasis is -3; it must be zero or more")), qPrintable(d.invalidMessage));
    }

    // Float noise from the way a price came never reaches status (cvc-contract.md).
    void priceIsWrittenAsTheDecimalItWas()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        const DesiredState d = computeFor(cvcObject(QStringLiteral("dogecoin"), 1200.0), quote(0.08925000000000001), FeedHealth{}, true, now);
        QCOMPARE(d.status.price, std::optional(0.08925));
        QCOMPARE(d.annotation, QStringLiteral("$107.1000"));
        // The same noisy quote next tick is no price move.
        QJsonObject cvc = applied(cvcObject(QStringLiteral("dogecoin"), 1200.0), d);
        QVERIFY(!computeFor(cvc, quote(0.08925000000000001), FeedHealth{}, true, now).revalued);
    }

    void readyMessageShowsThePriceAsKubectlWould()
    {
        // 3095.76 and 0.0821 are not exact doubles; a person must read them as typed, not 3095.7600000000002.
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        const auto eth = computeFor(cvcObject(QStringLiteral("ethereum"), 1.47), quote(3095.76), {}, true, now);
        QCOMPARE(eth.annotation, QStringLiteral("$4550.7672"));
        QCOMPARE(condition(eth.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("message")).toString(),
                 QStringLiteral("valued at 3095.76 USD per ethereum"));
        const auto shib = computeFor(cvcObject(QStringLiteral("shiba-inu"), 2500000), quote(0.00000812), {}, true, now);
        QCOMPARE(condition(shib.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("message")).toString(),
                 QStringLiteral("valued at 8.12e-06 USD per shiba-inu"));
    }

    void idempotent()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        const auto again = computeFor(obj, quote(41222), {}, true, t0.addSecs(60));
        QCOMPARE(again.annotationAction, DesiredState::AnnotationAction::Keep);
        QVERIFY(!again.revalued);
        QVERIFY(difference(obj.value(QStringLiteral("status")).toObject(), again.status).isEmpty());
    }

    void priceChangeGivesChange()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 1);
        obj = applied(obj, computeFor(obj, quote(100), {}, true, t0));
        const auto d = computeFor(obj, quote(101.25, 1700000160), {}, true, t0.addSecs(60));
        QVERIFY(d.revalued);
        QCOMPARE(d.annotation, QStringLiteral("$101.2500"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("previousValue")).toDouble(), 100.0);
        QCOMPARE(d.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 100.0);
        QCOMPARE(d.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("+1.25%"));
        const QJsonObject patch = difference(obj.value(QStringLiteral("status")).toObject(), d.status);
        QVERIFY(patch.contains(QStringLiteral("value")));
        QVERIFY(!patch.contains(QStringLiteral("currency")));
        // Ready stays True: its transition time is kept.
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("lastTransitionTime")).toString(),
                 QStringLiteral("2023-11-14T22:15:00Z"));
    }

    void staleKeepsValue()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        FeedHealth stale{true, QStringLiteral("RateLimited"), QStringLiteral("CoinGecko answered 429; retrying after 30 s")};
        const auto d = computeFor(obj, quote(41222), stale, true, t0.addSecs(60));
        QCOMPARE(d.annotationAction, DesiredState::AnnotationAction::Keep);
        QVERIFY(!d.revalued);
        const QJsonObject ps = condition(d.status.toJson(), QStringLiteral("PriceStale"));
        QCOMPARE(ps.value(QStringLiteral("status")).toString(), QStringLiteral("True"));
        QCOMPARE(ps.value(QStringLiteral("reason")).toString(), QStringLiteral("RateLimited"));
        QCOMPARE(ps.value(QStringLiteral("lastTransitionTime")).toString(), QStringLiteral("2023-11-14T22:16:00Z"));
        // The contract's one change of meaning: a value exists, so Ready stays True (kubectl wait
        // and GitOps health must not hang through an outage), and keeps its transition time.
        const QJsonObject ready = condition(d.status.toJson(), QStringLiteral("Ready"));
        QCOMPARE(ready.value(QStringLiteral("status")).toString(), QStringLiteral("True"));
        QCOMPARE(ready.value(QStringLiteral("reason")).toString(), QStringLiteral("ValuedWithStalePrice"));
        QCOMPARE(ready.value(QStringLiteral("lastTransitionTime")).toString(), QStringLiteral("2023-11-14T22:15:00Z"));
        QVERIFY(ready.value(QStringLiteral("message")).toString().contains(QStringLiteral("CoinGecko answered 429")));
        QCOMPARE(d.status.toJson().value(QStringLiteral("value")).toDouble(), 94.8106);
    }

    // Each row of cvc-contract.md's conditions table: Ready (status, reason), Reconciling,
    // Stalled, PriceStale, InvalidSpec.
    void contractTable_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<bool>("hasQuote");
        QTest::addColumn<bool>("stale");
        QTest::addColumn<QStringList>("expected");   // "Type=Status/Reason", Reason only where the contract names it
        const QJsonObject valid = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        QTest::newRow("valued, fresh price") << valid << true << false
            << QStringList{"Ready=True/Valued", "Reconciling=False", "Stalled=False", "PriceStale=False", "InvalidSpec=False"};
        QTest::newRow("valued, stale price") << valid << true << true
            << QStringList{"Ready=True/ValuedWithStalePrice", "Reconciling=False", "Stalled=False", "PriceStale=True", "InvalidSpec=False"};
        QTest::newRow("no price yet") << valid << false << false
            << QStringList{"Ready=False/PriceUnavailable", "Reconciling=True", "Stalled=False", "InvalidSpec=False"};
        QTest::newRow("spec invalid") << cvcObject(QStringLiteral("bitcoin"), -1) << true << false
            << QStringList{"Ready=False/InvalidSpec", "Reconciling=False", "Stalled=True", "InvalidSpec=True"};
    }
    void contractTable()
    {
        QFETCH(QJsonObject, object);
        QFETCH(bool, hasQuote);
        QFETCH(bool, stale);
        QFETCH(QStringList, expected);
        const FeedHealth health = stale ? FeedHealth{true, QStringLiteral("FeedUnavailable"), QStringLiteral("every source failed")} : FeedHealth{};
        const auto d = computeFor(object, hasQuote ? std::optional<PriceInput>(quote(41222)) : std::nullopt, health, true,
                                  QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC));
        const QJsonObject status = d.status.toJson();
        for (const QString &e : expected) {
            const QString type = e.section(QLatin1Char('='), 0, 0);
            const QString want = e.section(QLatin1Char('='), 1);
            const QJsonObject c = condition(status, type);
            QString got = c.value(QStringLiteral("status")).toString();
            if (want.contains(QLatin1Char('/')))
                got += QLatin1Char('/') + c.value(QStringLiteral("reason")).toString();
            QVERIFY2(got == want, qPrintable(type + QStringLiteral(": ") + QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact))));
            QVERIFY2(!c.value(QStringLiteral("reason")).toString().isEmpty() && !c.value(QStringLiteral("message")).toString().isEmpty(),
                     qPrintable(type));
            QCOMPARE(c.value(QStringLiteral("observedGeneration")).toInteger(), 1);
        }
        // A list-map keyed by type: one entry per type.
        QSet<QString> types;
        const QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
        for (const QJsonValue &v : conditions)
            types.insert(v.toObject().value(QStringLiteral("type")).toString());
        QCOMPARE(types.size(), conditions.size());
    }

    // The contract's "as it was": without a value (no price for the coin yet, an invalid spec)
    // PriceStale neither appears nor follows the feed.
    void priceStaleStaysAsItWasWithoutAValue()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        const FeedHealth down{true, QStringLiteral("FeedUnavailable"), QStringLiteral("every source failed")};
        // Never valued: no PriceStale, feed up or down.
        const QJsonObject fresh = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        QVERIFY(condition(computeFor(fresh, std::nullopt, down, true, t0).status.toJson(), QStringLiteral("PriceStale")).isEmpty());
        // Valued once with a fresh price, then the spec turns invalid while the feed is down.
        QJsonObject valued = applied(fresh, computeFor(fresh, quote(41222), {}, true, t0));
        QCOMPARE(condition(valued.value(QStringLiteral("status")).toObject(), QStringLiteral("PriceStale")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("False"));
        const QJsonObject invalid = amountEdited(valued, -1);
        const QJsonObject stale = condition(computeFor(invalid, quote(41222), down, true, t0).status.toJson(), QStringLiteral("PriceStale"));
        QCOMPARE(stale.value(QStringLiteral("status")).toString(), QStringLiteral("False"));
        QCOMPARE(stale.value(QStringLiteral("reason")).toString(), QStringLiteral("PriceFresh"));
    }

    // A status written by an operator that knew only Ready, PriceStale and InvalidSpec: kstatus
    // reads the absent Reconciling and Stalled as False, so an unchanged tick adds nothing (no
    // write per CVC at upgrade); the next real change writes them.
    void adoptsAStatusWithoutReconcilingAndStalled()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.0023);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        QJsonObject status = obj.value(QStringLiteral("status")).toObject();
        QJsonArray older;
        for (const QJsonValue &v : status.value(QStringLiteral("conditions")).toArray()) {
            const QString type = v.toObject().value(QStringLiteral("type")).toString();
            if (type != QLatin1String("Reconciling") && type != QLatin1String("Stalled"))
                older.append(v);
        }
        QCOMPARE(older.size(), 3);
        status.insert(QStringLiteral("conditions"), older);
        obj.insert(QStringLiteral("status"), status);

        const auto unchanged = computeFor(obj, quote(41222), {}, true, t0.addSecs(60));
        QVERIFY(difference(status, unchanged.status).isEmpty());

        const auto moved = computeFor(obj, quote(41300, 1700000060), {}, true, t0.addSecs(60));
        QCOMPARE(condition(moved.status.toJson(), QStringLiteral("Reconciling")).value(QStringLiteral("status")).toString(), QStringLiteral("False"));
        QCOMPARE(condition(moved.status.toJson(), QStringLiteral("Stalled")).value(QStringLiteral("status")).toString(), QStringLiteral("False"));
        const QJsonObject after = applied(obj, moved);
        QVERIFY(difference(after.value(QStringLiteral("status")).toObject(),
                           computeFor(after, quote(41300, 1700000060), {}, true, t0.addSecs(120)).status).isEmpty());
    }

    void invalidSpecs_data()
    {
        QTest::addColumn<QJsonValue>("coin");
        QTest::addColumn<QJsonValue>("amount");
        QTest::addColumn<bool>("coinKnown");
        QTest::addColumn<QString>("reason");
        QTest::newRow("negative") << QJsonValue(QStringLiteral("bitcoin")) << QJsonValue(-1) << true << "NegativeAmount";
        QTest::newRow("not a number") << QJsonValue(QStringLiteral("bitcoin")) << QJsonValue(QStringLiteral("lots")) << true << "AmountNotANumber";
        QTest::newRow("missing amount") << QJsonValue(QStringLiteral("bitcoin")) << QJsonValue(QJsonValue::Undefined) << true << "MissingAmount";
        QTest::newRow("unknown coin") << QJsonValue(QStringLiteral("litecoin")) << QJsonValue(1) << false << "UnknownCoin";
        QTest::newRow("missing coin") << QJsonValue(QJsonValue::Undefined) << QJsonValue(1) << true << "MissingCoin";
    }
    void invalidSpecs()
    {
        QFETCH(QJsonValue, coin);
        QFETCH(QJsonValue, amount);
        QFETCH(bool, coinKnown);
        QFETCH(QString, reason);
        const auto d = computeFor(cvcObject(coin, amount), quote(41222), {}, coinKnown, QDateTime::currentDateTimeUtc());
        QVERIFY(!d.specValid);
        QCOMPARE(d.invalidReason, reason);
        const QJsonObject c = condition(d.status.toJson(), QStringLiteral("InvalidSpec"));
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("True"));
        QCOMPARE(c.value(QStringLiteral("reason")).toString(), reason);
        QVERIFY(c.value(QStringLiteral("message")).toString().contains(QStringLiteral("kubectl edit cvc my-btc -n default")));
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("status")).toString(), QStringLiteral("False"));
        QVERIFY(!d.status.toJson().contains(QStringLiteral("value")));
    }

    void noPriceYet()
    {
        const auto d = computeFor(cvcObject(QStringLiteral("bitcoin"), 1), std::nullopt, {}, true, QDateTime::currentDateTimeUtc());
        QVERIFY(d.specValid);
        QCOMPARE(d.annotationAction, DesiredState::AnnotationAction::Keep);
        QCOMPARE(condition(d.status.toJson(), QStringLiteral("Ready")).value(QStringLiteral("reason")).toString(), QStringLiteral("PriceUnavailable"));
    }

    void generationObserved()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 1, 1);
        obj = applied(obj, computeFor(obj, quote(100), {}, true, t0));
        QJsonObject edited = cvcObject(QStringLiteral("bitcoin"), 2, 2);
        edited.insert(QStringLiteral("status"), obj.value(QStringLiteral("status")));
        const auto d = computeFor(edited, quote(100), {}, true, t0.addSecs(1));
        QCOMPARE(d.annotation, QStringLiteral("$200.0000"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("observedGeneration")).toInteger(), 2);
        // Doubling the amount is no market move.
        QVERIFY(!d.status.toJson().contains(QStringLiteral("change")));
        QVERIFY(!d.status.toJson().contains(QStringLiteral("previousPrice")));
    }

    // cvc-contract.md: change = price / previousPrice - 1 at the last price change; it stays
    // through ticks with an unchanged price (CoinGecko's time still moves) and amount edits.
    void changeIsTheLastPriceMove()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.0023, 1);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        obj = applied(obj, computeFor(obj, quote(42000, 1700000160), {}, true, t0.addSecs(60)));
        const QJsonObject moved = obj.value(QStringLiteral("status")).toObject();
        QCOMPARE(moved.value(QStringLiteral("change")).toString(), QStringLiteral("+1.89%"));
        QCOMPARE(moved.value(QStringLiteral("previousPrice")).toDouble(), 41222.0);

        for (int tick = 1; tick <= 3; ++tick) {
            const auto d = computeFor(obj, quote(42000, 1700000160 + tick * 60), {}, true, t0.addSecs(60 + tick * 60));
            QVERIFY(d.revalued);   // the price's time moved: a new valuation, but no new move
            const QJsonObject patch = difference(obj.value(QStringLiteral("status")).toObject(), d.status);
            QVERIFY(patch.contains(QStringLiteral("priceUpdatedAt")));
            QVERIFY2(!patch.contains(QStringLiteral("change")) && !patch.contains(QStringLiteral("previousPrice")),
                     qPrintable(QJsonDocument(patch).toJson(QJsonDocument::Compact)));
            obj = applied(obj, d);
            QCOMPARE(obj.value(QStringLiteral("status")).toObject().value(QStringLiteral("change")).toString(), QStringLiteral("+1.89%"));
        }

        // Raising the amount from 0.0023 to 0.5 moves the value 217-fold, not the market.
        const QJsonObject edited = amountEdited(obj, 0.5);
        const auto d = computeFor(edited, quote(42000, 1700000340), {}, true, t0.addSecs(300));
        QCOMPARE(d.annotation, QStringLiteral("$21000.0000"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("previousValue")).toDouble(), 96.6);
        QCOMPARE(d.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("+1.89%"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 41222.0);
    }

    void nextPriceMoveReplacesChange()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 1);
        obj = applied(obj, computeFor(obj, quote(100), {}, true, t0));
        obj = applied(obj, computeFor(obj, quote(101.25, 1700000160), {}, true, t0.addSecs(60)));
        const auto down = computeFor(obj, quote(99, 1700000220), {}, true, t0.addSecs(120));
        QCOMPARE(down.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 101.25);
        QCOMPARE(down.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("-2.22%"));
        obj = applied(obj, down);
        // Back to the price before: still a move, measured from the last price.
        const auto back = computeFor(obj, quote(101.25, 1700000280), {}, true, t0.addSecs(180));
        QCOMPARE(back.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 99.0);
        QCOMPARE(back.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("+2.27%"));
    }

    void stalePriceKeepsChange()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 1);
        obj = applied(obj, computeFor(obj, quote(100), {}, true, t0));
        obj = applied(obj, computeFor(obj, quote(98.8, 1700000160), {}, true, t0.addSecs(60)));
        FeedHealth stale{true, QStringLiteral("PriceFeedFailing"), QStringLiteral("CoinGecko calls are failing")};
        const auto d = computeFor(obj, quote(98.8, 1700000160), stale, true, t0.addSecs(120));
        QCOMPARE(d.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("-1.20%"));
        QCOMPARE(d.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 100.0);
    }

    // A status written by the operator before previousPrice existed (change was the value move,
    // here after an amount edit): adopted without a write while nothing moved, its change kept
    // through a new valuation, replaced by the market move once the price moves.
    void adoptsAStatusWithoutPreviousPrice()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.5, 2);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        QJsonObject legacy = obj.value(QStringLiteral("status")).toObject();
        legacy.insert(QStringLiteral("previousValue"), 94.8106);
        legacy.insert(QStringLiteral("change"), QStringLiteral("+21639.13%"));
        obj.insert(QStringLiteral("status"), legacy);

        const auto same = computeFor(obj, quote(41222), {}, true, t0.addSecs(60));
        QVERIFY(!same.revalued);
        QCOMPARE(same.annotationAction, DesiredState::AnnotationAction::Keep);
        QVERIFY(difference(legacy, same.status).isEmpty());

        const auto newTime = computeFor(obj, quote(41222, 1700000160), {}, true, t0.addSecs(60));
        QVERIFY(newTime.revalued);
        const QJsonObject patch = difference(legacy, newTime.status);
        QVERIFY(!patch.contains(QStringLiteral("change")) && !patch.contains(QStringLiteral("previousPrice")));

        const auto moved = computeFor(obj, quote(42000, 1700000160), {}, true, t0.addSecs(60));
        QCOMPARE(moved.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 41222.0);
        QCOMPARE(moved.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("+1.89%"));
    }

    // Rolled back for a while: the 0.1 operator led through a price move, wrote price and its
    // own change and left previousPrice naming an older price. Taking over, this one drops the
    // previousPrice that no longer explains change, keeps change like any 0.1 status, and has
    // both right again at the next move.
    void previousPriceLeftBehindByAnOlderOperatorIsDropped()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);
        QJsonObject obj = cvcObject(QStringLiteral("bitcoin"), 0.5, 1);
        obj = applied(obj, computeFor(obj, quote(41222), {}, true, t0));
        obj = applied(obj, computeFor(obj, quote(42000), {}, true, t0.addSecs(60)));
        QCOMPARE(obj.value(QStringLiteral("status")).toObject().value(QStringLiteral("previousPrice")).toDouble(), 41222.0);
        QJsonObject byOld = obj.value(QStringLiteral("status")).toObject();
        byOld.insert(QStringLiteral("price"), 42500);
        byOld.insert(QStringLiteral("value"), 21250.0);
        byOld.insert(QStringLiteral("change"), QStringLiteral("+1.19%"));   // 0.1's value move
        obj.insert(QStringLiteral("status"), byOld);

        const auto takeover = computeFor(obj, quote(42500), {}, true, t0.addSecs(120));
        const QJsonObject patch = difference(byOld, takeover.status);
        QVERIFY2(patch.contains(QStringLiteral("previousPrice")) && patch.value(QStringLiteral("previousPrice")).isNull(),
                 QJsonDocument(patch).toJson().constData());
        QVERIFY(!patch.contains(QStringLiteral("change")));
        obj = applied(obj, takeover);
        // Settled: no further write while nothing moves.
        QVERIFY(difference(obj.value(QStringLiteral("status")).toObject(),
                                               computeFor(obj, quote(42500), {}, true, t0.addSecs(180)).status).isEmpty());
        const auto moved = computeFor(obj, quote(43000), {}, true, t0.addSecs(240));
        QCOMPARE(moved.status.toJson().value(QStringLiteral("previousPrice")).toDouble(), 42500.0);
        QCOMPARE(moved.status.toJson().value(QStringLiteral("change")).toString(), QStringLiteral("+1.18%"));
    }
};

QTEST_GUILESS_MAIN(TestDesiredState)
#include "tst_desiredstate.moc"
