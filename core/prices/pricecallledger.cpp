#include "pricecallledger.h"
#include "coingeckoplan.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

namespace cvc {

namespace {
constexpr int kFormatVersion = 1;
} // namespace

PriceCallLedger::PriceCallLedger(QObject *parent)
    : QObject(parent)
{
}

QString PriceCallLedger::keyFingerprint(const QByteArray &apiKey)
{
    // 64 bits of the hash tell keys apart and say nothing usable about the key.
    return apiKey.isEmpty()
        ? QStringLiteral("none")
        : QString::fromLatin1(QCryptographicHash::hash(apiKey, QCryptographicHash::Sha256).toHex().left(16));
}

QString PriceCallLedger::account(const CoinGeckoPlan &plan, const QByteArray &apiKey)
{
    return accountOf(plan, keyFingerprint(apiKey));
}

QString PriceCallLedger::accountOf(const CoinGeckoPlan &plan, const QString &keyFingerprint)
{
    return plan.name() + QLatin1Char('/') + keyFingerprint;
}

QString PriceCallLedger::monthOf(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM"));
}

bool PriceCallLedger::setStorageDirectory(const QString &directory, QString *error)
{
    m_path.clear();
    m_months.clear();
    if (directory.isEmpty())
        return true;
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1 for the price call ledger; counting calls in memory only").arg(directory);
        return false;
    }
    m_path = QDir(directory).filePath(fileName());
    return load(error);
}

bool PriceCallLedger::load(QString *error)
{
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the price call ledger %1: %2; counting calls in memory only")
                         .arg(m_path, file.errorString());
        m_path.clear(); // never overwrite what could not be read
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();

    QString problem;
    QHash<QString, Month> months;
    static const QRegularExpression monthPattern(QStringLiteral("^\\d{4}-(0[1-9]|1[0-2])$"));
    if (parseError.error != QJsonParseError::NoError) {
        problem = QStringLiteral("not JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
    } else if (doc.object().value(QLatin1String("version")).toInt() != kFormatVersion) {
        problem = QStringLiteral("not a version %1 ledger").arg(kFormatVersion);
    } else {
        const QJsonObject accounts = doc.object().value(QLatin1String("accounts")).toObject();
        for (auto it = accounts.constBegin(); it != accounts.constEnd() && problem.isEmpty(); ++it) {
            const QJsonObject entry = it.value().toObject();
            const QString month = entry.value(QLatin1String("month")).toString();
            const QJsonValue calls = entry.value(QLatin1String("calls"));
            if (!monthPattern.match(month).hasMatch() || !calls.isDouble() || calls.toDouble() < 0
                || calls.toDouble() != double(calls.toInteger()))
                problem = QStringLiteral("account \"%1\" has no month (yyyy-MM) and whole, non-negative calls").arg(it.key());
            else
                months.insert(it.key(), Month{month, calls.toInteger()});
        }
    }
    if (problem.isEmpty()) {
        m_months = months;
        return true;
    }
    const QString aside = m_path + QStringLiteral(".corrupt");
    QFile::remove(aside);
    const bool moved = QFile::rename(m_path, aside);
    if (error)
        *error = QStringLiteral("the price call ledger %1 is %2; %3, and calls are counted from 0 for this month")
                     .arg(m_path, problem, moved ? QStringLiteral("it was kept as %1").arg(aside)
                                                 : QStringLiteral("it could not be moved aside"));
    if (!moved)
        m_path.clear();
    return false;
}

void PriceCallLedger::record(const QString &account, const QDateTime &when)
{
    Month &m = m_months[account];
    const QString month = monthOf(when);
    // Only the latest month matters for a monthly budget: an older one is over.
    if (m.month != month) {
        if (!m.month.isEmpty() && m.month > month) // a clock stepped back: keep the newer month
            return;
        m.month = month;
        m.calls = 0;
    }
    ++m.calls;
    save();
    Q_EMIT countChanged(account);
}

void PriceCallLedger::correct(const QString &account, qint64 callsThisMonth, const QDateTime &now)
{
    m_months.insert(account, Month{monthOf(now), std::max<qint64>(0, callsThisMonth)});
    save();
    Q_EMIT countChanged(account);
}

qint64 PriceCallLedger::callsThisMonth(const QString &account, const QDateTime &now) const
{
    const auto it = m_months.constFind(account);
    return it != m_months.cend() && it->month == monthOf(now) ? it->calls : 0;
}

void PriceCallLedger::save()
{
    if (m_path.isEmpty())
        return;
    QJsonObject accounts;
    for (auto it = m_months.cbegin(); it != m_months.cend(); ++it)
        accounts.insert(it.key(), QJsonObject{{QStringLiteral("month"), it->month}, {QStringLiteral("calls"), it->calls}});
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("accounts"), accounts}};
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson(QJsonDocument::Compact)) < 0 || !file.commit())
        Q_EMIT saveFailed(QStringLiteral("cannot save the price call ledger %1: %2").arg(m_path, file.errorString()));
}

} // namespace cvc
