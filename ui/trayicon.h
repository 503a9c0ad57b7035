#pragma once

#include <QObject>

class QMenu;
class QSystemTrayIcon;

namespace cvc::ui {

class Portfolio;

// The portfolio total in the system tray, where the desktop has one. Without a tray this object
// does nothing at all.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(Portfolio *portfolio, QMenu *menu, QObject *parent = nullptr);

    bool isAvailable() const { return m_tray != nullptr; }
    QString toolTip() const;

Q_SIGNALS:
    void activated();

private:
    void refresh();

    Portfolio *m_portfolio;
    QSystemTrayIcon *m_tray = nullptr;
};

} // namespace cvc::ui
