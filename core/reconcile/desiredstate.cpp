#include "desiredstate.h"

#include "json/gofmt.h"
#include "valuation.h"

#include <QJsonValue>

namespace cvc {

namespace {

const QStringList &ownedKeys()
{
    static const QStringList keys{
        QStringLiteral("price"),          QStringLiteral("value"),
        QStringLiteral("currency"),       QStringLiteral("priceUpdatedAt"),
        QStringLiteral("lastUpdated"),    QStringLiteral("previousValue"),
        QStringLiteral("previousPrice"),  QStringLiteral("change"),
        QStringLiteral("change24h"),
        QStringLiteral("observedGeneration"), QStringLiteral("conditions"),
    };
    return keys;
}

QString amountText(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return GoFormat::formatFloat(v.toDouble());
    return QStringLiteral("an object");
}

// CHANGE is the market move at the last price change (cvc-contract.md): previousPrice and
// change are written together, only when the price differs from the one in status, so an
// unchanged tick or an amount edit leaves them as they are.
//
// A status written by an operator before previousPrice existed has a `change` that was the
// value move at its last valuation. It is kept, not dropped or recomputed, until the price next
// moves: adopting such CVCs then costs no write at all (a write per CVC at upgrade would be a
// flood), and an older operator alternating leadership with this one never sees its field
// rewritten back and forth.
void setPriceMove(QJsonObject &status, const QJsonObject &current, double price)
{
    const QJsonValue oldPrice = current.value(QStringLiteral("price"));
    if (!oldPrice.isDouble() || oldPrice.toDouble() == price)
        return;
    status.insert(QStringLiteral("previousPrice"), oldPrice);
    const QString change = Valuation::formatChange(oldPrice.toDouble(), price);
    if (change.isEmpty())   // from a price of 0 no percentage means anything
        status.remove(QStringLiteral("change"));
    else
        status.insert(QStringLiteral("change"), change);
}

// An older operator that led meanwhile valued a price move its own way: it wrote price and its
// change but left this operator's previousPrice behind, so the two no longer agree. Which price
// came before is lost: drop previousPrice, and keep change as an older status's change is kept,
// until the price next moves. The older operator never writes previousPrice, so nothing flips.
void dropPreviousPriceThatNoLongerExplainsChange(QJsonObject &status)
{
    const QJsonValue previous = status.value(QStringLiteral("previousPrice"));
    const QJsonValue price = status.value(QStringLiteral("price"));
    if (previous.isDouble() && price.isDouble()
        && Valuation::formatChange(previous.toDouble(), price.toDouble()) != status.value(QStringLiteral("change")).toString())
        status.remove(QStringLiteral("previousPrice"));
}

} // namespace

QString DesiredState::formatTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QJsonArray DesiredState::setCondition(const QJsonArray &conditions, const QString &type,
                                      bool status, const QString &reason, const QString &message,
                                      qint64 observedGeneration, const QDateTime &now)
{
    QJsonArray out;
    QString transition = formatTime(now);
    const QString statusText = status ? QStringLiteral("True") : QStringLiteral("False");
    bool placed = false;
    QJsonObject cond{
        {QStringLiteral("type"), type},
        {QStringLiteral("status"), statusText},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message},
        {QStringLiteral("observedGeneration"), observedGeneration},
    };
    for (const QJsonValue &v : conditions) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("type")).toString() != type) {
            out.append(c);
            continue;
        }
        if (c.value(QStringLiteral("status")).toString() == statusText
            && c.contains(QStringLiteral("lastTransitionTime")))
            transition = c.value(QStringLiteral("lastTransitionTime")).toString();
        cond.insert(QStringLiteral("lastTransitionTime"), transition);
        out.append(cond);
        placed = true;
    }
    if (!placed) {
        cond.insert(QStringLiteral("lastTransitionTime"), transition);
        out.append(cond);
    }
    return out;
}

DesiredState DesiredState::compute(const QJsonObject &cvc, const std::optional<PriceInput> &quote,
                                   const FeedHealth &health, bool coinKnown, const QDateTime &now)
{
    DesiredState d;
    const QJsonObject meta = cvc.value(QStringLiteral("metadata")).toObject();
    const QString name = meta.value(QStringLiteral("name")).toString();
    const QString ns = meta.value(QStringLiteral("namespace")).toString();
    const qint64 generation = meta.value(QStringLiteral("generation")).toInteger(0);
    const QJsonObject spec = cvc.value(QStringLiteral("spec")).toObject();
    const QJsonObject current = cvc.value(QStringLiteral("status")).toObject();
    const QString currentAnnotation = meta.value(QStringLiteral("annotations")).toObject()
                                          .value(QLatin1String(valueAnnotation)).toString();
    const bool hasAnnotation = meta.value(QStringLiteral("annotations")).toObject()
                                   .contains(QLatin1String(valueAnnotation));

    QJsonObject status;
    for (const QString &k : ownedKeys()) {
        if (current.contains(k))
            status.insert(k, current.value(k));
    }
    status.insert(QStringLiteral("observedGeneration"), generation);
    dropPreviousPriceThatNoLongerExplainsChange(status);
    QJsonArray conditions = current.value(QStringLiteral("conditions")).toArray();

    const QString editHint = QStringLiteral("; fix it with `kubectl edit cvc %1 -n %2`").arg(name, ns);
    const QJsonValue coinValue = spec.value(QStringLiteral("coin"));
    const QJsonValue amountValue = spec.value(QStringLiteral("amount"));
    if (coinValue.isString())
        d.coin = coinValue.toString();

    if (!coinValue.isString() || d.coin.isEmpty()) {
        d.specValid = false;
        d.invalidReason = QStringLiteral("MissingCoin");
        d.invalidMessage = QStringLiteral("spec.coin must name a coin (bitcoin, ethereum, dogecoin, shiba-inu)") + editHint;
    } else if (!coinKnown) {
        d.specValid = false;
        d.invalidReason = QStringLiteral("UnknownCoin");
        d.invalidMessage = QStringLiteral("spec.coin \"%1\" is not a coin the price feed knows").arg(d.coin) + editHint;
    } else if (amountValue.isUndefined() || amountValue.isNull()) {
        d.specValid = false;
        d.invalidReason = QStringLiteral("MissingAmount");
        d.invalidMessage = QStringLiteral("spec.amount is missing; it must be a number of coins") + editHint;
    } else if (!amountValue.isDouble()) {
        d.specValid = false;
        d.invalidReason = QStringLiteral("AmountNotANumber");
        d.invalidMessage = QStringLiteral("spec.amount is %1; it must be a number of coins").arg(amountText(amountValue)) + editHint;
    } else if (amountValue.toDouble() < 0 || !std::isfinite(amountValue.toDouble())) {
        d.specValid = false;
        d.invalidReason = QStringLiteral("NegativeAmount");
        d.invalidMessage = QStringLiteral("spec.amount is %1; it must be zero or more").arg(amountText(amountValue)) + editHint;
    }

    const QString staleReason = health.reason.isEmpty() ? QStringLiteral("PriceFeedUnavailable") : health.reason;
    if (health.stale) {
        conditions = setCondition(conditions, QStringLiteral("PriceStale"), true, staleReason,
                                  health.message, generation, now);
    } else {
        conditions = setCondition(conditions, QStringLiteral("PriceStale"), false, QStringLiteral("PriceFresh"),
                                  QStringLiteral("the price comes from the latest CoinGecko answer"), generation, now);
    }

    if (!d.specValid) {
        conditions = setCondition(conditions, QStringLiteral("InvalidSpec"), true, d.invalidReason,
                                  d.invalidMessage, generation, now);
        conditions = setCondition(conditions, QStringLiteral("Ready"), false, QStringLiteral("InvalidSpec"),
                                  d.invalidMessage, generation, now);
        // A value computed from a spec that no longer makes sense would mislead; drop it, in
        // status as in the annotation (status.value is the annotation's number, price the price
        // it was computed with). The history fields (previous*, change) stay.
        if (hasAnnotation)
            d.annotationAction = AnnotationAction::Remove;
        status.remove(QStringLiteral("value"));
        status.remove(QStringLiteral("price"));
        status.remove(QStringLiteral("priceUpdatedAt"));
    } else {
        conditions = setCondition(conditions, QStringLiteral("InvalidSpec"), false, QStringLiteral("SpecValid"),
                                  QStringLiteral("spec.coin and spec.amount are valid"), generation, now);
        if (!quote || !std::isfinite(quote->price)) {
            const QString msg = QStringLiteral("no price for %1 yet").arg(d.coin)
                                + (health.message.isEmpty() ? QString() : QStringLiteral(": ") + health.message);
            conditions = setCondition(conditions, QStringLiteral("Ready"), false,
                                      QStringLiteral("PriceUnavailable"), msg, generation, now);
        } else {
            const double amount = amountValue.toDouble();
            const QString valueText = Valuation::valueDecimal(amount, quote->price);
            const double value = valueText.toDouble();
            d.annotation = QStringLiteral("$") + valueText;
            if (!hasAnnotation || currentAnnotation != d.annotation)
                d.annotationAction = AnnotationAction::Set;

            const QString priceAt = quote->lastUpdatedAt.isValid() ? formatTime(quote->lastUpdatedAt) : QString();
            const bool hadValue = current.value(QStringLiteral("value")).isDouble();
            const double oldValue = current.value(QStringLiteral("value")).toDouble();
            const bool moved = !hadValue || oldValue != value
                               || current.value(QStringLiteral("price")).toDouble() != quote->price
                               || current.value(QStringLiteral("priceUpdatedAt")).toString() != priceAt
                               || current.value(QStringLiteral("currency")).toString() != QLatin1String("USD");
            if (moved) {
                d.revalued = true;
                status.insert(QStringLiteral("price"), quote->price);
                status.insert(QStringLiteral("value"), value);
                status.insert(QStringLiteral("currency"), QStringLiteral("USD"));
                if (!priceAt.isEmpty())
                    status.insert(QStringLiteral("priceUpdatedAt"), priceAt);
                else
                    status.remove(QStringLiteral("priceUpdatedAt"));
                status.insert(QStringLiteral("lastUpdated"), formatTime(now));
                if (hadValue)
                    status.insert(QStringLiteral("previousValue"), oldValue);
                setPriceMove(status, current, quote->price);
                if (std::isfinite(quote->change24h))
                    status.insert(QStringLiteral("change24h"), Valuation::formatPercent(quote->change24h));
            }
            if (health.stale) {
                conditions = setCondition(conditions, QStringLiteral("Ready"), false, QStringLiteral("PriceStale"),
                                          QStringLiteral("value %1 uses the last known %2 price; %3")
                                              .arg(d.annotation, d.coin, health.message),
                                          generation, now);
            } else {
                conditions = setCondition(conditions, QStringLiteral("Ready"), true, QStringLiteral("Valued"),
                                          QStringLiteral("valued at %1 USD per %2").arg(
                                              GoFormat::formatFloat(quote->price), d.coin),
                                          generation, now);
            }
        }
    }

    // A fixed order keeps the array stable so a re-run compares equal.
    QJsonArray ordered;
    for (const QString &type : {QStringLiteral("Ready"), QStringLiteral("PriceStale"), QStringLiteral("InvalidSpec")}) {
        for (const QJsonValue &v : conditions) {
            if (v.toObject().value(QStringLiteral("type")).toString() == type)
                ordered.append(v);
        }
    }
    for (const QJsonValue &v : conditions) {
        const QString t = v.toObject().value(QStringLiteral("type")).toString();
        if (t != QLatin1String("Ready") && t != QLatin1String("PriceStale") && t != QLatin1String("InvalidSpec"))
            ordered.append(v);
    }
    status.insert(QStringLiteral("conditions"), ordered);
    d.status = status;
    return d;
}

QJsonObject DesiredState::statusDifference(const QJsonObject &current, const QJsonObject &desired)
{
    QJsonObject patch;
    for (const QString &k : ownedKeys()) {
        const bool inDesired = desired.contains(k);
        if (inDesired && current.value(k) != desired.value(k))
            patch.insert(k, desired.value(k));
        else if (!inDesired && current.contains(k))
            patch.insert(k, QJsonValue::Null);
    }
    return patch;
}

} // namespace cvc
