#include "dashboard/holding.h"

#include "cvc/cryptovaluecalculator.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cvc::ui {

namespace {

// QString::toDouble's result for the plain decimals the operator writes, without its cost
// (it was the largest part of reading a watch event); anything else goes the slow way.
double parseNumber(QStringView text, bool *ok)
{
    char buffer[64];
    const qsizetype size = text.size();
    if (size > 0 && size < qsizetype(sizeof buffer)) {
        qsizetype i = 0;
        if (text.at(0) == QLatin1Char('+') && size > 1 && text.at(1) != QLatin1Char('-') && text.at(1) != QLatin1Char('+'))
            i = 1;
        qsizetype n = 0;
        bool plain = true;
        for (; i < size; ++i) {
            const char16_t c = text.at(i).unicode();
            if (!((c >= u'0' && c <= u'9') || c == u'.' || c == u'-' || c == u'e' || c == u'E')) {
                plain = false;
                break;
            }
            buffer[n++] = char(c);
        }
        double number = 0;
        if (plain && n > 0) {
            const auto [end, error] = std::from_chars(buffer, buffer + n, number);
            if (error == std::errc() && end == buffer + n && std::isfinite(number)) {
                *ok = true;
                return number;
            }
        }
    }
    return text.toDouble(ok);
}

} // namespace

QString Holding::formatNumber(double number)
{
    // Shortest round-trip digits without exponent for ordinary amounts, as kubectl prints 0.0023.
    QString text = QString::number(number, 'f', QLocale::FloatingPointShortest);
    return text;
}

QString Holding::formatPrice(double price, const QLocale &locale)
{
    if (!std::isfinite(price))
        return QString();
    // Four significant digits tell coins below a dollar apart (0.08925 vs 0.08931) without the
    // float noise of a product (0.08925000000000001); from a dollar up, cents are what matters.
    const double magnitude = std::abs(price);
    const int decimals = magnitude > 0 && magnitude < 1 ? std::clamp(3 - int(std::floor(std::log10(magnitude))), 2, 12) : 2;
    QString text = locale.toString(price, 'f', decimals);
    // 0.0812 rather than 0.08120: zeros past the cents say nothing.
    const qsizetype point = text.lastIndexOf(locale.decimalPoint());
    const QString zero = locale.zeroDigit();
    if (point >= 0) {
        while (text.size() - point - 1 > 2 && text.endsWith(zero))
            text.chop(zero.size());
    }
    return text;
}

QString Holding::stateName(State state)
{
    switch (state) {
    case State::Fresh: return QCoreApplication::translate("Holding", "fresh");
    case State::Stale: return QCoreApplication::translate("Holding", "stale");
    case State::Invalid: return QCoreApplication::translate("Holding", "invalid");
    case State::Pending: break;
    }
    return QCoreApplication::translate("Holding", "pending");
}

Holding Holding::forUnreadable(const QString &key, const QString &reason)
{
    const ObjectKey objectKey = ObjectKey::fromString(key);
    Holding h;
    h.key = key;
    h.name = objectKey.name;
    h.namespaceName = objectKey.namespaceName;
    h.unreadable = true;
    h.state = State::Invalid;
    h.stateReason = reason;
    return h;
}

Holding Holding::fromObject(const QJsonObject &object, const Holding *previous)
{
    return fromCvc(CryptoValueCalculator::fromJson(object), previous);
}

Holding Holding::fromCvc(const CryptoValueCalculator &cvc, const Holding *previous)
{
    Holding h;
    h.key = cvc.key.toString();
    h.name = cvc.key.name;
    h.namespaceName = cvc.key.namespaceName;
    h.uid = cvc.uid;
    h.resourceVersion = cvc.resourceVersion;
    h.coin = cvc.spec.coin;
    if (cvc.spec.hasNumericAmount()) {
        h.amount = cvc.spec.amount;
        h.hasAmount = true;
        h.amountText = previous && previous->hasAmount && previous->amount == h.amount ? previous->amountText
                                                                                       : formatNumber(h.amount);
    } else if (cvc.spec.amountKind == CvcSpec::AmountKind::String) {
        h.amountText = cvc.spec.amountString;
    } else if (cvc.spec.amountKind == CvcSpec::AmountKind::Bool) {
        h.amountText = cvc.spec.describeAmount();
    }
    const CvcStatus &status = cvc.status;
    if (status.price) {
        h.price = *status.price;
        h.hasPrice = true;
    }
    h.valueText = cvc.value.value_or(QString());
    if (previous && previous->valueText == h.valueText) {
        h.value = previous->value;
        h.hasValue = previous->hasValue;
    } else if (h.valueText.startsWith(QLatin1Char('$'))) {
        h.value = parseNumber(QStringView(h.valueText).mid(1), &h.hasValue);
    }
    h.priceSource = status.priceSource.value_or(QString());
    h.priceUpdatedText = status.priceUpdatedAt.value_or(QString());
    if (cvc.spec.costBasis) {
        h.costBasis = *cvc.spec.costBasis;
        h.hasCostBasis = true;
    }
    if (status.profitLoss) {
        h.profitLoss = *status.profitLoss;
        h.hasProfitLoss = true;
    }
    h.profitLossPercent = status.profitLossPercent.value_or(QString());
    h.change = status.change.value_or(QString());
    h.change24h = status.change24h.value_or(QString());
    if (previous && previous->change24h == h.change24h) {
        h.change24hPercent = previous->change24hPercent;
        h.hasChange24h = previous->hasChange24h;
    } else if (!h.change24h.isEmpty()) {
        QString number = h.change24h;
        number.remove(QLatin1Char('%'));
        h.change24hPercent = parseNumber(number, &h.hasChange24h);
    }
    // Parsing the time costs more than the rest of the object together: a tick that did not
    // change it (a watch event for another field) reuses the previous one.
    h.updatedText = status.lastUpdated.value_or(QString());
    h.updated = previous && previous->updatedText == h.updatedText
                    ? previous->updated
                    : QDateTime::fromString(h.updatedText, Qt::ISODateWithMs);

    const Condition *invalid = status.condition(u"InvalidSpec");
    const Condition *stale = status.condition(u"PriceStale");
    const Condition *ready = status.condition(u"Ready");
    const qint64 observed = status.observedGeneration.value_or(-1);
    if (invalid && invalid->isTrue()) {
        h.state = State::Invalid;
        h.stateReason = invalid->describe();
    } else if (!h.hasValue) {
        h.state = State::Pending;
        h.stateReason = QCoreApplication::translate("Holding", "Not valued yet: waiting for the first price.");
    } else if (stale && stale->isTrue()) {
        h.state = State::Stale;
        h.stateReason = stale->describe();
    } else if (observed >= 0 && cvc.generation > observed) {
        h.state = State::Pending;
        h.stateReason = QCoreApplication::translate("Holding", "The spec changed (generation %1); the value is for "
                                                               "generation %2 until the next valuation.")
                            .arg(cvc.generation).arg(observed);
    } else {
        h.state = State::Fresh;
        h.stateReason = ready ? ready->describe() : QCoreApplication::translate("Holding", "Valued at the latest price.");
    }
    return h;
}

QString Holding::formatProfitLoss(double usd)
{
    const QString digits = QString::number(std::fabs(usd), 'f', 4);
    if (digits == QLatin1String("0.0000"))
        return QStringLiteral("$0.0000");
    return (usd < 0 ? QStringLiteral("-$") : QStringLiteral("+$")) + digits;
}

QString Holding::profitLossText() const
{
    if (!hasProfitLoss)
        return {};
    const QString money = formatProfitLoss(profitLoss);
    return profitLossPercent.isEmpty() ? money : money + QStringLiteral(" (") + profitLossPercent + QLatin1Char(')');
}

} // namespace cvc::ui
