#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace cvc {

// Outcome of applying a JSON patch. The kube-sandbox maps `error` to HTTP status codes:
// InvalidPatch → 400, TooManyOperations → 413, OperationFailed → 422 (the copy limit and the
// depth limit are operation failures, as in kube-apiserver, whose json-patch reports them from
// Apply).
struct JsonPatchResult
{
    enum class Error {
        None,
        InvalidPatch,       // not JSON, not an array of operation objects, unknown op, bad pointer text
        TooManyOperations,  // more than JsonPatch::MaxOperations operations
        OperationFailed,    // a well-formed operation could not be applied (missing path, failed test,
                            // copy limit, nesting limit, …)
    };

    Error error = Error::None;
    QString message;       // for a person: which operation failed and why
    QJsonValue document;   // the patched document when error == None
    int operationCount = 0;

    bool ok() const { return error == Error::None; }
};

// JSON patch, RFC 6902: add, remove, replace, move, copy, test; `~0`/`~1` escaping; `-` appends
// to an array. Operations apply in order to a copy; any failure leaves nothing applied.
//
// A patch is small but what it builds need not be: `copy` duplicates a subtree at no cost to the
// patch (Qt shares the data until it is written out), and add/copy/move can stack values ever
// deeper. Both are bounded while applying, so a patched document can always be serialized and
// read back.
class JsonPatch
{
public:
    // Same limit as kube-apiserver (maxJSONPatchOperations).
    static constexpr int MaxOperations = 10000;
    // kube-apiserver's JSONPatchMaxCopyBytes (3 MiB, k8s.io/apiserver/pkg/server/config.go), which
    // it installs as json-patch's AccumulatedCopySizeLimit: the serialized size of every copied
    // value is added up over the patch, and past the limit the copy fails with
    // `Unable to complete the copy, the accumulated size increase of copy is N, exceeding the limit M`.
    static constexpr qint64 MaxCopyBytes = 3 * 1024 * 1024;
    // Levels of objects and arrays a patched document may have: what QJsonDocument::fromJson
    // reads back (it refuses deeper documents as "too deeply nested document").
    static constexpr int MaxDepth = 1024;
    // Values the depth checks of one patch may look at. A patch that moves a large subtree back
    // and forth thousands of times would otherwise cost minutes; no real patch comes near this.
    static constexpr qint64 MaxInspectedValues = 10000000;

    static JsonPatchResult apply(const QJsonValue &document, const QJsonValue &patch);
    // Parses `patchJson` first; a parse error is InvalidPatch.
    static JsonPatchResult apply(const QJsonValue &document, const QByteArray &patchJson);
};

} // namespace cvc
