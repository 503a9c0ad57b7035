// ContinueToken against the tokens kube-apiserver writes and the ones it refuses
// (k8s.io/apiserver/pkg/storage/continue.go).
#include "apimachinery/continuetoken.h"

#include <QByteArray>
#include <QTest>

using namespace cvc::sandbox;

namespace {

QString raw(const QByteArray &json)
{
    return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class TestContinueToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodesLikeKube()
    {
        // What kube-apiserver 1.32 answers for `kubectl get cm --chunk-size=1` after "a" in a namespace.
        const QString token = ContinueToken::after(42, QStringLiteral("a")).encode();
        QCOMPARE(token, raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":42,\"start\":\"a\\u0000\"}"));
        QVERIFY(!token.contains(QLatin1Char('=')));
    }

    void roundTrip()
    {
        QString error;
        const auto token = ContinueToken::decode(ContinueToken::after(7, QStringLiteral("ns-1/obj")).encode(), &error);
        QVERIFY2(token, qPrintable(error));
        QCOMPARE(token->resourceVersion(), 7);
        QCOMPARE(token->startKey(), QStringLiteral("ns-1/obj") + QChar(u'\0'));
        QVERIFY(!token->atLatest());
        const auto latest = ContinueToken::decode(ContinueToken(-1, QStringLiteral("b")).encode(), &error);
        QVERIFY2(latest, qPrintable(error));
        QVERIFY(latest->atLatest());
        // A leading slash is accepted and dropped, "/" alone means from the beginning.
        QCOMPARE(ContinueToken::decode(raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"/x\"}"), &error)->startKey(), QStringLiteral("x"));
        QCOMPARE(ContinueToken::decode(raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"/\"}"), &error)->startKey(), QString());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("message");
        QTest::newRow("not base64") << QStringLiteral("not*base64") << "continue key is not valid: illegal base64 data at input byte 3";
        QTest::newRow("padded") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a\"}") + QStringLiteral("==")
                                << "continue key is not valid: illegal base64 data at input byte";
        QTest::newRow("not json") << raw("hello") << "continue key is not valid: ";
        QTest::newRow("array") << raw("[1]") << "continue key is not valid: json: cannot unmarshal array";
        QTest::newRow("rv string") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":\"3\",\"start\":\"a\"}")
                                   << "continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64";
        QTest::newRow("version") << raw("{\"v\":\"meta.k8s.io/v2\",\"rv\":3,\"start\":\"a\"}")
                                 << "continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2";
        QTest::newRow("rv 0") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}")
                              << "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)";
        QTest::newRow("no start") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3}")
                                  << "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)";
        QTest::newRow("traversal") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"../secrets/x\"}")
                                   << "continue key is not valid: ../secrets/x";
        QTest::newRow("double slash") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a//b\"}") << "continue key is not valid: a//b";
        QTest::newRow("trailing slash") << raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a/\"}") << "continue key is not valid: a/";
    }

    void refusals()
    {
        QFETCH(QString, token);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!ContinueToken::decode(token, &error));
        QVERIFY2(error.startsWith(message), qPrintable(error));
    }
};

QTEST_APPLESS_MAIN(TestContinueToken)
#include "tst_continuetoken.moc"
