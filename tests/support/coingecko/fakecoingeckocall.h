#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrlQuery>

namespace cvc {

// One request the fake CoinGecko received, with every key redacted, so tests count calls and check
// headers without ever holding a key in a log or a failure message.
struct FakeCoinGeckoCall
{
    QDateTime at;          // UTC, when the request arrived
    QByteArray method;     // "GET"
    QString path;          // below the root: "/simple/price", "/coins/bitcoin/market_chart/range"
    QUrlQuery query;       // x_cg_*_api_key values redacted
    HttpHeaders headers;   // x-cg-*-api-key and Authorization values redacted
    int status = 0;        // what the fake answered

    // The header's value as recorded (redacted for keys); empty if absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

} // namespace cvc
