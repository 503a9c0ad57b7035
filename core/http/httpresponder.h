#pragma once

#include "httprequest.h"

#include <QObject>

namespace cvc {

class HttpExchange;

// What carries an exchange's response to the client: an HTTP/1.1 connection, or one stream of an
// HTTP/2 connection. HttpExchange talks only to this, so handlers never see the protocol.
// Each call ignores an exchange the responder no longer carries.
class HttpResponder : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~HttpResponder() override;

    virtual void respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                         const QByteArray &body, const HttpHeaders &extra) = 0;
    virtual void beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                             const HttpHeaders &extra) = 0;
    virtual void writeChunk(HttpExchange *exchange, const QByteArray &data) = 0;
    virtual void endStream(HttpExchange *exchange) = 0;
    // Response bytes of this exchange not yet handed to the network.
    virtual qint64 pendingBytes(const HttpExchange *exchange) const = 0;
};

} // namespace cvc
