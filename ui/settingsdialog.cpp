#include "settingsdialog.h"

#include "dashboard/theme.h"
#include "dashboard/apikeystore.h"
#include "prices/coingeckoplan.h"
#include "dashboard/dashboardsettings.h"
#include "dialoglayout.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <chrono>

namespace cvc::ui {

SettingsDialog::SettingsDialog(DashboardSettings *settings, ApiKeyStore *keys, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_keys(keys)
    , m_plan(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_keyStatus(new QLabel(this))
    , m_sessionOnly(new QPushButton(tr("Keep the key for this session only"), this))
    , m_forget(new QPushButton(tr("Forget the stored key"), this))
    , m_interval(new QSpinBox(this))
    , m_warning(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_plan->setObjectName(QStringLiteral("planCombo"));
    m_key->setObjectName(QStringLiteral("apiKeyEdit"));
    m_keyStatus->setObjectName(QStringLiteral("keyStatusLabel"));
    m_sessionOnly->setObjectName(QStringLiteral("sessionOnlyButton"));
    m_forget->setObjectName(QStringLiteral("forgetKeyButton"));
    m_interval->setObjectName(QStringLiteral("intervalSpin"));
    m_warning->setObjectName(QStringLiteral("budgetWarningLabel"));

    for (auto kind : {CoinGeckoPlan::Kind::Public, CoinGeckoPlan::Kind::Demo, CoinGeckoPlan::Kind::Pro})
        m_plan->addItem(CoinGeckoPlan(kind).name());
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("unchanged"));
    m_keyStatus->setWordWrap(true);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(Theme().textStyle(Theme::Role::Warning));
    m_sessionOnly->hide();
    m_interval->setRange(0, 24 * 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("plan default"));

    auto *form = new QFormLayout;
    form->addRow(tr("CoinGecko &plan:"), m_plan);
    form->addRow(tr("API &key:"), m_key);
    form->addRow(QString(), m_keyStatus);
    form->addRow(QString(), m_sessionOnly);
    form->addRow(QString(), m_forget);
    form->addRow(tr("&Interval:"), m_interval);
    form->addRow(QString(), m_warning);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveSettingsButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(480);

    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_plan, &QComboBox::currentTextChanged, this, &SettingsDialog::updateWarning);
    connect(m_interval, &QSpinBox::valueChanged, this, &SettingsDialog::updateWarning);
    connect(m_key, &QLineEdit::textEdited, this, [this] { m_keyEdited = true; });
    connect(m_sessionOnly, &QPushButton::clicked, this, [this] {
        m_keys->keepForSession(m_key->text().toUtf8(), [this](const SecretStore::Result &) {
            m_key->clear();
            m_keyEdited = false;
            setKeyStatus(tr("The key is kept in memory for this session only; it is gone when the dashboard closes."),
                         false);
            m_sessionOnly->hide();
            finishSave();
        });
    });
    connect(m_forget, &QPushButton::clicked, this, [this] {
        m_keys->forget([this](const SecretStore::Result &result) {
            if (result.status == SecretStore::Status::Ok)
                setKeyStatus(tr("No key stored."), false);
            else
                setKeyStatus(tr("Could not remove the key from %1: %2").arg(m_keys->keychain()->description(), result.message), true);
            Q_EMIT settingsChanged();
        });
    });
}

void SettingsDialog::load()
{
    m_plan->setCurrentText(m_settings->coinGeckoPlan());
    m_interval->setValue(m_settings->intervalSeconds());
    m_key->clear();
    m_keyEdited = false;
    m_sessionOnly->hide();
    setKeyStatus(tr("Checking the keychain…"), false);
    m_keys->load([this](const QByteArray &key, const SecretStore::Result &result) {
        if (!key.isEmpty())
            setKeyStatus(m_keys->isSessionOnly() ? tr("A key is kept for this session only.")
                                                 : tr("A key is stored in %1.").arg(m_keys->keychain()->description()),
                         false);
        else if (result.status == SecretStore::Status::Unavailable)
            setKeyStatus(tr("No keychain service is running (%1). A key can only be kept for this session.")
                             .arg(result.message), true);
        else
            setKeyStatus(tr("No key stored."), false);
    });
    updateWarning();
}

void SettingsDialog::setKeyStatus(const QString &text, bool problem)
{
    m_keyStatus->setText(text);
    m_keyStatus->setStyleSheet(problem ? Theme().textStyle(Theme::Role::Negative) : QString());
    growToFitHeight(this);
}

QString SettingsDialog::keyStatus() const
{
    return m_keyStatus->text();
}

QString SettingsDialog::budgetWarning() const
{
    return m_warning->text();
}

void SettingsDialog::updateWarning()
{
    const auto plan = CoinGeckoPlan::fromString(m_plan->currentText()).value_or(CoinGeckoPlan());
    const std::chrono::milliseconds interval = m_interval->value() > 0
                                                   ? std::chrono::milliseconds(m_interval->value() * 1000LL)
                                                   : std::chrono::milliseconds(plan.defaultInterval());
    m_interval->setSpecialValueText(tr("plan default (%1 s)").arg(plan.defaultInterval().count()));
    m_warning->setText(plan.budgetWarning(interval));
    m_warning->setVisible(!m_warning->text().isEmpty());
}

void SettingsDialog::save()
{
    m_settings->setCoinGeckoPlan(m_plan->currentText());
    m_settings->setIntervalSeconds(m_interval->value());
    m_settings->sync();
    if (!m_keyEdited || m_key->text().isEmpty()) {
        finishSave();
        return;
    }
    m_saveButton->setEnabled(false);
    m_keys->save(m_key->text().toUtf8(), [this](const SecretStore::Result &result) {
        m_saveButton->setEnabled(true);
        switch (result.status) {
        case SecretStore::Status::Ok:
            m_key->clear();
            m_keyEdited = false;
            setKeyStatus(tr("A key is stored in %1.").arg(m_keys->keychain()->description()), false);
            finishSave();
            return;
        case SecretStore::Status::Unavailable:
            // Never fall back to a file: say so and let the user choose.
            setKeyStatus(tr("No keychain service is running, so the key was not stored (%1). You can keep it for "
                            "this session only; it is never written to disk in clear.").arg(result.message), true);
            m_sessionOnly->show();
            growToFitHeight(this);
            return;
        default:
            setKeyStatus(tr("The keychain refused the key: %1").arg(result.message), true);
            return;
        }
    });
}

void SettingsDialog::finishSave()
{
    Q_EMIT settingsChanged();
    accept();
}

} // namespace cvc::ui
