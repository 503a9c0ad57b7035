#pragma once

namespace cvc::sandbox {

class ObjectStore;
class ResourceRegistry;
class WatchHub;
class RequestStats;

// The shared state handlers work on. Owned by SandboxServer; handlers only borrow it.
struct ApiServices
{
    ObjectStore *store = nullptr;
    ResourceRegistry *registry = nullptr;
    WatchHub *hub = nullptr;
    RequestStats *stats = nullptr;
    int defaultWatchTimeoutSeconds = 1800;
};

} // namespace cvc::sandbox
