#include "pricesourcerequestcounts.h"
#include "pricesourceresult.h"

namespace cvc {

QString PriceSourceRequestCounts::codeOf(const PriceSourceResult &result)
{
    if (result.httpStatus() > 0)
        return QString::number(result.httpStatus());
    return result.kind() == PriceSourceResult::Kind::Timeout ? QStringLiteral("timeout") : QStringLiteral("error");
}

void PriceSourceRequestCounts::record(const QString &source, const PriceSourceResult &result)
{
    if (result.requested())
        ++m_counts[{source, codeOf(result)}];
}

QList<PriceSourceRequestCounts::Count> PriceSourceRequestCounts::counts() const
{
    QList<Count> list;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        list.append(Count{it.key().first, it.key().second, it.value()});
    return list;
}

qint64 PriceSourceRequestCounts::requests(const QString &source, const QString &code) const
{
    return m_counts.value({source, code});
}

} // namespace cvc
