#include "coingeckoplan.h"

#include <QtGlobal>

#include <cmath>
#include <limits>

using namespace std::chrono_literals;

namespace cvc {

namespace {
constexpr auto kPublicRoot = "https://api.coingecko.com/api/v3";
constexpr auto kProRoot = "https://pro-api.coingecko.com/api/v3";
// Budgets are checked against the longest month so a plan never runs out on the 31st.
constexpr qint64 kMonthSeconds = 31LL * 24 * 3600;

QString humanDuration(std::chrono::milliseconds d)
{
    const qint64 s = (d.count() + 999) / 1000;
    if (s % 3600 == 0 && s >= 3600)
        return QStringLiteral("%1h").arg(s / 3600);
    if (s % 60 == 0 && s >= 60)
        return QStringLiteral("%1m").arg(s / 60);
    return QStringLiteral("%1s").arg(s);
}
} // namespace

std::optional<CoinGeckoPlan> CoinGeckoPlan::fromString(const QString &text, QString *error)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("public"))
        return CoinGeckoPlan(Kind::Public);
    if (t == QLatin1String("demo"))
        return CoinGeckoPlan(Kind::Demo);
    if (t == QLatin1String("pro"))
        return CoinGeckoPlan(Kind::Pro);
    if (error)
        *error = QStringLiteral("unknown CoinGecko plan \"%1\": use public (no key), demo (a Demo key "
                                "for api.coingecko.com) or pro (a Pro key for pro-api.coingecko.com)")
                     .arg(text);
    return std::nullopt;
}

QString CoinGeckoPlan::name() const
{
    switch (m_kind) {
    case Kind::Public: return QStringLiteral("public");
    case Kind::Demo: return QStringLiteral("demo");
    case Kind::Pro: return QStringLiteral("pro");
    }
    return {};
}

QUrl CoinGeckoPlan::defaultRoot() const
{
    return QUrl(QString::fromLatin1(m_kind == Kind::Pro ? kProRoot : kPublicRoot));
}

QUrl CoinGeckoPlan::effectiveRoot(const QString &commandLineRoot) const
{
    QString root = commandLineRoot.trimmed();
    if (root.isEmpty())
        root = qEnvironmentVariable("CVC_COINGECKO_URL").trimmed();
    if (root.isEmpty())
        return defaultRoot();
    while (root.endsWith(QLatin1Char('/')))
        root.chop(1);
    return QUrl(root);
}

QByteArray CoinGeckoPlan::keyHeader() const
{
    switch (m_kind) {
    case Kind::Public: return {};
    case Kind::Demo: return QByteArrayLiteral("x-cg-demo-api-key");
    case Kind::Pro: return QByteArrayLiteral("x-cg-pro-api-key");
    }
    return {};
}

std::chrono::seconds CoinGeckoPlan::defaultInterval() const
{
    return m_kind == Kind::Demo ? 300s : 60s;
}

std::chrono::seconds CoinGeckoPlan::cacheInterval() const
{
    return m_kind == Kind::Pro ? 20s : 60s;
}

bool CoinGeckoPlan::isPlanHost(const QUrl &root) const
{
    return root.host().compare(defaultRoot().host(), Qt::CaseInsensitive) == 0;
}

int CoinGeckoPlan::monthlyBudget() const
{
    switch (m_kind) {
    case Kind::Public: return 0;
    case Kind::Demo: return 10000;
    case Kind::Pro: return 100000;
    }
    return 0;
}

int CoinGeckoPlan::perMinuteLimit() const
{
    switch (m_kind) {
    case Kind::Public: return 5;
    case Kind::Demo: return 30;
    case Kind::Pro: return 500;
    }
    return 5;
}

qint64 CoinGeckoPlan::callsPerMonth(std::chrono::milliseconds interval)
{
    if (interval.count() <= 0)
        return std::numeric_limits<qint64>::max();
    return qint64(std::ceil(double(kMonthSeconds) * 1000.0 / double(interval.count())));
}

QString CoinGeckoPlan::budgetWarning(std::chrono::milliseconds interval) const
{
    if (interval.count() <= 0)
        return QStringLiteral("a CoinGecko interval of %1 is not a schedule: use a positive interval "
                              "such as %2").arg(humanDuration(interval), humanDuration(defaultInterval()));
    // Per-minute limit first: it bites even on plans without a monthly cap.
    const double perMinute = 60000.0 / double(interval.count());
    if (perMinute > perMinuteLimit()) {
        const qint64 slowest = (60 + perMinuteLimit() - 1) / perMinuteLimit();
        return QStringLiteral("polling CoinGecko every %1 makes %2 calls a minute, more than the %3 "
                              "plan's limit of %4: expect 429 answers; use --interval %5s or slower")
            .arg(humanDuration(interval)).arg(qRound(perMinute)).arg(name()).arg(perMinuteLimit()).arg(slowest);
    }
    const int budget = monthlyBudget();
    if (budget <= 0)
        return {};
    const qint64 calls = callsPerMonth(interval);
    if (calls <= budget)
        return {};
    const qint64 slowest = (kMonthSeconds + budget - 1) / budget;
    return QStringLiteral("polling CoinGecko every %1 makes about %2 calls a month, more than the %3 "
                          "plan's %4: CoinGecko will refuse calls before the month ends; use --interval "
                          "%5s or slower")
        .arg(humanDuration(interval)).arg(calls).arg(name()).arg(budget).arg(slowest);
}

} // namespace cvc
