#include "holding.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

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

bool isTrue(const QJsonObject &condition)
{
    return condition.value(QStringLiteral("status")).toString() == QLatin1String("True");
}

QString describe(const QJsonObject &condition)
{
    const QString reason = condition.value(QStringLiteral("reason")).toString();
    const QString message = condition.value(QStringLiteral("message")).toString();
    if (reason.isEmpty())
        return message;
    if (message.isEmpty())
        return reason;
    return reason + QStringLiteral(": ") + message;
}

} // namespace

QString Holding::formatNumber(double number)
{
    // Shortest round-trip digits without exponent for ordinary amounts, as kubectl prints 0.0023.
    QString text = QString::number(number, 'f', QLocale::FloatingPointShortest);
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

// Keys are QStringLiterals: Qt 6.4's QJsonObject::value() finds a QString key in about half the
// time of a QLatin1String one, and a tick reads some twenty keys per watch event.
Holding Holding::fromObject(const QJsonObject &object, const Holding *previous)
{
    Holding h;
    h.object = object;
    const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    const QJsonValue spec = object.value(QStringLiteral("spec"));
    const QJsonObject status = object.value(QStringLiteral("status")).toObject();
    if (previous) {
        // The cache reports a modification under the same key, so the same name and namespace.
        h.name = previous->name;
        h.namespaceName = previous->namespaceName;
        h.key = previous->key;
    } else {
        h.name = metadata.value(QStringLiteral("name")).toString();
        h.namespaceName = metadata.value(QStringLiteral("namespace")).toString();
        h.key = h.namespaceName.isEmpty() ? h.name : h.namespaceName + QLatin1Char('/') + h.name;
    }
    h.uid = metadata.value(QStringLiteral("uid")).toString();
    h.resourceVersion = metadata.value(QStringLiteral("resourceVersion")).toString();
    if (previous && spec == previous->object.value(QStringLiteral("spec"))) {
        // Ticks write the annotation and the status, never the spec.
        h.coin = previous->coin;
        h.amount = previous->amount;
        h.hasAmount = previous->hasAmount;
        h.amountText = previous->amountText;
    } else {
        const QJsonObject specObject = spec.toObject();
        h.coin = specObject.value(QStringLiteral("coin")).toString();
        const QJsonValue amount = specObject.value(QStringLiteral("amount"));
        if (amount.isDouble()) {
            h.amount = amount.toDouble();
            h.hasAmount = true;
            h.amountText = formatNumber(h.amount);
        } else if (!amount.isUndefined()) {
            h.amountText = amount.toVariant().toString();
        }
    }
    const QJsonValue price = status.value(QStringLiteral("price"));
    if (price.isDouble()) {
        h.price = price.toDouble();
        h.hasPrice = true;
    }
    h.valueText = metadata.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("value")).toString();
    if (previous && previous->valueText == h.valueText) {
        h.value = previous->value;
        h.hasValue = previous->hasValue;
    } else if (h.valueText.startsWith(QLatin1Char('$'))) {
        h.value = parseNumber(QStringView(h.valueText).mid(1), &h.hasValue);
    }
    h.change = status.value(QStringLiteral("change")).toString();
    h.change24h = status.value(QStringLiteral("change24h")).toString();
    if (previous && previous->change24h == h.change24h) {
        h.change24hPercent = previous->change24hPercent;
        h.hasChange24h = previous->hasChange24h;
    } else if (!h.change24h.isEmpty()) {
        QString number = h.change24h;
        number.remove(QLatin1Char('%'));
        h.change24hPercent = parseNumber(number, &h.hasChange24h);
    }
    h.updatedText = status.value(QStringLiteral("lastUpdated")).toString();
    h.updated = previous && previous->updatedText == h.updatedText
                    ? previous->updated
                    : QDateTime::fromString(h.updatedText, Qt::ISODateWithMs);

    QJsonObject invalid;
    QJsonObject stale;
    QJsonObject ready;
    const QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue &c : conditions) {
        // The first condition of each type counts, as the API allows one per type.
        const QJsonObject condition = c.toObject();
        const QString type = condition.value(QStringLiteral("type")).toString();
        QJsonObject *slot = type == QLatin1String("InvalidSpec") ? &invalid
                            : type == QLatin1String("PriceStale") ? &stale
                            : type == QLatin1String("Ready")      ? &ready
                                                                  : nullptr;
        if (slot && slot->isEmpty())
            *slot = condition;
    }
    const qint64 generation = metadata.value(QStringLiteral("generation")).toInteger();
    const qint64 observed = status.value(QStringLiteral("observedGeneration")).toInteger(-1);
    if (isTrue(invalid)) {
        h.state = State::Invalid;
        h.stateReason = describe(invalid);
    } else if (!h.hasValue) {
        h.state = State::Pending;
        h.stateReason = QCoreApplication::translate("Holding", "Not valued yet: waiting for the first price.");
    } else if (isTrue(stale)) {
        h.state = State::Stale;
        h.stateReason = describe(stale);
    } else if (observed >= 0 && generation > observed) {
        h.state = State::Pending;
        h.stateReason = QCoreApplication::translate("Holding", "The spec changed (generation %1); the value is for "
                                                               "generation %2 until the next valuation.")
                            .arg(generation).arg(observed);
    } else {
        h.state = State::Fresh;
        h.stateReason = ready.isEmpty() ? QCoreApplication::translate("Holding", "Valued at the latest price.")
                                        : describe(ready);
    }
    return h;
}

} // namespace cvc::ui
