#pragma once

#include "httprequest.h"

namespace cvc {

// Incremental HTTP/1.1 request parser. Pure logic (no sockets) so that edge cases are testable
// byte by byte. Feed it the connection's receive buffer; it consumes what it has parsed.
class HttpRequestParser
{
public:
    enum class Result {
        NeedMore,       // consumed what it could; call again with more bytes
        HeadComplete,   // request line and headers parsed (reported once, before the body)
        Complete,       // a whole request is ready: takeRequest()
        Error,          // errorStatus()/errorMessage(); the connection must answer and close
    };

    HttpRequestParser(qint64 maxHeaderBytes, qint64 maxBodyBytes);

    // Consumes bytes from the front of buffer. Stops after HeadComplete and after Complete, so
    // bytes of a pipelined next request stay in the buffer.
    Result parse(QByteArray &buffer);

    // The parsed request so far (head after HeadComplete, everything after Complete).
    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest();
    // Ready for the next request on the same connection.
    void reset();

    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

    // After HeadComplete: what the head said.
    bool isHttp10() const { return m_http10; }
    bool wantsKeepAlive() const { return m_keepAlive; }
    bool expectsContinue() const { return m_expectContinue; }
    bool hasBody() const { return m_chunked || m_contentLength > 0; }
    bool isChunked() const { return m_chunked; }
    qint64 contentLength() const { return m_contentLength; }   // 0 when chunked or absent
    // Body bytes parsed so far.
    qint64 bodyBytes() const { return m_request.body.size(); }
    // Still reading a request line or headers (true also before the first byte).
    bool isInHead() const { return m_state == State::Head; }
    // Some of the head has been consumed (the request line at least).
    bool hasPartialHead() const { return m_state == State::Head && m_sawRequestLine; }

    // RFC 9112 2.2 asks servers to ignore "at least one" empty line before a request line (some
    // clients send CRLF after a POST body); Go's server skips at most 4 bytes of them. More is a
    // client holding the connection without a request: 400.
    static constexpr int MaxLeadingEmptyLines = 2;

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, Failed };

    Result fail(int status, const QString &message);
    Result parseHead(QByteArray &buffer);
    Result parseRequestLine(const QByteArray &line);
    Result parseHeaderLine(const QByteArray &line);
    Result finishHead();
    Result parseBody(QByteArray &buffer);

    qint64 m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    State m_state = State::Head;
    HttpRequest m_request;
    qint64 m_headBytes = 0;
    qint64 m_contentLength = 0;
    qint64 m_chunkRemaining = 0;
    bool m_chunked = false;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_expectContinue = false;
    bool m_sawRequestLine = false;
    int m_leadingEmptyLines = 0;
    qsizetype m_scanned = 0;   // bytes of the unfinished line at the buffer's front searched for LF
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace cvc
