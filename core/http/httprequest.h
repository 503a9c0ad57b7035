#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace cvc {

// Header fields in the order they were received (or are to be sent), names as written.
using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// The protocol a request came over (ALPN h2 or HTTP/1.x): the sandbox counts them.
enum class HttpProtocol { Http1, Http2 };

// One parsed HTTP/1.1 or HTTP/2 request as the handler sees it: head, de-chunked body, and who sent it.
struct HttpRequest {
    QByteArray method;               // "GET"
    QByteArray target;               // raw request-target: "/api/v1/namespaces?watch=1"
    QString path;                    // percent-decoded path: "/api/v1/namespaces"
    QUrlQuery query;                 // from the target's query ('+' turned into %20 first)
    HttpHeaders headers;             // as received
    QByteArray body;                 // de-chunked
    QHostAddress peerAddress;
    QSslCertificate peerCertificate; // null on plain HTTP or without a client certificate
    QList<QSslCertificate> peerCertificateChain; // leaf first, as the client sent it (may be empty)
    HttpProtocol protocol = HttpProtocol::Http1;

    // Fills path and query from an origin-form target ("/a/b?x=1#frag"); both protocols' parsers
    // must read targets alike.
    void setPathAndQuery(QByteArray pathAndQuery);

    // Value of the first header with this name (case-insensitive), trimmed; empty if absent.
    QByteArray header(QByteArrayView name) const;
    // Every value of headers with this name, in order (some headers may repeat).
    QList<QByteArray> headerValues(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;

    // A query parameter fully percent-decoded ('+' already means space, as in Go's
    // url.ParseQuery that kube-apiserver uses); empty if absent. Prefer these to
    // query.queryItemValue(), whose default leaves some characters encoded.
    QString queryItem(const QString &key) const;
    bool hasQueryItem(const QString &key) const;
};

} // namespace cvc
