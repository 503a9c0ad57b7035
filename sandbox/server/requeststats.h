#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// Counters for GET /sandbox/stats: tests count writes per field manager (did the operator write
// only when something changed?), requests per user agent and per protocol (http1, http2), and API requests per Kubernetes verb
// and resource ("list cryptovaluecalculators.crypto.tools": how many LISTs and WATCHes does a
// client hold?). The keys come from clients, so each
// map is bounded: a key is cut to its first 64 characters, and past 100 distinct keys new ones
// are counted under "other".
class RequestStats
{
public:
    static constexpr int MaxKeyLength = 64;
    static constexpr int MaxKeys = 100;
    static constexpr auto OtherKey = "other";

    void recordRequest(const QString &userAgent, const QString &verb);
    void recordWrite(const QString &fieldManager);
    // "http1" or "http2": which protocol clients really use (QNetworkAccessManager falls back to
    // HTTP/1.1 silently, so tests check here that h2 was spoken).
    void recordProtocol(const QString &protocol);
    // verb as kube-apiserver's audit names it (get, list, watch, create, update, patch, delete,
    // deletecollection); resource "plural.group", or "plural" for the core group.
    void recordResourceRequest(const QString &verb, const QString &resource);

    QJsonObject toJson() const;
    void reset();

private:
    qint64 m_requests = 0;
    QHash<QString, qint64> m_byUserAgent;
    QHash<QString, qint64> m_byProtocol;
    QHash<QString, qint64> m_byVerb;
    QHash<QString, qint64> m_writesByFieldManager;
    QHash<QString, qint64> m_byResource;
};

} // namespace cvc::sandbox
