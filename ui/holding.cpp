#include "holding.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace cvc::ui {

namespace {

QJsonObject condition(const QJsonArray &conditions, const QString &type)
{
    for (const QJsonValue &c : conditions) {
        if (c.toObject().value(QLatin1String("type")).toString() == type)
            return c.toObject();
    }
    return {};
}

bool isTrue(const QJsonObject &condition)
{
    return condition.value(QLatin1String("status")).toString() == QLatin1String("True");
}

QString describe(const QJsonObject &condition)
{
    const QString reason = condition.value(QLatin1String("reason")).toString();
    const QString message = condition.value(QLatin1String("message")).toString();
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

Holding Holding::fromObject(const QJsonObject &object, const Holding *previous)
{
    Holding h;
    h.object = object;
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    const QJsonObject spec = object.value(QLatin1String("spec")).toObject();
    const QJsonObject status = object.value(QLatin1String("status")).toObject();
    h.name = metadata.value(QLatin1String("name")).toString();
    h.namespaceName = metadata.value(QLatin1String("namespace")).toString();
    h.key = h.namespaceName.isEmpty() ? h.name : h.namespaceName + QLatin1Char('/') + h.name;
    h.uid = metadata.value(QLatin1String("uid")).toString();
    h.resourceVersion = metadata.value(QLatin1String("resourceVersion")).toString();
    h.coin = spec.value(QLatin1String("coin")).toString();
    const QJsonValue amount = spec.value(QLatin1String("amount"));
    if (amount.isDouble()) {
        h.amount = amount.toDouble();
        h.hasAmount = true;
        h.amountText = formatNumber(h.amount);
    } else if (!amount.isUndefined()) {
        h.amountText = amount.toVariant().toString();
    }
    const QJsonValue price = status.value(QLatin1String("price"));
    if (price.isDouble()) {
        h.price = price.toDouble();
        h.hasPrice = true;
    }
    h.valueText = metadata.value(QLatin1String("annotations")).toObject().value(QLatin1String("value")).toString();
    if (h.valueText.startsWith(QLatin1Char('$'))) {
        bool ok = false;
        h.value = QStringView(h.valueText).mid(1).toDouble(&ok);
        h.hasValue = ok;
    }
    h.change = status.value(QLatin1String("change")).toString();
    h.change24h = status.value(QLatin1String("change24h")).toString();
    if (!h.change24h.isEmpty()) {
        QString number = h.change24h;
        number.remove(QLatin1Char('%'));
        h.change24hPercent = number.toDouble(&h.hasChange24h);
    }
    h.updatedText = status.value(QLatin1String("lastUpdated")).toString();
    h.updated = previous && previous->updatedText == h.updatedText
                    ? previous->updated
                    : QDateTime::fromString(h.updatedText, Qt::ISODateWithMs);

    const QJsonArray conditions = status.value(QLatin1String("conditions")).toArray();
    const QJsonObject invalid = condition(conditions, QStringLiteral("InvalidSpec"));
    const QJsonObject stale = condition(conditions, QStringLiteral("PriceStale"));
    const QJsonObject ready = condition(conditions, QStringLiteral("Ready"));
    const qint64 generation = metadata.value(QLatin1String("generation")).toInteger();
    const qint64 observed = status.value(QLatin1String("observedGeneration")).toInteger(-1);
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
