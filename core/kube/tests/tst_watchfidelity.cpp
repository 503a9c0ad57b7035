// Watch fidelity under faults against a real kube-sandbox: while a writer makes 1,000 changes, the
// sandbox drops every watch every 1.5 s, compacts its history (forcing 410 and a relist) and is
// restarted once from its data file. At the end the cache must equal a fresh LIST, its signals must
// have told the whole story, and every change must have been observed: as its own watch event, or
// inside a relist snapshot taken after it.
#include "awaitresponse.h"
#include "kubeclient.h"
#include "kubeconfig.h"
#include "objectcache.h"
#include "sandboxprocess.h"
#include "watcher.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cvc;
using namespace cvc::testsupport;
using cvc::test::awaitResponse;

namespace {

// The sandbox is being faulted and restarted meanwhile: allow its answers more time than usual.
constexpr int kSlowAnswerMs = 20000;

qint64 rvOf(const QJsonObject &o)
{
    return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString().toLongLong();
}


// Executes the change list one at a time, retrying what the faults break.
class Writer : public QObject
{
public:
    struct Op
    {
        enum Kind { Create, Patch, Delete } kind;
        QString ns;
        QString name;
        int amount;
    };
    struct Done
    {
        QString key;
        qint64 rv;
    };

    Writer(KubeClient *client, QList<Op> ops)
        : m_client(client)
        , m_ops(std::move(ops))
    {
    }

    std::function<void(int)> onProgress;
    QList<Done> done;
    int retries = 0;
    bool finished() const { return m_next >= m_ops.size(); }
    void start() { step(); }

private:
    void step()
    {
        if (finished())
            return;
        const Op op = m_ops.at(m_next);
        const ResourceType cvc = ResourceType::cryptoValueCalculators();
        WriteOptions options;
        options.fieldManager = QStringLiteral("fidelity-writer");
        auto handle = [this, op](const KubeResponse &r) {
            const QString key = op.ns + QLatin1Char('/') + op.name;
            bool ok = r.ok();
            // A request the restart cut off may have been applied: accept the matching answers.
            if (!ok && op.kind == Op::Create && r.error->isAlreadyExists())
                ok = true;
            if (!ok && op.kind == Op::Delete && r.error->isNotFound())
                ok = true;
            if (!ok) {
                ++retries;
                QTimer::singleShot(100, this, [this] { step(); });
                return;
            }
            if (r.ok())
                done.append({key, rvOf(r.object)});
            ++m_next;
            if (onProgress)
                onProgress(m_next);
            QTimer::singleShot(0, this, [this] { step(); });
        };
        switch (op.kind) {
        case Op::Create:
            m_client->create(cvc.path(op.ns), QJsonObject{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"},
                                                          {"metadata", QJsonObject{{"name", op.name}}},
                                                          {"spec", QJsonObject{{"coin", "bitcoin"}, {"amount", op.amount}}}},
                             options, this, handle);
            break;
        case Op::Patch:
            m_client->patch(cvc.path(op.ns, op.name), PatchType::Merge, QJsonObject{{"spec", QJsonObject{{"amount", op.amount}}}},
                            options, this, handle);
            break;
        case Op::Delete:
            m_client->remove(cvc.path(op.ns, op.name), options, this, handle);
            break;
        }
    }

    KubeClient *m_client;
    QList<Op> m_ops;
    int m_next = 0;
};

} // namespace

class TestWatchFidelity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thousandChangesUnderFaults()
    {
        QTemporaryDir dir;
        SandboxProcess sandbox;
        sandbox.setDataFile(dir.filePath(QStringLiteral("sandbox.db")));
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--watch-history"), QStringLiteral("200")}),
                 qPrintable(sandbox.errorString()));
        ConnectionOptions options;
        options.kubeconfig = sandbox.kubeconfigPath();
        QString error;
        const auto config = KubeConfig::load(options, &error);
        QVERIFY2(config, qPrintable(error));

        KubeClient admin(*config);
        const QStringList namespaces = {QStringLiteral("fid-a"), QStringLiteral("fid-b")};
        for (const QString &ns : namespaces) {
            const KubeResponse r = awaitResponse([&](ResponseCallback cb) {
                admin.create(QStringLiteral("/api/v1/namespaces"),
                             QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", ns}}}}, {}, this, cb);
            }, kSlowAnswerMs);
            QVERIFY2(r.ok() || r.error->isAlreadyExists(), qPrintable(r.error->toString()));
        }

        // The reader: all namespaces, short server timeouts so streams also end on their own.
        KubeClient reader(*config);
        // One request a second for the reader: after each dropped watch it comes back about a
        // second late, while the writer goes on. History compacted in between forces a 410.
        reader.setRateLimit(1.0, 1);
        ObjectCache cache;
        Watcher::Options wo;
        wo.watchTimeoutSeconds = 5;
        wo.stallTimeoutMs = 8000;
        wo.backoffInitialMs = 50;
        wo.backoffMaximumMs = 1000;
        Watcher watcher(&reader, ResourceType::cryptoValueCalculators(), &cache, wo);

        // A model kept only from the cache's signals: it must end equal to the cache.
        QHash<QString, QJsonObject> model;
        int signalErrors = 0;
        connect(&cache, &ObjectCache::objectAdded, this, [&](const QString &key, const QJsonObject &o) {
            signalErrors += model.contains(key) ? 1 : 0;
            model.insert(key, o);
        });
        connect(&cache, &ObjectCache::objectModified, this, [&](const QString &key, const QJsonObject &o) {
            signalErrors += model.contains(key) ? 0 : 1;
            signalErrors += rvOf(o) <= rvOf(model.value(key)) ? 1 : 0; // never back in time
            model.insert(key, o);
        });
        connect(&cache, &ObjectCache::objectDeleted, this, [&](const QString &key, const QJsonObject &) {
            signalErrors += model.remove(key) == 1 ? 0 : 1;
        });
        QSet<QPair<QString, qint64>> seenAsEvent;
        connect(&watcher, &Watcher::eventObserved, this, [&](const QString &, const QJsonObject &o) {
            seenAsEvent.insert({ObjectCache::keyOf(o), rvOf(o)});
        });
        QList<qint64> listRvs;
        connect(&watcher, &Watcher::listed, this, [&](int, const QString &rv) { listRvs.append(rv.toLongLong()); });
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 20000);

        // 1,000 changes over 40 objects: creates, merge patches, deletes and re-creates.
        QList<Writer::Op> ops;
        QSet<QString> exists;
        for (int i = 0; ops.size() < 1000; ++i) {
            const QString ns = namespaces.at(i % 2);
            const QString name = QStringLiteral("cvc-%1").arg((i * 7) % 40);
            const QString key = ns + QLatin1Char('/') + name;
            if (!exists.contains(key)) {
                ops.append({Writer::Op::Create, ns, name, i});
                exists.insert(key);
            } else if (i % 13 == 0) {
                ops.append({Writer::Op::Delete, ns, name, 0});
                exists.remove(key);
            } else {
                ops.append({Writer::Op::Patch, ns, name, i});
            }
        }
        KubeClient writerClient(*config);
        Writer writer(&writerClient, ops);

        int faultTicks = 0;
        QTimer faults;
        faults.setInterval(1500);
        connect(&faults, &QTimer::timeout, this, [&] {
            ++faultTicks;
            sandbox.setFault(QJsonObject{{"dropWatches", true}});
            if (faultTicks % 3 != 0)
                return;
            // Drop again while the reader's rate limit still holds back its re-watch, and compact
            // the history before it comes back: its resourceVersion is then too old (410).
            QTimer::singleShot(300, this, [&] {
                sandbox.setFault(QJsonObject{{"dropWatches", true}});
                QTimer::singleShot(500, this, [&] { sandbox.setFault(QJsonObject{{"compact", true}}); });
            });
        });
        bool restarted = false;
        bool restartOk = true;
        writer.onProgress = [&](int n) {
            if (n == 500 && !restarted) {
                restarted = true;
                // After this callback returns, so the writer's next request meets the stopped server.
                QTimer::singleShot(0, this, [&] { restartOk = sandbox.restart(); });
            }
        };
        QElapsedTimer elapsed;
        elapsed.start();
        faults.start();
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.finished(), 75000);
        faults.stop();
        QVERIFY2(restartOk, qPrintable(sandbox.errorString()));
        sandbox.setFault(QJsonObject{{"dropWatches", true}}); // one last break after the final write

        // Converges to exactly a fresh LIST.
        QList<QJsonObject> fresh;
        QDeadlineTimer deadline(20000);
        bool equal = false;
        while (!equal && !deadline.hasExpired()) {
            const KubeResponse list = awaitResponse([&](ResponseCallback cb) {
                admin.list(ResourceType::cryptoValueCalculators().path(), {}, this, cb);
            }, kSlowAnswerMs);
            if (list.ok()) {
                fresh.clear();
                for (const QJsonValue &v : list.object.value(QLatin1String("items")).toArray()) {
                    QJsonObject o = v.toObject();
                    o.insert(QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1"));
                    o.insert(QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator"));
                    fresh.append(o);
                }
                equal = fresh.size() == cache.size();
                for (const QJsonObject &o : std::as_const(fresh))
                    equal = equal && cache.object(ObjectCache::keyOf(o)) == o;
            }
            if (!equal)
                QTest::qWait(200);
        }
        QVERIFY2(equal, qPrintable(QStringLiteral("cache (%1 objects) never equalled a fresh LIST (%2 objects)").arg(cache.size()).arg(fresh.size())));
        QCOMPARE(cache.size(), int(exists.size()));
        QCOMPARE(signalErrors, 0);
        QCOMPARE(model.size(), cache.size());
        for (auto it = model.cbegin(); it != model.cend(); ++it)
            QVERIFY2(cache.object(it.key()) == it.value(), qPrintable(it.key()));

        // Every change observed: as its own event, or contained in a later relist snapshot.
        int asEvent = 0, inRelist = 0, missed = 0;
        for (const Writer::Done &d : std::as_const(writer.done)) {
            if (seenAsEvent.contains({d.key, d.rv}))
                ++asEvent;
            else if (std::any_of(listRvs.cbegin(), listRvs.cend(), [&](qint64 rv) { return rv >= d.rv; }))
                ++inRelist;
            else
                ++missed;
        }
        qInfo("%d changes (%d retried requests) in %lld ms: %d seen as watch events, %d covered by one of %d relists; "
              "%d watches, %d fault ticks, sandbox restarted once",
              int(writer.done.size()), writer.retries, elapsed.elapsed(), asEvent, inRelist, int(listRvs.size()),
              watcher.watchCount(), faultTicks);
        QCOMPARE(missed, 0);
        QVERIFY(writer.done.size() >= 990); // a few creates/deletes cut off by the restart report AlreadyExists/NotFound
        QVERIFY2(listRvs.size() >= 2, "compaction should have forced at least one relist");
        QVERIFY2(writer.retries > 0, "the restart should have broken some writes");
        QVERIFY2(asEvent > 300, "most changes should arrive as watch events");
    }
};

QTEST_GUILESS_MAIN(TestWatchFidelity)
#include "tst_watchfidelity.moc"
