#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

class QNetworkAccessManager;
class QNetworkReply;

namespace cvc::testsupport {

class SandboxProcess;

// One streaming watch (`?watch=1`) against a SandboxProcess, parsed line by line into events.
// Each stream owns its own QNetworkAccessManager: QNAM allows only 6 HTTP/1.1 connections per host
// per manager, and tests open many more watches than that at once.
//
//   WatchStream watch(sandbox);
//   QVERIFY(watch.open("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators?watch=1&resourceVersion=" + rv));
//   QVERIFY2(watch.waitForEvents(3), qPrintable(watch.describe()));
//   QCOMPARE(watch.events().at(0).value("type").toString(), "ADDED");
class WatchStream : public QObject
{
    Q_OBJECT

public:
    explicit WatchStream(SandboxProcess &sandbox, QObject *parent = nullptr);
    ~WatchStream() override;

    // Sends the GET and waits until the response headers arrived (or the request failed).
    // Returns true when the status is 200.
    bool open(const QString &pathAndQuery, const QByteArray &accept = "application/json", int timeoutMs = 15000);
    // Closes the connection from the client side (what a client that goes away does).
    void close();

    int status() const;                       // HTTP status, 0 before headers or on transport error
    QByteArray header(const QByteArray &name) const;
    QList<QJsonObject> events() const;        // every complete line parsed as JSON, in order
    QByteArray rawBody() const;               // all bytes received, for framing checks
    int malformedLines() const;               // lines that were not a JSON object
    bool isFinished() const;                  // the server ended the stream (or it failed)

    // Wait (event loop, deadline) until at least `count` events arrived; false on timeout or end of stream.
    bool waitForEvents(int count, int timeoutMs = 15000);
    bool waitForFinished(int timeoutMs = 15000);
    // Short human summary for failure messages: status, number of events, the last few event types.
    QString describe() const;

Q_SIGNALS:
    void eventReceived(const QJsonObject &event);
    void finished();

private:
    void readAvailable();

    SandboxProcess &m_sandbox;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_reply = nullptr;
    int m_status = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_raw;
    QByteArray m_pending;
    QList<QJsonObject> m_events;
    int m_malformed = 0;
    bool m_finished = false;
    QString m_error;
};

} // namespace cvc::testsupport
