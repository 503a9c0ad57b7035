#pragma once

#include "httpserver.h"

namespace cvc {

// What every connection of one server shares. Connections hold it by shared_ptr so that a
// connection outliving a server reconfiguration still reads consistent values.
struct HttpServerSettings {
    HttpServer::Handler handler;
    HttpServer::ErrorResponder errorResponder;
    qint64 maxBodyBytes = 3 * 1024 * 1024;
    qint64 maxHeaderBytes = 64 * 1024;
    int handshakeTimeoutMs = 10 * 1000;
    int idleTimeoutMs = 120 * 1000;
    int headerTimeoutMs = 32 * 1000;   // kube-apiserver's ReadHeaderTimeout
};

} // namespace cvc
