#include "callcounter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>

namespace cvc {

Q_LOGGING_CATEGORY(lcCallCounter, "cvc.prices.calls")

CallCounter::CallCounter(QObject *parent)
    : QObject(parent)
    , m_month(monthKey(QDateTime::currentDateTimeUtc()))
{
}

QString CallCounter::monthKey(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM"));
}

QString CallCounter::label(Result result)
{
    switch (result) {
    case Result::Ok: return QStringLiteral("ok");
    case Result::RateLimited: return QStringLiteral("rate_limited");
    case Result::Error: return QStringLiteral("error");
    }
    return {};
}

bool CallCounter::setStoragePath(const QString &path, QString *error)
{
    m_path = path;
    if (path.isEmpty())
        return true;
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder of the CoinGecko call counter %1").arg(path);
        return false;
    }
    if (!info.exists()) {
        m_monthCalls = 0;
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the CoinGecko call counter %1: %2").arg(path, file.errorString());
        return false;
    }
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    // A count from another month is last month's: it does not carry over.
    if (o.value(QLatin1String("month")).toString() == m_month)
        m_monthCalls = o.value(QLatin1String("calls")).toInteger();
    else
        m_monthCalls = 0;
    Q_EMIT countChanged();
    return true;
}

void CallCounter::record(Result result, const QDateTime &when)
{
    const QString month = monthKey(when);
    if (month != m_month) {
        m_month = month;
        m_monthCalls = 0;
    }
    ++m_monthCalls;
    ++m_totals[int(result)];
    save();
    Q_EMIT countChanged();
}

qint64 CallCounter::callsThisMonth(const QDateTime &now) const
{
    return monthKey(now) == m_month ? m_monthCalls : 0;
}

qint64 CallCounter::total(Result result) const
{
    return m_totals[int(result)];
}

void CallCounter::save() const
{
    if (m_path.isEmpty())
        return;
    QSaveFile file(m_path);
    const QJsonObject o{{QStringLiteral("month"), m_month}, {QStringLiteral("calls"), m_monthCalls}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0
        || !file.commit())
        qCWarning(lcCallCounter, "cannot save the CoinGecko call count to %s: %s", qPrintable(m_path),
                  qPrintable(file.errorString()));
}

} // namespace cvc
