#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QProcess;

namespace cvc::e2e {

// One real process for an end-to-end test (cvc-operator or fake-coingecko): started with a
// deadline on a line it prints, its output collected for failure messages, killed when destroyed.
class TestProcess : public QObject
{
    Q_OBJECT
public:
    explicit TestProcess(const QString &program, QObject *parent = nullptr);
    ~TestProcess() override;

    // Starts and waits until the output (stdout+stderr) matches `readyPattern` (a regular
    // expression; its first capture is returned by readyCapture()).
    bool start(const QStringList &args, const QString &readyPattern, int timeoutMs = 20000);
    QString readyCapture() const { return m_capture; }
    // SIGTERM; waits for the exit. Returns the exit code, -1 on crash or timeout (then kills).
    int terminate(int timeoutMs = 5000, qint64 *elapsedMs = nullptr);
    void kill();              // SIGKILL, as a crash
    bool isRunning() const;
    qint64 pid() const;
    // Everything the process printed so far.
    QString output() const;
    // Waits until the output contains `text` (after what was there at `from`).
    bool waitForOutput(const QString &text, int timeoutMs, int from = 0);
    int outputSize() const { return m_output.size(); }
    QString errorString() const { return m_error; }

    static QString binPath(const QString &name);

private:
    void collect();

    QString m_program;
    QProcess *m_process;
    QString m_output;
    QString m_capture;
    QString m_error;
};

// Plain HTTP for the fake CoinGecko's admin endpoint and the operator's health server.
struct PlainReply
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const;
};
PlainReply httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body = {}, int timeoutMs = 5000);

// fake-coingecko as a process, with its admin endpoint.
class FakeCoinGeckoProcess : public TestProcess
{
    Q_OBJECT
public:
    explicit FakeCoinGeckoProcess(QObject *parent = nullptr);
    bool start(const QStringList &extraArgs = {});
    QUrl rootUrl() const;    // http://127.0.0.1:PORT/api/v3
    bool setState(const QJsonObject &state);
    bool setPrice(const QString &coin, double usd);
    // Calls received on /simple/price: [{at, status}].
    QList<QPair<QDateTime, int>> priceCalls();
    bool clearCalls();

private:
    QUrl m_base;
};

// cvc-operator as a process against a sandbox kubeconfig and a fake CoinGecko, with fast timings.
class OperatorProcess : public TestProcess
{
    Q_OBJECT
public:
    explicit OperatorProcess(QObject *parent = nullptr);
    // Common flags: --kubeconfig, --coingecko-url, --interval, --health-addr 127.0.0.1:0, -v.
    bool start(const QString &kubeconfig, const QUrl &coingecko, const QStringList &extraArgs = {},
               const QString &interval = QStringLiteral("2s"));
    quint16 healthPort() const { return m_healthPort; }
    PlainReply health(const QString &path) const;
    // The value of one sample line of /metrics ("cvc_writes_total{result=\"ok\"}"); -1 if absent.
    double metric(const QString &sample) const;

private:
    quint16 m_healthPort = 0;
};

} // namespace cvc::e2e
