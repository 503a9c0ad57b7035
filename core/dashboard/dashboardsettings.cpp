#include "dashboard/dashboardsettings.h"

#include <QSettings>

namespace cvc::ui {

namespace {
const QString allNamespacesMarker = QStringLiteral("*");
}

DashboardSettings::DashboardSettings(const QString &fileName)
    : m_settings(fileName.isEmpty() ? new QSettings : new QSettings(fileName, QSettings::IniFormat))
{
}

DashboardSettings::~DashboardSettings()
{
    delete m_settings;
}

QByteArray DashboardSettings::windowGeometry() const { return m_settings->value(QStringLiteral("window/geometry")).toByteArray(); }
void DashboardSettings::setWindowGeometry(const QByteArray &geometry) { m_settings->setValue(QStringLiteral("window/geometry"), geometry); }
QByteArray DashboardSettings::windowState() const { return m_settings->value(QStringLiteral("window/state")).toByteArray(); }
void DashboardSettings::setWindowState(const QByteArray &state) { m_settings->setValue(QStringLiteral("window/state"), state); }
QByteArray DashboardSettings::tableHeaderState() const { return m_settings->value(QStringLiteral("window/tableHeader")).toByteArray(); }
void DashboardSettings::setTableHeaderState(const QByteArray &state) { m_settings->setValue(QStringLiteral("window/tableHeader"), state); }

QString DashboardSettings::lastContext() const { return m_settings->value(QStringLiteral("connection/context")).toString(); }
void DashboardSettings::setLastContext(const QString &context) { m_settings->setValue(QStringLiteral("connection/context"), context); }

std::optional<QString> DashboardSettings::lastNamespace() const
{
    if (!m_settings->contains(QStringLiteral("connection/namespace")))
        return std::nullopt;
    const QString value = m_settings->value(QStringLiteral("connection/namespace")).toString();
    return value == allNamespacesMarker ? QString() : value;
}

void DashboardSettings::setLastNamespace(const QString &namespaceName)
{
    // QSettings does not keep empty strings apart from missing keys in every format.
    m_settings->setValue(QStringLiteral("connection/namespace"), namespaceName.isEmpty() ? allNamespacesMarker : namespaceName);
}

QString DashboardSettings::coinGeckoPlan() const { return m_settings->value(QStringLiteral("coingecko/plan"), QStringLiteral("public")).toString(); }
void DashboardSettings::setCoinGeckoPlan(const QString &plan) { m_settings->setValue(QStringLiteral("coingecko/plan"), plan); }
int DashboardSettings::intervalSeconds() const { return m_settings->value(QStringLiteral("coingecko/intervalSeconds"), 0).toInt(); }
void DashboardSettings::setIntervalSeconds(int seconds) { m_settings->setValue(QStringLiteral("coingecko/intervalSeconds"), seconds); }
bool DashboardSettings::sessionKeyKept() const { return m_settings->value(QStringLiteral("coingecko/sessionKeyKept"), false).toBool(); }
void DashboardSettings::setSessionKeyKept(bool kept) { m_settings->setValue(QStringLiteral("coingecko/sessionKeyKept"), kept); }
QString DashboardSettings::historyRange() const { return m_settings->value(QStringLiteral("history/range"), QStringLiteral("24h")).toString(); }
void DashboardSettings::setHistoryRange(const QString &range) { m_settings->setValue(QStringLiteral("history/range"), range); }

QString DashboardSettings::fileName() const { return m_settings->fileName(); }
void DashboardSettings::sync() { m_settings->sync(); }

} // namespace cvc::ui
