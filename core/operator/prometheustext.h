#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace cvc {

class Histogram;

// Builds a Prometheus text exposition (format 0.0.4): # HELP and # TYPE once per metric name,
// then one sample line per label set. Label values are escaped (\\, \", \n).
class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;

    void counter(const QString &name, const QString &help, double value, const Labels &labels = {});
    void gauge(const QString &name, const QString &help, double value, const Labels &labels = {});
    // name_bucket{…,le="…"} (cumulative, +Inf last), name_sum and name_count.
    void histogram(const QString &name, const QString &help, const Histogram &histogram, const Labels &labels = {});
    QByteArray text() const { return m_text; }

    static QByteArray contentType() { return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"); }

private:
    void sample(const QString &name, const QString &help, const char *type, double value, const Labels &labels);
    void declare(const QString &name, const QString &help, const char *type);
    void line(const QString &name, double value, const Labels &labels);

    QByteArray m_text;
    QSet<QString> m_declared;
};

} // namespace cvc
