// The write log behind GET /sandbox/writes: who is credited with a change, the entry's fields as
// tests read them, the filters, and the bound on its size.
#include "watchevent.h"
#include "writelog.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace cvc::sandbox;

namespace {

WatchEvent change(WatchEvent::Type type, const QString &storageKey, const QString &ns, const QString &name, qint64 rv)
{
    WatchEvent event;
    event.type = type;
    event.storageKey = storageKey;
    event.ns = ns;
    event.name = name;
    event.resourceVersion = rv;
    return event;
}

const WriteLog::Actor kOperator{QStringLiteral("operator"), QStringLiteral("cvc-operator/0.1.0"), QStringLiteral("cvc-operator"),
                                QStringLiteral("patch")};
const WriteLog::Actor kKubectl{QStringLiteral("alice"), QStringLiteral("kubectl/v1.32.4 (linux/amd64)"),
                               QStringLiteral("kubectl-client-side-apply"), QStringLiteral("create")};

} // namespace

class TestWriteLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesNameWhoWroteWhatAndWhen()
    {
        WriteLog log;
        {
            const WriteLog::Scope scope(&log, kOperator);
            log.record(change(WatchEvent::Type::Modified, QStringLiteral("crypto.tools/cryptovaluecalculators"),
                              QStringLiteral("default"), QStringLiteral("btc"), 41));
        }
        const QJsonArray items = log.toJson()["items"].toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject entry = items[0].toObject();
        QCOMPARE(entry["user"].toString(), QStringLiteral("operator"));
        QCOMPARE(entry["userAgent"].toString(), QStringLiteral("cvc-operator/0.1.0"));
        QCOMPARE(entry["fieldManager"].toString(), QStringLiteral("cvc-operator"));
        QCOMPARE(entry["verb"].toString(), QStringLiteral("patch"));
        QCOMPARE(entry["type"].toString(), QStringLiteral("MODIFIED"));
        QCOMPARE(entry["apiGroup"].toString(), QStringLiteral("crypto.tools"));
        QCOMPARE(entry["resource"].toString(), QStringLiteral("cryptovaluecalculators"));
        QCOMPARE(entry["namespace"].toString(), QStringLiteral("default"));
        QCOMPARE(entry["name"].toString(), QStringLiteral("btc"));
        QCOMPARE(entry["resourceVersion"].toString(), QStringLiteral("41"));
        // UTC with milliseconds, so tests can order writes of the same second.
        const QString time = entry["time"].toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$")).match(time).hasMatch(),
                 qPrintable(time));
    }

    void changesOutsideARequestBelongToTheServer()
    {
        WriteLog log;
        log.record(change(WatchEvent::Type::Deleted, QStringLiteral("/configmaps"), QStringLiteral("gone"), QStringLiteral("x"), 7));
        {
            const WriteLog::Scope outer(&log, kKubectl);
            {
                const WriteLog::Scope inner(&log, WriteLog::serverActor(QStringLiteral("kube-sandbox-preload")));
                log.record(change(WatchEvent::Type::Added, QStringLiteral("/namespaces"), QString(), QStringLiteral("a"), 8));
            }
            log.record(change(WatchEvent::Type::Added, QStringLiteral("/configmaps"), QStringLiteral("a"), QStringLiteral("c"), 9));
        }
        const QJsonArray items = log.toJson()["items"].toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[0]["user"].toString(), QStringLiteral("system:kube-sandbox"));
        QCOMPARE(items[0]["verb"].toString(), QStringLiteral("delete"));
        QCOMPARE(items[0]["apiGroup"].toString(), QString());
        QCOMPARE(items[0]["resource"].toString(), QStringLiteral("configmaps"));
        QCOMPARE(items[1]["fieldManager"].toString(), QStringLiteral("kube-sandbox-preload"));
        QCOMPARE(items[1]["verb"].toString(), QStringLiteral("create"));
        QCOMPARE(items[2]["user"].toString(), QStringLiteral("alice"));
    }

    void filters()
    {
        WriteLog log;
        qint64 rv = 0;
        for (const WriteLog::Actor &actor : {kOperator, kKubectl, kOperator}) {
            const WriteLog::Scope scope(&log, actor);
            ++rv;
            log.record(change(WatchEvent::Type::Added, QStringLiteral("/configmaps"), QStringLiteral("d"), QString::number(rv), rv));
        }
        QCOMPARE(log.toJson({QStringLiteral("operator"), {}, {}, 0})["items"].toArray().size(), 2);
        QCOMPARE(log.toJson({{}, QStringLiteral("kubectl/"), {}, 0})["items"].toArray().size(), 1);
        QCOMPARE(log.toJson({{}, {}, QStringLiteral("cvc-operator"), 0})["items"].toArray().size(), 2);
        const QJsonArray newer = log.toJson({{}, {}, {}, 1})["items"].toArray();
        QCOMPARE(newer.size(), 2);
        QCOMPARE(newer[0]["resourceVersion"].toString(), QStringLiteral("2"));
    }

    void boundedOldestFirst()
    {
        WriteLog log(3);
        for (qint64 rv = 1; rv <= 5; ++rv)
            log.record(change(WatchEvent::Type::Added, QStringLiteral("/configmaps"), QStringLiteral("d"), QString::number(rv), rv));
        const QJsonObject json = log.toJson();
        QCOMPARE(json["capacity"].toInt(), 3);
        QCOMPARE(json["dropped"].toInt(), 2);
        const QJsonArray items = json["items"].toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[0]["resourceVersion"].toString(), QStringLiteral("3"));
        QCOMPARE(items[2]["resourceVersion"].toString(), QStringLiteral("5"));
        log.clear();
        QCOMPARE(log.toJson()["items"].toArray().size(), 0);
        QCOMPARE(log.toJson()["dropped"].toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestWriteLog)
#include "tst_writelog.moc"
