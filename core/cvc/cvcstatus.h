#pragma once

#include "conditions.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc {

// The operator-owned fields of a CVC's status, typed (../shared/cvc-contract.md defines each).
// Fields of status that the operator does not own are not here and never written: a merge
// patch of the difference leaves them alone.
struct CvcStatus
{
    enum class Field {
        ObservedGeneration, Price, Value, Currency, PriceSource, PriceUpdatedAt, LastUpdated,
        PreviousValue, PreviousPrice, Change, Change24h, ProfitLoss, ProfitLossPercent, Conditions,
    };

    std::optional<qint64> observedGeneration;
    std::optional<double> price;            // USD
    std::optional<double> value;            // USD, the annotation's number
    std::optional<QString> currency;        // "USD"
    std::optional<QString> priceSource;     // "coingecko", "defillama", …
    std::optional<QString> priceUpdatedAt;  // RFC 3339, kept verbatim
    std::optional<QString> lastUpdated;     // RFC 3339, kept verbatim
    std::optional<double> previousValue;
    std::optional<double> previousPrice;
    std::optional<QString> change;          // "+1.25%"
    std::optional<QString> change24h;       // "-0.40%"
    std::optional<double> profitLoss;       // USD, value − spec.costBasis, only with a cost basis
    std::optional<QString> profitLossPercent; // "+12.50%", profitLoss / costBasis; absent for a cost basis of 0
    std::optional<Conditions> conditions;

    // Reads status; an owned field of the wrong JSON type reads as absent and is remembered as
    // malformed, so that difference() replaces or removes it.
    static CvcStatus fromJson(const QJsonObject &status);
    QJsonObject toJson() const;

    // The merge patch that turns `current` into `desired` for the owned fields: a changed or
    // malformed field is set, a field `desired` lacks is deleted (null). Empty when they agree.
    static QJsonObject difference(const CvcStatus &current, const CvcStatus &desired);

    const Condition *condition(QStringView type) const { return conditions ? conditions->find(type) : nullptr; }
    bool isMalformed(Field field) const { return m_malformed & (1u << int(field)); }

    friend bool operator==(const CvcStatus &, const CvcStatus &) = default;

private:
    QJsonValue fieldJson(Field field) const;

    quint32 m_malformed = 0;
};

} // namespace cvc
