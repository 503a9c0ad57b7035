#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// Counters for GET /sandbox/stats: tests count writes per field manager (did the operator write
// only when something changed?) and requests per user agent.
class RequestStats
{
public:
    void recordRequest(const QString &userAgent, const QString &verb);
    void recordWrite(const QString &fieldManager);

    QJsonObject toJson() const;
    void reset();

private:
    qint64 m_requests = 0;
    QHash<QString, qint64> m_byUserAgent;
    QHash<QString, qint64> m_byVerb;
    QHash<QString, qint64> m_writesByFieldManager;
};

} // namespace cvc::sandbox
