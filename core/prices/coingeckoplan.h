#pragma once

#include <QString>
#include <QUrl>

#include <chrono>
#include <optional>

namespace cvc {

// Which CoinGecko API the user pays for (or not). It decides the root URL, the header that carries
// the key, the default polling interval and the monthly call budget the interval must fit into.
class CoinGeckoPlan
{
public:
    enum class Kind { Public, Demo, Pro };

    CoinGeckoPlan() = default; // Public
    explicit CoinGeckoPlan(Kind kind) : m_kind(kind) {}

    // Parses "public", "demo" or "pro" (case-insensitive). On failure returns nullopt and, when
    // error is given, a sentence naming the accepted values.
    static std::optional<CoinGeckoPlan> fromString(const QString &text, QString *error = nullptr);

    Kind kind() const { return m_kind; }
    QString name() const; // "public", "demo", "pro"
    bool requiresKey() const { return m_kind != Kind::Public; }

    // https://api.coingecko.com/api/v3 or https://pro-api.coingecko.com/api/v3
    QUrl defaultRoot() const;
    // The root actually used: commandLineRoot (--coingecko-url) when given, else the environment
    // variable CVC_COINGECKO_URL when set, else defaultRoot(). A trailing slash is removed.
    QUrl effectiveRoot(const QString &commandLineRoot = {}) const;

    // "x-cg-demo-api-key", "x-cg-pro-api-key", or empty for Public.
    QByteArray keyHeader() const;

    // Public 60 s, Demo 300 s, Pro 60 s.
    std::chrono::seconds defaultInterval() const;
    // How long CoinGecko's edge caches /simple/price on this plan: asking more often returns the
    // same prices. Public and Demo 60 s, Pro 20 s (docs.coingecko.com changelog, January 2025).
    std::chrono::seconds cacheInterval() const;
    // True when root is this plan's real CoinGecko host (not a test or proxy URL): only there do
    // the plan's cache time and limits apply.
    bool isPlanHost(const QUrl &root) const;

    // Calls a month the plan grants: Demo 10,000, Pro 100,000 (the smallest paid plan).
    // Public has no monthly credit (only an IP-based per-minute limit): 0 means "no monthly cap".
    int monthlyBudget() const;
    // Calls a minute before CoinGecko answers 429: Public 5 (its worst case), Demo 30, Pro 500.
    int perMinuteLimit() const;

    // Calls a 31-day month at one call per interval.
    static qint64 callsPerMonth(std::chrono::milliseconds interval);

    // Empty when polling every interval fits the plan; otherwise a warning a person can act on,
    // naming the interval, the calls it would make and the slowest interval that fits.
    QString budgetWarning(std::chrono::milliseconds interval) const;

    friend bool operator==(const CoinGeckoPlan &a, const CoinGeckoPlan &b) { return a.m_kind == b.m_kind; }

private:
    Kind m_kind = Kind::Public;
};

} // namespace cvc
