#pragma once

#include "listsnapshot.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

class ObjectFilter;

// Cuts one page out of a list snapshot the way kube-apiserver's etcd3 store pages a LIST: from
// the start key on, the objects the selectors match until `limit` are taken; when an object (any,
// matching or not) follows the last one taken, the page carries the key to go on after it. The
// selectors apply before the limit, so every page but the last holds exactly `limit` objects.
class ListPager
{
public:
    struct Page
    {
        QList<QJsonObject> items;
        std::optional<QString> lastKey;            // set when more objects follow (continue)
        std::optional<qint64> remainingItemCount;  // objects after this page, when the filter is empty
    };

    // limit 0 = everything from startKey on. `entries` must be sorted by key.
    static Page page(const QList<ListSnapshot::Entry> &entries, const ObjectFilter &filter, const QString &startKey,
                     qint64 limit);
};

} // namespace cvc::sandbox
