#pragma once

#include "httprequest.h"

#include <QByteArray>
#include <QPointer>

#include <cstdint>
#include <sys/types.h>

namespace cvc {

class HttpExchange;

// One HTTP/2 stream as Http2Connection keeps it: the request as its frames arrive, the exchange
// that answers it, and the response body the handler wrote that flow control has not let out yet.
class Http2Stream
{
public:
    explicit Http2Stream(int32_t id);

    int32_t id() const { return m_id; }

    HttpRequest request;
    QPointer<HttpExchange> exchange;
    qint64 headerBytes = 0;       // as SETTINGS_MAX_HEADER_LIST_SIZE counts: name + value + 32 each
    bool headerTooLarge = false;  // answered 431 once the head is complete
    bool headPassed = false;      // the head handler let the request through: its body is kept
    bool dispatched = false;      // the handler has the whole request
    bool answered = false;        // a response (or its head) was submitted
    bool closed = false;          // libnghttp2 closed the stream; nothing more goes out
    qint64 reservedBodyBytes = 0; // taken from the server's body budget

    // The response body: queued by the handler, taken by libnghttp2 as the windows allow.
    void append(const QByteArray &data);
    void finish() { m_finished = true; }
    bool isFinished() const { return m_finished; }
    qint64 queuedBytes() const { return m_outgoing.size() - m_offset; }
    // Fills buf for a DATA frame: bytes copied, or -1 when nothing is queued and the body goes on
    // (the caller defers the stream); eof is set once the last byte is taken.
    ssize_t take(uint8_t *buf, size_t length, bool *eof);

private:
    int32_t m_id;
    QByteArray m_outgoing;
    qsizetype m_offset = 0;
    bool m_finished = false;
};

} // namespace cvc
