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
    HistoryRecorder(cvc::HistoryStore *store, cvc::ObjectCache *cache, QObject *parent = nullptr);

    // While set, deletions reported by the cache are a view reset (new scope or context), not
    // deletions on the server.
    void setResetting(bool resetting) { m_resetting = resetting; }

private:
    void record(const QJsonObject &object, const QJsonObject &previous);

    QPointer<cvc::HistoryStore> m_store;
    bool m_resetting = false;
};

} // namespace cvc::ui
