#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

namespace cvc {
class HistoryStore;
class ObjectCache;
}

namespace cvc::ui {

// Writes a history sample whenever a CVC in the cache gets a new valuation (status.lastUpdated
// moves), whoever wrote it: this window or cvc-operator. Records amount changes as they are
// seen and marks CVCs deleted (their history stays until the user clears it).
class HistoryRecorder : public QObject
{
    Q_OBJECT
public:
    explicit HistoryRecorder(cvc::HistoryStore *store, QObject *parent = nullptr);

    // The cache of the context on screen (a new one per context; nullptr when closed). A cache
    // reports a deletion only when the server deleted the object, so every one is recorded.
    void setCache(cvc::ObjectCache *cache);

private:
    // What the last event of a CVC showed, to tell an amount edit and a new valuation from an
    // event that changed neither (most events of a tick change one of annotation and status).
    struct Seen
    {
        QString coin;
        double amount = 0;
        QString lastUpdated;
        QString value;
    };

    void record(const QString &key);

    QPointer<cvc::HistoryStore> m_store;
    QPointer<cvc::ObjectCache> m_cache;
    QHash<QString, Seen> m_seen;
};

} // namespace cvc::ui
