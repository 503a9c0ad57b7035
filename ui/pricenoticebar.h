#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace cvc::ui {

class PriceNotice;

// The main window's strip above the table that says, in plain words, why there are no prices
// (PriceNotice) and offers the way out: a button that opens Settings at the API key field.
// Hidden while prices come.
class PriceNoticeBar : public QFrame
{
    Q_OBJECT
public:
    explicit PriceNoticeBar(PriceNotice *notice, QWidget *parent = nullptr);

    QString text() const;
    bool offersKey() const;

Q_SIGNALS:
    // The user wants to add a CoinGecko API key.
    void addKeyRequested();

private:
    void follow();

    PriceNotice *m_notice;
    QLabel *m_label;
    QPushButton *m_addKey;
};

} // namespace cvc::ui
