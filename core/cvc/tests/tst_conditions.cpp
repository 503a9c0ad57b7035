#include "cvc/conditions.h"

#include <QtTest>

using cvc::Condition;
using cvc::Conditions;

class TestConditions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Kubernetes convention: lastTransitionTime says when the status last flipped, so a new
    // reason or message under the same status keeps it.
    void transitionTimeMovesOnlyWithTheStatus()
    {
        const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        Conditions c;
        c.set(QStringLiteral("Ready"), Condition::Status::False, QStringLiteral("PriceUnavailable"), QStringLiteral("no price"), 1, t0);
        QCOMPARE(c.find(u"Ready")->lastTransitionTime, QStringLiteral("2023-11-14T22:13:20Z"));
        c.set(QStringLiteral("Ready"), Condition::Status::False, QStringLiteral("Pending"), QStringLiteral("edited"), 2, t0.addSecs(60));
        QCOMPARE(c.find(u"Ready")->lastTransitionTime, QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(c.find(u"Ready")->reason, QStringLiteral("Pending"));
        QCOMPARE(c.find(u"Ready")->observedGeneration, 2);
        c.set(QStringLiteral("Ready"), Condition::Status::True, QStringLiteral("Valued"), QStringLiteral("valued"), 2, t0.addSecs(120));
        QCOMPARE(c.find(u"Ready")->lastTransitionTime, QStringLiteral("2023-11-14T22:15:20Z"));
        QCOMPARE(c.list().size(), 1);
    }

    void orderedPutsOursFirstAndKeepsTheRest()
    {
        Conditions c = Conditions::fromJson(QJsonArray{
            QJsonObject{{QStringLiteral("type"), QStringLiteral("AlertFiring")}, {QStringLiteral("status"), QStringLiteral("True")},
                        {QStringLiteral("reason"), QStringLiteral("Above")}, {QStringLiteral("message"), QString()}},
            QJsonObject{{QStringLiteral("type"), QStringLiteral("InvalidSpec")}, {QStringLiteral("status"), QStringLiteral("False")},
                        {QStringLiteral("reason"), QStringLiteral("SpecValid")}, {QStringLiteral("message"), QString()}},
            QJsonObject{{QStringLiteral("type"), QStringLiteral("Ready")}, {QStringLiteral("status"), QStringLiteral("Unknown")},
                        {QStringLiteral("reason"), QStringLiteral("Pending")}, {QStringLiteral("message"), QString()}},
        });
        const Conditions o = c.ordered({QStringLiteral("Ready"), QStringLiteral("PriceStale"), QStringLiteral("InvalidSpec")});
        QStringList types;
        for (const Condition &x : o.list())
            types.append(x.type);
        QCOMPARE(types, (QStringList{QStringLiteral("Ready"), QStringLiteral("InvalidSpec"), QStringLiteral("AlertFiring")}));
        QCOMPARE(o.find(u"Ready")->status, Condition::Status::Unknown);
        QCOMPARE(o.toJson().at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("Unknown"));
        QVERIFY(o.isTrue(u"AlertFiring"));
        QVERIFY(!o.isTrue(u"InvalidSpec"));
    }
};

QTEST_GUILESS_MAIN(TestConditions)
#include "tst_conditions.moc"
