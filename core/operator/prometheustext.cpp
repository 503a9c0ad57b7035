#include "operator/prometheustext.h"
#include "reconcile/histogram.h"

#include <QLocale>

#include <cmath>

namespace cvc {

namespace {

QString escapeLabel(QString v)
{
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    v.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    v.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return v;
}

QByteArray number(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest); // exact, and le="0.005" not 0.0050000000000000001
}

} // namespace

void PrometheusText::counter(const QString &name, const QString &help, double value, const Labels &labels)
{
    sample(name, help, "counter", value, labels);
}

void PrometheusText::gauge(const QString &name, const QString &help, double value, const Labels &labels)
{
    sample(name, help, "gauge", value, labels);
}

void PrometheusText::histogram(const QString &name, const QString &help, const Histogram &histogram, const Labels &labels)
{
    declare(name, help, "histogram");
    const QString bucket = name + QStringLiteral("_bucket");
    qint64 cumulative = 0;
    const QList<double> &bounds = histogram.upperBounds();
    for (int i = 0; i <= bounds.size(); ++i) {
        cumulative += histogram.bucketCounts().at(i);
        Labels withLe = labels;
        withLe.append({QStringLiteral("le"), QString::fromLatin1(i < bounds.size() ? number(bounds.at(i)) : QByteArrayLiteral("+Inf"))});
        line(bucket, double(cumulative), withLe);
    }
    line(name + QStringLiteral("_sum"), histogram.sum(), labels);
    line(name + QStringLiteral("_count"), double(histogram.count()), labels);
}

void PrometheusText::sample(const QString &name, const QString &help, const char *type, double value,
                            const Labels &labels)
{
    declare(name, help, type);
    line(name, value, labels);
}

void PrometheusText::declare(const QString &name, const QString &help, const char *type)
{
    if (m_declared.contains(name))
        return;
    m_declared.insert(name);
    m_text += "# HELP " + name.toUtf8() + ' ' + help.toUtf8() + '\n';
    m_text += "# TYPE " + name.toUtf8() + ' ' + type + '\n';
}

void PrometheusText::line(const QString &name, double value, const Labels &labels)
{
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (int i = 0; i < labels.size(); ++i) {
            if (i)
                m_text += ',';
            m_text += labels[i].first.toUtf8() + "=\"" + escapeLabel(labels[i].second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + number(value) + '\n';
}

} // namespace cvc
