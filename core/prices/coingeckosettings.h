#pragma once

#include "coingeckoplan.h"

#include <QByteArray>
#include <QString>

#include <chrono>

namespace cvc {

// How to reach CoinGecko: filled from --coingecko-plan, --coingecko-url, --api-key-file (or the
// keychain in the dashboard) and handed to CoinGeckoClient.
struct CoinGeckoSettings
{
    CoinGeckoPlan plan;
    QString rootOverride;   // --coingecko-url; empty → CVC_COINGECKO_URL → the plan's root
    QByteArray apiKey;      // sent in the plan's header; required for Demo and Pro
    std::chrono::milliseconds requestTimeout{15000};
    // Where PriceCallLedger keeps its file, so that a restart keeps the month's count and the
    // budget governor its footing (the dashboard's data folder); empty = memory only.
    QString ledgerDirectory;
    // --coingecko-credits: the monthly call credits of the account when they are not the plan's
    // (a larger paid tier); 0 = CoinGeckoPlan::monthlyBudget(). The budget governor keeps to them.
    qint64 monthlyCredits = 0;
};

} // namespace cvc
