#pragma once

#include <QObject>
#include <QPointer>

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
    void record(const QJsonObject &object, const QJsonObject &previous);

    QPointer<cvc::HistoryStore> m_store;
    QPointer<cvc::ObjectCache> m_cache;
};

} // namespace cvc::ui
