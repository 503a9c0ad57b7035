#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

class QSettings;

namespace cvc::ui {

// The choices the dashboard remembers between runs, in QSettings. Never secrets: the API key
// lives in a SecretStore.
class DashboardSettings
{
public:
    // Uses QSettings with the application's organisation and name unless a file is given.
    explicit DashboardSettings(const QString &fileName = QString());
    ~DashboardSettings();
    DashboardSettings(const DashboardSettings &) = delete;
    DashboardSettings &operator=(const DashboardSettings &) = delete;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray tableHeaderState() const;
    void setTableHeaderState(const QByteArray &state);

    QString lastContext() const;
    void setLastContext(const QString &context);
    // nullopt: never chosen; "" means all namespaces.
    std::optional<QString> lastNamespace() const;
    void setLastNamespace(const QString &namespaceName);

    QString coinGeckoPlan() const;              // "public", "demo", "pro"
    void setCoinGeckoPlan(const QString &plan);
    int intervalSeconds() const;                // 0: the plan's default
    void setIntervalSeconds(int seconds);
    // The user kept the API key for a session only (no keychain): it is gone after a restart,
    // and this remembers to say so. Never the key itself.
    bool sessionKeyKept() const;
    void setSessionKeyKept(bool kept);
    QString historyRange() const;               // "1h", "24h", …
    void setHistoryRange(const QString &range);

    QString fileName() const;
    void sync();

private:
    QSettings *m_settings;
};

} // namespace cvc::ui
