#pragma once

#include "resourceinfo.h"

#include <QJsonObject>

namespace cvc::sandbox {

class ResourceRegistry;

// Resources that are a second view of objects stored under another resource (events.k8s.io/v1
// Event over core/v1 Event, kube-api.md §5.2): objects are converted on the way in and out, and
// writes go through the stored resource's rules. Identity for every other resource.
class Representation
{
public:
    // Stored form → what the client of `info` sees.
    static QJsonObject outgoing(const ResourceInfo &info, const QJsonObject &stored);
    // What a client of `info` sent → stored form.
    static QJsonObject incoming(const ResourceInfo &info, const QJsonObject &object);
    // The resource whose rules apply to writes through `info`.
    static ResourceInfo storage(const ResourceInfo &info, const ResourceRegistry &registry);
};

} // namespace cvc::sandbox
