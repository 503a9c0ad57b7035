#include "cvcstatus.h"

#include <QJsonArray>

#include <array>

namespace cvc {

namespace {

struct FieldName
{
    CvcStatus::Field field;
    QString name;
};

const std::array<FieldName, 14> &fieldNames()
{
    using F = CvcStatus::Field;
    static const std::array<FieldName, 14> names{{
        {F::ObservedGeneration, QStringLiteral("observedGeneration")},
        {F::Price, QStringLiteral("price")},
        {F::Value, QStringLiteral("value")},
        {F::Currency, QStringLiteral("currency")},
        {F::PriceSource, QStringLiteral("priceSource")},
        {F::PriceUpdatedAt, QStringLiteral("priceUpdatedAt")},
        {F::LastUpdated, QStringLiteral("lastUpdated")},
        {F::PreviousValue, QStringLiteral("previousValue")},
        {F::PreviousPrice, QStringLiteral("previousPrice")},
        {F::Change, QStringLiteral("change")},
        {F::Change24h, QStringLiteral("change24h")},
        {F::ProfitLoss, QStringLiteral("profitLoss")},
        {F::ProfitLossPercent, QStringLiteral("profitLossPercent")},
        {F::Conditions, QStringLiteral("conditions")},
    }};
    return names;
}

template<typename T>
QJsonValue toJsonValue(const std::optional<T> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Undefined);
}

} // namespace

CvcStatus CvcStatus::fromJson(const QJsonObject &status)
{
    CvcStatus s;
    const auto number = [&](Field f, const QString &key, std::optional<double> &out) {
        const QJsonValue v = status.value(key);
        if (v.isDouble())
            out = v.toDouble();
        else if (!v.isUndefined())
            s.m_malformed |= 1u << int(f);
    };
    const auto text = [&](Field f, const QString &key, std::optional<QString> &out) {
        const QJsonValue v = status.value(key);
        if (v.isString())
            out = v.toString();
        else if (!v.isUndefined())
            s.m_malformed |= 1u << int(f);
    };
    for (const FieldName &n : fieldNames()) {
        switch (n.field) {
        case Field::ObservedGeneration: {
            const QJsonValue v = status.value(n.name);
            if (v.isDouble())
                s.observedGeneration = v.toInteger();
            else if (!v.isUndefined())
                s.m_malformed |= 1u << int(n.field);
            break;
        }
        case Field::Price: number(n.field, n.name, s.price); break;
        case Field::Value: number(n.field, n.name, s.value); break;
        case Field::Currency: text(n.field, n.name, s.currency); break;
        case Field::PriceSource: text(n.field, n.name, s.priceSource); break;
        case Field::PriceUpdatedAt: text(n.field, n.name, s.priceUpdatedAt); break;
        case Field::LastUpdated: text(n.field, n.name, s.lastUpdated); break;
        case Field::PreviousValue: number(n.field, n.name, s.previousValue); break;
        case Field::PreviousPrice: number(n.field, n.name, s.previousPrice); break;
        case Field::Change: text(n.field, n.name, s.change); break;
        case Field::Change24h: text(n.field, n.name, s.change24h); break;
        case Field::ProfitLoss: number(n.field, n.name, s.profitLoss); break;
        case Field::ProfitLossPercent: text(n.field, n.name, s.profitLossPercent); break;
        case Field::Conditions: {
            const QJsonValue v = status.value(n.name);
            if (v.isArray())
                s.conditions = Conditions::fromJson(v.toArray());
            else if (!v.isUndefined())
                s.m_malformed |= 1u << int(n.field);
            break;
        }
        }
    }
    return s;
}

QJsonValue CvcStatus::fieldJson(Field field) const
{
    switch (field) {
    case Field::ObservedGeneration: return toJsonValue(observedGeneration);
    case Field::Price: return toJsonValue(price);
    case Field::Value: return toJsonValue(value);
    case Field::Currency: return toJsonValue(currency);
    case Field::PriceSource: return toJsonValue(priceSource);
    case Field::PriceUpdatedAt: return toJsonValue(priceUpdatedAt);
    case Field::LastUpdated: return toJsonValue(lastUpdated);
    case Field::PreviousValue: return toJsonValue(previousValue);
    case Field::PreviousPrice: return toJsonValue(previousPrice);
    case Field::Change: return toJsonValue(change);
    case Field::Change24h: return toJsonValue(change24h);
    case Field::ProfitLoss: return toJsonValue(profitLoss);
    case Field::ProfitLossPercent: return toJsonValue(profitLossPercent);
    case Field::Conditions: return conditions ? QJsonValue(conditions->toJson()) : QJsonValue(QJsonValue::Undefined);
    }
    return QJsonValue(QJsonValue::Undefined);
}

QJsonObject CvcStatus::toJson() const
{
    QJsonObject o;
    for (const FieldName &n : fieldNames()) {
        const QJsonValue v = fieldJson(n.field);
        if (!v.isUndefined())
            o.insert(n.name, v);
    }
    return o;
}

QJsonObject CvcStatus::difference(const CvcStatus &current, const CvcStatus &desired)
{
    QJsonObject patch;
    for (const FieldName &n : fieldNames()) {
        const QJsonValue want = desired.fieldJson(n.field);
        const QJsonValue have = current.fieldJson(n.field);
        const bool malformed = current.isMalformed(n.field);
        if (!want.isUndefined()) {
            if (malformed || have != want)
                patch.insert(n.name, want);
        } else if (malformed || !have.isUndefined()) {
            patch.insert(n.name, QJsonValue::Null);
        }
    }
    return patch;
}

} // namespace cvc
