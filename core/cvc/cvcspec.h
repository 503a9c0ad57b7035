#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace cvc {

// spec of a CryptoValueCalculator as its user wrote it, including what is wrong with it: the
// original CRD accepts any JSON in spec, so a missing coin or an amount of "lots" must be
// described, not assumed away.
struct CvcSpec
{
    enum class AmountKind { Missing, Null, Number, String, Bool, Other };

    QString coin;                 // spec.coin when it is a string
    bool coinIsString = false;
    AmountKind amountKind = AmountKind::Missing;
    double amount = 0;            // when amountKind is Number
    QString amountString;         // when amountKind is String
    // spec.costBasis: USD paid for the amount held (optional). A value that is not a number (the
    // original CRD takes anything) is kept in badCostBasis, for the message that asks to fix it.
    std::optional<double> costBasis;
    QJsonValue badCostBasis{QJsonValue::Undefined};

    bool hasNumericAmount() const { return amountKind == AmountKind::Number; }
    // How a message names the amount: 0.0023, "lots", true, an object.
    QString describeAmount() const;
    bool hasBadCostBasis() const { return !badCostBasis.isUndefined(); }
    // How a message names a bad cost basis: "lots", true, an object.
    QString describeBadCostBasis() const;

    static CvcSpec fromJson(const QJsonValue &spec);
    // What fromJson() reads back the same (an amount that was an object or array reads back
    // as an empty object: still "an object").
    QJsonObject toJson() const;

    friend bool operator==(const CvcSpec &, const CvcSpec &) = default;
};

} // namespace cvc
