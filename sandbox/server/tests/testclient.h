#pragma once

// A small synchronous HTTPS client for the in-process server tests: real TLS sockets over
// 127.0.0.1, waits on socket signals (never on sleeps).

#include <QByteArray>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <utility>

struct TestResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QList<QByteArray> headerValues(const QByteArray &name) const
    {
        QList<QByteArray> out;
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                out.append(value);
        }
        return out;
    }
};

// One HTTP/1.1 connection. Reads the whole response (Content-Length or chunked); for a watch,
// readLines() collects newline-delimited events as they arrive.
class TestConnection
{
public:
    TestConnection(quint16 port, const QByteArray &caPem)
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(QSslCertificate::fromData(caPem));
        config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        m_socket.setSslConfiguration(config);
        m_socket.setPeerVerifyName(QStringLiteral("127.0.0.1"));
        m_socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    }

    bool waitEncrypted(int timeoutMs = 10000) { return m_socket.waitForEncrypted(timeoutMs); }

    void send(const QByteArray &method, const QByteArray &target, const QByteArray &token, const QByteArray &body = {},
              const QByteArray &contentType = {}, const QByteArray &accept = {},
              const QList<std::pair<QByteArray, QByteArray>> &extra = {})
    {
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        if (!contentType.isEmpty())
            request += "Content-Type: " + contentType + "\r\n";
        if (!accept.isEmpty())
            request += "Accept: " + accept + "\r\n";
        for (const auto &[key, value] : extra)
            request += key + ": " + value + "\r\n";
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        m_socket.write(request);
        m_socket.flush();
    }

    // Waits until `done` holds for the buffered data, the socket closes, or the timeout passes.
    template<typename Predicate>
    bool waitFor(Predicate done, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done()) {
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                return done();
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0)
                return false;
            if (m_socket.waitForReadyRead(left))
                m_buffer += m_socket.readAll();
        }
        return true;
    }

    // Parses one full response from the connection.
    TestResponse readResponse(int timeoutMs = 10000)
    {
        TestResponse response;
        if (!waitFor([this] { return m_buffer.contains("\r\n\r\n"); }, timeoutMs))
            return response;
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        m_buffer.remove(0, headEnd + 4);
        response.status = lines.first().split(' ').value(1).toInt();
        qint64 length = -1;
        bool chunked = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            const QByteArray key = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            response.headers.append({key, value});
            if (key.compare("Content-Length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
            if (key.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0 && value.contains("chunked"))
                chunked = true;
        }
        if (chunked) {
            m_chunked = true;
            readChunks(timeoutMs, true);
            response.body = m_decoded;
            m_decoded.clear();
        } else if (length >= 0) {
            waitFor([&] { return m_buffer.size() >= length; }, timeoutMs);
            response.body = m_buffer.left(length);
            m_buffer.remove(0, length);
        }
        return response;
    }

    // For a streaming response: reads the head (returned) and leaves the body for readLines().
    TestResponse readHead(int timeoutMs = 10000)
    {
        TestResponse response;
        if (!waitFor([this] { return m_buffer.contains("\r\n\r\n"); }, timeoutMs))
            return response;
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        m_buffer.remove(0, headEnd + 4);
        response.status = lines.first().split(' ').value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        m_chunked = true;
        return response;
    }

    // Collects complete event lines until `count` are there (or the stream ends / times out).
    QList<QJsonObject> readEvents(int count, int timeoutMs = 10000)
    {
        QList<QJsonObject> events;
        QElapsedTimer timer;
        timer.start();
        while (true) {
            decodeAvailableChunks();
            qsizetype newline;
            while ((newline = m_decoded.indexOf('\n')) >= 0) {
                events.append(QJsonDocument::fromJson(m_decoded.left(newline)).object());
                m_decoded.remove(0, newline + 1);
            }
            if (events.size() >= count || m_streamEnded)
                return events;
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0)
                return events;
            if (m_socket.waitForReadyRead(left))
                m_buffer += m_socket.readAll();
            else if (m_socket.state() != QAbstractSocket::ConnectedState)
                return events;
        }
    }

    bool streamEnded() const { return m_streamEnded; }
    // Waits for the terminating chunk of a streaming response.
    bool waitStreamEnd(int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (!m_streamEnded) {
            decodeAvailableChunks();
            if (m_streamEnded)
                break;
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0)
                return false;
            if (m_socket.waitForReadyRead(left))
                m_buffer += m_socket.readAll();
            else if (m_socket.state() != QAbstractSocket::ConnectedState)
                return m_streamEnded;
        }
        return true;
    }

    void close() { m_socket.abort(); }
    QSslSocket &socket() { return m_socket; }

private:
    void readChunks(int timeoutMs, bool untilEnd)
    {
        QElapsedTimer timer;
        timer.start();
        while (true) {
            decodeAvailableChunks();
            if (m_streamEnded || !untilEnd)
                return;
            const int left = timeoutMs - int(timer.elapsed());
            if (left <= 0 || !m_socket.waitForReadyRead(left))
                return;
            m_buffer += m_socket.readAll();
        }
    }

    void decodeAvailableChunks()
    {
        m_buffer += m_socket.readAll();
        while (!m_streamEnded) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n");
            if (lineEnd < 0)
                return;
            bool ok = false;
            const qint64 size = m_buffer.left(lineEnd).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok)
                return;
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                return;
            if (size == 0) {
                m_streamEnded = true;
                m_buffer.remove(0, lineEnd + 4);
                return;
            }
            m_decoded += m_buffer.mid(lineEnd + 2, size);
            m_buffer.remove(0, lineEnd + 2 + size + 2);
        }
    }

    QSslSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_decoded;
    bool m_chunked = false;
    bool m_streamEnded = false;
};
