#pragma once

class QNetworkReply;

namespace cvc {

// Retries of a request that an HTTP/2 server's GOAWAY refused (a kube-apiserver restarting, or
// closing connections to rebalance). RFC 9113 6.8 lets a client send such requests again on a new
// connection, and client-go does; Qt 6.4's QNetworkAccessManager fails them instead:
//  - ContentReSendError, "Server stopped accepting new streams before this stream was
//    established": streams above the GOAWAY's last stream id, which the server never processed;
//  - ProtocolUnknownError, "GOAWAY received, cannot start a request": requests queued on that
//    connection, and every request started on it afterwards, for as long as the streams the server
//    did take (a watch, a slow LIST) keep it open.
// Neither reached the server's handlers, so sending it again is safe, writes included. Qt also keeps using that
// connection for new requests, which then fail the same way or are never sent at all, so
// KubeClient sends the retry through a new manager (a new connection); the attempts wait a little,
// and more each time, in case the server is still coming back.
// tst_sandboxhttp2 pins these errors against kube-sandbox's GOAWAY.
class GoAwayRetry
{
public:
    // A request Qt has neither sent nor started a connection for after this long is held on a
    // connection that got GOAWAY: Qt 6.4 never sends it, and never fails it either.
    static constexpr int NotSentTimeoutMs = 5000;

    // The reply failed because a GOAWAY refused it, before any HTTP answer.
    static bool wasRefused(const QNetworkReply *reply);

    // Milliseconds to wait before the next attempt, or -1 when the attempts are spent (about 7 s
    // in all: longer than a restarting apiserver's connections take to drain at our sizes).
    int nextDelayMs();
    int attempts() const { return m_attempts; }

private:
    int m_attempts = 0;
};

} // namespace cvc
