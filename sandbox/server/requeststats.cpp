#include "requeststats.h"

namespace cvc::sandbox {

namespace {

QJsonObject toObject(const QHash<QString, qint64> &counts)
{
    QJsonObject out;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

void count(QHash<QString, qint64> &counts, const QString &key)
{
    QString bounded = key.left(RequestStats::MaxKeyLength);
    if (bounded.size() < key.size() && bounded.back().isHighSurrogate())
        bounded.chop(1);   // never half a character
    if (auto it = counts.find(bounded); it != counts.end()) {
        ++it.value();
        return;
    }
    if (counts.size() >= RequestStats::MaxKeys) {
        ++counts[QLatin1String(RequestStats::OtherKey)];
        return;
    }
    counts.insert(bounded, 1);
}

} // namespace

void RequestStats::recordRequest(const QString &userAgent, const QString &verb)
{
    ++m_requests;
    // "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07" counts as "kubectl", like managedFields do.
    const QString agent = userAgent.section(QLatin1Char('/'), 0, 0).trimmed();
    count(m_byUserAgent, agent.isEmpty() ? QStringLiteral("unknown") : agent);
    count(m_byVerb, verb);
}

void RequestStats::recordProtocol(const QString &protocol)
{
    count(m_byProtocol, protocol);
}

void RequestStats::recordWrite(const QString &fieldManager)
{
    count(m_writesByFieldManager, fieldManager);
}

void RequestStats::recordResourceRequest(const QString &verb, const QString &resource)
{
    count(m_byResource, verb + QLatin1Char(' ') + resource);
}

QJsonObject RequestStats::toJson() const
{
    return QJsonObject{{QStringLiteral("requests"), m_requests},
                       {QStringLiteral("requestsByUserAgent"), toObject(m_byUserAgent)},
                       {QStringLiteral("requestsByProtocol"), toObject(m_byProtocol)},
                       {QStringLiteral("requestsByVerb"), toObject(m_byVerb)},
                       {QStringLiteral("requestsByResource"), toObject(m_byResource)},
                       {QStringLiteral("writesByFieldManager"), toObject(m_writesByFieldManager)}};
}

void RequestStats::reset()
{
    m_requests = 0;
    m_byUserAgent.clear();
    m_byProtocol.clear();
    m_byVerb.clear();
    m_byResource.clear();
    m_writesByFieldManager.clear();
}

} // namespace cvc::sandbox
