#include "applicationidentity.h"

#include "util/version.h"

#include <QApplication>
#include <QIcon>
#include <QStandardPaths>

namespace ApplicationIdentity {

namespace {

// The PNGs of resources/cvc-dashboard.qrc; an installed icon theme's copy wins.
QIcon bundledIcon()
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1x%1/cvc-dashboard.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

void apply()
{
    // The binary's name, and the .desktop file's and the icon's (resources/).
    const QString name = QStringLiteral("cvc-dashboard");
    QCoreApplication::setOrganizationName(name);
    QCoreApplication::setOrganizationDomain(QStringLiteral("crypto.tools"));
    QCoreApplication::setApplicationName(name);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(cvc::version));
    // Wayland and the X11 WM_CLASS find the launcher, and with it the icon, by this name.
    QGuiApplication::setDesktopFileName(name);
    QApplication::setWindowIcon(QIcon::fromTheme(name, bundledIcon()));
}

QString dataDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
           + QCoreApplication::applicationName();
}

} // namespace ApplicationIdentity
