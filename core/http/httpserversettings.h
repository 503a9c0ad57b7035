#pragma once

#include "httpserver.h"

namespace cvc {

// What every connection of one server shares. Connections hold it by shared_ptr so that a
// connection outliving a server reconfiguration still reads consistent values.
//
// The limits keep one client (or many without credentials) from exhausting the process. Where
// kube-apiserver has an equivalent, its figure is given beside ours.
struct HttpServerSettings {
    HttpServer::Handler handler;
    HttpServer::Handler headHandler;
    HttpServer::ErrorResponder errorResponder;

    // kube-apiserver: 3 MiB request body.
    qint64 maxBodyBytes = 3 * 1024 * 1024;
    // Go http.Server (kube-apiserver): 1 MiB. Ours is smaller: kubectl and client-go send a few KiB.
    qint64 maxHeaderBytes = 64 * 1024;
    // Bodies being read at once, over all connections; a request that would pass it gets 429 with
    // Retry-After. kube-apiserver bounds this through --max-requests-inflight 400 and
    // --max-mutating-requests-inflight 200 (× 3 MiB); 64 MiB is about 21 bodies of the maximum size.
    qint64 maxBufferedBodyBytes = 64 * 1024 * 1024;

    // Open connections, TLS handshakes included. At the cap the server stops accepting (clients wait
    // in the listen backlog) until one closes. kube-apiserver has no connection cap (Go's server
    // accepts until the fd limit); its in-flight limits are 400 + 200 requests. 512 stays well below
    // the usual 1024 fd soft limit.
    int maxConnections = 512;
    // Open connections from one peer address; more are accepted and closed at once, so one client
    // cannot take every slot (the health server's probes keep getting through). kube-apiserver: none.
    int maxConnectionsPerPeer = 256;

    // ALPN offers http/1.1 only (no h2); plain TCP is always HTTP/1.1.
    bool http1Only = false;
    // HTTP/2: streams open at once per connection (SETTINGS_MAX_CONCURRENT_STREAMS); more are
    // refused with RST_STREAM REFUSED_STREAM. kube-apiserver: 250 (--http2-max-streams-per-connection
    // defaults to Go's 250).
    int maxConcurrentStreams = 250;
    // HTTP/2: RST_STREAMs a client may send, as a token bucket (burst, then per second), before the
    // connection gets GOAWAY: the rapid-reset attack (CVE-2023-44487) costs us a request each.
    int maxResetBurst = 200;
    int resetsPerSecond = 33;
    // HTTP/2: response bytes queued per connection (frames libnghttp2 produced and Qt's socket
    // holds) before we stop producing frames; a stream's own queue is what its handler wrote and
    // pendingBytes() reports, which the sandbox's watches already bound.
    qint64 maxQueuedBytesPerConnection = 1024 * 1024;

    int handshakeTimeoutMs = 10 * 1000;
    // HTTP/1.1: no request in progress and no bytes. HTTP/2: no stream open, whatever other frames
    // (PING, SETTINGS) arrive, as Go's http2 server counts it; then GOAWAY.
    int idleTimeoutMs = 120 * 1000;
    // HTTP/2: after this long without a frame from the client the server sends PING; when nothing
    // arrives within the ping timeout after it, the connection is dropped, so a client gone without
    // a FIN (a laptop asleep, a NAT that forgot us) does not hold its watches for ever. Go's
    // http2.Server ReadIdleTimeout and PingTimeout (15 s). 0 = no PINGs.
    int http2PingIntervalMs = 30 * 1000;
    int http2PingTimeoutMs = 15 * 1000;
    // From the first byte of a request, empty lines before it included, to the end of its headers;
    // on HTTP/2 from a HEADERS frame to the end of its header block (CONTINUATION frames), after
    // which the connection closes: nothing else may arrive on it meanwhile. kube-apiserver:
    // ReadHeaderTimeout 32 s.
    int headerTimeoutMs = 32 * 1000;
    // From the end of the headers to the end of the body; then 408. kube-apiserver reads bodies
    // inside its handlers, under --request-timeout 60 s.
    int bodyTimeoutMs = 60 * 1000;
};

} // namespace cvc
