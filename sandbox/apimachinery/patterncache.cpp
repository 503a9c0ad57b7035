#include "apimachinery/patterncache.h"

#include <QHash>
#include <QMutex>

#include <list>
#include <utility>

namespace cvc::sandbox {

namespace {

// Several servers may run in one process (the tests run each in a thread of its own).
struct Cache
{
    QMutex mutex;
    std::list<std::pair<QString, PatternCache::Entry>> recent; // most recently used first
    QHash<QString, std::list<std::pair<QString, PatternCache::Entry>>::iterator> index;
    qint64 compilations = 0;
};

Cache &cache()
{
    static Cache instance;
    return instance;
}

} // namespace

PatternCache::Entry PatternCache::lookup(const QString &pattern)
{
    Cache &c = cache();
    {
        QMutexLocker lock(&c.mutex);
        const auto found = c.index.constFind(pattern);
        if (found != c.index.constEnd()) {
            c.recent.splice(c.recent.begin(), c.recent, *found);
            return c.recent.front().second;
        }
    }
    // Compiled outside the lock: a large pattern takes milliseconds and others may be waiting.
    Entry entry;
    entry.regexp = GoRegexp::compile(pattern, &entry.error);
    QMutexLocker lock(&c.mutex);
    ++c.compilations;
    if (!c.index.contains(pattern)) {
        c.recent.emplace_front(pattern, entry);
        c.index.insert(pattern, c.recent.begin());
        if (c.recent.size() > size_t(Capacity)) {
            c.index.remove(c.recent.back().first);
            c.recent.pop_back();
        }
    }
    return entry;
}

qint64 PatternCache::compilations()
{
    Cache &c = cache();
    QMutexLocker lock(&c.mutex);
    return c.compilations;
}

} // namespace cvc::sandbox
