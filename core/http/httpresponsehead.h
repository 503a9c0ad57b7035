#pragma once

#include "httprequest.h"

#include <QByteArray>
#include <QDateTime>

namespace cvc {

// The standard reason phrase for a status code ("Not Found"); "Unknown" for codes we do not know.
QByteArray httpReasonPhrase(int status);
// An IMF-fixdate as the Date header wants it: "Sun, 06 Nov 1994 08:49:37 GMT".
QByteArray httpDate(const QDateTime &time);

// Builds a response head (status line, Date, framing headers, extras, blank line).
struct HttpResponseHead {
    int status = 200;
    QByteArray contentType;
    HttpHeaders extra;
    qint64 contentLength = -1;   // -1: no Content-Length (chunked or close-delimited)
    bool chunked = false;
    bool close = false;          // adds Connection: close
    bool http10KeepAlive = false;// adds Connection: keep-alive (HTTP/1.0 clients asked for it)

    QByteArray serialize() const;
    // Whether extra headers ask to close the connection (Connection: close).
    bool extraRequestsClose() const;
};

} // namespace cvc
