// WritePlan as a pure function: from a CVC as the server holds it and the state it should reach,
// exactly the patches the operator sends, and none when nothing differs.
#include "reconcile/writeplan.h"

#include <QJsonDocument>
#include <QtTest>

using cvc::CryptoValueCalculator;
using cvc::DesiredState;
using cvc::FeedHealth;
using cvc::PriceInput;
using cvc::WritePlan;
using Target = WritePlan::StatusTarget;

namespace {

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1700000100, Qt::UTC);

CryptoValueCalculator cvcWith(const QJsonObject &extraMetadata = {}, const QJsonObject &status = {})
{
    QJsonObject metadata{{QStringLiteral("name"), QStringLiteral("bitcoin-stash")},
                         {QStringLiteral("namespace"), QStringLiteral("default")},
                         {QStringLiteral("resourceVersion"), QStringLiteral("41")},
                         {QStringLiteral("generation"), 1}};
    for (auto it = extraMetadata.begin(); it != extraMetadata.end(); ++it)
        metadata.insert(it.key(), it.value());
    QJsonObject object{{QStringLiteral("metadata"), metadata},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), QStringLiteral("bitcoin")},
                                                            {QStringLiteral("amount"), 0.0023}}}};
    if (!status.isEmpty())
        object.insert(QStringLiteral("status"), status);
    return CryptoValueCalculator::fromJson(object);
}

DesiredState desiredFor(const CryptoValueCalculator &cvc, double price = 41222.0)
{
    PriceInput q;
    q.price = price;
    q.change24h = 1.5;
    q.lastUpdatedAt = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    q.source = QStringLiteral("coingecko");
    return DesiredState::compute(cvc, q, FeedHealth{}, true, kNow);
}

// The object after a write: what the server would return for the plan's patch.
CryptoValueCalculator applied(const CryptoValueCalculator &before, const DesiredState &desired, const QString &rv)
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), rv},
                         {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("value"), desired.annotation}}}};
    return cvcWith(metadata, before.status.toJson());
}

QString annotationOf(const QJsonObject &body)
{
    return body.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
        .value(QStringLiteral("value")).toString();
}

QString rvOf(const QJsonObject &body)
{
    return body.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString();
}

} // namespace

class TestWritePlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // A new CVC: the annotation on the object, then the status through /status, each naming the
    // resourceVersion it was planned from.
    void newCvcWithSubresource()
    {
        const CryptoValueCalculator cvc = cvcWith();
        const DesiredState desired = desiredFor(cvc);
        const WritePlan plan = WritePlan::plan(cvc, desired, Target::Subresource);
        QVERIFY(plan.main);
        QCOMPARE(plan.main->path, QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash"));
        QCOMPARE(annotationOf(plan.main->body), QStringLiteral("$94.8106"));
        QCOMPARE(rvOf(plan.main->body), QStringLiteral("41"));
        QVERIFY(!plan.main->body.contains(QStringLiteral("status")));
        QVERIFY(plan.status);
        QVERIFY(plan.status->path.endsWith(QStringLiteral("/bitcoin-stash/status")));

        // After the annotation landed, the status patch names the new resourceVersion.
        const WritePlan next = WritePlan::plan(applied(cvc, desired, QStringLiteral("42")), desired, Target::Subresource);
        QVERIFY(!next.main);
        QVERIFY(next.status);
        QCOMPARE(rvOf(next.status->body), QStringLiteral("42"));
        const QJsonObject status = next.status->body.value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("value")).toDouble(), 94.8106);
        QCOMPARE(status.value(QStringLiteral("priceSource")).toString(), QStringLiteral("coingecko"));
    }

    void withoutSubresourceStatusTravelsWithTheAnnotation()
    {
        const CryptoValueCalculator cvc = cvcWith();
        const WritePlan plan = WritePlan::plan(cvc, desiredFor(cvc), Target::MainResource);
        QVERIFY(plan.main);
        QVERIFY(!plan.status);
        QCOMPARE(annotationOf(plan.main->body), QStringLiteral("$94.8106"));
        QCOMPARE(plan.main->body.value(QStringLiteral("status")).toObject().value(QStringLiteral("value")).toDouble(), 94.8106);
    }

    // The original CRD prunes status: only the annotation is worth sending.
    void prunedStatusIsNotSent()
    {
        const CryptoValueCalculator cvc = cvcWith();
        const WritePlan plan = WritePlan::plan(cvc, desiredFor(cvc), Target::None);
        QVERIFY(plan.main);
        QVERIFY(!plan.status);
        QVERIFY(!plan.main->body.contains(QStringLiteral("status")));
        // Once the annotation is there, nothing is left to write: no write per tick for ever.
        const DesiredState desired = desiredFor(cvc);
        QVERIFY(WritePlan::plan(applied(cvc, desired, QStringLiteral("42")), desired, Target::None).isEmpty());
    }

    // Level-based: what the world already shows plans no write.
    void settledCvcPlansNothing()
    {
        const CryptoValueCalculator cvc = cvcWith();
        const DesiredState desired = desiredFor(cvc);
        CryptoValueCalculator settled = applied(cvc, desired, QStringLiteral("42"));
        settled.status = desired.status;
        QVERIFY(WritePlan::plan(settled, desired, Target::Subresource).isEmpty());
        QVERIFY(WritePlan::plan(settled, desiredFor(settled), Target::Subresource).isEmpty());
        // A price move changes both.
        const WritePlan moved = WritePlan::plan(settled, desiredFor(settled, 50000.0), Target::Subresource);
        QVERIFY(moved.main && moved.status);
        QCOMPARE(annotationOf(moved.main->body), QStringLiteral("$115.0000"));
    }

    // An invalid spec takes the value away: the annotation is removed with a JSON null.
    void removalSendsNull()
    {
        CryptoValueCalculator cvc = cvcWith(QJsonObject{{QStringLiteral("annotations"),
                                                         QJsonObject{{QStringLiteral("value"), QStringLiteral("$1.0000")}}}});
        cvc.spec.coin = QStringLiteral("not-a-coin");
        const DesiredState desired = DesiredState::compute(cvc, std::nullopt, FeedHealth{}, false, kNow);
        QCOMPARE(desired.annotationAction, DesiredState::AnnotationAction::Remove);
        const WritePlan plan = WritePlan::plan(cvc, desired, Target::Subresource);
        QVERIFY(plan.main);
        const QJsonValue value = plan.main->body.value(QStringLiteral("metadata")).toObject()
                                     .value(QStringLiteral("annotations")).toObject().value(QStringLiteral("value"));
        QVERIFY(value.isNull());
    }
};

QTEST_GUILESS_MAIN(TestWritePlan)
#include "tst_writeplan.moc"
