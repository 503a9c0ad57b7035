#include "prometheustext.h"

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
    return QByteArray::number(v, 'g', 17);
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

void PrometheusText::sample(const QString &name, const QString &help, const char *type, double value,
                            const Labels &labels)
{
    if (!m_declared.contains(name)) {
        m_declared.insert(name);
        m_text += "# HELP " + name.toUtf8() + ' ' + help.toUtf8() + '\n';
        m_text += "# TYPE " + name.toUtf8() + ' ' + type + '\n';
    }
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
