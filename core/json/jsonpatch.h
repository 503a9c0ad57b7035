#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace cvc {

// Outcome of applying a JSON patch. The kube-sandbox maps `error` to HTTP status codes:
// InvalidPatch → 400, TooManyOperations → 413, OperationFailed → 422.
struct JsonPatchResult
{
    enum class Error {
        None,
        InvalidPatch,       // not JSON, not an array of operation objects, unknown op, bad pointer text
        TooManyOperations,  // more than JsonPatch::MaxOperations operations
        OperationFailed,    // a well-formed operation could not be applied (missing path, failed test, …)
    };

    Error error = Error::None;
    QString message;       // for a person: which operation failed and why
    QJsonValue document;   // the patched document when error == None
    int operationCount = 0;

    bool ok() const { return error == Error::None; }
};

// JSON patch, RFC 6902: add, remove, replace, move, copy, test; `~0`/`~1` escaping; `-` appends
// to an array. Operations apply in order to a copy; any failure leaves nothing applied.
class JsonPatch
{
public:
    // Same limit as kube-apiserver (maxJSONPatchOperations).
    static constexpr int MaxOperations = 10000;

    static JsonPatchResult apply(const QJsonValue &document, const QJsonValue &patch);
    // Parses `patchJson` first; a parse error is InvalidPatch.
    static JsonPatchResult apply(const QJsonValue &document, const QByteArray &patchJson);
};

} // namespace cvc
