#pragma once

namespace cvc::sandbox {

class ObjectStore;
class ResourceRegistry;
class WatchHub;
class RequestStats;
class WriteLog;

// The shared state handlers work on. Owned by SandboxServer; handlers only borrow it.
struct ApiServices
{
    ObjectStore *store = nullptr;
    ResourceRegistry *registry = nullptr;
    WatchHub *hub = nullptr;
    RequestStats *stats = nullptr;
    WriteLog *writeLog = nullptr;   // who wrote what, for GET /sandbox/writes; may be null
    int defaultWatchTimeoutSeconds = 1800;
};

} // namespace cvc::sandbox
