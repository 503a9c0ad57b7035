// The Watcher's paged initial list against a real kube-sandbox (which pages like kube-apiserver,
// see tests/sandbox/tst_pagination): with a page size of 2 every object arrives exactly once, and
// a continue token that expires between pages (410 Expired, the snapshot left the history)
// restarts the list in one piece, which still converges to the server's state.
#include "kubeclient.h"
#include "kubeconfig.h"
#include "objectcache.h"
#include "resourcetype.h"
#include "sandboxprocess.h"
#include "watcher.h"

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace cvc;
using namespace cvc::testsupport;

namespace {

const QString kNamespace = QStringLiteral("paging");

QJsonObject cvcObject(const QString &name)
{
    return QJsonObject{{"apiVersion", "crypto.tools/v1"},
                       {"kind", "CryptoValueCalculator"},
                       {"metadata", QJsonObject{{"name", name}}},
                       {"spec", QJsonObject{{"coin", "bitcoin"}, {"amount", 1}}}};
}

} // namespace

class TestWatcherPaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void everyObjectOnce();
    void expiredTokenRestartsList();

private:
    qint64 listRequests();
    bool create(const QString &name);

    SandboxProcess m_sandbox;
    std::optional<ClientConfig> m_config;
    QSet<QString> m_expected; // namespace/name of every object in kNamespace
};

qint64 TestWatcherPaging::listRequests()
{
    return qint64(m_sandbox.stats().value("requestsByResource").toObject()
                      .value("list cryptovaluecalculators.crypto.tools").toDouble());
}

bool TestWatcherPaging::create(const QString &name)
{
    const HttpReply reply = m_sandbox.requestJson("POST", ResourceType::cryptoValueCalculators().path(kNamespace), cvcObject(name));
    if (reply.status != 201) {
        qWarning("creating %s: %s", qPrintable(name), qPrintable(reply.describe()));
        return false;
    }
    m_expected.insert(kNamespace + QLatin1Char('/') + name);
    return true;
}

void TestWatcherPaging::initTestCase()
{
    QVERIFY2(m_sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}),
             qPrintable(m_sandbox.errorString()));
    ConnectionOptions options;
    options.kubeconfig = m_sandbox.kubeconfigPath();
    QString error;
    m_config = KubeConfig::load(options, &error);
    QVERIFY2(m_config, qPrintable(error));
    const HttpReply ns = m_sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"),
                                               QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                           {"metadata", QJsonObject{{"name", kNamespace}}}});
    QCOMPARE(ns.status, 201);
    // Seven objects: pages of 2, 2, 2 and 1.
    for (int i = 0; i < 7; ++i)
        QVERIFY(create(QStringLiteral("page-%1").arg(i)));
}

void TestWatcherPaging::init()
{
    QVERIFY(m_sandbox.setFault(QJsonObject{{"reset", true}}));
}

void TestWatcherPaging::cleanup()
{
    m_sandbox.setFault(QJsonObject{{"reset", true}});
}

void TestWatcherPaging::everyObjectOnce()
{
    KubeClient client(*m_config);
    ObjectCache cache;
    Watcher::Options options;
    options.namespaceName = kNamespace;
    options.listPageSize = 2;
    Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, options);
    QSignalSpy listed(&watcher, &Watcher::listed);
    QStringList added;
    connect(&cache, &ObjectCache::objectAdded, this, [&](const QString &key, const QJsonObject &) { added.append(key); });

    const qint64 before = listRequests();
    watcher.start();
    QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 20000);
    QCOMPARE(listed.count(), 1);
    // The pages together hold each object once: 7, not a page counted twice.
    QCOMPARE(listed.at(0).at(0).toInt(), 7);
    QCOMPARE(cache.size(), 7);
    const QStringList keys = cache.keys();
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()), m_expected);
    QCOMPARE(added.size(), 7);
    // It paged: four LIST requests (2 + 2 + 2 + 1), one resourceVersion.
    QCOMPARE(listRequests() - before, qint64(4));
    QCOMPARE(watcher.listCount(), 1);
    watcher.stop();
}

void TestWatcherPaging::expiredTokenRestartsList()
{
    KubeClient client(*m_config);
    client.setUserAgent(QStringLiteral("paging-reader/1.0"));
    // Only the reader is slow: each of its requests waits 1.5 s at the server before it is read,
    // which leaves time to push the list's snapshot out of the history between two pages.
    QVERIFY(m_sandbox.setFaultForUserAgent(QStringLiteral("paging-reader"), QJsonObject{{"latencyMs", 1500}}));
    ObjectCache cache;
    Watcher::Options options;
    options.namespaceName = kNamespace;
    options.listPageSize = 2;
    Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, options);
    QSignalSpy listed(&watcher, &Watcher::listed);

    const qint64 before = listRequests();
    watcher.start();
    // The sandbox counts a request once its latency has passed: the second page has just been
    // answered, the third page's request waits.
    QTRY_VERIFY_WITH_TIMEOUT(listRequests() - before >= 2, 20000);
    QCOMPARE(listRequests() - before, qint64(2));
    // A change and a compaction: the list's snapshot is older than the history now.
    QVERIFY(create(QStringLiteral("late")));
    QVERIFY(m_sandbox.setFault(QJsonObject{{"compact", true}}));

    QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 30000);
    // 410 on the third page, then one list in one piece: four LIST requests, two lists begun.
    QCOMPARE(listRequests() - before, qint64(4));
    QCOMPARE(watcher.listCount(), 2);
    QCOMPARE(listed.count(), 1);
    QCOMPARE(listed.at(0).at(0).toInt(), 8);
    QCOMPARE(cache.size(), 8);
    const QStringList keys = cache.keys();
    QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()), m_expected);
    watcher.stop();
}

QTEST_MAIN(TestWatcherPaging)
#include "tst_watcherpaging.moc"
