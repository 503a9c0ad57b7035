#include "settingsdialog.h"

#include "dashboard/apikeystore.h"
#include "dashboard/dashboardoptions.h"
#include "dashboard/dashboardsettings.h"
#include "dashboard/theme.h"
#include "dialoglayout.h"
#include "prices/budgetgovernor.h"
#include "prices/coingeckoplan.h"
#include "prices/pricecallledger.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cvc::ui {

namespace {

// CoinGecko's page for a free Demo key (sign up, then "Add new key" in the developer dashboard).
constexpr auto demoKeyUrl = "https://www.coingecko.com/en/api/pricing";

CoinGeckoPlan planOf(const QComboBox *combo)
{
    return CoinGeckoPlan::fromString(combo->currentText()).value_or(CoinGeckoPlan());
}

QString calls(qint64 n)
{
    return QLocale().toString(n);
}

QString seconds(std::chrono::milliseconds d)
{
    return QObject::tr("%1 s").arg(QLocale().toString((d.count() + 999) / 1000));
}

} // namespace

SettingsDialog::SettingsDialog(DashboardSettings *settings, ApiKeyStore *keys, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_keys(keys)
    , m_plan(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_keyError(new QLabel(this))
    , m_keyHelp(new QLabel(this))
    , m_keyStatus(new QLabel(this))
    , m_sessionOnly(new QPushButton(tr("Keep the key for this session only"), this))
    , m_forget(new QPushButton(tr("Forget the stored key"), this))
    , m_interval(new QSpinBox(this))
    , m_budget(new QLabel(this))
    , m_warning(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_plan->setObjectName(QStringLiteral("planCombo"));
    m_key->setObjectName(QStringLiteral("apiKeyEdit"));
    m_keyError->setObjectName(QStringLiteral("keyErrorLabel"));
    m_keyHelp->setObjectName(QStringLiteral("keyHelpLabel"));
    m_keyStatus->setObjectName(QStringLiteral("keyStatusLabel"));
    m_sessionOnly->setObjectName(QStringLiteral("sessionOnlyButton"));
    m_forget->setObjectName(QStringLiteral("forgetKeyButton"));
    m_interval->setObjectName(QStringLiteral("intervalSpin"));
    m_budget->setObjectName(QStringLiteral("budgetLabel"));
    m_warning->setObjectName(QStringLiteral("budgetWarningLabel"));

    for (auto kind : {CoinGeckoPlan::Kind::Public, CoinGeckoPlan::Kind::Demo, CoinGeckoPlan::Kind::Pro})
        m_plan->addItem(CoinGeckoPlan(kind).name());
    m_key->setEchoMode(QLineEdit::Password);
    for (QLabel *label : {m_keyError, m_keyHelp, m_keyStatus, m_budget, m_warning})
        label->setWordWrap(true);
    m_keyError->setStyleSheet(Theme().textStyle(Theme::Role::Negative));
    m_keyError->hide();
    m_keyHelp->setText(tr("The public plan needs no key but shares CoinGecko's small per-address limit with everyone. "
                          "A Demo key is free: create one at <a href=\"%1\">coingecko.com/en/api/pricing</a> "
                          "(sign up, then \"Add new key\"), choose the demo plan and paste it here.")
                           .arg(QString::fromLatin1(demoKeyUrl)));
    m_keyHelp->setTextFormat(Qt::RichText);
    m_keyHelp->setOpenExternalLinks(true);
    m_keyHelp->hide();
    m_warning->setStyleSheet(Theme().textStyle(Theme::Role::Warning));
    m_sessionOnly->hide();
    m_interval->setRange(0, 24 * 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("plan default"));

    auto *form = new QFormLayout;
    form->addRow(tr("CoinGecko &plan:"), m_plan);
    form->addRow(tr("API &key:"), m_key);
    form->addRow(QString(), m_keyError);
    form->addRow(QString(), m_keyHelp);
    form->addRow(QString(), m_keyStatus);
    form->addRow(QString(), m_sessionOnly);
    form->addRow(QString(), m_forget);
    form->addRow(tr("&Interval:"), m_interval);
    form->addRow(tr("Budget:"), m_budget);
    form->addRow(QString(), m_warning);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveSettingsButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(520);

    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_plan, &QComboBox::currentTextChanged, this, [this] {
        setKeyError(QString());
        updateBudget();
    });
    connect(m_interval, &QSpinBox::valueChanged, this, &SettingsDialog::updateBudget);
    connect(m_key, &QLineEdit::textEdited, this, [this] {
        m_keyEdited = true;
        setKeyError(QString());
        updateBudget();   // a new key is a new account in the ledger
    });
    connect(m_sessionOnly, &QPushButton::clicked, this, [this] {
        m_keys->keepForSession(m_key->text().trimmed().toUtf8(), [this](const SecretStore::Result &) {
            m_key->clear();
            m_keyEdited = false;
            m_hasKey = true;
            setKeyStatus(tr("The key is kept in memory for this session only; it is gone when the dashboard closes."),
                         false);
            m_sessionOnly->hide();
            storeChoices();
            finishSave();
        });
    });
    connect(m_forget, &QPushButton::clicked, this, [this] {
        m_keys->forget([this](const SecretStore::Result &result) {
            if (result.status == SecretStore::Status::Ok || result.status == SecretStore::Status::NotFound) {
                m_hasKey = false;
                m_forget->setEnabled(false);
                setKeyStatus(tr("No key stored."), false);
            } else {
                setKeyStatus(tr("Could not remove the key from %1: %2").arg(m_keys->keychain()->description(), result.message), true);
            }
            updateBudget();
            Q_EMIT settingsChanged();
        });
    });
}

void SettingsDialog::setOptions(const DashboardOptions &options)
{
    m_rootOverride = options.coingeckoUrl;
    m_intervalOverride = options.interval;
    // The command line wins over the saved interval; showing the saved one would be a lie.
    m_interval->setEnabled(m_intervalOverride.count() <= 0);
    m_interval->setToolTip(m_intervalOverride.count() > 0
                               ? tr("Set to %1 when the dashboard was started (--interval); saved intervals apply without it.")
                                     .arg(seconds(m_intervalOverride))
                               : QString());
}

void SettingsDialog::setCallLedger(const PriceCallLedger *ledger)
{
    if (m_ledger)
        disconnect(m_ledger, nullptr, this, nullptr);
    m_ledger = ledger;
    if (m_ledger)
        connect(m_ledger, &PriceCallLedger::countChanged, this, &SettingsDialog::updateBudget);
    updateBudget();
}

void SettingsDialog::load()
{
    m_plan->setCurrentText(m_settings->coinGeckoPlan());
    m_interval->setValue(m_intervalOverride.count() > 0 ? int((m_intervalOverride.count() + 999) / 1000)
                                                        : m_settings->intervalSeconds());
    m_key->clear();
    m_keyEdited = false;
    m_keyLoaded = false;
    m_hasKey = false;
    m_sessionOnly->hide();
    m_keyHelp->hide();
    m_forget->setEnabled(false);
    setKeyError(QString());
    setKeyStatus(tr("Checking the keychain…"), false);
    m_keys->load([this](const QByteArray &key, const SecretStore::Result &result) {
        m_keyLoaded = true;
        m_hasKey = !key.isEmpty();
        m_forget->setEnabled(m_hasKey);
        m_key->setPlaceholderText(m_hasKey ? tr("unchanged") : tr("none"));
        if (m_hasKey)
            setKeyStatus(m_keys->isSessionOnly() ? tr("A key is kept for this session only.")
                                                 : tr("A key is stored in %1.").arg(m_keys->keychain()->description()),
                         false);
        else if (m_keys->sessionKeyLost())
            setKeyStatus(tr("The key you kept for the last session only was forgotten when the dashboard closed "
                            "(without a keychain it is never written to disk). Enter it again to use the demo or pro plan."),
                         true);
        else if (result.status == SecretStore::Status::Unavailable)
            setKeyStatus(tr("No keychain service is running, so a key can only be kept for this session."), true);
        else
            setKeyStatus(tr("No key stored."), false);
        updateBudget();
    });
    updateBudget();
}

void SettingsDialog::openAtKeyField()
{
    load();
    if (planOf(m_plan).kind() == CoinGeckoPlan::Kind::Public)
        m_plan->setCurrentText(CoinGeckoPlan(CoinGeckoPlan::Kind::Demo).name());
    m_keyHelp->show();
    open();
    growToFitHeight(this);
    m_key->setFocus(Qt::OtherFocusReason);
}

void SettingsDialog::setKeyStatus(const QString &text, bool problem)
{
    m_keyStatus->setText(text);
    m_keyStatus->setStyleSheet(problem ? Theme().textStyle(Theme::Role::Negative) : QString());
    growToFitHeight(this);
}

void SettingsDialog::setKeyError(const QString &text)
{
    m_keyError->setText(text);
    m_keyError->setVisible(!text.isEmpty());
    growToFitHeight(this);
}

QString SettingsDialog::keyStatus() const
{
    return m_keyStatus->text();
}

QString SettingsDialog::keyError() const
{
    return m_keyError->isHidden() ? QString() : m_keyError->text();
}

QString SettingsDialog::budgetText() const
{
    return m_budget->text();
}

QString SettingsDialog::budgetWarning() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

std::chrono::milliseconds SettingsDialog::askedInterval() const
{
    if (m_interval->value() > 0)
        return std::chrono::seconds(m_interval->value());
    return planOf(m_plan).defaultInterval();
}

void SettingsDialog::updateBudget()
{
    const CoinGeckoPlan plan = planOf(m_plan);
    m_interval->setSpecialValueText(tr("plan default (%1)").arg(seconds(plan.defaultInterval())));
    const std::chrono::milliseconds asked = askedInterval();
    // The account the calls are counted for: the plan with the key typed here, else the stored one.
    const QString typed = m_key->text().trimmed();
    const QString fingerprint = m_keyEdited && !typed.isEmpty() ? PriceCallLedger::keyFingerprint(typed.toUtf8())
                                                                 : m_keys->keyFingerprint();
    const qint64 used = m_ledger ? m_ledger->callsThisMonth(PriceCallLedger::accountOf(plan, fingerprint)) : 0;
    const BudgetGovernor governor(plan, plan.isPlanHost(plan.effectiveRoot(m_rootOverride)));
    const BudgetGovernor::Decision d = governor.decide(asked, used);

    const QString usedText = m_ledger ? tr("%1 used this month.").arg(calls(used))
                                      : tr("Calls used this month are counted by the window that fetches prices, not this one.");
    const QString cost = tr("Polling every %1 costs about %2 calls a month.")
                             .arg(seconds(asked), calls(CoinGeckoPlan::callsPerMonth(asked)));
    if (d.credits > 0)
        m_budget->setText(tr("The %1 plan grants %2 calls a month; %3 %4").arg(plan.name(), calls(d.credits), usedText, cost));
    else
        m_budget->setText(tr("The public plan has no monthly allowance, only a limit of about %1 calls a minute per "
                             "address, shared with everyone calling from it. %2 %3")
                              .arg(plan.perMinuteLimit()).arg(usedText, cost));

    QString warning;
    if (d.why == BudgetGovernor::Why::Budget) {
        warning = tr("At that interval this month would need about %1 calls, more than the %2 the %3 plan leaves for "
                     "prices (%4 of its %5 are kept for history). The dashboard will poll every %6 instead, so the "
                     "calls last until the month ends.")
                      .arg(calls(d.projectedAtAsked), calls(d.allowance), plan.name(), calls(d.credits - d.allowance),
                           calls(d.credits), seconds(d.effective));
    } else if (d.why == BudgetGovernor::Why::CacheTime) {
        warning = tr("CoinGecko refreshes %1-plan prices only every %2, so the dashboard polls every %2.")
                      .arg(plan.name(), seconds(d.effective));
    } else if (60000.0 / double(std::max<qint64>(1, asked.count())) > plan.perMinuteLimit()) {
        const qint64 slowest = (60 + plan.perMinuteLimit() - 1) / plan.perMinuteLimit();
        warning = tr("Every %1 is more than the %2 plan's limit of %3 calls a minute: CoinGecko will refuse some "
                     "calls (HTTP 429). Choose %4 or slower.")
                      .arg(seconds(asked), plan.name()).arg(plan.perMinuteLimit()).arg(seconds(std::chrono::seconds(slowest)));
    }
    m_warning->setText(warning);
    m_warning->setVisible(!warning.isEmpty());
    growToFitHeight(this);
}

void SettingsDialog::save()
{
    const CoinGeckoPlan plan = planOf(m_plan);
    const QByteArray typed = m_key->text().trimmed().toUtf8();
    const bool newKey = m_keyEdited && !typed.isEmpty();
    // Saving a plan that needs a key without one would stop every value in silence.
    if (plan.requiresKey() && !newKey && m_keyLoaded && !m_hasKey) {
        setKeyError(tr("The %1 plan needs an API key: paste it here, or choose the public plan, which needs none.")
                        .arg(plan.name()));
        m_keyHelp->show();
        growToFitHeight(this);
        m_key->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (!newKey) {
        storeChoices();
        finishSave();
        return;
    }
    m_saveButton->setEnabled(false);
    m_keys->save(typed, [this](const SecretStore::Result &result) {
        m_saveButton->setEnabled(true);
        switch (result.status) {
        case SecretStore::Status::Ok:
            m_key->clear();
            m_keyEdited = false;
            m_hasKey = true;
            m_forget->setEnabled(true);
            setKeyStatus(tr("A key is stored in %1.").arg(m_keys->keychain()->description()), false);
            storeChoices();
            finishSave();
            return;
        case SecretStore::Status::Unavailable:
            // Never fall back to a file: say so and let the user choose. The plan waits for the key.
            setKeyStatus(tr("No keychain service is running, so the key was not stored. You can keep it for "
                            "this session only; it is never written to disk in clear."), true);
            m_sessionOnly->show();
            growToFitHeight(this);
            return;
        default:
            setKeyStatus(tr("The keychain refused the key: %1").arg(result.message), true);
            return;
        }
    });
}

void SettingsDialog::storeChoices()
{
    m_settings->setCoinGeckoPlan(m_plan->currentText());
    if (m_intervalOverride.count() <= 0)
        m_settings->setIntervalSeconds(m_interval->value());
    m_settings->sync();
}

void SettingsDialog::finishSave()
{
    Q_EMIT settingsChanged();
    accept();
}

} // namespace cvc::ui
