#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace cvc::testsupport {

// What a direct HTTP request to kube-sandbox came back with. A value type so a test can keep it and
// print it in a failure message; `describe()` never includes request credentials.
class HttpReply
{
public:
    // HTTP status, or 0 when no response arrived (connection refused, TLS failure, timeout).
    int status = 0;
    QByteArray body;
    // Response headers as received (names as sent by the server).
    QList<QPair<QByteArray, QByteArray>> headers;
    // Transport error text when status is 0 (or Qt's text for the error status).
    QString errorString;
    bool timedOut = false;

    // First header of that name, matched case-insensitively; empty when absent.
    QByteArray header(const QByteArray &name) const;
    // The same lookup on any header list (WatchStream keeps one too).
    static QByteArray findHeader(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name);
    // Every header of that name (e.g. one `Warning` per warning).
    QList<QByteArray> headerValues(const QByteArray &name) const;
    // The body parsed as a JSON object; an empty object when it is not one.
    QJsonObject json() const;
    // "503 Service Unavailable: {body…}" shortened for QVERIFY2 messages.
    QString describe() const;
};

} // namespace cvc::testsupport
