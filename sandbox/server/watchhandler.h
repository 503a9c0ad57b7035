#pragma once

#include "apiservices.h"
#include "listoptions.h"

class QObject;

namespace cvc::sandbox {

struct ApiRequest;

// GET …?watch=1: checks what can be refused with a normal status code (selectors, media type,
// options), then hands the stream to a WatchSession that lives until the stream ends.
class WatchHandler
{
public:
    WatchHandler(const ApiServices &services, QObject *sessionParent);

    void watch(const ApiRequest &request, const ListOptions &options);

private:
    ApiServices m_services;
    QObject *m_sessionParent;
};

} // namespace cvc::sandbox
