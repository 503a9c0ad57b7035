#pragma once

#include <QString>

// Settings written before the dashboard set an organisation name went to
// <config>/Unknown Organization/cvc-dashboard.conf, QSettings' stand-in name. This moves them once
// to the file QSettings uses now, without losing a key and without overwriting newer settings.
class SettingsMigration
{
public:
    // Where QSettings put them without an organisation name (after ApplicationIdentity::apply()).
    static QString legacyPath();
    // Where QSettings puts them now.
    static QString currentPath();

    // from → to. Only `from`: it is moved. Both: `to` keeps every key it has and gains the ones
    // only `from` has; `from` is renamed to `from`.migrated so it is merged once and kept. Returns
    // what was done, for the log ("" when there was nothing to migrate); *error says what failed.
    static QString migrate(const QString &from, const QString &to, QString *error);
    // migrate(legacyPath(), currentPath(), error): what main() runs at every start.
    static QString migrateLegacy(QString *error);
};
