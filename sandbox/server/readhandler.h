#pragma once

#include "apiservices.h"
#include "listoptions.h"

#include <QString>

namespace cvc::sandbox {

struct ApiRequest;
class ObjectFilter;

// GET of one object (or its /status) and LIST of a collection, as JSON or as a meta.k8s.io Table,
// with the list resourceVersion rules (a future resourceVersion waits up to 3 s, then 504) and
// kube-apiserver's paging (limit and continue over a snapshot at the first page's resourceVersion,
// kept by the watch history; see ListSnapshot and ListPager).
class ReadHandler
{
public:
    explicit ReadHandler(const ApiServices &services);

    void get(const ApiRequest &request);
    void list(const ApiRequest &request, const ListOptions &options);

private:
    // Which state a list reads and where it starts.
    struct ListRead
    {
        qint64 resourceVersion = 0; // the snapshot's; 0 = the latest state
        QString startKey;           // from a continue token
        bool continued = false;     // a continue token was given (its expiry is a different 410)
        qint64 limit = 0;
    };

    void answerList(const ApiRequest &request, const ObjectFilter &filter, const ListRead &read);

    ApiServices m_services;
};

} // namespace cvc::sandbox
