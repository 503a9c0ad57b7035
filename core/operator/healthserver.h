#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <functional>

namespace cvc {

class HttpServer;
class HttpExchange;

// The operator's probe and metrics endpoint on core/http: GET /healthz (the event loop answers),
// /readyz (200 "ok" when the readiness check returns an empty string, 503 with its reason
// otherwise) and /metrics (Prometheus text from the metrics provider).
class HealthServer : public QObject
{
    Q_OBJECT
public:
    using ReadinessCheck = std::function<QString()>;   // "" = ready, else why not
    using MetricsProvider = std::function<QByteArray()>;

    explicit HealthServer(QObject *parent = nullptr);
    ~HealthServer() override;

    void setReadinessCheck(ReadinessCheck check) { m_ready = std::move(check); }
    void setMetricsProvider(MetricsProvider provider) { m_metrics = std::move(provider); }

    // "127.0.0.1:8080", ":8080" (all interfaces) or "host:0" for a free port.
    bool listen(const QString &address, QString *error);
    quint16 port() const;
    void close();

    static bool parseAddress(const QString &text, QHostAddress *address, quint16 *port, QString *error);

private:
    void handle(HttpExchange *exchange);

    HttpServer *m_server;
    ReadinessCheck m_ready;
    MetricsProvider m_metrics;
};

} // namespace cvc
