#pragma once

#include <QJsonValue>

namespace cvc {

// JSON merge patch, RFC 7386: objects merge recursively, `null` deletes a key, everything else
// (arrays included) replaces the target wholesale.
class JsonMergePatch
{
public:
    // The result of applying `patch` to `target` (RFC 7386 section 2, MergePatch()).
    static QJsonValue apply(const QJsonValue &target, const QJsonValue &patch);

    // The smallest merge patch that turns `from` into `to`: apply(from, create(from, to)) == to.
    // Unchanged keys are left out, removed keys become null, changed arrays are sent whole.
    // Returns an empty object when nothing changed. Note that a value `to` containing nulls
    // inside objects cannot be expressed by a merge patch (RFC 7386 section 1); those keys are
    // sent as deletions.
    static QJsonValue create(const QJsonValue &from, const QJsonValue &to);
};

} // namespace cvc
