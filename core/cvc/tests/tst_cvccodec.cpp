#include "cvc/cvccodec.h"

#include "kube/objectcache.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using cvc::CryptoValueCalculator;
using cvc::CvcCodec;
using cvc::ObjectCache;

namespace {

QJsonObject cvcObject(const QString &name, double amount, const QString &rv, const QString &lastUpdated)
{
    return QJsonDocument::fromJson(QStringLiteral(R"({"apiVersion": "crypto.tools/v1", "kind": "CryptoValueCalculator",
        "metadata": {"name": "%1", "namespace": "default", "uid": "uid-%1", "resourceVersion": "%2", "generation": 1,
                     "creationTimestamp": "2026-12-07T10:00:00Z", "labels": {"team": "a"},
                     "annotations": {"value": "$94.8106", "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
        "spec": {"coin": "bitcoin", "amount": %3},
        "status": {"observedGeneration": 1, "price": 41222, "value": 94.8106, "currency": "USD",
                   "lastUpdated": "%4", "change24h": "+1.25%",
                   "conditions": [{"type": "Ready", "status": "True", "reason": "Valued",
                                   "message": "valued at 41222 USD per bitcoin", "observedGeneration": 1,
                                   "lastTransitionTime": "2026-12-07T10:00:01Z"}]}})")
                                      .arg(name, rv).arg(amount).arg(lastUpdated).toUtf8())
        .object();
}

} // namespace

class TestCvcCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // What the operator reads of a CVC survives the store; the rest (labels, other
    // annotations, timestamps) is not kept.
    void keepsWhatTheProductReads()
    {
        CvcCodec codec;
        const QJsonObject object = cvcObject(QStringLiteral("a"), 0.0023, QStringLiteral("7"), QStringLiteral("2026-12-07T10:00:01Z"));
        const QVariant stored = codec.encode(object);
        const CryptoValueCalculator c = stored.value<CryptoValueCalculator>();
        QCOMPARE(c, CryptoValueCalculator::fromJson(object));
        const QJsonObject decoded = codec.decode(stored);
        QCOMPARE(CryptoValueCalculator::fromJson(decoded), c);
        const QJsonObject metadata = decoded.value(QStringLiteral("metadata")).toObject();
        QVERIFY(!metadata.contains(QStringLiteral("labels")));
        QCOMPARE(metadata.value(QStringLiteral("annotations")).toObject().keys(), QStringList{QStringLiteral("value")});
        QCOMPARE(decoded.value(QStringLiteral("status")).toObject(), object.value(QStringLiteral("status")).toObject());
    }

    void cvcsShareTheirRepeatedStrings()
    {
        CvcCodec codec;
        const auto a = codec.encode(cvcObject(QStringLiteral("a"), 1, QStringLiteral("7"), QStringLiteral("2026-12-07T10:00:01Z")))
                           .value<CryptoValueCalculator>();
        const auto b = codec.encode(cvcObject(QStringLiteral("b"), 2, QStringLiteral("8"), QStringLiteral("2026-12-07T10:00:01Z")))
                           .value<CryptoValueCalculator>();
        QCOMPARE(a.status.lastUpdated->constData(), b.status.lastUpdated->constData());
        QCOMPARE(a.status.condition(u"Ready")->message.constData(), b.status.condition(u"Ready")->message.constData());
        QCOMPARE(a.spec.coin.constData(), b.spec.coin.constData());
        QVERIFY(a.key.name.constData() != b.key.name.constData());
    }

    // Months of ticks bring a new time every minute: the pool keeps only what CVCs still use.
    void thePoolForgetsWhatNoCvcUses()
    {
        CvcCodec codec;
        ObjectCache cache;
        cache.setCodec(std::make_shared<CvcCodec>());
        QVariant kept;
        for (int tick = 0; tick < 5000; ++tick)
            kept = codec.encode(cvcObject(QStringLiteral("a"), 1, QString::number(tick),
                                          QDateTime::fromSecsSinceEpoch(1765000000 + tick * 60, Qt::UTC).toString(Qt::ISODate)));
        QVERIFY2(codec.pooledStrings() < 3000, qPrintable(QString::number(codec.pooledStrings())));
        QCOMPARE(kept.value<CryptoValueCalculator>().resourceVersion, QStringLiteral("4999"));
    }

    void cacheThroughTheCodec()
    {
        ObjectCache cache;
        cache.setCodec(std::make_shared<CvcCodec>());
        QCOMPARE(cache.storage(), ObjectCache::Storage::Codec);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        const QJsonObject object = cvcObject(QStringLiteral("a"), 1, QStringLiteral("7"), QStringLiteral("2026-12-07T10:00:01Z"));
        cache.replaceAll({object}, QStringLiteral("7"));
        QCOMPARE(CvcCodec::read(cache, QStringLiteral("default/a")), CryptoValueCalculator::fromJson(object));
        QCOMPARE(cache.object(QStringLiteral("default/a")).value(QStringLiteral("spec")).toObject().value(QStringLiteral("amount")).toDouble(), 1.0);

        // A label is nothing the operator reads: no change. A new amount is.
        QJsonObject relabelled = object;
        QJsonObject metadata = relabelled.value(QStringLiteral("metadata")).toObject();
        metadata.insert(QStringLiteral("labels"), QJsonObject{{QStringLiteral("team"), QStringLiteral("b")}});
        relabelled.insert(QStringLiteral("metadata"), metadata);
        cache.applyEvent(QStringLiteral("MODIFIED"), relabelled);
        QCOMPARE(modified.size(), 0);
        cache.applyEvent(QStringLiteral("MODIFIED"), cvcObject(QStringLiteral("a"), 2, QStringLiteral("9"), QStringLiteral("2026-12-07T10:00:01Z")));
        QCOMPARE(modified.size(), 1);
        QCOMPARE(CvcCodec::read(cache, QStringLiteral("default/a")).spec.amount, 2.0);
        QCOMPARE(CvcCodec::read(cache, QStringLiteral("default/none")), CryptoValueCalculator());
    }
};

QTEST_GUILESS_MAIN(TestCvcCodec)
#include "tst_cvccodec.moc"
