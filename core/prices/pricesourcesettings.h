#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

class QObject;

namespace cvc {

class CoinGeckoClient;
class PriceSourceChain;

// Which price sources to ask, in which order, and where the keyless ones live: filled from
// --price-sources, --defillama-url and --coinbase-url (CoinGecko's own root and key stay in
// CoinGeckoSettings) and turned into a PriceSourceChain.
struct PriceSourceSettings
{
    QStringList order = defaultOrder();
    // Root overrides by source id ("defillama" → "http://127.0.0.1:P/defillama"); empty or absent
    // → CVC_DEFILLAMA_URL / CVC_COINBASE_URL → the source's public root.
    QHash<QString, QString> roots;
    std::chrono::milliseconds requestTimeout{15000};

    // CoinGecko, then every keyless source, so the default works without a key.
    static QStringList defaultOrder();
    // "coingecko,defillama,coinbase": known ids, no repeats, at least one. nullopt and *error
    // (naming the bad id and the known ones) otherwise.
    static std::optional<QStringList> parseOrder(const QString &text, QString *error);
    // The root a keyless source is called on, after the override and its environment variable.
    QString effectiveRoot(const QString &id) const;

    // The chain in order; "coingecko" is the given client (shared with history, not owned).
    PriceSourceChain *createChain(CoinGeckoClient *coingecko, QObject *parent = nullptr) const;
};

} // namespace cvc
