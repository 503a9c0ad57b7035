// libFuzzer target: JSON patch (RFC 6902) and JSON merge patch (RFC 7386) as PATCH bodies carry
// them. Input: a mode byte (even: JSON patch, odd: merge patch) and anything up to the first
// NUL, then document, NUL, patch (or merge target).
//   JSON patch: a result is always a document QJsonDocument reads back (depth, C10) and never
//   grows past what the copy limit allows (C4; the RSS limit catches amplification); the input
//   document is never changed.
//   Merge patch: the patch created from A to B turns A into B whenever B has no nulls inside
//   objects (which a merge patch cannot express), and applying any patch twice changes nothing
//   the second time.
#include "fuzzinput.h"
#include "json/jsonmergepatch.h"
#include "json/jsonpatch.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

// What a merge patch can say about `value`: members that are null inside objects are deletions,
// so they cannot survive; arrays travel whole, as they are.
QJsonValue withoutObjectNulls(const QJsonValue &value)
{
    if (!value.isObject())
        return value;
    QJsonObject out;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isNull())
            out.insert(it.key(), withoutObjectNulls(it.value()));
    }
    return out;
}

bool readsBack(const QJsonValue &value)
{
    if (!value.isObject() && !value.isArray())
        return true;
    const QByteArray json = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    QJsonParseError error;
    const QJsonDocument back = QJsonDocument::fromJson(json, &error);
    return error.error == QJsonParseError::NoError && (value.isObject() ? QJsonValue(back.object()) : QJsonValue(back.array())) == value;
}

void jsonPatch(const FuzzInput &input)
{
    const std::optional<QJsonValue> document = input.json(1);
    if (!document)
        return;
    const QJsonValue before = *document;
    const cvc::JsonPatchResult result = cvc::JsonPatch::apply(*document, input.part(2));
    if (*document != before)
        fuzzFailure("the input document changed");
    if (!result.ok()) {
        if (result.message.isEmpty())
            fuzzFailure("a failed patch has no message");
        return;
    }
    if (!readsBack(result.document))
        fuzzFailure("a patched document does not read back");
}

void mergePatch(const FuzzInput &input)
{
    const std::optional<QJsonValue> a = input.json(1);
    const std::optional<QJsonValue> b = input.json(2);
    if (!a || !b)
        return;
    // A target with nulls inside objects cannot be reached (RFC 7386 section 1); any other can.
    if (withoutObjectNulls(*b) == *b && cvc::JsonMergePatch::apply(*a, cvc::JsonMergePatch::create(*a, *b)) != *b)
        fuzzFailure("apply(A, create(A, B)) is not B");
    const QJsonValue once = cvc::JsonMergePatch::apply(*a, *b);
    if (cvc::JsonMergePatch::apply(once, *b) != once)
        fuzzFailure("a merge patch applied twice changed the result again");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const FuzzInput input(data, size);
    if (data[0] % 2 == 0)
        jsonPatch(input);
    else
        mergePatch(input);
    return 0;
}
