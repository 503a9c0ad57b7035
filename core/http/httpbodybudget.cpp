#include "httpbodybudget.h"

namespace cvc {

bool HttpBodyBudget::tryReserve(qint64 bytes, qint64 limit)
{
    if (bytes <= 0)
        return true;
    if (m_reserved + bytes > limit)
        return false;
    m_reserved += bytes;
    return true;
}

void HttpBodyBudget::release(qint64 bytes)
{
    m_reserved = qMax<qint64>(0, m_reserved - bytes);
}

} // namespace cvc
