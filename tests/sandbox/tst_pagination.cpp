// List paging (limit and continue) against a real kube-sandbox process, with kube-apiserver's
// semantics as https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
// documents them (kube-api.md §2.1): pages of `limit` objects, an opaque continue token, every
// page at the first page's resourceVersion (a consistent snapshot), metadata.remainingItemCount
// only without selectors, 410 Expired with a token to go on inconsistently once the snapshot is
// gone, 400 for a token the server cannot read. Then what users run: `kubectl get --chunk-size`
// with this run's kubectl (CVC_KUBECTL: Debian's 1.20 and the newest) and python3-kubernetes.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <optional>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

const QByteArray kJson = "application/json";
const QByteArray kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const QString kAllCvcs = QStringLiteral("/apis/crypto.tools/v1/cryptovaluecalculators");

// One page as a client sees it.
struct Page
{
    HttpReply reply;
    QStringList names;       // items (or Table rows) in order
    QJsonArray items;        // the JSON items (empty for Tables)
    QString resourceVersion; // metadata.resourceVersion
    QString continueToken;   // metadata.continue, empty on the last page
    std::optional<qint64> remainingItemCount;
};

QString nameOf(const QJsonObject &object)
{
    return object.value("metadata").toObject().value("name").toString();
}

QString namespaceOf(const QJsonObject &object)
{
    return object.value("metadata").toObject().value("namespace").toString();
}

QString withQuery(const QString &path, const QString &query)
{
    return query.isEmpty() ? path : path + QLatin1Char(path.contains(QLatin1Char('?')) ? '&' : '?') + query;
}

QString continueQuery(const QString &token)
{
    return QStringLiteral("continue=") + QString::fromLatin1(QUrl::toPercentEncoding(token));
}

QJsonObject amountPatch(double amount)
{
    return QJsonObject{{"spec", QJsonObject{{"amount", amount}}}};
}

// {"v":…,"rv":…,"start":…} as kube writes it: unpadded base64url.
QString rawToken(const QByteArray &json)
{
    return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class TestPagination : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesOfLimit();
    void tablesPage();
    void acrossNamespacesAndBuiltins();
    void selectorsBeforeLimit();
    void snapshotWhileObjectsChange();
    void exactResourceVersion();
    void resourceVersionZeroIsWhole();
    void expiredTokenGivesFreshToken();
    void badTokens();
    void kubectlChunkSize();
    void pythonClientPages();

private:
    Page get(SandboxProcess &sandbox, const QString &path, const QString &query, const QByteArray &accept = kJson);
    // Follows continue tokens to the end; every page's status must be 200.
    QList<Page> walk(SandboxProcess &sandbox, const QString &path, int limit, const QByteArray &accept = kJson);
    static QStringList allNames(const QList<Page> &pages);
    static QList<int> sizes(const QList<Page> &pages);
    qint64 listRequests();

    SandboxProcess m_sandbox;
    QStringList m_pages; // names in namespace "pages", in the order kube lists them
};

Page TestPagination::get(SandboxProcess &sandbox, const QString &path, const QString &query, const QByteArray &accept)
{
    Page page;
    page.reply = sandbox.request("GET", withQuery(path, query), {}, {}, accept);
    const QJsonObject body = page.reply.json();
    const QJsonObject metadata = body.value("metadata").toObject();
    page.resourceVersion = metadata.value("resourceVersion").toString();
    page.continueToken = metadata.value("continue").toString();
    if (metadata.contains("remainingItemCount"))
        page.remainingItemCount = qint64(metadata.value("remainingItemCount").toDouble());
    if (body.value("kind").toString() == QLatin1String("Table")) {
        for (const QJsonValue &row : body.value("rows").toArray())
            page.names.append(row.toObject().value("cells").toArray().at(0).toString());
    } else {
        page.items = body.value("items").toArray();
        for (const QJsonValue &item : std::as_const(page.items))
            page.names.append(nameOf(item.toObject()));
    }
    return page;
}

QList<Page> TestPagination::walk(SandboxProcess &sandbox, const QString &path, int limit, const QByteArray &accept)
{
    QList<Page> pages;
    QString token;
    do {
        QString query = QStringLiteral("limit=%1").arg(limit);
        if (!token.isEmpty())
            query += QLatin1Char('&') + continueQuery(token);
        Page page = get(sandbox, path, query, accept);
        if (page.reply.status != 200) {
            qWarning("page %lld of %s: %s", qlonglong(pages.size() + 1), qPrintable(path), qPrintable(page.reply.describe()));
            pages.append(page);
            break;
        }
        token = page.continueToken;
        pages.append(page);
    } while (!token.isEmpty() && pages.size() < 1000);
    return pages;
}

QStringList TestPagination::allNames(const QList<Page> &pages)
{
    QStringList names;
    for (const Page &page : pages)
        names += page.names;
    return names;
}

QList<int> TestPagination::sizes(const QList<Page> &pages)
{
    QList<int> out;
    for (const Page &page : pages)
        out.append(int(page.names.size()));
    return out;
}

qint64 TestPagination::listRequests()
{
    return qint64(m_sandbox.stats().value("requestsByResource").toObject()
                      .value("list cryptovaluecalculators.crypto.tools").toDouble());
}

void TestPagination::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("pages")));
    // Created out of order: lists come back in key (name) order whatever the creation order.
    for (const char *name : {"p-3", "p-1", "p-5", "p-2", "p-4"})
        QVERIFY(!CvcFixtures::create(m_sandbox, QString::fromLatin1(name), QStringLiteral("bitcoin"), 1,
                                     QStringLiteral("pages")).isEmpty());
    m_pages = QStringList{"p-1", "p-2", "p-3", "p-4", "p-5"};
}

// "the API server ... returns up to limit items and a continue token; the client passes it back
// to get the next chunk; the last chunk has an empty continue. Every chunk carries the same
// resourceVersion as the first" and remainingItemCount counts what follows (ListMeta).
// DOC https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
void TestPagination::pagesOfLimit()
{
    const QList<Page> pages = walk(m_sandbox, CvcFixtures::collection("pages"), 2);
    QCOMPARE(sizes(pages), (QList<int>{2, 2, 1}));
    QCOMPARE(allNames(pages), m_pages);
    QCOMPARE(pages.at(0).remainingItemCount, std::optional<qint64>(3));
    QCOMPARE(pages.at(1).remainingItemCount, std::optional<qint64>(1));
    QCOMPARE(pages.at(2).remainingItemCount, std::optional<qint64>());
    QVERIFY(pages.at(2).continueToken.isEmpty());
    for (const Page &page : pages) {
        QCOMPARE(page.resourceVersion, pages.at(0).resourceVersion);
        QCOMPARE(page.reply.json().value("kind").toString(), QStringLiteral("CryptoValueCalculatorList"));
    }
    // A limit the list fits in: one page, neither continue nor remainingItemCount (kubectl's 500).
    const Page whole = get(m_sandbox, CvcFixtures::collection("pages"), QStringLiteral("limit=500"));
    QCOMPARE(whole.names, m_pages);
    QVERIFY(whole.continueToken.isEmpty());
    QVERIFY(!whole.reply.json().value("metadata").toObject().contains("remainingItemCount"));
    // Exactly `limit` left: the page before the last says 2 remain, the last has no token.
    const Page first = get(m_sandbox, CvcFixtures::collection("pages"), QStringLiteral("limit=3"));
    QCOMPARE(first.remainingItemCount, std::optional<qint64>(2));
    const Page last = get(m_sandbox, CvcFixtures::collection("pages"), QStringLiteral("limit=3&") + continueQuery(first.continueToken));
    QCOMPARE(last.names, (QStringList{"p-4", "p-5"}));
    QVERIFY(last.continueToken.isEmpty());
}

// The Table a `kubectl get` asks for is the list converted, ListMeta included: it pages the same
// way (kubectl follows metadata.continue of the Table). AS pkg/endpoints/handlers/response.go asTable
void TestPagination::tablesPage()
{
    const QList<Page> pages = walk(m_sandbox, CvcFixtures::collection("pages"), 2, kTableAccept);
    QCOMPARE(sizes(pages), (QList<int>{2, 2, 1}));
    QCOMPARE(allNames(pages), m_pages);
    QCOMPARE(pages.at(0).reply.json().value("kind").toString(), QStringLiteral("Table"));
    QCOMPARE(pages.at(0).remainingItemCount, std::optional<qint64>(3));
    QCOMPARE(pages.at(2).resourceVersion, pages.at(0).resourceVersion);
    QVERIFY(pages.at(2).continueToken.isEmpty());
}

// Paging works on every list: across namespaces (etcd key order, "namespace/name") and for
// built-in cluster-scoped resources. DOC …/api-concepts/#retrieving-large-results-sets-in-chunks
void TestPagination::acrossNamespacesAndBuiltins()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("pages-b")));
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("pagea")));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("b-1"), QStringLiteral("bitcoin"), 1, QStringLiteral("pages-b")).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("a-1"), QStringLiteral("bitcoin"), 1, QStringLiteral("pagea")).isEmpty());

    const HttpReply everything = m_sandbox.request("GET", kAllCvcs);
    CVC_VERIFY_HTTP(everything, 200);
    QStringList expected;
    for (const QJsonValue &item : everything.json().value("items").toArray())
        expected.append(namespaceOf(item.toObject()) + QLatin1Char('/') + nameOf(item.toObject()));
    QVERIFY(expected.size() >= 7);
    QStringList sorted = expected;
    sorted.sort();
    QCOMPARE(expected, sorted); // "pages-b/…" before "pages/…", as etcd orders its keys

    const QList<Page> pages = walk(m_sandbox, kAllCvcs, 3);
    QStringList seen;
    for (const Page &page : pages) {
        CVC_VERIFY_HTTP(page.reply, 200);
        QVERIFY(page.names.size() <= 3);
        for (const QJsonValue &item : page.items)
            seen.append(namespaceOf(item.toObject()) + QLatin1Char('/') + nameOf(item.toObject()));
    }
    QCOMPARE(seen, expected);

    const HttpReply namespaces = m_sandbox.request("GET", QStringLiteral("/api/v1/namespaces"));
    QStringList expectedNamespaces;
    for (const QJsonValue &item : namespaces.json().value("items").toArray())
        expectedNamespaces.append(nameOf(item.toObject()));
    const QList<Page> namespacePages = walk(m_sandbox, QStringLiteral("/api/v1/namespaces"), 1);
    QCOMPARE(namespacePages.size(), expectedNamespaces.size());
    QCOMPARE(allNames(namespacePages), expectedNamespaces);
    QCOMPARE(namespacePages.at(0).remainingItemCount, std::optional<qint64>(expectedNamespaces.size() - 1));
}

// Selectors filter before the limit: every page but the last is full of matching objects.
// remainingItemCount "If the list request contained label or field selectors, then the number of
// remaining items is unknown and the field will be left unset". DOC
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/list-meta/
void TestPagination::selectorsBeforeLimit()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("labels")));
    for (int i = 0; i < 6; ++i) {
        QJsonObject body = CvcFixtures::cvc(QStringLiteral("l-%1").arg(i));
        body.insert("metadata", QJsonObject{{"name", QStringLiteral("l-%1").arg(i)},
                                            {"labels", QJsonObject{{"tier", i % 2 == 0 ? "gold" : "silver"}}}});
        CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", CvcFixtures::collection("labels"), body), 201);
    }
    const Page first = get(m_sandbox, CvcFixtures::collection("labels"), QStringLiteral("labelSelector=tier%3Dgold&limit=2"));
    CVC_VERIFY_HTTP(first.reply, 200);
    QCOMPARE(first.names, (QStringList{"l-0", "l-2"}));
    QVERIFY(!first.continueToken.isEmpty());
    QVERIFY2(!first.remainingItemCount, "remainingItemCount is left out when a selector is used");
    const Page second = get(m_sandbox, CvcFixtures::collection("labels"),
                            QStringLiteral("labelSelector=tier%3Dgold&limit=2&") + continueQuery(first.continueToken));
    CVC_VERIFY_HTTP(second.reply, 200);
    QCOMPARE(second.names, (QStringList{"l-4"}));
    QVERIFY(second.continueToken.isEmpty());
    QCOMPARE(second.resourceVersion, first.resourceVersion);

    const Page byName = get(m_sandbox, CvcFixtures::collection("labels"), QStringLiteral("fieldSelector=metadata.name%21%3Dl-1&limit=4"));
    QCOMPARE(byName.names, (QStringList{"l-0", "l-2", "l-3", "l-4"}));
    QVERIFY(!byName.continueToken.isEmpty());
    QVERIFY(!byName.remainingItemCount);
}

// "the server ... will return a consistent snapshot: ... all subsequent chunks are served at the
// resourceVersion of the first", so objects changed, deleted or created between pages show up as
// they were. DOC …/api-concepts/#retrieving-large-results-sets-in-chunks
void TestPagination::snapshotWhileObjectsChange()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("snap")));
    QHash<QString, QString> createdRv;
    for (int i = 0; i < 6; ++i) {
        const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("s-%1").arg(i), QStringLiteral("bitcoin"), 1,
                                                        QStringLiteral("snap"));
        QVERIFY(!created.isEmpty());
        createdRv.insert(nameOf(created), CvcFixtures::resourceVersion(created));
    }
    const QString path = CvcFixtures::collection("snap");
    const Page first = get(m_sandbox, path, QStringLiteral("limit=2"));
    QCOMPARE(first.names, (QStringList{"s-0", "s-1"}));

    // Between pages: one deleted, one changed, one created where a later page would show it, and a
    // change to an object already returned.
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object("s-3", "snap")), 200);
    CVC_VERIFY_HTTP(m_sandbox.requestJson("PATCH", CvcFixtures::object("s-4", "snap"), amountPatch(99), "application/merge-patch+json"), 200);
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("s-2a"), QStringLiteral("bitcoin"), 1, QStringLiteral("snap")).isEmpty());
    CVC_VERIFY_HTTP(m_sandbox.requestJson("PATCH", CvcFixtures::object("s-0", "snap"), amountPatch(7), "application/merge-patch+json"), 200);

    const Page second = get(m_sandbox, path, QStringLiteral("limit=2&") + continueQuery(first.continueToken));
    CVC_VERIFY_HTTP(second.reply, 200);
    const Page third = get(m_sandbox, path, QStringLiteral("limit=2&") + continueQuery(second.continueToken));
    CVC_VERIFY_HTTP(third.reply, 200);
    QCOMPARE(second.names, (QStringList{"s-2", "s-3"}));
    QCOMPARE(third.names, (QStringList{"s-4", "s-5"}));
    QVERIFY(third.continueToken.isEmpty());
    QCOMPARE(second.resourceVersion, first.resourceVersion);
    QCOMPARE(third.resourceVersion, first.resourceVersion);
    QCOMPARE(second.remainingItemCount, std::optional<qint64>(2));
    // s-4 as it was: its old amount and resourceVersion.
    const QJsonObject s4 = third.items.at(0).toObject();
    QCOMPARE(s4.value("spec").toObject().value("amount").toDouble(), 1.0);
    QCOMPARE(CvcFixtures::resourceVersion(s4), createdRv.value("s-4"));
    QCOMPARE(CvcFixtures::resourceVersion(second.items.at(1).toObject()), createdRv.value("s-3"));

    // A new list sees the changes.
    const Page now = get(m_sandbox, path, QString());
    QCOMPARE(now.names, (QStringList{"s-0", "s-1", "s-2", "s-2a", "s-4", "s-5"}));
    QVERIFY(now.resourceVersion.toLongLong() > first.resourceVersion.toLongLong());
    QCOMPARE(now.items.at(4).toObject().value("spec").toObject().value("amount").toDouble(), 99.0);
}

// resourceVersionMatch=Exact "return data at the exact resource version provided", also with a
// limit; resourceVersion=N with a limit and no match rule is the legacy form of it.
// DOC https://kubernetes.io/docs/reference/using-api/api-concepts/#semantics-for-get-and-list
void TestPagination::exactResourceVersion()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("exact")));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("x-1"), QStringLiteral("bitcoin"), 1, QStringLiteral("exact")).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("x-2"), QStringLiteral("bitcoin"), 1, QStringLiteral("exact")).isEmpty());
    const QString path = CvcFixtures::collection("exact");
    const QString rv = get(m_sandbox, path, QString()).resourceVersion;
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("x-0"), QStringLiteral("bitcoin"), 1, QStringLiteral("exact")).isEmpty());
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object("x-2", "exact")), 200);

    const Page exact = get(m_sandbox, path, QStringLiteral("resourceVersionMatch=Exact&resourceVersion=") + rv);
    CVC_VERIFY_HTTP(exact.reply, 200);
    QCOMPARE(exact.names, (QStringList{"x-1", "x-2"}));
    QCOMPARE(exact.resourceVersion, rv);
    const Page legacy = get(m_sandbox, path, QStringLiteral("limit=1&resourceVersion=") + rv);
    QCOMPARE(legacy.names, (QStringList{"x-1"}));
    QCOMPARE(legacy.resourceVersion, rv);
    QCOMPARE(legacy.remainingItemCount, std::optional<qint64>(1));
    const Page legacyNext = get(m_sandbox, path, QStringLiteral("limit=1&") + continueQuery(legacy.continueToken));
    QCOMPARE(legacyNext.names, (QStringList{"x-2"}));
    // NotOlderThan reads the latest state.
    const Page notOlder = get(m_sandbox, path, QStringLiteral("resourceVersionMatch=NotOlderThan&resourceVersion=") + rv);
    QCOMPARE(notOlder.names, (QStringList{"x-0", "x-1"}));
}

// resourceVersion=0 ("any") is served from kube-apiserver's watch cache, which ignores the limit:
// one complete list, no continue (AS pkg/storage/cacher/cacher.go computeListLimit, "the limit is
// ignored for requests that set RV == 0"). Reflectors' first list relies on it.
void TestPagination::resourceVersionZeroIsWhole()
{
    const Page page = get(m_sandbox, CvcFixtures::collection("pages"), QStringLiteral("limit=2&resourceVersion=0"));
    CVC_VERIFY_HTTP(page.reply, 200);
    QCOMPARE(page.names, m_pages);
    QVERIFY(page.continueToken.isEmpty());
}

// "If the resource version of the continue token is too old (compacted), the server returns 410
// Gone" with reason Expired; kube's message offers a token in metadata.continue to list the rest
// inconsistently, at the latest state. DOC …/api-concepts/#retrieving-large-results-sets-in-chunks ;
// AS pkg/storage/etcd3/store.go handleCompactedErrorForPaging
void TestPagination::expiredTokenGivesFreshToken()
{
    // A history of 5 events: a few writes push the first page's snapshot out of it.
    SandboxProcess sandbox;
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(sandbox, &error, {QStringLiteral("--watch-history"), QStringLiteral("5")}), qPrintable(error));
    for (int i = 0; i < 4; ++i)
        QVERIFY(!CvcFixtures::create(sandbox, QStringLiteral("e-%1").arg(i)).isEmpty());
    const QString path = CvcFixtures::collection();
    const Page first = get(sandbox, path, QStringLiteral("limit=2"));
    QCOMPARE(first.names, (QStringList{"e-0", "e-1"}));
    // Within the window the token still works.
    CVC_VERIFY_HTTP(get(sandbox, path, QStringLiteral("limit=2&") + continueQuery(first.continueToken)).reply, 200);

    QVERIFY(!CvcFixtures::create(sandbox, QStringLiteral("e-9")).isEmpty());
    for (int i = 0; i < 5; ++i)
        CVC_VERIFY_HTTP(sandbox.requestJson("PATCH", CvcFixtures::object("e-0"), amountPatch(10 + i), "application/merge-patch+json"), 200);
    CVC_VERIFY_HTTP(sandbox.request("DELETE", CvcFixtures::object("e-3")), 200);

    const Page expired = get(sandbox, path, QStringLiteral("limit=2&") + continueQuery(first.continueToken));
    CVC_VERIFY_STATUS(expired.reply, 410, QStringLiteral("Expired"));
    QCOMPARE(expired.reply.json().value("message").toString(),
             QStringLiteral("The provided continue parameter is too old to display a consistent list result. You can start a "
                            "new list without the continue parameter, or use the continue token in this response to retrieve "
                            "the remainder of the results. Continuing with the provided token results in an inconsistent list - "
                            "objects that were created, modified, or deleted between the time the first chunk was returned and "
                            "now may show up in the list."));
    const QString fresh = expired.continueToken;
    QVERIFY2(!fresh.isEmpty() && fresh != first.continueToken, qPrintable(expired.reply.describe()));

    // The rest, as things are now: e-3 gone, e-9 (created since) there, nothing of page one again.
    const QList<Page> rest = [&] {
        QList<Page> pages{get(sandbox, path, QStringLiteral("limit=2&") + continueQuery(fresh))};
        while (pages.last().reply.status == 200 && !pages.last().continueToken.isEmpty() && pages.size() < 10)
            pages.append(get(sandbox, path, QStringLiteral("limit=2&") + continueQuery(pages.last().continueToken)));
        return pages;
    }();
    for (const Page &page : rest)
        CVC_VERIFY_HTTP(page.reply, 200);
    QCOMPARE(allNames(rest), (QStringList{"e-2", "e-9"}));
    QVERIFY(rest.at(0).resourceVersion.toLongLong() > first.resourceVersion.toLongLong());

    // An exact list at a resourceVersion the history no longer holds: 410 as after etcd compaction.
    const Page gone = get(sandbox, path, QStringLiteral("resourceVersionMatch=Exact&resourceVersion=") + first.resourceVersion);
    CVC_VERIFY_STATUS(gone.reply, 410, QStringLiteral("Expired"));
    QCOMPARE(gone.reply.json().value("message").toString(), QStringLiteral("The resourceVersion for the provided list is too old."));

    // The compact fault forgets all history: a token from just before the last write expires.
    const Page again = get(sandbox, path, QStringLiteral("limit=1"));
    QVERIFY(!CvcFixtures::create(sandbox, QStringLiteral("e-10")).isEmpty());
    QVERIFY(sandbox.setFault(QJsonObject{{"compact", true}}));
    CVC_VERIFY_STATUS(get(sandbox, path, QStringLiteral("limit=1&") + continueQuery(again.continueToken)).reply, 410,
                      QStringLiteral("Expired"));
}

// A token the server cannot read is 400 BadRequest ("invalid continue token: …"); continue with a
// resourceVersion is 400, with a resourceVersionMatch 422 (ListOptions validation).
// AS pkg/storage/util.go ValidateListOptions ; AM pkg/apis/meta/internalversion/validation/validation.go
void TestPagination::badTokens()
{
    const QString path = CvcFixtures::collection("pages");
    const QStringList bad = {
        QStringLiteral("not-a-token!"),
        rawToken("{\"v\":\"meta.k8s.io/v1\",\"rv\":5,\"start\":\"../../secrets/x\"}"),
        rawToken("{\"v\":\"meta.k8s.io/v9\",\"rv\":5,\"start\":\"p-1\"}"),
        rawToken("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"p-1\"}"),
        rawToken("[]"),
    };
    for (const QString &token : bad) {
        const Page page = get(m_sandbox, path, QStringLiteral("limit=2&") + continueQuery(token));
        CVC_VERIFY_STATUS(page.reply, 400, QStringLiteral("BadRequest"));
        QVERIFY2(page.reply.json().value("message").toString().startsWith(QStringLiteral("invalid continue token: continue key is not valid")),
                 qPrintable(page.reply.describe()));
    }
    const Page first = get(m_sandbox, path, QStringLiteral("limit=2"));
    const QString next = continueQuery(first.continueToken);
    const Page withRv = get(m_sandbox, path, QStringLiteral("limit=2&resourceVersion=") + first.resourceVersion + QLatin1Char('&') + next);
    CVC_VERIFY_STATUS(withRv.reply, 400, QStringLiteral("BadRequest"));
    QCOMPARE(withRv.reply.json().value("message").toString(), QStringLiteral("specifying resource version is not allowed when using continue"));
    const Page withMatch = get(m_sandbox, path, QStringLiteral("limit=2&resourceVersionMatch=NotOlderThan&resourceVersion=1&") + next);
    CVC_VERIFY_STATUS(withMatch.reply, 422, QStringLiteral("Invalid"));
    QVERIFY2(withMatch.reply.json().value("message").toString().contains(
                 QStringLiteral("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")),
             qPrintable(withMatch.reply.describe()));
    // resourceVersion=0 is allowed with continue: the token's snapshot decides.
    const Page withZero = get(m_sandbox, path, QStringLiteral("limit=2&resourceVersion=0&") + next);
    CVC_VERIFY_HTTP(withZero.reply, 200);
    QCOMPARE(withZero.names, (QStringList{"p-3", "p-4"}));
}

// `kubectl get --chunk-size=2` pages with limit=2 and prints every object exactly once under one
// header. DOC https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/ (--chunk-size)
void TestPagination::kubectlChunkSize()
{
    KubectlRunner kubectl(m_sandbox);
    const qint64 before = listRequests();
    const KubectlResult result = kubectl.run({"get", "cvc", "-n", "pages", "--chunk-size=2"});
    QVERIFY2(result.succeeded(), qPrintable(result.describe()));
    const QStringList lines = result.tableLines();
    QVERIFY2(!lines.isEmpty() && lines.first().startsWith(QStringLiteral("NAME ")), qPrintable(result.describe()));
    QStringList names;
    for (const QString &line : lines.mid(1))
        names.append(line.section(QLatin1Char(' '), 0, 0));
    QCOMPARE(names, m_pages);
    // It did page: three lists (2 + 2 + 1), not one answer that ignored the limit.
    QCOMPARE(listRequests() - before, qint64(3));

    const KubectlResult all = kubectl.run({"get", "cvc", "-A", "--chunk-size=2", "-o", "name"});
    QVERIFY2(all.succeeded(), qPrintable(all.describe()));
    const QStringList printed = KubectlResult::collapsedLines(all.standardOutput);
    QCOMPARE(QSet<QString>(printed.cbegin(), printed.cend()).size(), printed.size());
    const HttpReply everything = m_sandbox.request("GET", kAllCvcs);
    QCOMPARE(printed.size(), everything.json().value("items").toArray().size());
}

// python3-kubernetes: CustomObjectsApi.list_namespaced_custom_object(limit=2, _continue=…) walks
// the pages the same way. PY kubernetes/client/api/custom_objects_api.py
void TestPagination::pythonClientPages()
{
    const QString script = QStringLiteral(R"PY(
import json, sys
from kubernetes import client, config
api = client.CustomObjectsApi(config.new_client_from_config(config_file=sys.argv[1]))
pages, token = [], None
while True:
    kwargs = {"limit": 2}
    if token:
        kwargs["_continue"] = token
    answer = api.list_namespaced_custom_object("crypto.tools", "v1", "pages", "cryptovaluecalculators", **kwargs)
    meta = answer["metadata"]
    pages.append({"names": [item["metadata"]["name"] for item in answer["items"]],
                  "rv": meta["resourceVersion"], "remaining": meta.get("remainingItemCount")})
    token = meta.get("continue")
    if not token or len(pages) > 10:
        break
print(json.dumps(pages))
)PY");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, m_sandbox.kubeconfigPath()});
    QVERIFY(python.waitForFinished(60000));
    const QByteArray err = python.readAllStandardError();
    QVERIFY2(python.exitCode() == 0, err.constData());
    const QJsonArray pages = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(pages.size(), 3);
    QStringList names;
    for (const QJsonValue &page : pages) {
        for (const QJsonValue &name : page.toObject().value("names").toArray())
            names.append(name.toString());
        QCOMPARE(page.toObject().value("rv").toString(), pages.at(0).toObject().value("rv").toString());
    }
    QCOMPARE(names, m_pages);
    QCOMPARE(pages.at(0).toObject().value("remaining").toInt(), 3);
    QVERIFY(pages.at(2).toObject().value("remaining").isNull());
}

QTEST_MAIN(TestPagination)
#include "tst_pagination.moc"
