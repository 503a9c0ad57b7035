#include "apimachinery/statuserror.h"

#include "testjson.h"

#include <QTest>

using namespace cvc::sandbox;

class TestStatusError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodies_data();
    void bodies();
    void invalidJoinsCausesLikeKubectlShowsThem();
};

void TestStatusError::bodies_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const StatusError &error, const QString &expected) {
        QTest::newRow(name) << error.code() << error.toJson() << expected;
    };
    row("unauthorized (check 40)", StatusError::unauthorized(),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})x");
    row("not found", StatusError::notFound("cryptovaluecalculators", "crypto.tools", "nope"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"cryptovaluecalculators.crypto.tools \"nope\" not found","reason":"NotFound","details":{"name":"nope","group":"crypto.tools","kind":"cryptovaluecalculators"},"code":404})x");
    row("not found core", StatusError::notFound("namespaces", "", "x"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"namespaces"},"code":404})x");
    row("unknown path", StatusError::notFoundPath(),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})x");
    row("already exists", StatusError::alreadyExists("cryptovaluecalculators", "crypto.tools", "my-btc"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"cryptovaluecalculators.crypto.tools \"my-btc\" already exists","reason":"AlreadyExists","details":{"name":"my-btc","group":"crypto.tools","kind":"cryptovaluecalculators"},"code":409})x");
    row("conflict", StatusError::conflict("cryptovaluecalculators", "crypto.tools", "x"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on cryptovaluecalculators.crypto.tools \"x\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"x","group":"crypto.tools","kind":"cryptovaluecalculators"},"code":409})x");
    row("invalid one", StatusError::invalid("cryptovaluecalculators", "crypto.tools", "x",
                                            {FieldError::invalid("metadata.resourceVersion", 0, "must be specified for an update")}),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"cryptovaluecalculators.crypto.tools \"x\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update","reason":"Invalid","details":{"name":"x","group":"crypto.tools","kind":"cryptovaluecalculators","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 0: must be specified for an update","field":"metadata.resourceVersion"}]},"code":422})x");
    row("invalid none", StatusError::invalid("PatchOptions", "meta.k8s.io", "", {}),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"PatchOptions.meta.k8s.io \"\" is invalid","reason":"Invalid","details":{"group":"meta.k8s.io","kind":"PatchOptions"},"code":422})x");
    row("patch rejected", StatusError::patchRejected(),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{},"code":422})x");
    row("patch rejected with its cause", StatusError::patchRejected(R"(test operation at "/spec/coin" failed: test failed)"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{"causes":[{"message":"test operation at \"/spec/coin\" failed: test failed"}]},"code":422})x");
    row("bad request", StatusError::badRequest("the name of the object (a) does not match the name on the URL (b)"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the name of the object (a) does not match the name on the URL (b)","reason":"BadRequest","code":400})x");
    row("forbidden namespaced", StatusError::forbidden("cryptovaluecalculators", "crypto.tools", "x", R"(User "alice" cannot get resource "cryptovaluecalculators" in API group "crypto.tools" in the namespace "default")"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"cryptovaluecalculators.crypto.tools \"x\" is forbidden: User \"alice\" cannot get resource \"cryptovaluecalculators\" in API group \"crypto.tools\" in the namespace \"default\"","reason":"Forbidden","details":{"name":"x","group":"crypto.tools","kind":"cryptovaluecalculators"},"code":403})x");
    row("forbidden cluster", StatusError::forbidden("namespaces", "", "", R"(User "bob" cannot list resource "namespaces" in API group "" at the cluster scope)"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope","reason":"Forbidden","details":{"kind":"namespaces"},"code":403})x");
    row("method not supported", StatusError::methodNotSupported("events", "", "deletecollection"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deletecollection is not supported on resources of kind \"events\"","reason":"MethodNotAllowed","details":{"kind":"events"},"code":405})x");
    row("not acceptable", StatusError::notAcceptable({"application/json", "application/yaml"}),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"only the following media types are accepted: application/json, application/yaml","reason":"NotAcceptable","code":406})x");
    row("unsupported media type", StatusError::unsupportedMediaType({"application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"}),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415})x");
    row("too old", StatusError::tooOldResourceVersion(5, 105),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (105)","reason":"Expired","code":410})x");
    row("too large rv", StatusError::resourceVersionTooLarge(900, 12),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Timeout: Too large resource version: 900, current: 12","reason":"Timeout","details":{"causes":[{"reason":"ResourceVersionTooLarge","message":"Too large resource version"}],"retryAfterSeconds":1},"code":504})x");
    row("too many patch ops", StatusError::tooManyPatchOperations(10001),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001","reason":"RequestEntityTooLarge","code":413})x");
    row("too many requests", StatusError::tooManyRequests("slow down", 3),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"slow down","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429})x");
    row("service unavailable", StatusError::serviceUnavailable("injected fault"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"injected fault","reason":"ServiceUnavailable","code":503})x");
    row("internal", StatusError::internalError("boom"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: boom","reason":"InternalError","details":{"causes":[{"message":"boom"}]},"code":500})x");
    row("plain 500 without reason", StatusError(500, "", "resourceVersion should not be set on objects to be created"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"resourceVersion should not be set on objects to be created","code":500})x");
    // What core/http answers on its own, before a handler runs.
    row("http 400", StatusError::fromHttpStatus(400, "malformed request line"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"malformed request line","reason":"BadRequest","code":400})x");
    row("http 408", StatusError::fromHttpStatus(408, "timed out reading the request body (60000 ms)"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"timed out reading the request body (60000 ms)","reason":"Timeout","code":408})x");
    row("http 413", StatusError::fromHttpStatus(413, "request body of 4194304 bytes is larger than the limit of 3145728 bytes"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Request entity too large: request body of 4194304 bytes is larger than the limit of 3145728 bytes","reason":"RequestEntityTooLarge","code":413})x");
    row("http 429", StatusError::fromHttpStatus(429, "the server is reading too many request bodies at once (67108864 bytes); try again later"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server is reading too many request bodies at once (67108864 bytes); try again later","reason":"TooManyRequests","details":{},"code":429})x");
    row("http 431", StatusError::fromHttpStatus(431, "request header fields too large (limit 65536 bytes)"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"request header fields too large (limit 65536 bytes)","reason":"RequestHeaderFieldsTooLarge","code":431})x");
    row("http 505 has no reason", StatusError::fromHttpStatus(505, "HTTP version HTTP/2.0 is not supported"),
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"HTTP version HTTP/2.0 is not supported","code":505})x");
}

void TestStatusError::bodies()
{
    QFETCH(int, code);
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QJsonObject actual = QJsonDocument::fromJson(json).object();
    const QJsonObject wanted = testjson::object(expected);
    QCOMPARE(actual, wanted);
    QCOMPARE(code, wanted.value("code").toInt());
}

void TestStatusError::invalidJoinsCausesLikeKubectlShowsThem()
{
    const StatusError error = StatusError::invalid(
        "CryptoValueCalculator", "crypto.tools", "bad",
        {FieldError::notSupported("spec.coin", "litecoin", {"bitcoin", "ethereum", "dogecoin", "shiba-inu"}),
         FieldError::required("spec.amount")});
    QCOMPARE(error.code(), 422);
    QCOMPARE(error.reason(), QStringLiteral("Invalid"));
    QCOMPARE(error.message(),
             QStringLiteral("CryptoValueCalculator.crypto.tools \"bad\" is invalid: [spec.coin: Unsupported value: \"litecoin\": "
                            "supported values: \"bitcoin\", \"ethereum\", \"dogecoin\", \"shiba-inu\", spec.amount: Required value]"));
    const QJsonObject details = error.body().value("details").toObject();
    QCOMPARE(details.value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
    QCOMPARE(details.value("group").toString(), QStringLiteral("crypto.tools"));
    QCOMPARE(details.value("causes").toArray().size(), 2);
    QCOMPARE(details.value("causes").toArray().at(1).toObject().value("reason").toString(),
             QStringLiteral("FieldValueRequired"));
}

QTEST_APPLESS_MAIN(TestStatusError)
#include "tst_statuserror.moc"
