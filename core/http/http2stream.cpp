#include "http2stream.h"

#include <cstring>

namespace cvc {

Http2Stream::Http2Stream(int32_t id)
    : m_id(id)
{
    request.protocol = HttpProtocol::Http2;
}

void Http2Stream::append(const QByteArray &data)
{
    // Drop what was sent so a long watch does not keep every event it ever wrote.
    if (m_offset > 0 && m_offset == m_outgoing.size()) {
        m_outgoing.clear();
        m_offset = 0;
    } else if (m_offset > 64 * 1024) {
        m_outgoing.remove(0, m_offset);
        m_offset = 0;
    }
    m_outgoing += data;
}

ssize_t Http2Stream::take(uint8_t *buf, size_t length, bool *eof)
{
    const qint64 available = queuedBytes();
    *eof = false;
    if (available == 0 && !m_finished)
        return -1;
    const size_t n = size_t(qMin<qint64>(available, qint64(length)));
    if (n > 0)
        std::memcpy(buf, m_outgoing.constData() + m_offset, n);
    m_offset += qsizetype(n);
    *eof = m_finished && queuedBytes() == 0;
    return ssize_t(n);
}

} // namespace cvc
