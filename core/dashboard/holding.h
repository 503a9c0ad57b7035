#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QString>

namespace cvc {
struct CryptoValueCalculator;
}

namespace cvc::ui {

// What the dashboard shows of one CVC, read once from the object when it arrives so that
// painting never parses JSON.
struct Holding
{
    enum class State { Pending, Fresh, Stale, Invalid };

    QString key;          // "namespace/name"
    QString name;
    QString namespaceName;
    QString uid;
    QString resourceVersion;
    QString coin;
    double amount = 0;
    bool hasAmount = false;
    QString amountText;   // as kubectl prints the number: 0.0023
    double price = 0;
    bool hasPrice = false;
    QString valueText;    // the `value` annotation, verbatim ("$94.8106")
    double value = 0;     // the annotation's number, for sorting and totals
    bool hasValue = false;
    double costBasis = 0;      // spec.costBasis, USD paid
    bool hasCostBasis = false;
    double profitLoss = 0;     // status.profitLoss, USD
    bool hasProfitLoss = false;
    QString profitLossPercent; // status.profitLossPercent ("+12.50%"); empty for a cost basis of 0
    QString change;       // status.change
    QString change24h;    // status.change24h
    double change24hPercent = 0;
    bool hasChange24h = false;
    QString priceSource;  // status.priceSource: the id of the source that gave the price ("coingecko")
    QString priceUpdatedText;   // status.priceUpdatedAt, verbatim
    QString updatedText;  // status.lastUpdated, verbatim
    QDateTime updated;    // status.lastUpdated, parsed
    State state = State::Pending;
    QString stateReason;  // from the conditions, for the tooltip
    bool unreadable = false;   // on the server, but nested too deep to read: only its name is known

    // `previous`, the holding the same CVC had before, lets a watch event skip parsing what it
    // did not change (the time, which costs more than the rest of the object together).
    static Holding fromCvc(const cvc::CryptoValueCalculator &cvc, const Holding *previous = nullptr);
    static Holding fromObject(const QJsonObject &object, const Holding *previous = nullptr);
    // A CVC the server has that cannot be read (ObjectCache::unreadable()): shown as invalid, with why.
    static Holding forUnreadable(const QString &key, const QString &reason);
    static QString stateName(State state);   // "fresh", "stale", "invalid", "pending"
    // Every digit of the double, shortest round-trip, no exponent: amounts as kubectl prints them
    // (0.0023), and exact prices for tooltips.
    static QString formatNumber(double number);
    // A USD price as people read one, without the $: cents from 1 up, four significant digits
    // below (0.08925, 0.00001035), the locale's separators (45,061.00 / 45.061,00).
    static QString formatPrice(double price, const QLocale &locale = QLocale());
    // A profit or loss in USD with its sign before the $, to the cent's hundredth as values are:
    // "+$15.0000", "-$5.1894".
    static QString formatProfitLoss(double usd);
    // "-$5.1894 (-5.19%)", or without the percentage when there is none; empty without P&L.
    QString profitLossText() const;
};

} // namespace cvc::ui
