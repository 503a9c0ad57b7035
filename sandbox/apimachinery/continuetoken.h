#pragma once

#include <QString>

#include <optional>

namespace cvc::sandbox {

// The `continue` value of a paged list, written and read the way kube-apiserver's storage does
// (k8s.io/apiserver/pkg/storage/continue.go): unpadded URL-safe base64 of
// {"v":"meta.k8s.io/v1","rv":<the first page's resourceVersion>,"start":"<key>\u0000"}, where
// the key is the last returned object's key below the list's prefix ("name" in a namespace or for
// a cluster-scoped resource, "namespace/name" across namespaces). Clients treat it as opaque, but
// they pass tokens between servers and tests, so it stays byte-compatible.
class ContinueToken
{
public:
    // rv of the token a 410 hands out to go on at the latest state (inconsistently).
    static constexpr qint64 LatestResourceVersion = -1;

    ContinueToken() = default;
    ContinueToken(qint64 resourceVersion, const QString &startKey);

    // The token for the page after the object whose key is `key`.
    static ContinueToken after(qint64 resourceVersion, const QString &key);

    // A negative resourceVersion means "the latest state".
    qint64 resourceVersion() const { return m_resourceVersion; }
    bool atLatest() const { return m_resourceVersion < 0; }
    // Objects whose key is not less than this come next.
    QString startKey() const { return m_startKey; }

    QString encode() const;
    // std::nullopt with *error for what kube-apiserver refuses (its message, which follows
    // "invalid continue token: " in the 400): not base64url, not the JSON object, another "v",
    // rv 0, an empty or unclean start key (path traversal: "a/../b", "a//b", "a/").
    static std::optional<ContinueToken> decode(const QString &token, QString *error);

private:
    qint64 m_resourceVersion = 0;
    QString m_startKey;
};

} // namespace cvc::sandbox
