#pragma once

#include "cryptovaluecalculator.h"
#include "stringpool.h"

#include "kube/objectcache.h"
#include "kube/objectcodec.h"

namespace cvc {

// Keeps a CVC in an ObjectCache as a CryptoValueCalculator with its repeated strings shared:
// what cvc-operator reads of 10,000 CVCs for months, at a few hundred bytes each instead of the
// object's kilobytes.
class CvcCodec : public ObjectCodec
{
public:
    QVariant encode(const QJsonObject &object) override;
    QJsonObject decode(const QVariant &stored) const override;
    bool equal(const QVariant &a, const QVariant &b) const override;

    int pooledStrings() const { return m_pool.size(); }

    // The CVC under `key`: without decoding when the cache stores through a CvcCodec.
    static CryptoValueCalculator read(const ObjectCache &cache, const QString &key);

private:
    StringPool m_pool;
};

} // namespace cvc

Q_DECLARE_METATYPE(cvc::CryptoValueCalculator)
