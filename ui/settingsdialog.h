#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cvc::ui {

class ApiKeyStore;
class DashboardSettings;

// CoinGecko plan, API key and polling interval. The key goes to the keychain through
// ApiKeyStore; with no keychain service the dialog says so and offers to keep the key for this
// session only. The interval warns when it would spend more calls than the plan grants.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(DashboardSettings *settings, ApiKeyStore *keys, QWidget *parent = nullptr);

    // Reads the saved choices and whether a key is stored.
    void load();
    QString budgetWarning() const;
    QString keyStatus() const;

Q_SIGNALS:
    // Plan, interval or key changed: the loop restarts with them.
    void settingsChanged();

private:
    void save();
    void finishSave();
    void updateWarning();
    void setKeyStatus(const QString &text, bool problem);

    DashboardSettings *m_settings;
    ApiKeyStore *m_keys;
    QComboBox *m_plan;
    QLineEdit *m_key;
    QLabel *m_keyStatus;
    QPushButton *m_sessionOnly;
    QPushButton *m_forget;
    QSpinBox *m_interval;
    QLabel *m_warning;
    QPushButton *m_saveButton;
    bool m_keyEdited = false;
};

} // namespace cvc::ui
