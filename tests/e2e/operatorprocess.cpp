#include "operatorprocess.h"

#include "diewithparent.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include <csignal>

namespace cvc::e2e {

QString TestProcess::binPath(const QString &name)
{
    QString dir = qEnvironmentVariable("CVC_BIN_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(CVC_BIN_DIR);
    return dir + QLatin1Char('/') + name;
}

TestProcess::TestProcess(const QString &program, QObject *parent)
    : QObject(parent)
    , m_program(program)
    , m_process(new QProcess(this))
{
    testsupport::dieWithParent(m_process);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, &TestProcess::collect);
}

TestProcess::~TestProcess()
{
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

void TestProcess::collect()
{
    m_output += QString::fromUtf8(m_process->readAll());
}

bool TestProcess::start(const QStringList &args, const QString &readyPattern, int timeoutMs)
{
    m_process->start(m_program, args);
    if (!m_process->waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_program, m_process->errorString());
        return false;
    }
    const QRegularExpression re(readyPattern);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const auto m = re.match(m_output);
        if (m.hasMatch()) {
            m_capture = m.captured(1);
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            collect();
            m_error = QStringLiteral("%1 exited with %2 before it was ready:\n%3").arg(m_program).arg(m_process->exitCode()).arg(m_output);
            return false;
        }
        m_process->waitForReadyRead(100);
        collect();
    }
    m_error = QStringLiteral("%1 did not print /%2/ within %3 ms:\n%4").arg(m_program, readyPattern).arg(timeoutMs).arg(m_output);
    return false;
}

int TestProcess::terminate(int timeoutMs, qint64 *elapsedMs)
{
    if (m_process->state() == QProcess::NotRunning)
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    QElapsedTimer clock;
    clock.start();
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(3000);
        collect();
        return -1;
    }
    if (elapsedMs)
        *elapsedMs = clock.elapsed();
    collect();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void TestProcess::kill()
{
    m_process->kill();
    m_process->waitForFinished(3000);
    collect();
}

bool TestProcess::isRunning() const
{
    return m_process->state() != QProcess::NotRunning;
}

qint64 TestProcess::pid() const
{
    return m_process->processId();
}

QString TestProcess::output() const
{
    const_cast<TestProcess *>(this)->collect();
    return m_output;
}

bool TestProcess::waitForOutput(const QString &text, int timeoutMs, int from)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        collect();
        if (m_output.indexOf(text, from) >= 0)
            return true;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        m_process->waitForReadyRead(50);
    }
    return false;
}

QJsonObject PlainReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

PlainReply httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(url);
    req.setTransferTimeout(timeoutMs);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 500, &loop, &QEventLoop::quit);
    loop.exec();
    PlainReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

FakeCoinGeckoProcess::FakeCoinGeckoProcess(QObject *parent)
    : TestProcess(binPath(QStringLiteral("fake-coingecko")), parent)
{
}

bool FakeCoinGeckoProcess::start(const QStringList &extraArgs)
{
    if (!TestProcess::start(QStringList{QStringLiteral("--port"), QStringLiteral("0")} + extraArgs,
                            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)")))
        return false;
    m_base = QUrl(readyCapture());
    return true;
}

QUrl FakeCoinGeckoProcess::rootUrl() const
{
    return QUrl(m_base.toString() + QStringLiteral("/api/v3"));
}

bool FakeCoinGeckoProcess::setState(const QJsonObject &state)
{
    return httpRequest("POST", QUrl(m_base.toString() + QStringLiteral("/_admin/state")),
                       QJsonDocument(state).toJson(QJsonDocument::Compact)).status == 200;
}

bool FakeCoinGeckoProcess::setPrice(const QString &coin, double usd)
{
    return setState(QJsonObject{{QStringLiteral("prices"),
                                 QJsonObject{{coin, QJsonObject{{QStringLiteral("usd"), usd}}}}}});
}

QList<QPair<QDateTime, int>> FakeCoinGeckoProcess::priceCalls()
{
    const PlainReply r = httpRequest("GET", QUrl(m_base.toString() + QStringLiteral("/_admin/calls")));
    QJsonArray calls = QJsonDocument::fromJson(r.body).array();
    if (calls.isEmpty())
        calls = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("calls")).toArray();
    QList<QPair<QDateTime, int>> out;
    for (const QJsonValue &v : calls) {
        const QJsonObject c = v.toObject();
        if (!c.value(QStringLiteral("path")).toString().endsWith(QLatin1String("/simple/price")))
            continue;
        out.append({QDateTime::fromString(c.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs),
                    c.value(QStringLiteral("status")).toInt()});
    }
    return out;
}

bool FakeCoinGeckoProcess::clearCalls()
{
    return httpRequest("DELETE", QUrl(m_base.toString() + QStringLiteral("/_admin/calls"))).status == 200;
}

OperatorProcess::OperatorProcess(QObject *parent)
    : TestProcess(binPath(QStringLiteral("cvc-operator")), parent)
{
}

bool OperatorProcess::start(const QString &kubeconfig, const QUrl &coingecko, const QStringList &extraArgs,
                            const QString &interval)
{
    QStringList args{QStringLiteral("--kubeconfig"), kubeconfig,
                     QStringLiteral("--coingecko-url"), coingecko.toString(),
                     QStringLiteral("--interval"), interval,
                     QStringLiteral("--health-addr"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("-v")};
    args += extraArgs;
    if (!TestProcess::start(args, QStringLiteral("health and metrics on http://127\\.0\\.0\\.1:(\\d+)")))
        return false;
    m_healthPort = quint16(readyCapture().toUInt());
    return true;
}

PlainReply OperatorProcess::health(const QString &path) const
{
    return httpRequest("GET", QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_healthPort).arg(path)));
}

double OperatorProcess::metric(const QString &sample) const
{
    const QString text = QString::fromUtf8(health(QStringLiteral("/metrics")).body);
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(sample + QLatin1Char(' ')))
            return line.mid(sample.size() + 1).toDouble();
    }
    return -1;
}

} // namespace cvc::e2e
