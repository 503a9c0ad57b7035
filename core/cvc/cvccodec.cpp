#include "cvccodec.h"

namespace cvc {

namespace {

void intern(StringPool &pool, QString &s)
{
    s = pool.intern(s);
}

void intern(StringPool &pool, std::optional<QString> &s)
{
    if (s)
        *s = pool.intern(*s);
}

} // namespace

QVariant CvcCodec::encode(const QJsonObject &object)
{
    CryptoValueCalculator c = CryptoValueCalculator::fromJson(object);
    // Names, uids and resourceVersions are each one CVC's own; everything else repeats across
    // CVCs of a coin or a tick.
    intern(m_pool, c.key.namespaceName);
    intern(m_pool, c.spec.coin);
    CvcStatus &s = c.status;
    for (std::optional<QString> *field : {&s.currency, &s.priceSource, &s.priceUpdatedAt, &s.lastUpdated, &s.change, &s.change24h})
        intern(m_pool, *field);
    if (s.conditions) {
        QList<Condition> conditions = s.conditions->list();
        for (Condition &condition : conditions) {
            intern(m_pool, condition.type);
            intern(m_pool, condition.reason);
            intern(m_pool, condition.message);
            intern(m_pool, condition.lastTransitionTime);
        }
        s.conditions = Conditions(std::move(conditions));
    }
    return QVariant::fromValue(c);
}

QJsonObject CvcCodec::decode(const QVariant &stored) const
{
    return stored.value<CryptoValueCalculator>().toJson();
}

bool CvcCodec::equal(const QVariant &a, const QVariant &b) const
{
    return a.value<CryptoValueCalculator>() == b.value<CryptoValueCalculator>();
}

CryptoValueCalculator CvcCodec::read(const ObjectCache &cache, const QString &key)
{
    const QVariant stored = cache.stored(key);
    if (stored.canConvert<CryptoValueCalculator>())
        return stored.value<CryptoValueCalculator>();
    return CryptoValueCalculator::fromJson(cache.object(key));
}

} // namespace cvc
