// Upgrading from 0.1 (28c01c8), issue 10: CVCs whose annotation and status the 0.1 operator wrote
// are adopted by this operator without loss, and settle to zero writes per unchanged tick.
//
// The CVCs are real objects, recorded from the 28c01c8 kube-sandbox, fake-coingecko and
// cvc-operator by data/record-cvcs-28c01c8.sh (which says how: valid ones for every coin, a
// decimal amount, a zero amount, an amount edit, one made invalid after its valuation and one
// invalid from the start, one kept during a price outage so it is stale, user labels and
// annotations, two namespaces): data/cvcs-written-by-28c01c8.json, as the API returned them. Each is
// created again here in a fresh kube-sandbox with this tree's CRD, as it was: metadata (labels,
// annotations, the `value` annotation included), spec, the generation it had (by editing spec as
// often as it was edited) and the status through /status. fake-coingecko answers with the prices
// and price times of the end of the recording (data/cvcs-written-by-28c01c8.prices.json), so every
// tick is unchanged for every CVC. Then this tree's cvc-operator starts.
//
// What a user sees afterwards: spec, labels and annotations as they were, the right `value`
// annotation, a status that keeps every field 0.1 wrote and reads as cvc-contract.md says (an
// invalid spec loses the value 0.1 left in its status); the only writes are the stale CVC's status
// (its price is fresh again) and those invalid ones; and over further ticks the sandbox's write
// log shows no write by the operator at all.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>
#include <QtTest>

using namespace cvc::e2e;

namespace {

const QString cvcResource = QStringLiteral("cryptovaluecalculators");
const QString fieldManager = QStringLiteral("cvc-operator");

// What the `value` annotation must read: amount × the recorded price, worked out by hand.
const QHash<QString, QString> expectedValue{
    {QStringLiteral("bitcoin-stash"), QStringLiteral("$96.6000")},       // 0.0023 × 42000
    {QStringLiteral("lump-of-ethereum"), QStringLiteral("$4483.6470")},  // 1.47 × 3050.1
    {QStringLiteral("doge-jar"), QStringLiteral("$98.5200")},            // 1200 × 0.0821
    {QStringLiteral("shiba-pile"), QStringLiteral("$20.3000")},          // 2500000 × 0.00000812
    {QStringLiteral("nothing-held"), QStringLiteral("$0.0000")},         // 0 × 0.0821
    {QStringLiteral("amount-edited"), QStringLiteral("$42000.0000")},    // 1 × 42000
    {QStringLiteral("stale-doge"), QStringLiteral("$410.5000")},         // 5000 × 0.0821
    {QStringLiteral("long-term-ether"), QStringLiteral("$31263.5250")},  // 10.25 × 3050.1
};
// Invalid specs (negative amounts): no annotation, InvalidSpec NegativeAmount.
const QSet<QString> invalidSpec{QStringLiteral("turned-invalid"), QStringLiteral("born-invalid")};
// Recorded during a price outage: the one CVC whose status changes (the price is fresh again).
const QString staleName = QStringLiteral("stale-doge");

QJsonObject readJsonFile(const QString &relativePath)
{
    QFile f(SandboxProcess::sourcePath(relativePath));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString objectPath(const QString &ns, const QString &name = {})
{
    QString p = QStringLiteral("/apis/crypto.tools/v1/namespaces/%1/cryptovaluecalculators").arg(ns);
    if (!name.isEmpty())
        p += QLatin1Char('/') + name;
    return p;
}

QJsonObject withoutValue(QJsonObject annotations)
{
    annotations.remove(QStringLiteral("value"));
    return annotations;
}

QJsonObject condition(const QJsonObject &status, const QString &type)
{
    for (const QJsonValue &v : status.value(QStringLiteral("conditions")).toArray()) {
        if (v.toObject().value(QStringLiteral("type")).toString() == type)
            return v.toObject();
    }
    return {};
}

QJsonArray withoutConditions(const QJsonArray &conditions, const QStringList &types)
{
    QJsonArray out;
    for (const QJsonValue &c : conditions) {
        if (!types.contains(c.toObject().value(QStringLiteral("type")).toString()))
            out.append(c);
    }
    return out;
}

// Everything in `live` that a user would miss or find wrong, compared with the recorded object
// and cvc-contract.md; empty when it is all right.
QStringList problems(const QJsonObject &recorded, const QJsonObject &live, const QJsonObject &prices)
{
    QStringList out;
    const QJsonObject rm = recorded.value(QStringLiteral("metadata")).toObject();
    const QJsonObject lm = live.value(QStringLiteral("metadata")).toObject();
    const QString name = rm.value(QStringLiteral("name")).toString();
    const auto differs = [&](const QString &what, const QJsonValue &want, const QJsonValue &got) {
        if (want != got)
            out << QStringLiteral("%1: %2 instead of %3").arg(what, compact(got), compact(want));
    };
    if (live.isEmpty())
        return {QStringLiteral("gone")};

    differs(QStringLiteral("spec"), recorded.value(QStringLiteral("spec")), live.value(QStringLiteral("spec")));
    differs(QStringLiteral("labels"), rm.value(QStringLiteral("labels")), lm.value(QStringLiteral("labels")));
    const QJsonObject annotations = lm.value(QStringLiteral("annotations")).toObject();
    differs(QStringLiteral("annotations other than value"), withoutValue(rm.value(QStringLiteral("annotations")).toObject()),
            withoutValue(annotations));
    differs(QStringLiteral("finalizers"), rm.value(QStringLiteral("finalizers")), lm.value(QStringLiteral("finalizers")));
    const QJsonValue value = annotations.value(QStringLiteral("value"));
    if (invalidSpec.contains(name))
        differs(QStringLiteral("annotation value"), QJsonValue(QJsonValue::Undefined), value);
    else
        differs(QStringLiteral("annotation value"), expectedValue.value(name), value);

    const QJsonObject rs = recorded.value(QStringLiteral("status")).toObject();
    const QJsonObject ls = live.value(QStringLiteral("status")).toObject();
    // Adopted without loss: every field 0.1 wrote is still there; where nothing moved, unchanged.
    // Except, for an invalid spec, the value 0.1 left behind: status.value is the annotation's
    // number (cvc-contract.md), and the annotation is gone, so value, price and their time go too.
    const QStringList droppedWhenInvalid{QStringLiteral("value"), QStringLiteral("price"), QStringLiteral("priceUpdatedAt")};
    for (auto it = rs.begin(); it != rs.end(); ++it) {
        if (invalidSpec.contains(name) && droppedWhenInvalid.contains(it.key())) {
            if (ls.contains(it.key()))
                out << QStringLiteral("status.%1 kept for an invalid spec: %2").arg(it.key(), compact(ls.value(it.key())));
            continue;
        }
        if (!ls.contains(it.key()))
            out << QStringLiteral("status.%1 is gone (was %2)").arg(it.key(), compact(it.value()));
        else if (it.key() == QLatin1String("conditions") && invalidSpec.contains(name))
            // The conditions 0.1 wrote stay as they were; Reconciling and Stalled, which it never
            // wrote, are checked below.
            differs(QStringLiteral("status.conditions that 0.1 wrote"), it.value(),
                    withoutConditions(ls.value(it.key()).toArray(), {QStringLiteral("Reconciling"), QStringLiteral("Stalled")}));
        else if (it.key() != QLatin1String("conditions") || name != staleName)
            differs(QStringLiteral("status.") + it.key(), it.value(), ls.value(it.key()));
    }
    // No price moved since the recording, so there is no price move for previousPrice to name: a
    // 0.1 status keeps its own `change` (its value move) until the price moves.
    if (ls.contains(QStringLiteral("previousPrice")))
        out << QStringLiteral("status.previousPrice written without a price move: ") + compact(ls.value(QStringLiteral("previousPrice")));

    // The contract's forms.
    const qint64 generation = lm.value(QStringLiteral("generation")).toInteger(-1);
    differs(QStringLiteral("metadata.generation"), rm.value(QStringLiteral("generation")), lm.value(QStringLiteral("generation")));
    differs(QStringLiteral("status.observedGeneration"), generation, ls.value(QStringLiteral("observedGeneration")));
    static const QRegularExpression time(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
    static const QRegularExpression percent(QStringLiteral("^([+-]\\d+\\.\\d\\d|0\\.00)%$"));
    for (const QString &k : {QStringLiteral("priceUpdatedAt"), QStringLiteral("lastUpdated")}) {
        if (ls.contains(k) && !time.match(ls.value(k).toString()).hasMatch())
            out << QStringLiteral("status.%1 is not an RFC 3339 UTC time: %2").arg(k, compact(ls.value(k)));
    }
    for (const QString &k : {QStringLiteral("change"), QStringLiteral("change24h")}) {
        if (ls.contains(k) && !percent.match(ls.value(k).toString()).hasMatch())
            out << QStringLiteral("status.%1 is not a signed percentage with 2 decimals: %2").arg(k, compact(ls.value(k)));
    }
    for (const QString &k : {QStringLiteral("price"), QStringLiteral("value"), QStringLiteral("previousValue")}) {
        if (ls.contains(k) && !ls.value(k).isDouble())
            out << QStringLiteral("status.%1 is not a number: %2").arg(k, compact(ls.value(k)));
    }
    for (const QJsonValue &v : ls.value(QStringLiteral("conditions")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString type = c.value(QStringLiteral("type")).toString();
        if (c.value(QStringLiteral("observedGeneration")).toInteger(-1) != generation)
            out << QStringLiteral("condition %1 describes generation %2, not %3").arg(type).arg(c.value(QStringLiteral("observedGeneration")).toInteger(-1)).arg(generation);
        if (!time.match(c.value(QStringLiteral("lastTransitionTime")).toString()).hasMatch())
            out << QStringLiteral("condition %1 has no RFC 3339 lastTransitionTime").arg(type);
        if (c.value(QStringLiteral("reason")).toString().isEmpty() || c.value(QStringLiteral("message")).toString().isEmpty())
            out << QStringLiteral("condition %1 has no reason or message").arg(type);
    }
    const auto conditionIs = [&](const QString &type, const QString &status, const QString &reason) {
        const QJsonObject c = condition(ls, type);
        if (c.value(QStringLiteral("status")).toString() != status || c.value(QStringLiteral("reason")).toString() != reason)
            out << QStringLiteral("condition %1 is %2 instead of %3 %4").arg(type, compact(c), status, reason);
    };
    // kstatus reads an absent Reconciling or Stalled as False; 0.1 wrote neither.
    const auto abnormalIsFalse = [&](const QString &type) {
        const QJsonObject c = condition(ls, type);
        if (!c.isEmpty() && c.value(QStringLiteral("status")).toString() != QLatin1String("False"))
            out << QStringLiteral("condition %1 is %2 instead of False or absent").arg(type, compact(c));
    };
    conditionIs(QStringLiteral("PriceStale"), QStringLiteral("False"), QStringLiteral("PriceFresh"));
    if (invalidSpec.contains(name)) {
        conditionIs(QStringLiteral("Ready"), QStringLiteral("False"), QStringLiteral("InvalidSpec"));
        conditionIs(QStringLiteral("Stalled"), QStringLiteral("True"), QStringLiteral("InvalidSpec"));
        abnormalIsFalse(QStringLiteral("Reconciling"));
        conditionIs(QStringLiteral("InvalidSpec"), QStringLiteral("True"), QStringLiteral("NegativeAmount"));
        return out;
    }
    conditionIs(QStringLiteral("Ready"), QStringLiteral("True"), QStringLiteral("Valued"));
    abnormalIsFalse(QStringLiteral("Reconciling"));
    abnormalIsFalse(QStringLiteral("Stalled"));
    conditionIs(QStringLiteral("InvalidSpec"), QStringLiteral("False"), QStringLiteral("SpecValid"));
    differs(QStringLiteral("status.currency"), QStringLiteral("USD"), ls.value(QStringLiteral("currency")));
    differs(QStringLiteral("status.value (as the annotation)"), expectedValue.value(name).mid(1).toDouble(), ls.value(QStringLiteral("value")));
    const QJsonObject quote = prices.value(live.value(QStringLiteral("spec")).toObject().value(QStringLiteral("coin")).toString()).toObject();
    differs(QStringLiteral("status.price"), quote.value(QStringLiteral("usd")), ls.value(QStringLiteral("price")));
    return out;
}

} // namespace

class TestOperatorUpgrade : public KubectlTest
{
    Q_OBJECT
private:
    // Creates `recorded` again as it was: metadata, spec at its generation, status via /status.
    // Returns what went wrong, empty on success.
    QString recreate(SandboxProcess &sandbox, const QJsonObject &recorded)
    {
        const QJsonObject rm = recorded.value(QStringLiteral("metadata")).toObject();
        const QString ns = rm.value(QStringLiteral("namespace")).toString();
        const QString name = rm.value(QStringLiteral("name")).toString();
        const QJsonObject spec = recorded.value(QStringLiteral("spec")).toObject();
        const qint64 generation = rm.value(QStringLiteral("generation")).toInteger(1);
        // Every spec edit bumps the generation: start at an amount off by the edits to come.
        const auto specWithAmountOff = [&](qint64 off) {
            QJsonObject s = spec;
            s.insert(QStringLiteral("amount"), spec.value(QStringLiteral("amount")).toDouble() + double(off));
            return s;
        };
        QJsonObject metadata{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}};
        for (const QString &k : {QStringLiteral("labels"), QStringLiteral("annotations"), QStringLiteral("finalizers")}) {
            if (rm.contains(k))
                metadata.insert(k, rm.value(k));
        }
        const QJsonObject body{{QStringLiteral("apiVersion"), recorded.value(QStringLiteral("apiVersion"))},
                               {QStringLiteral("kind"), recorded.value(QStringLiteral("kind"))},
                               {QStringLiteral("metadata"), metadata},
                               {QStringLiteral("spec"), specWithAmountOff(generation - 1)}};
        auto r = sandbox.requestJson("POST", objectPath(ns), body);
        if (r.status != 201)
            return QStringLiteral("create %1/%2: %3").arg(ns, name, r.describe());
        for (qint64 off = generation - 2; off >= 0; --off) {
            r = sandbox.requestJson("PATCH", objectPath(ns, name), QJsonObject{{QStringLiteral("spec"), specWithAmountOff(off)}},
                                    "application/merge-patch+json");
            if (r.status != 200)
                return QStringLiteral("edit %1/%2: %3").arg(ns, name, r.describe());
        }
        r = sandbox.requestJson("PATCH", objectPath(ns, name) + QStringLiteral("/status"),
                                QJsonObject{{QStringLiteral("status"), recorded.value(QStringLiteral("status"))}},
                                "application/merge-patch+json");
        if (r.status != 200)
            return QStringLiteral("status of %1/%2: %3").arg(ns, name, r.describe());
        const QJsonObject live = r.json();
        if (live.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("generation")) != rm.value(QStringLiteral("generation"))
            || live.value(QStringLiteral("status")) != recorded.value(QStringLiteral("status"))
            || live.value(QStringLiteral("spec")) != spec)
            return QStringLiteral("%1/%2 was not created as recorded: %3").arg(ns, name, compact(live));
        return {};
    }

    // The sandbox's newest resourceVersion (a string, as resourceVersions are); 0 when unknown.
    qint64 currentResourceVersion(SandboxProcess &sandbox)
    {
        return sandbox.stats().value(QStringLiteral("resourceVersion")).toString().toLongLong();
    }

    // The operator's writes to CVCs in the sandbox's write log, newer than `sinceResourceVersion`.
    QJsonArray cvcWrites(SandboxProcess &sandbox, qint64 sinceResourceVersion)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("fieldManager"), fieldManager);
        q.addQueryItem(QStringLiteral("sinceResourceVersion"), QString::number(sinceResourceVersion));
        QJsonArray out;
        for (const QJsonValue &w : sandbox.writes(q)) {
            if (w.toObject().value(QStringLiteral("resource")).toString() == cvcResource)
                out.append(w);
        }
        return out;
    }

private Q_SLOTS:
    void adoptsCvcsWrittenBy28c01c8()
    {
        const QJsonArray recorded = readJsonFile(QStringLiteral("tests/e2e/data/cvcs-written-by-28c01c8.json"))
                                        .value(QStringLiteral("items")).toArray();
        const QJsonObject priceState = readJsonFile(QStringLiteral("tests/e2e/data/cvcs-written-by-28c01c8.prices.json"));
        const QJsonObject prices = priceState.value(QStringLiteral("prices")).toObject();
        QCOMPARE(recorded.size(), expectedValue.size() + invalidSpec.size());
        QCOMPARE(prices.size(), 4);

        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}),
                 qPrintable(sandbox.errorString()));
        QHash<QString, QJsonObject> byName;
        QSet<QString> namespaces{QStringLiteral("default")};
        for (const QJsonValue &v : recorded) {
            const QJsonObject o = v.toObject();
            const QJsonObject m = o.value(QStringLiteral("metadata")).toObject();
            const QString ns = m.value(QStringLiteral("namespace")).toString();
            if (!namespaces.contains(ns)) {
                const auto r = sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"),
                                                   QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                               {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), ns}}}});
                QVERIFY2(r.status == 201, qPrintable(r.describe()));
                namespaces.insert(ns);
            }
            const QString error = recreate(sandbox, o);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            byName.insert(m.value(QStringLiteral("name")).toString(), o);
        }
        QCOMPARE(byName.size(), recorded.size());
        QVERIFY2(condition(byName.value(staleName).value(QStringLiteral("status")).toObject(), QStringLiteral("PriceStale"))
                         .value(QStringLiteral("status")).toString() == QLatin1String("True"),
                 "the recording has no stale CVC");

        FakeCoinGeckoProcess feed;
        QVERIFY2(feed.start(), qPrintable(feed.errorString()));
        QVERIFY(feed.setState(priceState));
        const qint64 loadedAt = currentResourceVersion(sandbox);
        QVERIFY(loadedAt > 0);

        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), feed.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        // What is wrong with any CVC now, one line each; empty once everything is as it should be.
        const auto wrong = [&]() -> QString {
            const QJsonArray items = sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/cryptovaluecalculators"))
                                         .json().value(QStringLiteral("items")).toArray();
            QHash<QString, QJsonObject> live;
            for (const QJsonValue &v : items)
                live.insert(v.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(), v.toObject());
            QStringList out;
            for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
                for (const QString &p : problems(it.value(), live.value(it.key()), prices))
                    out << it.key() + QStringLiteral(": ") + p;
            }
            if (live.size() != byName.size())
                out << QStringLiteral("%1 CVCs instead of %2").arg(live.size()).arg(byName.size());
            return out.join(QLatin1Char('\n'));
        };
        QTRY_VERIFY2_WITH_TIMEOUT(wrong().isEmpty(), qPrintable(wrong() + QStringLiteral("\noperator:\n") + op.output()), 20000);

        // Adoption cost one write per CVC that needed one: the stale CVC's status, now that its
        // price is fresh again, and the status of each invalid CVC (Stalled turns True, which 0.1
        // never wrote, and the value 0.1 left goes). The valid ones need none: their absent
        // Reconciling and Stalled already read as False.
        QStringList expectedWrites{staleName};
        for (const QString &name : invalidSpec)
            expectedWrites << name;
        expectedWrites.sort();
        const QJsonArray adoption = cvcWrites(sandbox, loadedAt);
        QStringList adoptionNames;
        for (const QJsonValue &w : adoption)
            adoptionNames << w.toObject().value(QStringLiteral("name")).toString();
        adoptionNames.sort();
        QVERIFY2(adoptionNames == expectedWrites,
                 qPrintable(QStringLiteral("writes while adopting: ") + compact(adoption) + QStringLiteral("; expected one each for ")
                            + expectedWrites.join(QLatin1Char(' '))));
        qInfo("adopted %lld CVCs written by 28c01c8 with %lld writes: %s", qint64(byName.size()), qint64(adoption.size()),
              qPrintable(compact(adoption)));

        // Two and more unchanged ticks: at least two new price calls answered, and at least two
        // reconciles of every CVC after them, all of which found nothing to write.
        const qint64 settledAt = currentResourceVersion(sandbox);
        QVERIFY(feed.clearCalls());
        const double unchangedBefore = op.metric(QStringLiteral("cvc_unchanged_total"));
        QVERIFY(unchangedBefore >= 0);
        const auto answeredCalls = [&feed] {
            int n = 0;
            for (const auto &c : feed.priceCalls())
                n += c.second == 200 ? 1 : 0;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(answeredCalls() >= 3, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_unchanged_total")) >= unchangedBefore + 2 * byName.size(), 15000);
        const QJsonArray later = cvcWrites(sandbox, settledAt);
        QVERIFY2(later.isEmpty(), qPrintable(QStringLiteral("writes on unchanged ticks: ") + compact(later)));
        qInfo("then %d unchanged price calls, %g reconciles that found nothing to write, %lld writes",
              answeredCalls(), op.metric(QStringLiteral("cvc_unchanged_total")) - unchangedBefore, qint64(later.size()));
        // Nor any other write of the operator's (Events included).
        QUrlQuery anyWrite;
        anyWrite.addQueryItem(QStringLiteral("fieldManager"), fieldManager);
        anyWrite.addQueryItem(QStringLiteral("sinceResourceVersion"), QString::number(settledAt));
        QVERIFY2(sandbox.writes(anyWrite).isEmpty(), qPrintable(compact(sandbox.writes(anyWrite))));
        const QString after = wrong();
        QVERIFY2(after.isEmpty(), qPrintable(after));

        QCOMPARE(op.terminate(5000), 0);
    }
};

QTEST_GUILESS_MAIN(TestOperatorUpgrade)
#include "tst_operatorupgrade.moc"
