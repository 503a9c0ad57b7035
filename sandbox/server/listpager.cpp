#include "listpager.h"

#include "objectfilter.h"

#include <algorithm>

namespace cvc::sandbox {

ListPager::Page ListPager::page(const QList<ListSnapshot::Entry> &entries, const ObjectFilter &filter,
                                const QString &startKey, qint64 limit)
{
    Page page;
    auto it = std::lower_bound(entries.cbegin(), entries.cend(), startKey,
                               [](const ListSnapshot::Entry &entry, const QString &key) { return entry.key < key; });
    for (; it != entries.cend(); ++it) {
        if (limit > 0 && page.items.size() >= limit) {
            page.lastKey = std::prev(it)->key;
            // kube counts the keys left in the range, which only equals the objects a client
            // would get when no selector filters them; with one it leaves the field out.
            if (filter.isEmpty())
                page.remainingItemCount = qint64(std::distance(it, entries.cend()));
            break;
        }
        if (filter.isEmpty() || filter.matches(it->object))
            page.items.append(it->object);
    }
    return page;
}

} // namespace cvc::sandbox
