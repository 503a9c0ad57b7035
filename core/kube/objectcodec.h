#pragma once

#include <QJsonObject>
#include <QVariant>

namespace cvc {

// How an ObjectCache keeps its objects when the whole JSON object is more than its readers need
// (kube-rs lets a reflector store a projection of the object for the same reason). A codec for
// one resource keeps what its program reads, typed; decode() gives that back as JSON.
class ObjectCodec
{
public:
    virtual ~ObjectCodec() = default;

    // Not const: a codec may share equal strings between objects.
    virtual QVariant encode(const QJsonObject &object) = 0;
    virtual QJsonObject decode(const QVariant &stored) const = 0;
    // Whether two stored objects are the same as far as the codec's readers can tell: a change
    // of a field that is not kept is no change.
    virtual bool equal(const QVariant &a, const QVariant &b) const = 0;
};

} // namespace cvc
