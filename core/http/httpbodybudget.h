#pragma once

#include <QtGlobal>

namespace cvc {

// Bytes of request bodies that one server's connections are reading at the same time. A
// connection reserves what it is about to buffer and releases it when the request is handed to the
// handler or dropped, so the total stays under a limit however many clients send at once.
class HttpBodyBudget
{
public:
    // Reserves bytes if the total then stays within limit; otherwise reserves nothing.
    bool tryReserve(qint64 bytes, qint64 limit);
    void release(qint64 bytes);
    qint64 reserved() const { return m_reserved; }

private:
    qint64 m_reserved = 0;
};

} // namespace cvc
