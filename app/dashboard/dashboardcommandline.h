#pragma once

#include "dashboard/dashboardoptions.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// cvc-dashboard's flags: cvc-operator's connection and loop flags plus --sandbox.
class DashboardCommandLine
{
public:
    cvc::ui::DashboardOptions options;
    bool sandbox = false;
    bool helpShown = false;
    QString helpText;
    QString error;   // non-empty: print and exit 2

    static DashboardCommandLine parse(const QStringList &args,
                                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};
