#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace cvc {

// client-go's rest_client_requests_total: answered requests by status code, method and host.
// Shared by the clients of one process (the operator's and its Lease client), as client-go's
// global counter is, so /metrics shows one series per code, method and host.
class RestRequestCounts
{
public:
    struct Count
    {
        QString code;      // "200", "409", … or "<error>" when no HTTP answer came (client-go's word)
        QString method;    // "GET", "PATCH", …
        QString host;      // the server's host:port
        qint64 requests = 0;
    };

    // httpStatus 0 = no HTTP answer (refused, reset, timeout).
    void note(int httpStatus, const QByteArray &method, const QString &host);
    // Sorted by host, method and code, so scrapes list series in a stable order.
    QList<Count> counts() const;

private:
    QHash<QString, Count> m_counts;
};

} // namespace cvc
