#include "dashboard/pricenotice.h"

#include "prices/coingeckoclient.h"
#include "prices/coingeckoresult.h"
#include "prices/pricefeed.h"
#include "prices/pricesource.h"

#include <algorithm>

namespace cvc::ui {

PriceNotice::PriceNotice(QObject *parent)
    : QObject(parent)
{
}

void PriceNotice::setFeed(PriceFeed *feed)
{
    if (feed == m_feed)
        return;
    if (m_feed) {
        disconnect(m_feed, nullptr, this, nullptr);
        if (m_feed->client())
            disconnect(m_feed->client(), nullptr, this, nullptr);
    }
    m_feed = feed;
    m_keylessRefusal.clear();
    if (m_feed) {
        connect(m_feed, &PriceFeed::stateChanged, this, &PriceNotice::update);
        connect(m_feed, &PriceFeed::quotesUpdated, this, &PriceNotice::update);
        // The feed's reasons are written for logs; the kind of refusal comes from CoinGecko's answer.
        if (m_feed->client())
            connect(m_feed->client(), &CoinGeckoClient::callFinished, this, &PriceNotice::onCoinGeckoCall);
    }
    update();
}

void PriceNotice::setMissingKey(const QString &plan, bool sessionKeyLost)
{
    m_missingKeyPlan = plan;
    m_sessionKeyLost = sessionKeyLost;
    update();
}

void PriceNotice::onCoinGeckoCall(const CoinGeckoResult &result)
{
    const CoinGeckoClient *client = m_feed ? m_feed->client() : nullptr;
    QString refusal;
    if (client && !client->hasKey()) {
        // CoinGecko's documented answers to keyless callers it will not serve: 429 (the shared
        // per-address limit) and 401/403 or error 10002 (a key is required).
        if (result.kind() == CoinGeckoResult::Kind::RateLimited) {
            refusal = tr("CoinGecko's free public API is refusing calls from this address because too many "
                         "were made (HTTP 429)");
        } else if (result.kind() == CoinGeckoResult::Kind::ClientError
                   && (result.httpStatus() == 401 || result.httpStatus() == 403 || result.errorCode() == 10002)) {
            refusal = tr("CoinGecko's public API refused to answer without an API key (HTTP %1)").arg(result.httpStatus());
        }
    }
    if (refusal == m_keylessRefusal)
        return;
    m_keylessRefusal = refusal;
    update();
}

QString PriceNotice::outageText(bool *offerKey) const
{
    *offerKey = false;
    if (!m_feed || (m_feed->state() != PriceFeed::State::RateLimited && m_feed->state() != PriceFeed::State::Failing))
        return {};
    // A fallback source pricing even one coin is a working feed: the status bar names it.
    const QuoteMap quotes = m_feed->quotes();
    if (std::any_of(quotes.cbegin(), quotes.cend(), [](const Quote &q) { return !q.stale; }))
        return {};
    QStringList others;
    if (const PriceSourceChain *chain = m_feed->chain()) {
        for (const QString &id : chain->ids()) {
            if (id != QLatin1String("coingecko"))
                others.append(PriceSource::displayNameOf(id));
        }
    }
    const QString fallbacks = others.isEmpty() ? tr("there is no other price source to ask")
                                               : tr("no other price source answered (%1)").arg(others.join(tr(", ")));
    if (!m_keylessRefusal.isEmpty()) {
        *offerKey = true;
        return tr("No prices: %1, and %2. Values stay as they were until a source answers again. "
                  "A free CoinGecko Demo key gives this dashboard 10,000 calls a month of its own.")
            .arg(m_keylessRefusal, fallbacks);
    }
    return tr("No prices: no price source answered. Values stay as they were; the dashboard keeps trying. "
              "Why: %1").arg(m_feed->reason());
}

void PriceNotice::update()
{
    QString text;
    bool offerKey = false;
    if (!m_missingKeyPlan.isEmpty()) {
        offerKey = true;
        text = m_sessionKeyLost
            ? tr("No prices: the CoinGecko %1 plan needs an API key, and the key was kept for the last session "
                 "only, which ended when the dashboard closed. Enter the key again in Settings, or choose the "
                 "public plan, which needs none.").arg(m_missingKeyPlan)
            : tr("No prices: the CoinGecko %1 plan needs an API key and none is stored. Enter the key in "
                 "Settings, or choose the public plan, which needs none.").arg(m_missingKeyPlan);
    } else {
        text = outageText(&offerKey);
    }
    if (text == m_text && offerKey == m_offersKey)
        return;
    m_text = text;
    m_offersKey = offerKey;
    Q_EMIT changed();
}

} // namespace cvc::ui
