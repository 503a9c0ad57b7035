#include "settingsmigration.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

QString SettingsMigration::legacyPath()
{
    // What QSettings' constructor picks for an empty organisation, on every Unix desktop.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/Unknown Organization/") + QCoreApplication::applicationName() + QStringLiteral(".conf");
}

QString SettingsMigration::currentPath()
{
    return QSettings().fileName();
}

QString SettingsMigration::migrate(const QString &from, const QString &to, QString *error)
{
    if (!QFileInfo::exists(from) || QFileInfo(from) == QFileInfo(to))
        return QString();
    const QString legacyFolder = QFileInfo(from).absolutePath();
    QString done;
    if (!QFileInfo::exists(to)) {
        if (!QDir().mkpath(QFileInfo(to).absolutePath()) || !QFile::rename(from, to)) {
            *error = QCoreApplication::translate("SettingsMigration", "Cannot move the settings from %1 to %2.").arg(from, to);
            return QString();
        }
        done = QCoreApplication::translate("SettingsMigration", "Settings moved from %1 to %2.").arg(from, to);
    } else {
        // Both exist: an older version ran after this one. The newer file wins key by key.
        const QSettings legacy(from, QSettings::IniFormat);
        QSettings current(to, QSettings::IniFormat);
        QStringList added;
        for (const QString &key : legacy.allKeys()) {
            if (!current.contains(key)) {
                current.setValue(key, legacy.value(key));
                added << key;
            }
        }
        current.sync();
        if (current.status() != QSettings::NoError) {
            *error = QCoreApplication::translate("SettingsMigration", "Cannot write the settings file %1.").arg(to);
            return QString();
        }
        // Kept, not deleted: values the newer file overrode stay readable there.
        const QString kept = from + QStringLiteral(".migrated");
        if (!QFile::rename(from, kept)) {
            *error = QCoreApplication::translate("SettingsMigration", "Cannot rename %1 to %2 after merging it.").arg(from, kept);
            return QString();
        }
        done = QCoreApplication::translate("SettingsMigration", "Settings merged from %1 into %2 (taken from the old file: %3); "
                                                                "the old file is kept as %4.")
                   .arg(from, to, added.isEmpty() ? QStringLiteral("nothing") : added.join(QStringLiteral(", ")), kept);
    }
    QDir().rmdir(legacyFolder);   // only when empty: other Qt programs without an organisation share it
    return done;
}

QString SettingsMigration::migrateLegacy(QString *error)
{
    return migrate(legacyPath(), currentPath(), error);
}
