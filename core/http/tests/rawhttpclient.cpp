#include "rawhttpclient.h"

#include <QTest>

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RawHttpClient::RawHttpClient(QTcpSocket *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QIODevice::readyRead, this, [this] { m_buffer += m_socket->readAll(); });
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        if (m_socket->isOpen())
            m_buffer += m_socket->readAll();
        m_disconnected = true;
    });
}

bool RawHttpClient::connectTo(quint16 port, int timeoutMs)
{
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    return QTest::qWaitFor([this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, timeoutMs);
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

bool RawHttpClient::isConnected() const
{
    return !m_disconnected && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

std::optional<RawResponse> RawHttpClient::tryParseHead()
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return std::nullopt;
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    RawResponse response;
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2)
        return std::nullopt;
    response.status = statusLine.at(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        response.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    response.chunked = response.header("Transfer-Encoding").toLower() == "chunked";
    m_buffer.remove(0, end + 4);
    return response;
}

std::optional<QByteArray> RawHttpClient::tryParseChunk()
{
    const qsizetype lineEnd = m_buffer.indexOf("\r\n");
    if (lineEnd < 0)
        return std::nullopt;
    bool ok = false;
    const qsizetype size = m_buffer.left(lineEnd).toLongLong(&ok, 16);
    if (!ok)
        return std::nullopt;
    if (size == 0) {
        if (m_buffer.size() < lineEnd + 4)
            return std::nullopt;
        m_buffer.remove(0, lineEnd + 4);
        return QByteArray();
    }
    if (m_buffer.size() < lineEnd + 2 + size + 2)
        return std::nullopt;
    QByteArray data = m_buffer.mid(lineEnd + 2, size);
    m_buffer.remove(0, lineEnd + 2 + size + 2);
    return data;
}

std::optional<RawResponse> RawHttpClient::readHead(int timeoutMs)
{
    std::optional<RawResponse> head;
    static_cast<void>(QTest::qWaitFor([&] {
        head = tryParseHead();
        return head.has_value() || m_disconnected;
    }, timeoutMs));
    if (!head)
        head = tryParseHead();
    return head;
}

std::optional<QByteArray> RawHttpClient::readChunk(int timeoutMs)
{
    std::optional<QByteArray> chunk;
    static_cast<void>(QTest::qWaitFor([&] {
        chunk = tryParseChunk();
        return chunk.has_value() || m_disconnected;
    }, timeoutMs));
    if (!chunk)
        chunk = tryParseChunk();
    return chunk;
}

std::optional<RawResponse> RawHttpClient::readResponse(int timeoutMs, bool isHead)
{
    std::optional<RawResponse> response = readHead(timeoutMs);
    if (!response || isHead)
        return response;
    if (response->chunked) {
        while (true) {
            std::optional<QByteArray> chunk = readChunk(timeoutMs);
            if (!chunk)
                return std::nullopt;
            if (chunk->isEmpty())
                return response;
            response->body += *chunk;
        }
    }
    const QByteArray lengthText = response->header("Content-Length");
    const qsizetype length = lengthText.isEmpty() ? 0 : lengthText.toLongLong();
    static_cast<void>(QTest::qWaitFor([&] { return m_buffer.size() >= length || m_disconnected; }, timeoutMs));
    if (m_buffer.size() < length)
        return std::nullopt;
    response->body = m_buffer.left(length);
    m_buffer.remove(0, length);
    return response;
}
