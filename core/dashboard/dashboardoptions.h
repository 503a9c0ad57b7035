#pragma once

#include "kube/connectionoptions.h"

#include <QString>

#include <chrono>

namespace cvc::ui {

// How the dashboard starts: the same connection and loop flags as cvc-operator. Empty or zero
// fields fall back to the saved choices, then to the kubeconfig's defaults.
struct DashboardOptions
{
    cvc::ConnectionOptions connection;       // --kubeconfig, --context, --namespace
    QString coingeckoUrl;                    // --coingecko-url
    QString coingeckoPlan;                   // --coingecko-plan; "" = saved choice
    std::chrono::milliseconds interval{0};   // --interval; 0 = saved choice, then the plan's default
    bool leaderElection = true;              // --no-leader-election turns it off
    bool runLoop = true;                     // value CVCs while open (tests may turn it off)
    bool verbose = false;                    // -v
    QString sandboxKubeconfig;               // --sandbox: shown so kubectl can be used beside the app
    QString historyPath;                     // "" = HistoryStore::defaultPath()
    QString settingsFile;                    // "" = the application's QSettings
};

} // namespace cvc::ui
