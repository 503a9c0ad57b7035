#include "reconcile/valuation.h"

#include <QByteArray>

#include <charconv>
#include <cmath>
#include <string>

namespace cvc {

namespace {

// A finite double as sign, decimal digits and exponent: value = ±digits × 10^exponent, using
// the shortest digit string that round-trips (what a person wrote in the YAML or what
// CoinGecko sent), not the binary expansion.
struct Decimal
{
    bool negative = false;
    std::string digits; // no leading zeros, at least one digit
    int exponent = 0;
};

Decimal toDecimal(double v)
{
    Decimal d;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string s(buf, res.ptr);
    std::size_t i = 0;
    if (s[i] == '-') {
        d.negative = true;
        ++i;
    }
    const std::size_t e = s.find('e');
    std::string mantissa = s.substr(i, e - i);
    int exp = std::stoi(s.substr(e + 1));
    std::string digits;
    int fraction = 0;
    bool afterDot = false;
    for (char c : mantissa) {
        if (c == '.') {
            afterDot = true;
            continue;
        }
        digits.push_back(c);
        if (afterDot)
            ++fraction;
    }
    d.exponent = exp - fraction;
    const auto nz = digits.find_first_not_of('0');
    d.digits = nz == std::string::npos ? std::string("0") : digits.substr(nz);
    return d;
}

std::string toString(unsigned __int128 v)
{
    if (v == 0)
        return "0";
    std::string out;
    while (v > 0) {
        out.push_back(char('0' + int(v % 10)));
        v /= 10;
    }
    return std::string(out.rbegin(), out.rend());
}

unsigned __int128 toInt(const std::string &digits)
{
    unsigned __int128 v = 0;
    for (char c : digits)
        v = v * 10 + unsigned(c - '0');
    return v;
}

// Adds one to a decimal digit string.
void increment(std::string &digits)
{
    int i = int(digits.size()) - 1;
    while (i >= 0 && digits[i] == '9') {
        digits[i] = '0';
        --i;
    }
    if (i < 0)
        digits.insert(digits.begin(), '1');
    else
        ++digits[i];
}

} // namespace

std::optional<QString> Valuation::multiplyRounded(double a, double b, int decimals)
{
    if (!std::isfinite(a) || !std::isfinite(b))
        return std::nullopt;
    const Decimal da = toDecimal(a);
    const Decimal db = toDecimal(b);
    // Shortest round-trip digits are at most 17 long, so the product fits in 128 bits.
    std::string digits = toString(toInt(da.digits) * toInt(db.digits));
    const int exponent = da.exponent + db.exponent;
    const bool negative = (da.negative != db.negative) && digits != "0";

    // Scale to an integer count of 10^-decimals units.
    const int shift = exponent + decimals;
    std::string units;
    if (shift >= 0) {
        units = digits + std::string(std::size_t(shift), '0');
    } else {
        const std::size_t drop = std::size_t(-shift);
        char firstDropped = '0';
        if (drop <= digits.size()) {
            firstDropped = digits[digits.size() - drop];
            units = digits.substr(0, digits.size() - drop);
        }
        if (units.empty())
            units = "0";
        if (firstDropped >= '5')
            increment(units);
    }
    const auto nz = units.find_first_not_of('0');
    units = nz == std::string::npos ? std::string("0") : units.substr(nz);
    if (decimals > 0 && units.size() <= std::size_t(decimals))
        units.insert(0, std::size_t(decimals) + 1 - units.size(), '0');
    std::string out = units;
    if (decimals > 0)
        out.insert(out.size() - std::size_t(decimals), ".");
    const bool allZero = units.find_first_not_of('0') == std::string::npos;
    if (negative && !allZero)
        out.insert(0, "-");
    return QString::fromStdString(out);
}

QString Valuation::valueDecimal(double amount, double price)
{
    return multiplyRounded(amount, price, 4).value_or(QString());
}

QString Valuation::formatUsd(double amount, double price)
{
    const QString v = valueDecimal(amount, price);
    return v.isEmpty() ? v : QStringLiteral("$") + v;
}

double Valuation::value(double amount, double price)
{
    const QString v = valueDecimal(amount, price);
    return v.isEmpty() ? std::nan("") : v.toDouble();
}

double Valuation::decimalPrice(double price)
{
    if (!std::isfinite(price))
        return price;
    return QByteArray::number(price, 'g', 15).toDouble();
}

QString Valuation::formatPercent(double percent)
{
    if (!std::isfinite(percent))
        return {};
    QString s = multiplyRounded(percent, 1.0, 2).value_or(QString());
    if (s == QLatin1String("0.00"))
        return QStringLiteral("0.00%");
    if (!s.startsWith(QLatin1Char('-')))
        s.prepend(QLatin1Char('+'));
    return s + QLatin1Char('%');
}

QString Valuation::formatChange(double previous, double current)
{
    if (!std::isfinite(previous) || !std::isfinite(current) || previous == 0.0)
        return {};
    return formatPercent((current - previous) / std::fabs(previous) * 100.0);
}

} // namespace cvc
