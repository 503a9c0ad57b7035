#include "operator/healthserver.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "operator/prometheustext.h"

namespace cvc {

HealthServer::HealthServer(QObject *parent)
    : QObject(parent)
    , m_server(new HttpServer(this))
{
    m_server->setHandler([this](HttpExchange *exchange) { handle(exchange); });
}

HealthServer::~HealthServer() = default;

bool HealthServer::parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *error)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint p = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (colon < 0 || !ok || p > 65535) {
        if (error)
            *error = QStringLiteral("--health-addr \"%1\" is not HOST:PORT (e.g. 127.0.0.1:8080 or :8080)").arg(text);
        return false;
    }
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host == QLatin1String("0.0.0.0")) {
        *address = QHostAddress::Any;
    } else if (host == QLatin1String("localhost")) {
        *address = QHostAddress::LocalHost;
    } else if (!address->setAddress(host)) {
        if (error)
            *error = QStringLiteral("--health-addr host \"%1\" is not an IP address").arg(host);
        return false;
    }
    *port = quint16(p);
    return true;
}

bool HealthServer::listen(const QString &address, QString *error)
{
    QHostAddress host;
    quint16 port = 0;
    if (!parseAddress(address, &host, &port, error))
        return false;
    if (!m_server->listen(host, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1 for /healthz, /readyz and /metrics: %2")
                         .arg(address, m_server->errorString());
        return false;
    }
    return true;
}

quint16 HealthServer::port() const
{
    return m_server->serverPort();
}

void HealthServer::close()
{
    m_server->close();
}

void HealthServer::handle(HttpExchange *exchange)
{
    const HttpRequest &req = exchange->request();
    if (req.method != "GET" && req.method != "HEAD") {
        exchange->respond(405, "text/plain; charset=utf-8", "method not allowed\n", {{"Allow", "GET, HEAD"}});
        return;
    }
    if (req.path == QLatin1String("/healthz") || req.path == QLatin1String("/livez")) {
        exchange->respond(200, "text/plain; charset=utf-8", "ok\n");
    } else if (req.path == QLatin1String("/readyz")) {
        const QString why = m_ready ? m_ready() : QString();
        if (why.isEmpty())
            exchange->respond(200, "text/plain; charset=utf-8", "ok\n");
        else
            exchange->respond(503, "text/plain; charset=utf-8", "not ready: " + why.toUtf8() + '\n');
    } else if (req.path == QLatin1String("/metrics")) {
        exchange->respond(200, PrometheusText::contentType(), m_metrics ? m_metrics() : QByteArray());
    } else {
        exchange->respond(404, "text/plain; charset=utf-8", "not found; try /healthz, /readyz or /metrics\n");
    }
}

} // namespace cvc
