#include "http2testclient.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

#include <nghttp2/nghttp2.h>

#include <cstring>
#include <vector>

namespace cvc {

struct Http2TestClientCallbacks {
    static Http2TestClient *self(void *userData) { return static_cast<Http2TestClient *>(userData); }

    static int header(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t nameLength,
                      const uint8_t *value, size_t valueLength, uint8_t, void *userData)
    {
        if (frame->hd.type == NGHTTP2_HEADERS && nameLength == 7 && std::memcmp(name, ":status", 7) == 0)
            self(userData)->m_responses[frame->hd.stream_id].status =
                QByteArray(reinterpret_cast<const char *>(value), qsizetype(valueLength)).toInt();
        return 0;
    }
    static int frameReceived(nghttp2_session *, const nghttp2_frame *frame, void *userData)
    {
        if (frame->hd.type == NGHTTP2_GOAWAY) {
            self(userData)->m_goAway = true;
            self(userData)->m_goAwayCode = frame->goaway.error_code;
        }
        if (frame->hd.type == NGHTTP2_PING && !(frame->hd.flags & NGHTTP2_FLAG_ACK))
            ++self(userData)->m_pingsReceived;   // libnghttp2 answers it
        if (frame->hd.type == NGHTTP2_RST_STREAM) {
            auto &response = self(userData)->m_responses[frame->hd.stream_id];
            response.reset = true;
            response.resetCode = frame->rst_stream.error_code;
        }
        return 0;
    }
    static int dataChunk(nghttp2_session *, uint8_t, int32_t streamId, const uint8_t *data, size_t length, void *userData)
    {
        self(userData)->m_responses[streamId].body.append(reinterpret_cast<const char *>(data), qsizetype(length));
        return 0;
    }
    static int streamClosed(nghttp2_session *, int32_t streamId, uint32_t, void *userData)
    {
        self(userData)->m_responses[streamId].closed = true;
        return 0;
    }
    static ssize_t readBody(nghttp2_session *, int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags,
                            nghttp2_data_source *source, void *userData)
    {
        QByteArray &body = self(userData)->m_bodies[streamId];
        const size_t n = qMin(length, size_t(body.size()));
        std::memcpy(buf, body.constData(), n);
        body.remove(0, qsizetype(n));
        if (body.isEmpty()) {
            if (source->ptr == nullptr)   // endStream
                *flags |= NGHTTP2_DATA_FLAG_EOF;
            else if (n == 0)
                return NGHTTP2_ERR_DEFERRED;
        }
        return ssize_t(n);
    }
};

Http2TestClient::Http2TestClient(quint16 port, QObject *parent)
    : QObject(parent)
    , m_socket(new QSslSocket(this))
{
    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Http2TestClientCallbacks::header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Http2TestClientCallbacks::frameReceived);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Http2TestClientCallbacks::dataChunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Http2TestClientCallbacks::streamClosed);
    nghttp2_option *option = nullptr;
    nghttp2_option_new(&option);
    nghttp2_option_set_peer_max_concurrent_streams(option, 1000);
    nghttp2_session_client_new2(&m_session, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);
    // Many open streams on purpose: do not let our own side cap them at the server's setting.
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, nullptr, 0);

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setAllowedNextProtocols({QByteArrayLiteral("h2")});
    m_socket->setSslConfiguration(config);
    m_socket->setReadBufferSize(0);
    connect(m_socket, &QIODevice::readyRead, this, &Http2TestClient::readFromSocket);
    m_socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
}

Http2TestClient::~Http2TestClient()
{
    nghttp2_session_del(m_session);
}

bool Http2TestClient::waitConnected(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return m_socket->isEncrypted(); }, timeoutMs))
        return false;
    if (m_socket->sslConfiguration().nextNegotiatedProtocol() != "h2")
        return false;
    flush();
    return true;
}

int32_t Http2TestClient::request(const QByteArray &method, const QByteArray &path,
                                 const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                                 bool endStream)
{
    QList<QPair<QByteArray, QByteArray>> fields{{":method", method}, {":path", path}, {":scheme", "https"},
                                                {":authority", "127.0.0.1"}};
    fields += headers;
    std::vector<nghttp2_nv> nva;
    for (const auto &[name, value] : fields)
        nva.push_back({reinterpret_cast<uint8_t *>(const_cast<char *>(name.constData())),
                       reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())), size_t(name.size()),
                       size_t(value.size()), NGHTTP2_NV_FLAG_NONE});
    nghttp2_data_provider provider{};
    provider.source.ptr = endStream ? nullptr : this;
    provider.read_callback = &Http2TestClientCallbacks::readBody;
    const bool withBody = !body.isEmpty() || !endStream;
    const int32_t id = nghttp2_submit_request(m_session, nullptr, nva.data(), nva.size(), withBody ? &provider : nullptr, nullptr);
    if (id > 0) {
        m_bodies[id] = body;
        m_responses[id] = Response{};
    }
    flush();
    return id;
}

void Http2TestClient::resetStream(int32_t streamId)
{
    nghttp2_submit_rst_stream(m_session, NGHTTP2_FLAG_NONE, streamId, NGHTTP2_CANCEL);
    flush();
}

void Http2TestClient::sendRaw(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

void Http2TestClient::flush()
{
    while (nghttp2_session_want_write(m_session)) {
        const uint8_t *data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session, &data);
        if (n <= 0)
            break;
        m_socket->write(reinterpret_cast<const char *>(data), n);
    }
}

bool Http2TestClient::isDisconnected() const
{
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

void Http2TestClient::setInputPaused(bool paused)
{
    m_inputPaused = paused;
    if (!paused)
        readFromSocket();
}

void Http2TestClient::readFromSocket()
{
    if (m_inputPaused)
        return;
    const QByteArray data = m_socket->readAll();
    nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
    flush();
}

} // namespace cvc
