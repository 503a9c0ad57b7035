#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace cvc {

// Builds a Prometheus text exposition (format 0.0.4): # HELP and # TYPE once per metric name,
// then one sample line per label set. Label values are escaped (\\, \", \n).
class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;

    void counter(const QString &name, const QString &help, double value, const Labels &labels = {});
    void gauge(const QString &name, const QString &help, double value, const Labels &labels = {});
    QByteArray text() const { return m_text; }

    static QByteArray contentType() { return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"); }

private:
    void sample(const QString &name, const QString &help, const char *type, double value, const Labels &labels);

    QByteArray m_text;
    QSet<QString> m_declared;
};

} // namespace cvc
