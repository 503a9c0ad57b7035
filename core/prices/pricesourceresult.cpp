#include "pricesourceresult.h"

#include <algorithm>

namespace cvc {

PriceSourceResult PriceSourceResult::ok(const QuoteMap &quotes, QStringList missing)
{
    PriceSourceResult r;
    r.m_kind = Kind::Ok;
    r.m_quotes = quotes;
    std::sort(missing.begin(), missing.end());
    r.m_missing = missing;
    return r;
}

PriceSourceResult PriceSourceResult::failed(Kind kind, const QString &reason,
                                            std::optional<std::chrono::milliseconds> retryAfter)
{
    PriceSourceResult r;
    r.m_kind = kind == Kind::Ok ? Kind::Error : kind;
    r.m_reason = reason;
    r.m_retryAfter = retryAfter;
    return r;
}

} // namespace cvc
