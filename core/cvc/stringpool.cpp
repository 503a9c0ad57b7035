#include "stringpool.h"

namespace cvc {

QString StringPool::intern(const QString &text)
{
    if (text.isEmpty())
        return text;
    // Sweeping costs a pass over the pool: do it once the pool may have doubled.
    if (++m_internsSinceSweep > 2 * m_strings.size() + 1024)
        sweep();
    const auto it = m_strings.constFind(text);
    if (it != m_strings.constEnd())
        return *it;
    m_strings.insert(text);
    return text;
}

void StringPool::sweep()
{
    m_internsSinceSweep = 0;
    // isDetached(): nobody but the pool shares the string's data.
    for (auto it = m_strings.begin(); it != m_strings.end();) {
        if (it->isDetached())
            it = m_strings.erase(it);
        else
            ++it;
    }
}

} // namespace cvc
