#pragma once

#include <QString>

#include <optional>

namespace cvc {

// Money arithmetic for CVC values. Amounts and prices arrive as doubles (JSON numbers); the
// product is formed in exact decimal from each double's shortest round-trip digits, so
// 0.0023 × 41222 is 94.8106 and not 94.81059999…, and a shiba-inu price like 0.00000812 times
// millions of coins keeps every digit. Rounding is half away from zero at the 4th decimal.
class Valuation
{
public:
    // "$94.8106": `$`, no thousands separator, exactly 4 decimals. Empty for NaN/inf input.
    static QString formatUsd(double amount, double price);
    // The same value as a plain decimal string without `$` ("94.8106").
    static QString valueDecimal(double amount, double price);
    // The rounded value as a double (what goes into status.value).
    static double value(double amount, double price);

    // Signed percent change from `previous` to `current` with two decimals: "+1.25%", "-0.40%",
    // "0.00%" (never "-0.00%"). Empty when there is no meaningful base (previous is 0).
    static QString formatChange(double previous, double current);
    // A percentage the feed already computed (CoinGecko's usd_24h_change) in the same format.
    static QString formatPercent(double percent);

    // `price` to 15 significant digits, which every double holds exactly: what a source meant
    // (0.08925) when arithmetic on the way added noise (0.08925000000000001).
    static double decimalPrice(double price);

    // Exact decimal product of two doubles, rounded half away from zero to `decimals` places,
    // as a plain decimal string ("-12.3400"). std::nullopt for NaN/inf.
    static std::optional<QString> multiplyRounded(double a, double b, int decimals);
};

} // namespace cvc
