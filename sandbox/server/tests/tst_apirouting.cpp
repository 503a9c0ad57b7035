// Routing and content negotiation as pure functions: what a path names, which representation an
// Accept header gets, how bodies are decoded.

#include "apimachinery/statuserror.h"
#include "apipath.h"
#include "medianegotiation.h"
#include "resourceregistry.h"

#include <QTest>

using namespace cvc::sandbox;

class TestApiRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesResourcePaths()
    {
        ResourceRegistry registry;
        registry.addBuiltins();
        ApiPath p = ApiPath::parse(QStringLiteral("/api/v1/namespaces/x/events/e1"), registry);
        QCOMPARE(p.kind, ApiPath::Kind::Resource);
        QCOMPARE(p.ns, QStringLiteral("x"));
        QCOMPARE(p.resource, QStringLiteral("events"));
        QCOMPARE(p.name, QStringLiteral("e1"));

        p = ApiPath::parse(QStringLiteral("/api/v1/namespaces/x/status"), registry);
        QCOMPARE(p.resource, QStringLiteral("namespaces"));
        QCOMPARE(p.name, QStringLiteral("x"));
        QCOMPARE(p.subresource, QStringLiteral("status"));
        QVERIFY(p.ns.isEmpty());

        p = ApiPath::parse(QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"), registry);
        QVERIFY(p.isCollection());
        QCOMPARE(p.group, QStringLiteral("coordination.k8s.io"));
        QCOMPARE(p.ns, QStringLiteral("kube-system"));

        QCOMPARE(ApiPath::parse(QStringLiteral("/version/"), registry).kind, ApiPath::Kind::Version);
        QCOMPARE(ApiPath::parse(QStringLiteral("/apis"), registry).kind, ApiPath::Kind::GroupList);
        QCOMPARE(ApiPath::parse(QStringLiteral("/apis/crypto.tools/v1"), registry).kind, ApiPath::Kind::GroupVersion);
        p = ApiPath::parse(QStringLiteral("/openapi/v3/apis/crypto.tools/v1"), registry);
        QCOMPARE(p.kind, ApiPath::Kind::OpenApiV3Doc);
        QCOMPARE(p.group, QStringLiteral("crypto.tools"));
        QCOMPARE(ApiPath::parse(QStringLiteral("/openapi/v3/api/v1"), registry).version, QStringLiteral("v1"));
        QCOMPARE(ApiPath::parse(QStringLiteral("/sandbox/faults"), registry).adminTopic, QStringLiteral("faults"));
        QCOMPARE(ApiPath::parse(QStringLiteral("/foo/bar"), registry).kind, ApiPath::Kind::Unknown);
        QCOMPARE(ApiPath::parse(QStringLiteral("/api/v1/a/b/c/d"), registry).kind, ApiPath::Kind::Unknown);
    }

    void negotiatesRepresentation()
    {
        using R = MediaNegotiation::Representation;
        QCOMPARE(MediaNegotiation::representation(""), R::Json);
        QCOMPARE(MediaNegotiation::representation("application/json, */*"), R::Json);
        QCOMPARE(MediaNegotiation::representation(
                     "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"),
                 R::Table);
        QCOMPARE(MediaNegotiation::representation("application/vnd.kubernetes.protobuf,application/json"), R::Json);
        QCOMPARE(MediaNegotiation::representation("application/json;as=Table;v=v1;g=other.io,application/json"), R::Json);
        QVERIFY(!MediaNegotiation::representation("application/json;as=Table;v=v1;g=other.io"));
        QVERIFY(!MediaNegotiation::representation("application/xml"));
    }

    void decodesBodies()
    {
        std::optional<StatusError> error;
        auto object = MediaNegotiation::decodeObject("application/yaml", "a: 1\nb: [x]\n", &error);
        QVERIFY(object);
        QCOMPARE(object->value(QStringLiteral("a")).toInt(), 1);
        QVERIFY(MediaNegotiation::decodeObject("application/json; charset=utf-8", R"({"a":1})", &error));
        QVERIFY(!MediaNegotiation::decodeObject("application/json", "[1]", &error));
        QCOMPARE(error->code(), 400);
        QVERIFY(!MediaNegotiation::decodeObject("application/vnd.kubernetes.protobuf", "k8s", &error));
        QCOMPARE(error->code(), 415);
        QVERIFY(error->message().contains(QStringLiteral("application/json, application/yaml")));
        QVERIFY(!MediaNegotiation::decodeObject("application/json", "", &error));
        QCOMPARE(error->code(), 400);
    }
};

QTEST_GUILESS_MAIN(TestApiRouting)
#include "tst_apirouting.moc"
