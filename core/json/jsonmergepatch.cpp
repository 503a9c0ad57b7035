#include "json/jsonmergepatch.h"

#include <QJsonObject>

namespace cvc {

QJsonValue JsonMergePatch::apply(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject patchObject = patch.toObject();
    for (auto it = patchObject.begin(); it != patchObject.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), apply(result.value(it.key()), it.value()));
    }
    return result;
}

QJsonValue JsonMergePatch::create(const QJsonValue &from, const QJsonValue &to)
{
    // A non-object on either side can only be expressed by replacing the whole value.
    if (!from.isObject() || !to.isObject())
        return to;
    const QJsonObject fromObject = from.toObject();
    const QJsonObject toObject = to.toObject();
    QJsonObject patch;
    for (auto it = fromObject.begin(); it != fromObject.end(); ++it) {
        if (!toObject.contains(it.key()))
            patch.insert(it.key(), QJsonValue::Null);
    }
    for (auto it = toObject.begin(); it != toObject.end(); ++it) {
        const QJsonValue old = fromObject.value(it.key());
        if (!fromObject.contains(it.key())) {
            patch.insert(it.key(), it.value());
        } else if (old != it.value()) {
            if (old.isObject() && it.value().isObject())
                patch.insert(it.key(), create(old, it.value()));
            else
                patch.insert(it.key(), it.value());
        }
    }
    return patch;
}

} // namespace cvc
