#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

namespace cvc {
class CoinGeckoResult;
class PriceFeed;
}

namespace cvc::ui {

// What the main window says, in plain words, when this window should price CVCs and has no price
// at all: every source failed (and why, CoinGecko's keyless API refusing calls above all), or the
// CoinGecko plan needs an API key that is not there (never entered, or kept for a session that
// ended). The status bar has the details; this is the sentence a newcomer reads first, with the
// offer to add a free Demo key when a key is what would help.
class PriceNotice : public QObject
{
    Q_OBJECT
public:
    explicit PriceNotice(QObject *parent = nullptr);

    // The feed this window prices with; nullptr when it does not fetch prices (not the writer),
    // which says nothing: another writer's prices are the cluster's business.
    void setFeed(cvc::PriceFeed *feed);
    // The loop could not start because plan (its name) needs a key and there is none; "" clears.
    // sessionKeyLost: the last key was kept for a session only and is gone since a restart.
    void setMissingKey(const QString &plan, bool sessionKeyLost);

    // "" while prices come (from any source) or before the first answer.
    QString text() const { return m_text; }
    // A CoinGecko key would help: the window offers to add one.
    bool offersKey() const { return m_offersKey; }

Q_SIGNALS:
    void changed();

private:
    void onCoinGeckoCall(const cvc::CoinGeckoResult &result);
    void update();
    QString outageText(bool *offerKey) const;

    QPointer<cvc::PriceFeed> m_feed;
    QString m_missingKeyPlan;
    bool m_sessionKeyLost = false;
    // The latest answer of CoinGecko's keyless API that refused us for want of a key or of calls
    // (429, 401, 403); "" once it answers again.
    QString m_keylessRefusal;
    QString m_text;
    bool m_offersKey = false;
};

} // namespace cvc::ui
