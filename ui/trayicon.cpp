#include "trayicon.h"

#include "dashboard/portfolio.h"

#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace cvc::ui {

namespace {

QIcon coinIcon()
{
    // Drawn, so the tray needs no image plugin or resource file.
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(QColor(0xf2, 0xa9, 0x00));
    painter.setPen(QPen(QColor(0x8a, 0x5a, 0x00), 4));
    painter.drawEllipse(4, 4, 56, 56);
    painter.setPen(QColor(0x40, 0x28, 0x00));
    QFont font = painter.font();
    font.setPixelSize(36);
    font.setBold(true);
    painter.setFont(font);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, QStringLiteral("$"));
    return QIcon(pixmap);
}

} // namespace

TrayIcon::TrayIcon(Portfolio *portfolio, QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_portfolio(portfolio)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(coinIcon(), this);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            Q_EMIT activated();
    });
    connect(portfolio, &Portfolio::changed, this, &TrayIcon::refresh);
    refresh();
    m_tray->show();
}

QString TrayIcon::toolTip() const
{
    return m_tray ? m_tray->toolTip() : QString();
}

void TrayIcon::refresh()
{
    if (m_tray)
        m_tray->setToolTip(tr("CVC total %1").arg(Portfolio::formatUsd(m_portfolio->total())));
}

} // namespace cvc::ui
