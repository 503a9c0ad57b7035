#include "dashboardstatusbar.h"

#include "dashboard/theme.h"
#include "prices/pricefeed.h"
#include "prices/coingeckoplan.h"
#include "prices/pricesource.h"
#include "prices/pricesourcechain.h"

#include <QLabel>
#include <QTimer>
#include <QLocale>

#include <algorithm>

namespace cvc::ui {

namespace {

QString clock(const QDateTime &time)
{
    return time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QLabel *statusLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

DashboardStatusBar::DashboardStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_connection(statusLabel(QStringLiteral("connectionLabel"), this))
    , m_writer(statusLabel(QStringLiteral("writerLabel"), this))
    , m_feedLabel(statusLabel(QStringLiteral("feedLabel"), this))
    , m_attribution(new QLabel(this))
    , m_ageTimer(new QTimer(this))
{
    m_attribution->setObjectName(QStringLiteral("coingeckoAttribution"));
    m_attribution->setText(tr("<a href=\"https://www.coingecko.com/en/api\">Price data by CoinGecko</a>"));
    m_attribution->setTextFormat(Qt::RichText);
    m_attribution->setOpenExternalLinks(true);
    m_attribution->hide();
    m_ageTimer->setInterval(5000);
    connect(m_ageTimer, &QTimer::timeout, this, &DashboardStatusBar::refreshFeed);
    setObjectName(QStringLiteral("statusBar"));
    // Permanent, so a passing message (left) never hides the state of things.
    // Long texts (a reconnect reason, a failing feed) must not widen the window: the labels
    // shrink and their tooltips keep the whole text.
    for (QLabel *label : {m_connection, m_writer, m_feedLabel})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    addPermanentWidget(m_connection, 3);
    addPermanentWidget(m_writer, 2);
    addPermanentWidget(m_feedLabel, 4);
    addPermanentWidget(m_attribution);
    setConnectionState({});
    setWriter(tr("not running"));
    refreshFeed();
}

QString DashboardStatusBar::connectionText(const ConnectionState &state)
{
    switch (state.phase) {
    case ConnectionState::Phase::Idle:
        return tr("Not connected");
    case ConnectionState::Phase::Connecting:
        return tr("Connecting…");
    case ConnectionState::Phase::Live:
        return tr("Live");
    case ConnectionState::Phase::Reconnecting:
        return tr("Reconnecting since %1 (%2); values shown are stale since %3")
            .arg(clock(state.since), state.reason.isEmpty() ? tr("watch ended") : state.reason,
                 state.since.toLocalTime().toString(QStringLiteral("HH:mm")));
    case ConnectionState::Phase::Failed:
        return tr("Failed since %1: %2").arg(clock(state.since),
                                             state.error ? state.error->toString() : state.reason);
    }
    return {};
}

QString DashboardStatusBar::sourcesText(const PriceFeed &feed)
{
    // Source → coins it priced, in the chain's order of first appearance.
    QList<QString> order;
    QHash<QString, QStringList> coins;
    const QuoteMap quotes = feed.quotes();
    for (const Quote &quote : quotes) {
        if (quote.stale || quote.source.isEmpty())
            continue;
        if (!coins.contains(quote.source))
            order.append(quote.source);
        coins[quote.source].append(quote.coin);
    }
    if (order.size() == 1)
        return PriceSource::displayNameOf(order.first());
    const QStringList chain = feed.chain() ? feed.chain()->ids() : QStringList();
    std::sort(order.begin(), order.end(), [&chain](const QString &a, const QString &b) {
        return chain.indexOf(a) != chain.indexOf(b) ? chain.indexOf(a) < chain.indexOf(b) : a < b;
    });
    QStringList parts;
    for (const QString &source : order) {
        QStringList names = coins.value(source);
        names.sort();
        parts << tr("%1 (%2)").arg(PriceSource::displayNameOf(source), names.join(QStringLiteral(", ")));
    }
    return parts.join(QStringLiteral(", "));
}

QString DashboardStatusBar::budgetText(const BudgetGovernor::Decision &d)
{
    const QString plan = CoinGeckoPlan::fromString(d.plan).value_or(CoinGeckoPlan()).name();
    QString text = d.credits > 0 ? tr(" · at this interval: %1 of %2 calls this month (%3 plan)")
                                       .arg(QLocale().toString(d.projected), QLocale().toString(d.credits), plan)
                                 : tr(" · %1 calls this month (%2 plan, no monthly cap)").arg(QLocale().toString(d.used), plan);
    if (d.stretched())
        text += QStringLiteral(" · ") + d.message();
    return text;
}

void DashboardStatusBar::setBudget(const std::optional<BudgetGovernor::Decision> &budget)
{
    m_budget = budget;
    refreshFeed();
}

QString DashboardStatusBar::ageText(const QDateTime &since)
{
    const qint64 seconds = std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc()));
    if (seconds < 120)
        return tr("%1 s").arg(seconds);
    if (seconds < 2 * 3600)
        return tr("%1 min").arg(seconds / 60);
    return tr("%1 h").arg(seconds / 3600);
}

QString DashboardStatusBar::feedText(const PriceFeed *feed)
{
    if (!feed)
        return tr("Prices: as the cluster's status shows them (only the writer fetches prices)");
    QString text;
    switch (feed->state()) {
    case PriceFeed::State::Idle:
        text = tr("Prices: waiting for the first call");
        break;
    case PriceFeed::State::Ok:
        text = tr("Prices: ok");
        if (const QString from = sourcesText(*feed); !from.isEmpty())
            text += QStringLiteral(" · ") + from;
        if (feed->lastSuccessAt().isValid())
            text += tr(" · %1 old").arg(ageText(feed->lastSuccessAt()));
        break;
    case PriceFeed::State::RateLimited:
        text = tr("Prices: rate limited until %1 (%2)").arg(clock(feed->rateLimitedUntil()), feed->reason());
        break;
    case PriceFeed::State::Failing:
        text = tr("Prices stale since %1: %2").arg(feed->failingSince().toLocalTime().toString(QStringLiteral("HH:mm")),
                                                   feed->reason());
        break;
    }
    if (feed->nextCallAt().isValid())
        text += tr(" · next call %1").arg(clock(feed->nextCallAt()));
    return text;
}

void DashboardStatusBar::setConnectionState(const ConnectionState &state)
{
    m_state = state;
    m_connection->setText(m_scopeNote.isEmpty() ? connectionText(state)
                                                : tr("%1; %2").arg(connectionText(state), m_scopeNote));
    m_connection->setToolTip(m_connection->text());
    const bool ok = state.phase == ConnectionState::Phase::Live && m_scopeNote.isEmpty();
    m_connection->setStyleSheet(Theme().textStyle(ok ? Theme::Role::Positive : Theme::Role::Warning));
}

void DashboardStatusBar::setScopeNote(const QString &note)
{
    m_scopeNote = note;
    setConnectionState(m_state);
}

void DashboardStatusBar::setWriter(const QString &text)
{
    m_writer->setText(tr("Values written by: %1").arg(text));
    m_writer->setToolTip(m_writer->text());
}

void DashboardStatusBar::setFeed(PriceFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed) {
        connect(m_feed, &PriceFeed::stateChanged, this, &DashboardStatusBar::refreshFeed);
        connect(m_feed, &PriceFeed::nextCallChanged, this, &DashboardStatusBar::refreshFeed);
        connect(m_feed, &PriceFeed::quotesUpdated, this, &DashboardStatusBar::refreshFeed);
    }
    refreshFeed();
}

void DashboardStatusBar::setCoinGeckoAttributed(bool shown)
{
    m_attribution->setVisible(shown);
}

bool DashboardStatusBar::isCoinGeckoAttributed() const
{
    return !m_attribution->isHidden();
}

void DashboardStatusBar::refreshFeed()
{
    // Only while there is an age to show: an idle window without a feed wakes for nothing.
    if (m_feed && !m_ageTimer->isActive())
        m_ageTimer->start();
    else if (!m_feed)
        m_ageTimer->stop();
    QString text = feedText(m_feed);
    if (m_feed && m_budget)
        text += budgetText(*m_budget);
    m_feedLabel->setText(text);
    m_feedLabel->setToolTip(m_feedLabel->text());
}

QString DashboardStatusBar::connectionText() const { return m_connection->text(); }
QString DashboardStatusBar::writerText() const { return m_writer->text(); }
QString DashboardStatusBar::feedText() const { return m_feedLabel->text(); }

} // namespace cvc::ui
