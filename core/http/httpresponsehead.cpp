#include "httpresponsehead.h"

#include <QLocale>
#include <QTimeZone>

namespace cvc {

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray httpDate(const QDateTime &time)
{
    // The C locale gives English day and month names whatever the user's locale is.
    return QLocale::c()
        .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

bool HttpResponseHead::extraRequestsClose() const
{
    for (const auto &[name, value] : extra) {
        if (name.compare("Connection", Qt::CaseInsensitive) == 0
            && value.toLower().contains("close"))
            return true;
    }
    return false;
}

QByteArray HttpResponseHead::serialize() const
{
    QByteArray head;
    head.reserve(256);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    bool hasDate = false;
    for (const auto &entry : extra) {
        if (entry.first.compare("Date", Qt::CaseInsensitive) == 0)
            hasDate = true;
    }
    if (!hasDate)
        head += "Date: " + httpDate(QDateTime::currentDateTimeUtc()) + "\r\n";
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    if (chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (close)
        head += "Connection: close\r\n";
    else if (http10KeepAlive)
        head += "Connection: keep-alive\r\n";
    for (const auto &[name, value] : extra) {
        // Framing is ours alone: a second, different length would corrupt the connection.
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0
            || name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0
            || name.compare("Connection", Qt::CaseInsensitive) == 0
            || (!contentType.isEmpty() && name.compare("Content-Type", Qt::CaseInsensitive) == 0))
            continue;
        // A CR or LF in a value would let a caller's data start a new header.
        if (name.contains('\r') || name.contains('\n') || value.contains('\r') || value.contains('\n'))
            continue;
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    return head;
}

} // namespace cvc
