#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

class QNetworkAccessManager;

namespace cvc::testsupport {
class SandboxProcess;
}

namespace cvc::bench {

// Sends `total` requests to a sandbox with at most `concurrency` in flight (QNAM's six HTTP/1.1
// connections per host bound it anyway) and measures the wall time, so a figure is requests/s under
// steady load rather than one round trip after another.
class RequestPump : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QString pathAndQuery;
        QByteArray body;
        QByteArray contentType;
    };
    struct Result
    {
        int completed = 0;
        int failed = 0;          // non-2xx or transport errors
        qint64 bytes = 0;        // response bodies received
        qint64 elapsedMs = 0;
        double perSecond() const { return elapsedMs > 0 ? completed * 1000.0 / elapsedMs : 0.0; }
    };

    explicit RequestPump(testsupport::SandboxProcess &sandbox, QObject *parent = nullptr);

    Result run(int total, int concurrency, const std::function<Request(int index)> &make);

private:
    testsupport::SandboxProcess &m_sandbox;
    QNetworkAccessManager *m_network;
};

} // namespace cvc::bench
