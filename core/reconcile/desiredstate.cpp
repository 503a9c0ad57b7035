#include "reconcile/desiredstate.h"

#include "json/gofmt.h"
#include "reconcile/valuation.h"
#include "prices/pricesource.h"

#include <cmath>

namespace cvc {

namespace {

using Status = Condition::Status;

QString ready() { return QStringLiteral("Ready"); }
QString priceStale() { return QStringLiteral("PriceStale"); }
QString invalidSpec() { return QStringLiteral("InvalidSpec"); }
QString reconciling() { return QStringLiteral("Reconciling"); }
QString stalled() { return QStringLiteral("Stalled"); }

// kstatus's abnormal-true conditions. kstatus reads an absent Reconciling or Stalled as False, so
// a False one is only written beside some other change: CVCs valued by an operator that did not
// know these conditions are adopted without a write each (a flood at upgrade), and an unchanged
// tick still writes nothing.
struct AbnormalCondition
{
    QString type;
    bool isTrue = false;
    QString reason;
    QString message;
};

// CHANGE is the market move at the last price change (cvc-contract.md): previousPrice and
// change are written together, only when the price differs from the one in status, so an
// unchanged tick or an amount edit leaves them as they are.
//
// A status written by an operator before previousPrice existed has a `change` that was the
// value move at its last valuation. It is kept, not dropped or recomputed, until the price next
// moves: adopting such CVCs then costs no write at all (a write per CVC at upgrade would be a
// flood), and an older operator alternating leadership with this one never sees its field
// rewritten back and forth.
void setPriceMove(CvcStatus &status, const CvcStatus &current, double price)
{
    if (!current.price || *current.price == price)
        return;
    status.previousPrice = *current.price;
    const QString change = Valuation::formatChange(*current.price, price);
    if (change.isEmpty())   // from a price of 0 no percentage means anything
        status.change.reset();
    else
        status.change = change;
}

// An older operator that led meanwhile valued a price move its own way: it wrote price and its
// change but left this operator's previousPrice behind, so the two no longer agree. Which price
// came before is lost: drop previousPrice, and keep change as an older status's change is kept,
// until the price next moves. The older operator never writes previousPrice, so nothing flips.
void dropPreviousPriceThatNoLongerExplainsChange(CvcStatus &status)
{
    if (status.previousPrice && status.price
        && Valuation::formatChange(*status.previousPrice, *status.price) != status.change.value_or(QString()))
        status.previousPrice.reset();
}

// P&L follows the value and the cost basis (cvc-contract.md): whatever changed, the value, an
// edited cost basis or both, it is what status.value says minus what was paid, to the cent's
// hundredth like the value. Without a cost basis, or without a value, there is none.
void setProfitLoss(CvcStatus &status, const CvcSpec &spec)
{
    if (!status.value || !spec.costBasis || *spec.costBasis < 0 || !std::isfinite(*spec.costBasis)) {
        status.profitLoss.reset();
        status.profitLossPercent.reset();
        return;
    }
    const double profitLoss = std::round((*status.value - *spec.costBasis) * 1e4) / 1e4;
    status.profitLoss = profitLoss == 0 ? 0.0 : profitLoss;   // never -0
    if (*spec.costBasis > 0)
        status.profitLossPercent = Valuation::formatPercent(profitLoss / *spec.costBasis * 100.0);
    else
        status.profitLossPercent.reset();   // a gift: no percentage of nothing
}

struct SpecProblem
{
    QString reason;
    QString message;
};

std::optional<SpecProblem> specProblem(const CryptoValueCalculator &cvc, bool coinKnown)
{
    const CvcSpec &spec = cvc.spec;
    const QString editHint = QStringLiteral("; fix it with `kubectl edit cvc %1 -n %2`").arg(cvc.key.name, cvc.key.namespaceName);
    using Kind = CvcSpec::AmountKind;
    if (!spec.coinIsString || spec.coin.isEmpty())
        return SpecProblem{QStringLiteral("MissingCoin"),
                           QStringLiteral("spec.coin must name a coin (bitcoin, ethereum, dogecoin, shiba-inu)") + editHint};
    if (!coinKnown)
        return SpecProblem{QStringLiteral("UnknownCoin"),
                           QStringLiteral("spec.coin \"%1\" is not a coin the price feed knows").arg(spec.coin) + editHint};
    if (spec.amountKind == Kind::Missing || spec.amountKind == Kind::Null)
        return SpecProblem{QStringLiteral("MissingAmount"),
                           QStringLiteral("spec.amount is missing; it must be a number of coins") + editHint};
    if (spec.amountKind != Kind::Number)
        return SpecProblem{QStringLiteral("AmountNotANumber"),
                           QStringLiteral("spec.amount is %1; it must be a number of coins").arg(spec.describeAmount()) + editHint};
    if (spec.amount < 0 || !std::isfinite(spec.amount))
        return SpecProblem{QStringLiteral("NegativeAmount"),
                           QStringLiteral("spec.amount is %1; it must be zero or more").arg(spec.describeAmount()) + editHint};
    if (spec.hasBadCostBasis())
        return SpecProblem{QStringLiteral("CostBasisNotANumber"),
                           QStringLiteral("spec.costBasis is %1; it must be the USD paid for the amount held, a number")
                                   .arg(spec.describeBadCostBasis()) + editHint};
    if (spec.costBasis && (*spec.costBasis < 0 || !std::isfinite(*spec.costBasis)))
        return SpecProblem{QStringLiteral("NegativeCostBasis"),
                           QStringLiteral("spec.costBasis is %1; it must be zero or more").arg(GoFormat::formatFloat(*spec.costBasis))
                               + editHint};
    return std::nullopt;
}

} // namespace

QString DesiredState::formatTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

DesiredState DesiredState::compute(const CryptoValueCalculator &cvc, const std::optional<PriceInput> &quote,
                                   const FeedHealth &health, bool coinKnown, const QDateTime &now)
{
    DesiredState d;
    const qint64 generation = cvc.generation;
    const CvcStatus &current = cvc.status;

    CvcStatus status = current;
    status.observedGeneration = generation;
    dropPreviousPriceThatNoLongerExplainsChange(status);
    Conditions conditions = current.conditions.value_or(Conditions());

    if (cvc.spec.coinIsString)
        d.coin = cvc.spec.coin;
    const std::optional<SpecProblem> problem = specProblem(cvc, coinKnown);
    if (problem) {
        d.specValid = false;
        d.invalidReason = problem->reason;
        d.invalidMessage = problem->message;
    }

    // PriceStale says how old the price of a value is. Without a value (no price yet, an invalid
    // spec) it stays as it was (cvc-contract.md), so a CVC nobody can value does not flip with
    // the feed.
    if (d.specValid && quote && std::isfinite(quote->price)) {
        const QString staleReason = health.reason.isEmpty() ? QStringLiteral("PriceFeedUnavailable") : health.reason;
        if (health.stale)
            conditions.set(priceStale(), Status::True, staleReason, health.message, generation, now);
        else
            conditions.set(priceStale(), Status::False, QStringLiteral("PriceFresh"),
                           QStringLiteral("the price comes from the latest %1 answer")
                               .arg(!quote->source.isEmpty() ? PriceSource::displayNameOf(quote->source)
                                                             : QStringLiteral("price source")),
                           generation, now);
    }

    QList<AbnormalCondition> abnormal;
    if (!d.specValid) {
        abnormal = {{reconciling(), false, QStringLiteral("InvalidSpec"), QStringLiteral("nothing to do until the spec is fixed")},
                    {stalled(), true, QStringLiteral("InvalidSpec"), d.invalidMessage}};
        conditions.set(invalidSpec(), Status::True, d.invalidReason, d.invalidMessage, generation, now);
        conditions.set(ready(), Status::False, QStringLiteral("InvalidSpec"), d.invalidMessage, generation, now);
        // A value computed from a spec that no longer makes sense would mislead; drop it, in
        // status as in the annotation (status.value is the annotation's number, price the price
        // it was computed with, priceSource where that price came from). The history fields
        // (previous*, change) stay.
        if (cvc.value)
            d.annotationAction = AnnotationAction::Remove;
        status.value.reset();
        status.price.reset();
        status.priceUpdatedAt.reset();
        status.priceSource.reset();
    } else {
        conditions.set(invalidSpec(), Status::False, QStringLiteral("SpecValid"),
                       QStringLiteral("spec.coin and spec.amount are valid"), generation, now);
        if (!quote || !std::isfinite(quote->price)) {
            const QString msg = QStringLiteral("no price for %1 yet").arg(d.coin)
                                + (health.message.isEmpty() ? QString() : QStringLiteral(": ") + health.message);
            conditions.set(ready(), Status::False, QStringLiteral("PriceUnavailable"), msg, generation, now);
            abnormal = {{reconciling(), true, QStringLiteral("PriceUnavailable"), msg},
                        {stalled(), false, QStringLiteral("SpecValid"), QStringLiteral("the spec is valid")}};
        } else {
            // A price is a decimal at its source; what arrives may carry binary noise from a
            // computation on the way (0.08925000000000001). Status keeps the decimal
            // (cvc-contract.md: shortest text), and noise alone is never a price move.
            const double price = Valuation::decimalPrice(quote->price);
            const QString valueText = Valuation::valueDecimal(cvc.spec.amount, price);
            const double value = valueText.toDouble();
            d.annotation = QStringLiteral("$") + valueText;
            if (cvc.value != d.annotation)
                d.annotationAction = AnnotationAction::Set;

            const QString priceAt = quote->lastUpdatedAt.isValid() ? formatTime(quote->lastUpdatedAt) : QString();
            // The source alone does not make a new valuation: CVCs valued before priceSource
            // existed would all be rewritten at once after an upgrade. It is written with the
            // next price move, and sources rarely agree to the last digit.
            const bool moved = !current.value || *current.value != value
                               || current.price.value_or(0) != price
                               || current.priceUpdatedAt.value_or(QString()) != priceAt
                               || current.currency.value_or(QString()) != QLatin1String("USD");
            if (moved) {
                d.revalued = true;
                status.price = price;
                status.value = value;
                status.currency = QStringLiteral("USD");
                if (!priceAt.isEmpty())
                    status.priceUpdatedAt = priceAt;
                else
                    status.priceUpdatedAt.reset();
                if (!quote->source.isEmpty())
                    status.priceSource = quote->source;
                status.lastUpdated = formatTime(now);
                if (current.value)
                    status.previousValue = *current.value;
                setPriceMove(status, current, price);
                if (std::isfinite(quote->change24h))
                    status.change24h = Valuation::formatPercent(quote->change24h);
            }
            // A value exists, so Ready stays True through a price outage (cvc-contract.md): kubectl
            // wait and GitOps health checks must not hang on the feed; PriceStale says how old it is.
            if (health.stale) {
                conditions.set(ready(), Status::True, QStringLiteral("ValuedWithStalePrice"),
                               QStringLiteral("value %1 uses the last known %2 price; %3").arg(d.annotation, d.coin, health.message),
                               generation, now);
            } else {
                conditions.set(ready(), Status::True, QStringLiteral("Valued"),
                               QStringLiteral("valued at %1 USD per %2").arg(GoFormat::formatFloat(price), d.coin),
                               generation, now);
            }
            const QString reason = conditions.find(ready())->reason;
            abnormal = {{reconciling(), false, reason, QStringLiteral("the value is written")},
                        {stalled(), false, reason, QStringLiteral("the spec is valid")}};
        }
    }

    setProfitLoss(status, cvc.spec);

    const QStringList order{ready(), reconciling(), stalled(), priceStale(), invalidSpec()};
    QList<AbnormalCondition> deferred;
    for (const AbnormalCondition &a : std::as_const(abnormal)) {
        if (a.isTrue || conditions.find(a.type))
            conditions.set(a.type, a.isTrue ? Status::True : Status::False, a.reason, a.message, generation, now);
        else
            deferred << a;
    }
    status.conditions = conditions.ordered(order);
    if (!deferred.isEmpty() && !(status == current)) {
        for (const AbnormalCondition &a : std::as_const(deferred))
            conditions.set(a.type, Status::False, a.reason, a.message, generation, now);
        status.conditions = conditions.ordered(order);
    }
    d.status = status;
    return d;
}

} // namespace cvc
