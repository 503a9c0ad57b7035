#pragma once

#include "apiservices.h"

#include <functional>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class FaultInjector;
struct ApiRequest;

// The test-only admin endpoints, reachable with the admin token only:
//   GET  /sandbox/faults  current fault settings
//   POST /sandbox/faults  {"dropWatches":true} | {"failRatio":0.3,"failStatus":503,"retryAfterSeconds":2}
//                         | {"latencyMs":200} | {"compact":true} | {"reset":true}
//   GET  /sandbox/stats   open watches and connections, object count, requests by user agent and
//                         writes by field manager ({"reset":true} by POST clears the counters)
//   GET  /sandbox/writes  the write log (?user=, ?userAgent= prefix, ?fieldManager=,
//                         ?sinceResourceVersion=); POST {"reset":true} empties it
// Faults (except dropWatches and compact) may carry "target": {"user":…} or {"userAgent":…}.
class AdminHandler
{
public:
    AdminHandler(const ApiServices &services, FaultInjector *faults, std::function<int()> openConnections);

    void handle(const ApiRequest &request);

private:
    void writes(const ApiRequest &request);

    ApiServices m_services;
    FaultInjector *m_faults;
    std::function<int()> m_openConnections;
};

} // namespace cvc::sandbox
