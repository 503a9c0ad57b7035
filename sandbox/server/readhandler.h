#pragma once

#include "apiservices.h"
#include "listoptions.h"

#include <QJsonObject>
#include <QList>

namespace cvc::sandbox {

struct ApiRequest;
class ObjectFilter;

// GET of one object (or its /status) and LIST of a collection, as JSON or as a meta.k8s.io Table,
// with the list resourceVersion rules (a future resourceVersion waits up to 3 s, then 504).
class ReadHandler
{
public:
    explicit ReadHandler(const ApiServices &services);

    void get(const ApiRequest &request);
    void list(const ApiRequest &request, const ListOptions &options);

    // Matching objects of the request's collection (namespace and selectors applied).
    QList<QJsonObject> matchingObjects(const ApiRequest &request, const ObjectFilter &filter) const;

private:
    void answerList(const ApiRequest &request, const ObjectFilter &filter);

    ApiServices m_services;
};

} // namespace cvc::sandbox
