#include "coingeckokeyusage.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace cvc {

CoinGeckoKeyUsage CoinGeckoKeyUsage::parse(const QByteArray &body)
{
    CoinGeckoKeyUsage usage;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QJsonValue credits = o.value(QLatin1String("monthly_call_credit"));
    const QJsonValue total = o.value(QLatin1String("current_total_monthly_calls"));
    const QJsonValue remaining = o.value(QLatin1String("current_remaining_monthly_calls"));
    if (!credits.isDouble() || !total.isDouble() || credits.toDouble() < 0 || total.toDouble() < 0) {
        usage.m_error = QStringLiteral("CoinGecko's /key answer has no monthly_call_credit and current_total_monthly_calls");
        return usage;
    }
    usage.m_error.clear();
    usage.m_plan = o.value(QLatin1String("plan")).toString();
    usage.m_monthlyCredits = qint64(credits.toDouble());
    usage.m_callsThisMonth = qint64(total.toDouble());
    usage.m_remaining = remaining.isDouble() ? qint64(remaining.toDouble()) : usage.m_monthlyCredits - usage.m_callsThisMonth;
    return usage;
}

} // namespace cvc
