#include "cvcspec.h"

#include "json/gofmt.h"

#include <QJsonObject>

namespace cvc {

QString CvcSpec::describeAmount() const
{
    switch (amountKind) {
    case AmountKind::Number: return GoFormat::formatFloat(amount);
    case AmountKind::String: return QLatin1Char('"') + amountString + QLatin1Char('"');
    case AmountKind::Bool: return amount != 0 ? QStringLiteral("true") : QStringLiteral("false");
    case AmountKind::Null: return QStringLiteral("null");
    case AmountKind::Missing: return QStringLiteral("missing");
    case AmountKind::Other: break;
    }
    return QStringLiteral("an object");
}

QString CvcSpec::describeBadCostBasis() const
{
    if (badCostBasis.isString())
        return QLatin1Char('"') + badCostBasis.toString() + QLatin1Char('"');
    if (badCostBasis.isBool())
        return badCostBasis.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return badCostBasis.isArray() ? QStringLiteral("a list") : QStringLiteral("an object");
}

CvcSpec CvcSpec::fromJson(const QJsonValue &specValue)
{
    CvcSpec spec;
    const QJsonObject object = specValue.toObject();
    const QJsonValue coin = object.value(QStringLiteral("coin"));
    spec.coinIsString = coin.isString();
    spec.coin = coin.toString();
    const QJsonValue amount = object.value(QStringLiteral("amount"));
    switch (amount.type()) {
    case QJsonValue::Undefined: spec.amountKind = AmountKind::Missing; break;
    case QJsonValue::Null: spec.amountKind = AmountKind::Null; break;
    case QJsonValue::Double:
        spec.amountKind = AmountKind::Number;
        spec.amount = amount.toDouble();
        break;
    case QJsonValue::String:
        spec.amountKind = AmountKind::String;
        spec.amountString = amount.toString();
        break;
    case QJsonValue::Bool:
        spec.amountKind = AmountKind::Bool;
        spec.amount = amount.toBool() ? 1 : 0;
        break;
    default: spec.amountKind = AmountKind::Other; break;
    }
    const QJsonValue costBasis = object.value(QStringLiteral("costBasis"));
    if (costBasis.isDouble())
        spec.costBasis = costBasis.toDouble();
    else if (!costBasis.isUndefined() && !costBasis.isNull())
        spec.badCostBasis = costBasis;
    return spec;
}

QJsonObject CvcSpec::toJson() const
{
    QJsonObject o;
    if (coinIsString)
        o.insert(QStringLiteral("coin"), coin);
    switch (amountKind) {
    case AmountKind::Missing: break;
    case AmountKind::Null: o.insert(QStringLiteral("amount"), QJsonValue::Null); break;
    case AmountKind::Number: o.insert(QStringLiteral("amount"), amount); break;
    case AmountKind::String: o.insert(QStringLiteral("amount"), amountString); break;
    case AmountKind::Bool: o.insert(QStringLiteral("amount"), amount != 0); break;
    case AmountKind::Other: o.insert(QStringLiteral("amount"), QJsonObject()); break;
    }
    if (costBasis)
        o.insert(QStringLiteral("costBasis"), *costBasis);
    else if (hasBadCostBasis())
        o.insert(QStringLiteral("costBasis"), badCostBasis);
    return o;
}

} // namespace cvc
