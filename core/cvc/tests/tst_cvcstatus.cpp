#include "cvc/cvcstatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using cvc::CvcStatus;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

// A status as cvc-operator 0.1 wrote it (tests/e2e/data/cvcs-written-by-28c01c8.json).
const char *writtenBy01 = R"({
  "change": "+100.00%", "change24h": "+1.25%", "currency": "USD",
  "lastUpdated": "2026-12-07T16:56:39Z", "observedGeneration": 2, "previousValue": 21000,
  "price": 42000, "priceUpdatedAt": "2026-12-07T09:05:00Z", "value": 42000,
  "conditions": [
    {"lastTransitionTime": "2026-12-07T16:56:32Z", "message": "valued at 42000 USD per bitcoin",
     "observedGeneration": 2, "reason": "Valued", "status": "True", "type": "Ready"},
    {"lastTransitionTime": "2026-12-07T16:56:32Z", "message": "spec.coin and spec.amount are valid",
     "observedGeneration": 2, "reason": "SpecValid", "status": "False", "type": "InvalidSpec"}
  ]})";

} // namespace

class TestCvcStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEveryOwnedField()
    {
        const CvcStatus s = CvcStatus::fromJson(json(writtenBy01));
        QCOMPARE(s.observedGeneration, 2);
        QCOMPARE(s.price, 42000.0);
        QCOMPARE(s.value, 42000.0);
        QCOMPARE(s.previousValue, 21000.0);
        QVERIFY(!s.previousPrice);
        QCOMPARE(s.currency, QStringLiteral("USD"));
        QCOMPARE(s.change, QStringLiteral("+100.00%"));
        QCOMPARE(s.change24h, QStringLiteral("+1.25%"));
        QCOMPARE(s.priceUpdatedAt, QStringLiteral("2026-12-07T09:05:00Z"));
        QVERIFY(!s.priceSource);
        QVERIFY(s.condition(u"Ready") && s.condition(u"Ready")->isTrue());
        QCOMPARE(s.condition(u"Ready")->describe(), QStringLiteral("Valued: valued at 42000 USD per bitcoin"));
        QVERIFY(s.condition(u"InvalidSpec") && !s.condition(u"InvalidSpec")->isTrue());
        QVERIFY(!s.condition(u"PriceStale"));
    }

    // What another version wrote must read back as it was written, or every reconcile would
    // rewrite it: the typed form loses nothing of the owned fields.
    void roundTripsExactly()
    {
        const QJsonObject written = json(writtenBy01);
        const CvcStatus s = CvcStatus::fromJson(written);
        QCOMPARE(s.toJson(), written);
        QVERIFY(CvcStatus::difference(s, s).isEmpty());
        QVERIFY(CvcStatus::difference(s, CvcStatus::fromJson(s.toJson())).isEmpty());
    }

    void differenceSetsChangedAndDeletesDropped()
    {
        const CvcStatus current = CvcStatus::fromJson(json(writtenBy01));
        CvcStatus desired = current;
        desired.price = 43000;
        desired.previousPrice = 42000;
        desired.change24h.reset();
        const QJsonObject patch = CvcStatus::difference(current, desired);
        QCOMPARE(patch, json(R"({"price": 43000, "previousPrice": 42000, "change24h": null})"));
    }

    // A field of the wrong type (hand-edited, or a broken writer) is neither trusted nor kept.
    void malformedFieldsAreReplacedOrRemoved()
    {
        const CvcStatus current = CvcStatus::fromJson(json(R"({"price": "lots", "change": 5, "value": 1})"));
        QVERIFY(!current.price);
        QVERIFY(!current.change);
        QVERIFY(current.isMalformed(CvcStatus::Field::Price));
        CvcStatus desired;
        desired.price = 100;
        desired.value = 1;
        QCOMPARE(CvcStatus::difference(current, desired), json(R"({"price": 100, "change": null})"));
    }

    // Fields the operator does not own (a user's, a newer version's) are never in a patch.
    void foreignFieldsAreLeftAlone()
    {
        const CvcStatus current = CvcStatus::fromJson(json(R"({"price": 1, "fieldOfANewerVersion": 12.5, "note": "mine"})"));
        QCOMPARE(current.toJson(), json(R"({"price": 1})"));
        CvcStatus desired = current;
        desired.price = 2;
        QCOMPARE(CvcStatus::difference(current, desired), json(R"({"price": 2})"));
    }
};

QTEST_GUILESS_MAIN(TestCvcStatus)
#include "tst_cvcstatus.moc"
