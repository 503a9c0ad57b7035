#include "restrequestcounts.h"

#include <algorithm>
#include <tuple>

namespace cvc {

void RestRequestCounts::note(int httpStatus, const QByteArray &method, const QString &host)
{
    const QString code = httpStatus > 0 ? QString::number(httpStatus) : QStringLiteral("<error>");
    const QString m = QString::fromLatin1(method);
    Count &c = m_counts[host + QLatin1Char(' ') + m + QLatin1Char(' ') + code];
    if (c.requests == 0)
        c = Count{code, m, host, 0};
    ++c.requests;
}

QList<RestRequestCounts::Count> RestRequestCounts::counts() const
{
    QList<Count> all = m_counts.values();
    std::sort(all.begin(), all.end(), [](const Count &a, const Count &b) {
        return std::tie(a.host, a.method, a.code) < std::tie(b.host, b.method, b.code);
    });
    return all;
}

} // namespace cvc
