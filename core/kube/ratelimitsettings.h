#pragma once

namespace cvc {

// The rate a client asks of the API server (KubeClient::setRateLimit). The defaults start from
// controller-runtime's 20 requests/s with a burst of 30 and may rise to maxQps while the server
// answers quickly (AdaptiveRate); 429, 503 and rising latency bring them back down.
struct RateLimitSettings
{
    double qps = 20.0;       // to start from and never go below
    double maxQps = 1000.0;  // <= qps: a fixed rate
    int burst = 30;
};

} // namespace cvc
