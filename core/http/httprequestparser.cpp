#include "httprequestparser.h"

#include <QUrl>

namespace cvc {

namespace {

// RFC 9110 token characters (method and header names).
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Field values may hold visible characters, spaces, tabs and obs-text, but no other controls.
bool isValidFieldValue(QByteArrayView value)
{
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

bool isValidTarget(QByteArrayView target)
{
    for (char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

// Strict decimal, as Content-Length and chunk sizes need (no sign, no spaces, no overflow).
bool parseNumber(QByteArrayView text, int base, qint64 *out)
{
    if (text.isEmpty() || text.size() > 15)
        return false;
    qint64 value = 0;
    for (char c : text) {
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return false;
        value = value * base + digit;
    }
    *out = value;
    return true;
}

// A chunk size with extensions; nothing real comes near it.
constexpr qsizetype MaxChunkSizeLineBytes = 1024;

// Index just past the next line ending (CRLF or a bare LF), or -1 when no full line is there yet.
// The first `scanned` bytes from `from` are known to hold no LF: a line trickled in byte by byte
// is searched once, not once per byte.
qsizetype lineEnd(const QByteArray &buffer, qsizetype from, qsizetype *contentLength, qsizetype scanned)
{
    const qsizetype lf = buffer.indexOf('\n', from + scanned);
    if (lf < 0)
        return -1;
    qsizetype length = lf - from;
    if (length > 0 && buffer.at(lf - 1) == '\r')
        --length;
    *contentLength = length;
    return lf + 1;
}

} // namespace

HttpRequestParser::HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes), m_maxBodyBytes(maxBodyBytes)
{
}

void HttpRequestParser::reset()
{
    *this = HttpRequestParser(m_maxHeaderBytes, m_maxBodyBytes);
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest();
    return request;
}

HttpRequestParser::Result HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    return Result::Error;
}

HttpRequestParser::Result HttpRequestParser::parse(QByteArray &buffer)
{
    switch (m_state) {
    case State::Head:
        return parseHead(buffer);
    case State::Done:
        return Result::Complete;
    case State::Failed:
        return Result::Error;
    default:
        return parseBody(buffer);
    }
}

HttpRequestParser::Result HttpRequestParser::parseHead(QByteArray &buffer)
{
    qsizetype pos = 0;
    while (m_state == State::Head) {
        qsizetype length = 0;
        const qsizetype next = lineEnd(buffer, pos, &length, m_scanned);
        if (next < 0) {
            // Limit what a client can make us buffer without ever finishing a line.
            if (m_headBytes + (buffer.size() - pos) > m_maxHeaderBytes) {
                buffer.remove(0, pos);
                return fail(431, QStringLiteral("request header fields too large (limit %1 bytes)")
                                     .arg(m_maxHeaderBytes));
            }
            m_scanned = buffer.size() - pos;
            buffer.remove(0, pos);
            return Result::NeedMore;
        }
        m_scanned = 0;
        const QByteArray line = buffer.mid(pos, length);
        m_headBytes += next - pos;
        pos = next;
        if (m_headBytes > m_maxHeaderBytes) {
            buffer.remove(0, pos);
            return fail(431, QStringLiteral("request header fields too large (limit %1 bytes)")
                                 .arg(m_maxHeaderBytes));
        }
        Result result;
        if (!m_sawRequestLine) {
            // RFC 9112 2.2: ignore a few empty lines before the request line (left over from a
            // previous request's body by some clients). They count towards the head's size.
            if (line.isEmpty()) {
                if (++m_leadingEmptyLines > MaxLeadingEmptyLines) {
                    buffer.remove(0, pos);
                    return fail(400, QStringLiteral("more than %1 empty lines before the request line")
                                         .arg(MaxLeadingEmptyLines));
                }
                continue;
            }
            result = parseRequestLine(line);
        } else if (line.isEmpty()) {
            result = finishHead();
        } else {
            result = parseHeaderLine(line);
        }
        if (result == Result::Error) {
            buffer.remove(0, pos);
            return result;
        }
    }
    buffer.remove(0, pos);
    return Result::HeadComplete;
}

HttpRequestParser::Result HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    m_sawRequestLine = true;
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3)
        return fail(400, QStringLiteral("malformed request line"));
    const QByteArray &method = parts.at(0);
    const QByteArray &target = parts.at(1);
    const QByteArray &version = parts.at(2);
    if (!isToken(method))
        return fail(400, QStringLiteral("malformed request method"));
    if (target.isEmpty() || !isValidTarget(target))
        return fail(400, QStringLiteral("malformed request target"));
    if (version == "HTTP/1.1") {
        m_http10 = false;
        m_keepAlive = true;
    } else if (version == "HTTP/1.0") {
        m_http10 = true;
        m_keepAlive = false;
    } else if (version.size() == 8 && version.startsWith("HTTP/") && version.at(6) == '.') {
        return fail(505, QStringLiteral("HTTP version %1 is not supported").arg(QString::fromLatin1(version)));
    } else {
        return fail(400, QStringLiteral("malformed HTTP version"));
    }

    QByteArray pathAndQuery = target;
    if (target.startsWith('/')) {
        // origin-form
    } else if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form (proxies send it; servers must accept it)
        const qsizetype schemeEnd = target.indexOf("://") + 3;
        const qsizetype slash = target.indexOf('/', schemeEnd);
        const qsizetype question = target.indexOf('?', schemeEnd);
        if (slash < 0 || (question >= 0 && question < slash))
            pathAndQuery = "/" + (question >= 0 ? target.mid(question) : QByteArray());
        else
            pathAndQuery = target.mid(slash);
    } else if (target == "*" && method == "OPTIONS") {
        pathAndQuery = "*";
    } else {
        return fail(400, QStringLiteral("malformed request target"));
    }
    m_request.method = method;
    m_request.target = target;
    m_request.setPathAndQuery(pathAndQuery);
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::parseHeaderLine(const QByteArray &line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return fail(400, QStringLiteral("obsolete header line folding is not accepted"));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return fail(400, QStringLiteral("malformed header line"));
    const QByteArray name = line.left(colon);
    if (!isToken(name))   // also rejects "Name :" (RFC 9112 5.1: no space before the colon)
        return fail(400, QStringLiteral("malformed header name"));
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (!isValidFieldValue(value))
        return fail(400, QStringLiteral("invalid character in header %1").arg(QString::fromLatin1(name)));
    m_request.headers.append({name, value});
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::finishHead()
{
    const QList<QByteArray> transferEncodings = m_request.headerValues("Transfer-Encoding");
    const QList<QByteArray> contentLengths = m_request.headerValues("Content-Length");

    if (!m_http10 && !m_request.hasHeader("Host"))
        return fail(400, QStringLiteral("missing Host header"));

    if (!transferEncodings.isEmpty()) {
        // Both framings at once is how requests get smuggled past proxies: refuse (RFC 9112 6.1).
        if (!contentLengths.isEmpty())
            return fail(400, QStringLiteral("both Transfer-Encoding and Content-Length are present"));
        QByteArray codings = transferEncodings.join(',').toLower();
        codings.replace(' ', "");
        codings.replace('\t', "");
        if (codings != "chunked")
            return fail(501, QStringLiteral("unsupported Transfer-Encoding %1 (only chunked is accepted)")
                                 .arg(QString::fromLatin1(transferEncodings.join(", "))));
        m_chunked = true;
    } else if (!contentLengths.isEmpty()) {
        qint64 length = -1;
        for (const QByteArray &field : contentLengths) {
            for (const QByteArray &item : field.split(',')) {
                qint64 value = 0;
                if (!parseNumber(item.trimmed(), 10, &value))
                    return fail(400, QStringLiteral("invalid Content-Length"));
                if (length >= 0 && value != length)
                    return fail(400, QStringLiteral("conflicting Content-Length values"));
                length = value;
            }
        }
        m_contentLength = length;
    }

    const QByteArray connection = m_request.headerValues("Connection").join(',').toLower();
    for (const QByteArray &option : connection.split(',')) {
        const QByteArray trimmed = option.trimmed();
        if (trimmed == "close")
            m_keepAlive = false;
        else if (trimmed == "keep-alive" && m_http10)
            m_keepAlive = true;
    }

    const QByteArray expect = m_request.header("Expect").toLower();
    if (!expect.isEmpty()) {
        if (expect != "100-continue")
            return fail(417, QStringLiteral("unsupported expectation %1").arg(QString::fromLatin1(expect)));
        m_expectContinue = !m_http10;
    }

    // Refuse an oversized body before the client sends it (and before 100 Continue).
    if (m_contentLength > m_maxBodyBytes)
        return fail(413, QStringLiteral("request body of %1 bytes is larger than the limit of %2 bytes")
                             .arg(m_contentLength).arg(m_maxBodyBytes));

    if (m_chunked)
        m_state = State::ChunkSize;
    else if (m_contentLength > 0)
        m_state = State::Body;
    else
        m_state = State::Done;
    return Result::NeedMore;
}

HttpRequestParser::Result HttpRequestParser::parseBody(QByteArray &buffer)
{
    qsizetype pos = 0;
    auto done = [&](Result result) {
        buffer.remove(0, pos);
        return result;
    };
    while (true) {
        switch (m_state) {
        case State::Body: {
            const qint64 wanted = m_contentLength - m_request.body.size();
            const qint64 take = qMin<qint64>(wanted, buffer.size() - pos);
            m_request.body.append(buffer.constData() + pos, take);
            pos += take;
            if (m_request.body.size() < m_contentLength)
                return done(Result::NeedMore);
            m_state = State::Done;
            return done(Result::Complete);
        }
        case State::ChunkSize: {
            qsizetype length = 0;
            const qsizetype next = lineEnd(buffer, pos, &length, m_scanned);
            // The same limit whether the line came whole or in pieces (TCP may split it anywhere).
            if ((next < 0 ? buffer.size() : next - 1) - pos > MaxChunkSizeLineBytes)
                return done(fail(400, QStringLiteral("malformed chunk size line")));
            if (next < 0) {
                m_scanned = buffer.size() - pos;
                return done(Result::NeedMore);
            }
            m_scanned = 0;
            QByteArray sizeText = buffer.mid(pos, length);
            pos = next;
            const qsizetype extension = sizeText.indexOf(';');
            if (extension >= 0)
                sizeText.truncate(extension);   // chunk extensions carry nothing we use
            qint64 size = 0;
            if (!parseNumber(sizeText.trimmed(), 16, &size))
                return done(fail(400, QStringLiteral("malformed chunk size")));
            if (m_request.body.size() + size > m_maxBodyBytes)
                return done(fail(413, QStringLiteral("request body is larger than the limit of %1 bytes")
                                          .arg(m_maxBodyBytes)));
            if (size == 0) {
                m_state = State::Trailers;
            } else {
                m_chunkRemaining = size;
                m_state = State::ChunkData;
            }
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_chunkRemaining, buffer.size() - pos);
            m_request.body.append(buffer.constData() + pos, take);
            pos += take;
            m_chunkRemaining -= take;
            if (m_chunkRemaining > 0)
                return done(Result::NeedMore);
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            qsizetype length = 0;
            const qsizetype next = lineEnd(buffer, pos, &length, 0);
            if (next < 0) {
                if (buffer.size() - pos > 2)
                    return done(fail(400, QStringLiteral("chunk data longer than its size")));
                return done(Result::NeedMore);
            }
            if (length != 0)
                return done(fail(400, QStringLiteral("chunk data longer than its size")));
            pos = next;
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailers: {
            qsizetype length = 0;
            const qsizetype next = lineEnd(buffer, pos, &length, m_scanned);
            if (next < 0) {
                if (buffer.size() - pos > m_maxHeaderBytes)
                    return done(fail(431, QStringLiteral("trailer fields too large")));
                m_scanned = buffer.size() - pos;
                return done(Result::NeedMore);
            }
            m_scanned = 0;
            pos = next;
            // Trailer fields are read and dropped: nothing we serve depends on them.
            if (length == 0) {
                m_state = State::Done;
                return done(Result::Complete);
            }
            m_headBytes += length;
            if (m_headBytes > m_maxHeaderBytes)
                return done(fail(431, QStringLiteral("trailer fields too large")));
            break;
        }
        case State::Done:
            return done(Result::Complete);
        case State::Failed:
            return done(Result::Error);
        case State::Head:
            Q_UNREACHABLE();
        }
    }
}

} // namespace cvc
