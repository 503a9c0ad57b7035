#pragma once

#include "httpreply.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class QNetworkAccessManager;
class QNetworkRequest;
class QProcess;
class QTemporaryDir;

namespace cvc::testsupport {

// Starts build/bin/kube-sandbox as a real process for one test: TLS on 127.0.0.1, a free port,
// a kubeconfig in a private temporary directory, and helpers to talk HTTP to it directly.
//
//   SandboxProcess sandbox;
//   QVERIFY2(sandbox.start({"--preload", SandboxProcess::sourcePath("crds")}), qPrintable(sandbox.errorString()));
//   HttpReply r = sandbox.request("GET", "/apis/crypto.tools/v1");
//   QCOMPARE(r.status, 200);
//   KubectlRunner kubectl(sandbox);                     // kubectl with a fresh HOME, see kubectlrunner.h
//
// By default the sandbox is `--ephemeral`; setDataFile() switches to `--data FILE` so that
// restart() keeps objects and resourceVersions. Everything is synchronous (a nested event loop
// with a deadline), so tests read top to bottom. The process is killed when this object dies.
class SandboxProcess : public QObject
{
    Q_OBJECT

public:
    explicit SandboxProcess(QObject *parent = nullptr);
    ~SandboxProcess() override;

    // $CVC_BIN_DIR/kube-sandbox (environment first, then the build's compile definition).
    static QString executablePath();
    // A file of the source tree, e.g. sourcePath("examples/bitcoin.yaml").
    static QString sourcePath(const QString &relativePath);

    // Use `--data path` instead of `--ephemeral` (call before start()). An empty path = ephemeral.
    void setDataFile(const QString &path);
    QString dataFile() const;

    // Starts kube-sandbox with `--port 0` (or the port of the previous run on restart),
    // `--ephemeral`/`--data`, `--kubeconfig <tempPath()>/kubeconfig` and `extraArgs`, then waits until
    // it prints its `listening on https://…` line and the kubeconfig is readable. On failure returns
    // false and errorString() says why, with the tail of the server's stderr.
    bool start(const QStringList &extraArgs = {}, int timeoutMs = 30000);
    // SIGTERM, wait; returns the exit code (-1 if it crashed or did not exit in time, then it is killed).
    int stop(int timeoutMs = 15000);
    // SIGKILL without waiting for a clean shutdown (a crash, as far as the server can tell).
    void kill();
    // stop() and start() with the same arguments, data file and, if still free, the same port.
    bool restart(int timeoutMs = 30000);
    bool isRunning() const;
    qint64 pid() const;

    QUrl url() const;                 // https://127.0.0.1:PORT
    quint16 port() const;
    QString kubeconfigPath() const;   // written by the sandbox, mode 0600, context kube-sandbox
    QByteArray adminToken() const;    // from the kubeconfig; never print it
    QByteArray caCertificatePem() const;
    QList<QSslCertificate> caCertificates() const;
    QString tempPath() const;         // private directory for this sandbox, removed at destruction
    QString errorString() const;
    QByteArray standardError() const; // everything the server wrote to stderr so far
    QByteArray standardOutput() const;

    // One HTTP request over TLS with the admin token (unless `authenticate` is false) and the sandbox
    // CA as the only trust root; HTTP/1.1. `pathAndQuery` is e.g. "/api/v1/namespaces?limit=1".
    // `extraHeaders` are added last, so they can also carry a different Authorization header.
    HttpReply request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                      const QByteArray &contentType = {}, const QByteArray &accept = "application/json",
                      const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {}, bool authenticate = true,
                      int timeoutMs = 20000);
    // The request request() sends (URL, CA, HTTP/1.1, admin token unless `authenticate` is false), for
    // tests that need their own QNetworkAccessManager, e.g. for streaming.
    QNetworkRequest networkRequest(const QString &pathAndQuery, const QByteArray &accept = "application/json",
                                   bool authenticate = true) const;
    // request() with a JSON object body (Content-Type application/json, or `contentType`).
    HttpReply requestJson(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body,
                          const QByteArray &contentType = "application/json");

    // POST /sandbox/faults with the admin token; true on a 2xx answer.
    bool setFault(const QJsonObject &fault);
    // POST /sandbox/faults with "target": faults for one client only (the user of that name, or
    // every request whose User-Agent starts with the prefix); others keep the global settings.
    bool setFaultForUser(const QString &user, const QJsonObject &fault);
    bool setFaultForUserAgent(const QString &userAgentPrefix, const QJsonObject &fault);
    // GET /sandbox/stats; an empty object on failure.
    QJsonObject stats();
    // GET /sandbox/writes: one entry per stored change, oldest first ({"time","user","userAgent",
    // "fieldManager","verb","type","apiGroup","resource","namespace","name","resourceVersion"}).
    // `filter` takes user, userAgent (prefix), fieldManager, sinceResourceVersion. Empty on failure.
    QJsonArray writes(const QUrlQuery &filter = {});
    // POST /sandbox/writes {"reset":true}: an empty log, so a test sees only its own writes.
    bool clearWrites();

    // Runs `kube-sandbox --data <file> --issue-client-cert user:groups --out-dir …` for a certificate
    // (CN=user, O=groups) signed by this sandbox's CA. Needs setDataFile(): the CA lives beside the data.
    // Returns false (and sets errorString()) if it cannot.
    bool issueClientCertificate(const QString &user, const QStringList &groups, QByteArray *certificatePem,
                                QByteArray *keyPem);

Q_SIGNALS:
    // The process ended on its own or by stop()/kill().
    void exited(int exitCode);

private:
    bool launch(quint16 port, int timeoutMs);
    bool waitForListening(int timeoutMs);
    bool loadKubeconfig();
    QStringList arguments(quint16 port) const;
    void readStandardOutput();

    std::unique_ptr<QTemporaryDir> m_tempDir;
    QProcess *m_process = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QString m_dataFile;
    QStringList m_extraArgs;
    QUrl m_url;
    QByteArray m_adminToken;
    QByteArray m_caPem;
    QList<QSslCertificate> m_caCertificates;
    QString m_error;
    QByteArray m_stdout;
    mutable QByteArray m_stderr;   // topped up by the const accessor too
};

} // namespace cvc::testsupport
