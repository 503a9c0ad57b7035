#pragma once

#include <QString>

// Who cvc-dashboard is to Qt and to the desktop, and where it keeps its files. main() applies it
// before anything reads settings or paths; the tests apply the same.
namespace ApplicationIdentity {

// Organisation and application name (so QSettings writes ~/.config/cvc-dashboard/cvc-dashboard.conf,
// not under "Unknown Organization"), version, the .desktop file it belongs to, the window icon.
void apply();

// $XDG_DATA_HOME/cvc-dashboard (~/.local/share/cvc-dashboard): the history, the price call ledger
// and the sandbox's state, where they were before the organisation name existed and where
// scripts/run.sh and the README look. Not QStandardPaths::AppDataLocation, which now inserts the
// organisation (…/cvc-dashboard/cvc-dashboard).
QString dataDirectory();

} // namespace ApplicationIdentity
