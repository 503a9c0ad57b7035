#pragma once

#include <QDialog>
#include <QPointer>

#include <chrono>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cvc {
class PriceCallLedger;
}

namespace cvc::ui {

class ApiKeyStore;
class DashboardSettings;
struct DashboardOptions;

// CoinGecko plan, API key and polling interval. The key goes to the keychain through
// ApiKeyStore; with no keychain service the dialog says so and offers to keep the key for this
// session only, and after a restart it says when such a key is gone. A plan that needs a key is
// not saved without one. The budget part shows the plan's monthly calls, the calls counted this
// month (PriceCallLedger) and what the interval costs, and says when the budget governor will
// poll slower than asked.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(DashboardSettings *settings, ApiKeyStore *keys, QWidget *parent = nullptr);

    // What the command line fixed: --interval (shown, not editable here) and --coingecko-url
    // (whether the plan's real host, with its cache time, is the one called).
    void setOptions(const DashboardOptions &options);
    // The ledger this window counts its calls in; nullptr when it makes none (not the writer).
    void setCallLedger(const cvc::PriceCallLedger *ledger);

    // Reads the saved choices and whether a key is stored.
    void load();
    // Opens at the API key field, with the Demo plan chosen when the public one was, and says
    // where a free Demo key comes from.
    void openAtKeyField();

    QString budgetText() const;
    QString budgetWarning() const;
    QString keyStatus() const;
    QString keyError() const;

Q_SIGNALS:
    // Plan, interval or key changed: the loop restarts with them.
    void settingsChanged();

private:
    void save();
    void storeChoices();
    void finishSave();
    void updateBudget();
    void setKeyStatus(const QString &text, bool problem);
    void setKeyError(const QString &text);
    std::chrono::milliseconds askedInterval() const;

    DashboardSettings *m_settings;
    ApiKeyStore *m_keys;
    QPointer<const cvc::PriceCallLedger> m_ledger;
    QString m_rootOverride;
    std::chrono::milliseconds m_intervalOverride{0};
    QComboBox *m_plan;
    QLineEdit *m_key;
    QLabel *m_keyError;
    QLabel *m_keyHelp;
    QLabel *m_keyStatus;
    QPushButton *m_sessionOnly;
    QPushButton *m_forget;
    QSpinBox *m_interval;
    QLabel *m_budget;
    QLabel *m_warning;
    QPushButton *m_saveButton;
    bool m_keyEdited = false;
    bool m_keyLoaded = false;   // load() has heard from the stores
    bool m_hasKey = false;      // a key is stored (keychain or session)
};

} // namespace cvc::ui
