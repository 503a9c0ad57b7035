// Fidelity checks 29–34 of kube-api.md §7: watch start points, framing, selectors, 410 Expired,
// bookmarks, timeouts and streaming lists; plus the Table form of watch events (§1.7).
#include "cvcfixtures.h"
#include "httpreply.h"
#include "sandboxprocess.h"
#include "watchstream.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

class TestWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void eventsFromResourceVersion();
    void initialEvents_data();
    void initialEvents();
    void selectors();
    void expired();
    void bookmarksAndTimeout();
    void streamingList();
    void tableEvents();
    void stopsMatching();
    void droppedByFault();
    void acrossNamespaces();

private:
    QString listResourceVersion(const QString &ns);
    SandboxProcess m_sandbox;
};

void TestWatch::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    for (const char *ns : {"w29", "w30", "w31", "w32", "w33", "w34", "wtable", "wmatch", "wdrop"})
        QVERIFY(CvcFixtures::createNamespace(m_sandbox, QLatin1String(ns)));
}

void TestWatch::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QString TestWatch::listResourceVersion(const QString &ns)
{
    return CvcFixtures::resourceVersion(m_sandbox.request("GET", CvcFixtures::collection(ns)).json());
}

// Check 29.
void TestWatch::eventsFromResourceVersion()
{
    const QString ns = QStringLiteral("w29");
    const QString rv = listResourceVersion(ns);
    QVERIFY(!rv.isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("a"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("a", ns), R"({"spec":{"amount":2}})", "application/merge-patch+json"), 200);
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object("a", ns)), 200);

    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&resourceVersion=") + rv), qPrintable(watch.describe()));
    QVERIFY2(watch.header("Content-Type").startsWith("application/json"), watch.header("Content-Type").constData());
    QCOMPARE(watch.header("Transfer-Encoding").toLower(), QByteArray("chunked"));
    // A sentinel written after the three: the stream must show exactly those three before it.
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("sentinel"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY2(watch.waitForEvents(4), qPrintable(watch.describe()));
    QCOMPARE(CvcFixtures::eventSummary(watch.events()),
             (QStringList{"ADDED a", "MODIFIED a", "DELETED a", "ADDED sentinel"}));
    qint64 previous = rv.toLongLong();
    for (const QJsonObject &event : watch.events()) {
        const QJsonObject object = event.value("object").toObject();
        QCOMPARE(object.value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(object.value("apiVersion").toString(), QStringLiteral("crypto.tools/v1"));
        const qint64 current = CvcFixtures::resourceVersionNumber(object);
        QVERIFY2(current > previous, qPrintable(QStringLiteral("RV %1 after %2").arg(current).arg(previous)));
        previous = current;
    }
    QCOMPARE(watch.malformedLines(), 0);
    QVERIFY2(watch.rawBody().endsWith('\n'), "the last event is not terminated by a newline");
    QCOMPARE(watch.rawBody().count('\n'), 4);
}

void TestWatch::initialEvents_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("no resourceVersion") << QStringLiteral("?watch=true");
    QTest::newRow("resourceVersion=0") << QStringLiteral("?watch=1&resourceVersion=0");
    // python3-kubernetes spells booleans the Python way.
    QTest::newRow("watch=True") << QStringLiteral("?watch=True");
}

// Check 30.
void TestWatch::initialEvents()
{
    QFETCH(QString, query);
    const QString ns = QStringLiteral("w30");
    if (m_sandbox.request("GET", CvcFixtures::object("one", ns)).status == 404) {
        QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("one"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
        QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("two"), QStringLiteral("ethereum"), 2, ns).isEmpty());
    }
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + query), qPrintable(watch.describe()));
    QVERIFY2(watch.waitForEvents(2), qPrintable(watch.describe()));
    QStringList initial = CvcFixtures::eventSummary(watch.events().mid(0, 2));
    initial.sort();
    QCOMPARE(initial, (QStringList{"ADDED one", "ADDED two"}));

    const QString live = QStringLiteral("live-") + QString::fromLatin1(QTest::currentDataTag()).replace(QRegularExpression("[^a-z0-9]"), "");
    QVERIFY(!CvcFixtures::create(m_sandbox, live, QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY2(watch.waitForEvents(3), qPrintable(watch.describe()));
    QCOMPARE(CvcFixtures::eventSummary(watch.events()).at(2), QStringLiteral("ADDED ") + live);
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object(live, ns)), 200);
}

// Check 31.
void TestWatch::selectors()
{
    const QString ns = QStringLiteral("w31");
    const QString rv = listResourceVersion(ns);
    WatchStream byLabel(m_sandbox);
    QVERIFY2(byLabel.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&labelSelector=app%3Dx&resourceVersion=") + rv),
             qPrintable(byLabel.describe()));
    WatchStream byName(m_sandbox);
    QVERIFY2(byName.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&fieldSelector=metadata.name%3Da&resourceVersion=") + rv),
             qPrintable(byName.describe()));

    QJsonObject labelled = CvcFixtures::cvc(QStringLiteral("labelled"));
    QJsonObject metadata = labelled.value("metadata").toObject();
    metadata.insert("labels", QJsonObject{{"app", "x"}});
    labelled.insert("metadata", metadata);
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", CvcFixtures::collection(ns), labelled), 201);
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("b"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("a"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    // The last write matches both watches, so once it arrived everything before it has been filtered.
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("a", ns), R"({"metadata":{"labels":{"app":"x"}}})",
                                      "application/merge-patch+json"),
                    200);
    QVERIFY2(byName.waitForEvents(2), qPrintable(byName.describe()));
    QCOMPARE(CvcFixtures::eventSummary(byName.events()), (QStringList{"ADDED a", "MODIFIED a"}));
    QVERIFY2(byLabel.waitForEvents(2), qPrintable(byLabel.describe()));
    const QStringList labelEvents = CvcFixtures::eventSummary(byLabel.events());
    QCOMPARE(labelEvents.first(), QStringLiteral("ADDED labelled"));
    // a starts matching with its label change: real servers send ADDED, MODIFIED is tolerated.
    QVERIFY2(labelEvents.at(1) == QLatin1String("ADDED a") || labelEvents.at(1) == QLatin1String("MODIFIED a"),
             qPrintable(labelEvents.join(", ")));
    QCOMPARE(labelEvents.size(), 2);

    const HttpReply unsupported = m_sandbox.request("GET", CvcFixtures::collection(ns) + QStringLiteral("?watch=1&fieldSelector=spec.coin%3Dbitcoin"));
    CVC_VERIFY_STATUS(unsupported, 400, QStringLiteral("BadRequest"));
    QVERIFY2(unsupported.json().value("message").toString().contains(QStringLiteral("field label not supported: spec.coin")),
             unsupported.body.constData());
}

// Check 32: a watch from a compacted resourceVersion gets one ERROR event with a 410 Status.
void TestWatch::expired()
{
    const QString ns = QStringLiteral("w32");
    const QString oldRv = listResourceVersion(ns);
    for (int i = 0; i < 3; ++i)
        QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("e%1").arg(i), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"compact", true}}), qPrintable(m_sandbox.errorString()));

    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&resourceVersion=") + oldRv), qPrintable(watch.describe()));
    QVERIFY2(watch.waitForFinished(10000), qPrintable(watch.describe()));
    QCOMPARE(watch.events().size(), 1);
    const QJsonObject event = watch.events().first();
    QCOMPARE(event.value("type").toString(), QStringLiteral("ERROR"));
    const QJsonObject status = event.value("object").toObject();
    QCOMPARE(status.value("kind").toString(), QStringLiteral("Status"));
    QCOMPARE(status.value("apiVersion").toString(), QStringLiteral("v1"));
    QCOMPARE(status.value("status").toString(), QStringLiteral("Failure"));
    QCOMPARE(status.value("code").toInt(), 410);
    QCOMPARE(status.value("reason").toString(), QStringLiteral("Expired"));
    QVERIFY2(status.value("message").toString().startsWith(QStringLiteral("too old resource version: ") + oldRv),
             qPrintable(status.value("message").toString()));

    // The current resourceVersion still works after compaction.
    WatchStream fresh(m_sandbox);
    QVERIFY2(fresh.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&resourceVersion=") + listResourceVersion(ns)),
             qPrintable(fresh.describe()));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("after"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY2(fresh.waitForEvents(1), qPrintable(fresh.describe()));
    QCOMPARE(CvcFixtures::eventSummary(fresh.events()).first(), QStringLiteral("ADDED after"));
}

// Check 33 (with a 2 s timeout instead of 5 s to keep the suite short).
void TestWatch::bookmarksAndTimeout()
{
    const QString ns = QStringLiteral("w33");
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("b1"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    const QString rv = listResourceVersion(ns);
    QElapsedTimer timer;
    timer.start();
    WatchStream withBookmarks(m_sandbox);
    QVERIFY2(withBookmarks.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&allowWatchBookmarks=true&timeoutSeconds=2&resourceVersion=") + rv),
             qPrintable(withBookmarks.describe()));
    WatchStream withoutBookmarks(m_sandbox);
    QVERIFY2(withoutBookmarks.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=1&timeoutSeconds=2&resourceVersion=") + rv),
             qPrintable(withoutBookmarks.describe()));
    QVERIFY2(withBookmarks.waitForFinished(8000), qPrintable(withBookmarks.describe()));
    QVERIFY2(withoutBookmarks.waitForFinished(8000), qPrintable(withoutBookmarks.describe()));
    QVERIFY2(timer.elapsed() >= 1500, qPrintable(QStringLiteral("stream closed after %1 ms").arg(timer.elapsed())));

    for (const QJsonObject &event : withBookmarks.events()) {
        if (event.value("type").toString() != QLatin1String("BOOKMARK"))
            continue;
        const QJsonObject object = event.value("object").toObject();
        QStringList keys = object.keys();
        keys.removeAll("kind");
        keys.removeAll("apiVersion");
        QCOMPARE(keys, QStringList{QStringLiteral("metadata")});
        QCOMPARE(object.value("metadata").toObject().keys(), QStringList{QStringLiteral("resourceVersion")});
    }
    for (const QJsonObject &event : withoutBookmarks.events())
        QVERIFY2(event.value("type").toString() != QLatin1String("BOOKMARK"), "BOOKMARK sent without allowWatchBookmarks");
}

// Check 34.
void TestWatch::streamingList()
{
    const QString ns = QStringLiteral("w34");
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("s1"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("s2"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns)
                        + QStringLiteral("?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")),
             qPrintable(watch.describe()));
    QVERIFY2(watch.waitForEvents(3), qPrintable(watch.describe()));
    QStringList added = CvcFixtures::eventSummary(watch.events().mid(0, 2));
    added.sort();
    QCOMPARE(added, (QStringList{"ADDED s1", "ADDED s2"}));
    const QJsonObject bookmark = watch.events().at(2);
    QCOMPARE(bookmark.value("type").toString(), QStringLiteral("BOOKMARK"));
    const QJsonObject metadata = bookmark.value("object").toObject().value("metadata").toObject();
    QCOMPARE(metadata.value("annotations").toObject().value("k8s.io/initial-events-end").toString(), QStringLiteral("true"));
    QVERIFY(!metadata.value("resourceVersion").toString().isEmpty());

    const HttpReply invalid = m_sandbox.request("GET", CvcFixtures::collection(ns) + QStringLiteral("?watch=1&resourceVersionMatch=NotOlderThan&resourceVersion=0"));
    CVC_VERIFY_STATUS(invalid, 422, QStringLiteral("Invalid"));
}

// §1.7: with the Table Accept each event's object is a one-row Table; only the first has columns.
void TestWatch::tableEvents()
{
    const QString ns = QStringLiteral("wtable");
    const QString rv = listResourceVersion(ns);
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + QStringLiteral("?watch=true&resourceVersion=") + rv,
                        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"),
             qPrintable(watch.describe()));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("t1"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("t2"), QStringLiteral("ethereum"), 2, ns).isEmpty());
    QVERIFY2(watch.waitForEvents(2), qPrintable(watch.describe()));
    const QJsonObject first = watch.events().at(0).value("object").toObject();
    const QJsonObject second = watch.events().at(1).value("object").toObject();
    QCOMPARE(first.value("kind").toString(), QStringLiteral("Table"));
    QCOMPARE(first.value("rows").toArray().size(), 1);
    QVERIFY(!first.value("columnDefinitions").toArray().isEmpty());
    QCOMPARE(second.value("kind").toString(), QStringLiteral("Table"));
    QVERIFY2(second.value("columnDefinitions").toArray().isEmpty(), "later Table events repeat columnDefinitions");
    QCOMPARE(second.value("rows").toArray().at(0).toObject().value("cells").toArray().at(0).toString(), QStringLiteral("t2"));
}

// §2.3 (SHOULD): an object that stops matching a label selector is DELETED for that watch.
void TestWatch::stopsMatching()
{
    const QString ns = QStringLiteral("wmatch");
    QJsonObject labelled = CvcFixtures::cvc(QStringLiteral("leaver"));
    labelled.insert("metadata", QJsonObject{{"name", "leaver"}, {"labels", QJsonObject{{"app", "x"}}}});
    const HttpReply created = m_sandbox.requestJson("POST", CvcFixtures::collection(ns), labelled);
    CVC_VERIFY_HTTP(created, 201);
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + "?watch=1&labelSelector=app%3Dx&resourceVersion=" + CvcFixtures::resourceVersion(created.json())),
             qPrintable(watch.describe()));
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("leaver", ns), R"({"metadata":{"labels":{"app":"y"}}})",
                                      "application/merge-patch+json"),
                    200);
    QVERIFY2(watch.waitForEvents(1), qPrintable(watch.describe()));
    QCOMPARE(CvcFixtures::eventSummary(watch.events()).first(), QStringLiteral("DELETED leaver"));
}

// The dropWatches fault ends streams cleanly (a normal end of the chunked body), so clients re-watch.
void TestWatch::droppedByFault()
{
    const QString ns = QStringLiteral("wdrop");
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection(ns) + "?watch=1&resourceVersion=" + listResourceVersion(ns)), qPrintable(watch.describe()));
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"dropWatches", true}}), qPrintable(m_sandbox.errorString()));
    QVERIFY2(watch.waitForFinished(10000), qPrintable(watch.describe()));
    QVERIFY2(!watch.describe().contains("error"), qPrintable(watch.describe()));
    QCOMPARE(watch.malformedLines(), 0);

    WatchStream again(m_sandbox);
    QVERIFY2(again.open(CvcFixtures::collection(ns) + "?watch=1&resourceVersion=" + listResourceVersion(ns)), qPrintable(again.describe()));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("after-drop"), QStringLiteral("bitcoin"), 1, ns).isEmpty());
    QVERIFY2(again.waitForEvents(1), qPrintable(again.describe()));
}

// A cluster-wide watch (kubectl get -A -w, the operator without --namespace) sees every namespace.
void TestWatch::acrossNamespaces()
{
    const QString rv = CvcFixtures::resourceVersion(m_sandbox.request("GET", "/apis/crypto.tools/v1/cryptovaluecalculators").json());
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open("/apis/crypto.tools/v1/cryptovaluecalculators?watch=1&resourceVersion=" + rv), qPrintable(watch.describe()));
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "wall-a"));
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "wall-b"));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("in-a"), QStringLiteral("bitcoin"), 1, "wall-a").isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("in-b"), QStringLiteral("bitcoin"), 1, "wall-b").isEmpty());
    QVERIFY2(watch.waitForEvents(2), qPrintable(watch.describe()));
    QCOMPARE(CvcFixtures::eventSummary(watch.events()), (QStringList{"ADDED in-a", "ADDED in-b"}));
    QCOMPARE(watch.events().at(1).value("object").toObject().value("metadata").toObject().value("namespace").toString(), QStringLiteral("wall-b"));
}

QTEST_GUILESS_MAIN(TestWatch)
#include "tst_watch.moc"
