// A URL's user info ("user:password@") never reaches a message: the connection check's output,
// transport errors of requests and watches, and the kubeconfig errors that quote a server or
// proxy-url they could not use (QUrl::toString() would keep the password).
#include "connectioncheck.h"
#include "connectionoptions.h"
#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubewatchstream.h"

#include "awaitresponse.h"

#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QUuid>

using namespace cvc;

namespace {

const QLatin1String Password("pw-SECRET-4711");

// A local port nobody listens on: connections are refused at once.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

class TestUrlsInMessages : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;

    QString serverUrl() const { return QStringLiteral("http://alice:%1@127.0.0.1:%2").arg(Password).arg(m_port); }

    ConnectionOptions kubeconfig(const QByteArray &cluster)
    {
        const QString path = m_dir.filePath(QStringLiteral("config-%1").arg(QUuid::createUuid().toString(QUuid::Id128)));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        file.write("apiVersion: v1\nkind: Config\ncurrent-context: c1\nclusters:\n- name: k1\n  cluster:\n    "
                   + QByteArray(cluster).replace("\n", "\n    ")
                   + "\nusers:\n- name: u1\n  user: {}\ncontexts:\n- name: c1\n  context:\n    cluster: k1\n    user: u1\n");
        ConnectionOptions options;
        options.kubeconfig = path;
        options.environment = QProcessEnvironment();
        options.environment.insert(QStringLiteral("HOME"), m_dir.path());
        return options;
    }

    ClientConfig clientConfig() const
    {
        ClientConfig config;
        config.server = QUrl(serverUrl());
        config.namespaceName = QStringLiteral("default");
        return config;
    }

private Q_SLOTS:
    void initTestCase() { m_port = closedPort(); }

    void requestErrorsHideThePassword()
    {
        KubeClient client(clientConfig());
        const KubeResponse response = test::awaitResponse([&](ResponseCallback done) {
            client.get(QStringLiteral("/version"), this, std::move(done));
        });
        QVERIFY(response.error);
        const QString text = response.error->toString();
        QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1").arg(m_port)), qPrintable(text));
        QVERIFY2(!text.contains(Password) && !text.contains(QLatin1String("alice")), qPrintable(text));
    }

    void watchErrorsHideThePassword()
    {
        KubeClient client(clientConfig());
        KubeWatchStream *stream = client.watch(QStringLiteral("/api/v1/namespaces"), QUrlQuery(), this);
        QSignalSpy finished(stream, &KubeWatchStream::finished);
        QVERIFY(finished.wait(10000));
        const auto error = finished.at(0).at(0).value<std::optional<KubeError>>();
        QVERIFY(error);
        QVERIFY2(error->toString().contains(QStringLiteral("127.0.0.1:%1").arg(m_port)), qPrintable(error->toString()));
        QVERIFY2(!error->toString().contains(Password), qPrintable(error->toString()));
    }

    void connectionCheckHidesThePassword()
    {
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        const int code = ConnectionCheck::run(kubeconfig("server: " + serverUrl().toUtf8()), true, outStream, errStream, 5000);
        QCOMPARE(code, 1);
        QVERIFY2(out.contains(QStringLiteral("Server:     http://127.0.0.1:%1").arg(m_port)), qPrintable(out));
        QVERIFY2(!out.contains(Password) && !err.contains(Password), qPrintable(out + err));
    }

    void kubeconfigErrorsHideThePassword_data()
    {
        QTest::addColumn<QByteArray>("cluster");
        QTest::addColumn<QString>("shown");
        // Not a URL QUrl accepts: an unencoded "@" in the password and a space in the host.
        QTest::newRow("proxy-url") << QByteArray("server: https://127.0.0.1:6443\nproxy-url: http://bob:pw-SECRET-4711@x@proxy host:3128")
                                   << "http://proxy host:3128";
        QTest::newRow("proxy scheme") << QByteArray("server: https://127.0.0.1:6443\nproxy-url: ftp://bob:pw-SECRET-4711@proxy:21/p")
                                      << "ftp://proxy:21/p";
        QTest::newRow("server") << QByteArray("server: https://bob:pw-SECRET-4711@/api") << "https:///api";
    }

    void kubeconfigErrorsHideThePassword()
    {
        QFETCH(QByteArray, cluster);
        QFETCH(QString, shown);
        QString error;
        QVERIFY(!KubeConfig::load(kubeconfig(cluster), &error));
        QVERIFY2(error.contains(QLatin1Char('"') + shown + QLatin1Char('"')), qPrintable(error));
        QVERIFY2(!error.contains(Password), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestUrlsInMessages)
#include "tst_urlsinmessages.moc"
