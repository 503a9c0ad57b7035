#pragma once

#include "httpexchange.h"
#include "httpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QSslConfiguration>

namespace cvc::test {

// A tiny in-test API server for one namespaced resource (/apis/crypto.tools/v1/.../cryptovaluecalculators)
// with resourceVersions, an event history that can be compacted (410), watches that can be dropped
// or left silent, and a hook to answer anything else. Enough to drive KubeClient and Watcher
// deterministically; the real kube-sandbox tests cover fidelity.
class FakeApiServer : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        qint64 rv;
        QString type;
        QJsonObject object;
    };

    using Hook = std::function<bool(HttpExchange *)>; // true = answered

    explicit FakeApiServer(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_server.setHandler([this](HttpExchange *e) { handle(e); });
    }

    bool listen(const QSslConfiguration &tls = {})
    {
        if (!tls.isNull())
            m_server.setTlsConfiguration(tls);
        m_tls = !tls.isNull();
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? "https" : "http").arg(m_server.serverPort()); }

    void setHook(Hook hook) { m_hook = std::move(hook); }
    QList<HttpRequest> requests;           // everything received, in order
    bool silentWatches = false;            // watches get headers and then nothing
    bool sendBookmarks = true;
    bool expireContinue = false;           // list continue tokens answer 410

    static QString pathFor(const QString &ns, const QString &name = {})
    {
        QString p = QStringLiteral("/apis/crypto.tools/v1");
        if (!ns.isEmpty())
            p += QStringLiteral("/namespaces/") + ns;
        p += QStringLiteral("/cryptovaluecalculators");
        if (!name.isEmpty())
            p += QLatin1Char('/') + name;
        return p;
    }

    qint64 resourceVersion() const { return m_rv; }

    // Writes: each bumps the RV and is sent to matching watches. `extraSpec` adds spec fields
    // (kube-apiserver keeps unknown spec fields of the original CRD, nested up to 10,000 levels).
    void put(const QString &ns, const QString &name, int amount, const QJsonObject &extraSpec = {})
    {
        const QString key = ns + QLatin1Char('/') + name;
        const bool exists = m_objects.contains(key);
        QJsonObject spec{{"coin", "bitcoin"}, {"amount", amount}};
        for (auto it = extraSpec.begin(); it != extraSpec.end(); ++it)
            spec.insert(it.key(), it.value());
        QJsonObject metadata{{"namespace", ns}, {"name", name}, {"resourceVersion", QString::number(++m_rv)}};
        metadata.insert(QStringLiteral("uid"), QString(QStringLiteral("uid-") + name));
        QJsonObject o{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"}, {"metadata", metadata}};
        o.insert(QStringLiteral("spec"), spec);
        m_objects.insert(key, o);
        record(exists ? QStringLiteral("MODIFIED") : QStringLiteral("ADDED"), o);
    }
    void remove(const QString &ns, const QString &name)
    {
        QJsonObject o = m_objects.take(ns + QLatin1Char('/') + name);
        QJsonObject meta = o.value("metadata").toObject();
        meta.insert("resourceVersion", QString::number(++m_rv));
        o.insert("metadata", meta);
        record(QStringLiteral("DELETED"), o);
    }
    // Changes that no watch sees (as if they happened while everything was disconnected).
    void putSilently(const QString &ns, const QString &name, int amount)
    {
        QList<QPointer<HttpExchange>> saved = m_watches;
        m_watches.clear();
        put(ns, name, amount);
        m_watches = saved;
    }
    void compact() { m_oldestRv = m_rv; m_history.clear(); }
    void dropWatches()
    {
        for (auto &w : m_watches) {
            if (w)
                w->endStream();
        }
        m_watches.clear();
    }
    void bookmark()
    {
        for (auto &w : m_watches) {
            if (w && w->isStreaming())
                w->writeChunk(line("BOOKMARK", QJsonObject{{"kind", "CryptoValueCalculator"}, {"apiVersion", "crypto.tools/v1"},
                                                           {"metadata", QJsonObject{{"resourceVersion", QString::number(m_rv)}}}}));
        }
    }
    int openWatches() const
    {
        int n = 0;
        for (auto &w : m_watches)
            n += (w && w->isStreaming()) ? 1 : 0;
        return n;
    }
    QList<QJsonObject> objects() const { return m_objects.values(); }

    static QByteArray line(const QString &type, const QJsonObject &object)
    {
        return QJsonDocument(QJsonObject{{"type", type}, {"object", object}}).toJson(QJsonDocument::Compact) + '\n';
    }

private:
    void record(const QString &type, const QJsonObject &o)
    {
        m_history.append({m_rv, type, o});
        for (auto &w : m_watches) {
            if (w && w->isStreaming() && matches(w->request(), o))
                w->writeChunk(line(type, o));
        }
    }
    static QString namespaceOf(const QString &path)
    {
        const QStringList parts = path.split(QLatin1Char('/'));
        const int i = parts.indexOf(QStringLiteral("namespaces"));
        return i >= 0 && i + 1 < parts.size() ? parts[i + 1] : QString();
    }
    static bool matches(const HttpRequest &r, const QJsonObject &o)
    {
        const QString ns = namespaceOf(r.path);
        return ns.isEmpty() || o.value("metadata").toObject().value("namespace").toString() == ns;
    }

    void handle(HttpExchange *e)
    {
        requests.append(e->request());
        if (m_hook && m_hook(e))
            return;
        const HttpRequest &r = e->request();
        if (!r.path.endsWith(QLatin1String("/cryptovaluecalculators"))) {
            e->respond(404, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}");
            return;
        }
        if (!r.hasQueryItem(QStringLiteral("watch"))) {
            QJsonArray items;
            for (const QJsonObject &o : std::as_const(m_objects)) {
                if (matches(r, o)) {
                    QJsonObject item = o;
                    item.remove("kind"); // like a real server: list items lack kind/apiVersion
                    item.remove("apiVersion");
                    items.append(item);
                }
            }
            // Paging: "continue" is the offset; expireContinue answers 410 as after a compaction.
            QJsonObject meta{{"resourceVersion", QString::number(m_rv)}};
            const int limit = r.queryItem(QStringLiteral("limit")).toInt();
            const QString token = r.queryItem(QStringLiteral("continue"));
            if (!token.isEmpty() && expireContinue) {
                e->respond(410, "application/json", QJsonDocument(QJsonObject{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                                                                              {"message", "The provided continue parameter is too old"},
                                                                              {"reason", "Expired"}, {"code", 410}}).toJson(QJsonDocument::Compact));
                return;
            }
            if (limit > 0) {
                const int offset = token.toInt();
                QJsonArray page;
                for (int i = offset; i < items.size() && i < offset + limit; ++i)
                    page.append(items.at(i));
                if (offset + limit < items.size())
                    meta.insert("continue", QString::number(offset + limit));
                items = page;
            }
            const QJsonObject list{{"kind", "CryptoValueCalculatorList"}, {"apiVersion", "crypto.tools/v1"},
                                   {"metadata", meta}, {"items", items}};
            e->respond(200, "application/json", QJsonDocument(list).toJson(QJsonDocument::Compact));
            return;
        }
        const qint64 from = r.queryItem(QStringLiteral("resourceVersion")).toLongLong();
        e->beginStream(200, "application/json");
        if (silentWatches) {
            m_watches.append(e);
            return;
        }
        if (from < m_oldestRv) {
            e->writeChunk(line("ERROR", QJsonObject{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                                                    {"message", QStringLiteral("too old resource version: %1 (%2)").arg(from).arg(m_oldestRv)},
                                                    {"reason", "Expired"}, {"code", 410}}));
            e->endStream();
            return;
        }
        for (const Event &ev : std::as_const(m_history)) {
            if (ev.rv > from && matches(r, ev.object))
                e->writeChunk(line(ev.type, ev.object));
        }
        m_watches.append(e);
    }

    HttpServer m_server;
    bool m_tls = false;
    Hook m_hook;
    QMap<QString, QJsonObject> m_objects;
    QList<Event> m_history;
    QList<QPointer<HttpExchange>> m_watches;
    qint64 m_rv = 100;
    qint64 m_oldestRv = 0;
};

} // namespace cvc::test
