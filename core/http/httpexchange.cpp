#include "httpexchange.h"

#include "httpresponder.h"

#include <QLoggingCategory>

namespace cvc {

Q_LOGGING_CATEGORY(lcHttpExchange, "cvc.http.exchange")

HttpExchange::HttpExchange(HttpRequest request, HttpResponder *responder)
    : m_request(std::move(request)), m_connection(responder)
{
}

HttpExchange::~HttpExchange() = default;

const HttpRequest &HttpExchange::request() const
{
    return m_request;
}

void HttpExchange::setRequest(HttpRequest request)
{
    m_request = std::move(request);
}

void HttpExchange::respond(int status, const QByteArray &contentType, const QByteArray &body,
                           const HttpHeaders &extra)
{
    if (m_state != State::Waiting) {
        if (!m_disconnected)
            qCWarning(lcHttpExchange) << "respond() on an exchange that already answered:"
                                      << m_request.method << m_request.path;
        return;
    }
    m_state = State::Finished;
    if (m_connection)
        m_connection->respond(this, status, contentType, body, extra);
    deleteLater();
}

void HttpExchange::beginStream(int status, const QByteArray &contentType, const HttpHeaders &extra)
{
    if (m_state != State::Waiting) {
        if (!m_disconnected)
            qCWarning(lcHttpExchange) << "beginStream() on an exchange that already answered:"
                                      << m_request.method << m_request.path;
        return;
    }
    m_state = State::Streaming;
    if (m_connection)
        m_connection->beginStream(this, status, contentType, extra);
}

void HttpExchange::writeChunk(const QByteArray &data)
{
    if (m_state != State::Streaming || data.isEmpty())
        return;
    if (m_connection)
        m_connection->writeChunk(this, data);
}

void HttpExchange::endStream()
{
    if (m_state != State::Streaming)
        return;
    m_state = State::Finished;
    if (m_connection)
        m_connection->endStream(this);
    deleteLater();
}

bool HttpExchange::isFinished() const
{
    return m_state == State::Finished;
}

bool HttpExchange::isStreaming() const
{
    return m_state == State::Streaming;
}

bool HttpExchange::isDisconnected() const
{
    return m_disconnected;
}

qint64 HttpExchange::pendingBytes() const
{
    return m_connection ? m_connection->pendingBytes(this) : 0;
}

void HttpExchange::detach()
{
    m_connection = nullptr;
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_disconnected = true;
    Q_EMIT disconnected();
    deleteLater();
}

} // namespace cvc
