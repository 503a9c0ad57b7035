#include "requestpump.h"

#include "sandboxprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace cvc::bench {

RequestPump::RequestPump(testsupport::SandboxProcess &sandbox, QObject *parent)
    : QObject(parent)
    , m_sandbox(sandbox)
    , m_network(new QNetworkAccessManager(this))
{
}

RequestPump::Result RequestPump::run(int total, int concurrency, const std::function<Request(int index)> &make)
{
    Result result;
    if (total <= 0)
        return result;
    QEventLoop loop;
    int next = 0;
    int inFlight = 0;
    std::function<void()> sendNext = [&] {
        while (inFlight < concurrency && next < total) {
            const Request request = make(next++);
            QNetworkRequest networkRequest = m_sandbox.networkRequest(request.pathAndQuery);
            if (!request.contentType.isEmpty())
                networkRequest.setRawHeader("Content-Type", request.contentType);
            QNetworkReply *reply = m_network->sendCustomRequest(networkRequest, request.method, request.body);
            ++inFlight;
            connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                result.bytes += reply->readAll().size();
                if (status / 100 == 2)
                    ++result.completed;
                else
                    ++result.failed;
                reply->deleteLater();
                --inFlight;
                if (next < total)
                    sendNext();
                else if (inFlight == 0)
                    loop.quit();
            });
        }
    };
    QElapsedTimer timer;
    timer.start();
    sendNext();
    loop.exec();
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace cvc::bench
