#pragma once

namespace cvc::sandbox {

class Authenticator;
class ObjectStore;
class RbacState;
class RequestAuthorizer;
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
    const RbacState *rbac = nullptr;                // the RBAC objects, typed; may be null
    const RequestAuthorizer *authorizer = nullptr;  // null: every request is allowed
    Authenticator *authenticator = nullptr;         // where TokenRequest adds tokens; null: 404 for it
    int defaultWatchTimeoutSeconds = 1800;
};

} // namespace cvc::sandbox
