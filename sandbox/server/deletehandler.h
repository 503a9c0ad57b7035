#pragma once

#include "apiservices.h"
#include "objectwriter.h"

namespace cvc::sandbox {

struct ApiRequest;

// DELETE of one object and of a collection (kube-api.md §3.7): DeleteOptions from the body or the
// query, preconditions, dryRun; finalizers and deletionTimestamp are ObjectWriter's business.
// Foreground and Orphan propagation act like Background (there is no garbage collector).
class DeleteHandler
{
public:
    explicit DeleteHandler(const ApiServices &services);

    void remove(const ApiRequest &request);
    void removeCollection(const ApiRequest &request);

private:
    ApiServices m_services;
    ObjectWriter m_writer;
};

} // namespace cvc::sandbox
