#include "pricenoticebar.h"

#include "dashboard/pricenotice.h"
#include "dashboard/theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cvc::ui {

PriceNoticeBar::PriceNoticeBar(PriceNotice *notice, QWidget *parent)
    : QFrame(parent)
    , m_notice(notice)
    , m_label(new QLabel(this))
    , m_addKey(new QPushButton(tr("Add a CoinGecko API key…"), this))
{
    setObjectName(QStringLiteral("priceNotice"));
    m_label->setObjectName(QStringLiteral("priceNoticeText"));
    m_addKey->setObjectName(QStringLiteral("addKeyButton"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const Theme theme;
    setStyleSheet(QStringLiteral("#priceNotice { background: %1; } #priceNoticeText { color: %2; }")
                      .arg(theme.color(Theme::Role::ProblemBackground).name(), theme.color(Theme::Role::ProblemText).name()));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_addKey, 0, Qt::AlignVCenter);
    connect(m_addKey, &QPushButton::clicked, this, &PriceNoticeBar::addKeyRequested);
    connect(m_notice, &PriceNotice::changed, this, &PriceNoticeBar::follow);
    follow();
}

QString PriceNoticeBar::text() const
{
    return isHidden() ? QString() : m_label->text();
}

bool PriceNoticeBar::offersKey() const
{
    return !isHidden() && !m_addKey->isHidden();
}

void PriceNoticeBar::follow()
{
    m_label->setText(m_notice->text());
    m_addKey->setVisible(m_notice->offersKey());
    setVisible(!m_notice->text().isEmpty());
}

} // namespace cvc::ui
