#pragma once

#include <QByteArray>
#include <QString>

namespace cvc {

// What CoinGecko's GET /key (Pro plans only, docs.coingecko.com/reference/api-usage) says about
// the key: its plan and monthly credits and the calls counted this month. CoinGecko's own count
// includes every other user of the key, so it corrects ours. Pure: parse() is unit-tested.
class CoinGeckoKeyUsage
{
public:
    static CoinGeckoKeyUsage parse(const QByteArray &body);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString plan() const { return m_plan; }                 // as CoinGecko names it: "Analyst", …
    qint64 monthlyCredits() const { return m_monthlyCredits; }
    qint64 callsThisMonth() const { return m_callsThisMonth; }
    qint64 remaining() const { return m_remaining; }

private:
    QString m_error = QStringLiteral("not parsed");
    QString m_plan;
    qint64 m_monthlyCredits = 0;
    qint64 m_callsThisMonth = 0;
    qint64 m_remaining = 0;
};

} // namespace cvc
