#include "cvcdialog.h"

#include "dashboard/theme.h"
#include "dashboard/holdingsmodel.h"

#include "dashboard/amountvalidator.h"
#include "dashboard/clustersession.h"
#include "dashboard/cvcwriter.h"
#include "dialoglayout.h"
#include "dashboard/holding.h"
#include "dashboard/namevalidation.h"
#include "kube/objectcache.h"
#include "prices/pricefeed.h"
#include "reconcile/valuation.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cvc::ui {

namespace {

QLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(Theme().textStyle(Theme::Role::Negative));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

void showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QString specText(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QCoreApplication::translate("CvcDialog", "(none)");
    if (value.isDouble())
        return Holding::formatNumber(value.toDouble());
    return value.toVariant().toString();
}

QJsonObject specOf(const QJsonObject &object)
{
    return object.value(QLatin1String("spec")).toObject();
}

QString metadataField(const QJsonObject &object, const char *field)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String(field)).toString();
}

} // namespace

CvcDialog::CvcDialog(CvcWriter *writer, QWidget *parent)
    : QDialog(parent)
    , m_writer(writer)
    , m_nameEdit(new QLineEdit(this))
    , m_nameError(errorLabel(QStringLiteral("nameError"), this))
    , m_namespaceCombo(new QComboBox(this))
    , m_namespaceError(errorLabel(QStringLiteral("namespaceError"), this))
    , m_coinCombo(new QComboBox(this))
    , m_coinError(errorLabel(QStringLiteral("coinError"), this))
    , m_amountEdit(new QLineEdit(this))
    , m_amountError(errorLabel(QStringLiteral("amountError"), this))
    , m_costBasisEdit(new QLineEdit(this))
    , m_costBasisError(errorLabel(QStringLiteral("costBasisError"), this))
    , m_preview(new QLabel(this))
    , m_serverError(errorLabel(QStringLiteral("serverError"), this))
    , m_conflictPanel(new QFrame(this))
    , m_conflictText(new QLabel(m_conflictPanel))
    , m_useTheirsButton(new QPushButton(tr("Use the server's values"), m_conflictPanel))
    , m_overwriteButton(new QPushButton(tr("Overwrite with mine"), m_conflictPanel))
    , m_conflictCancelButton(new QPushButton(tr("Cancel my edit"), m_conflictPanel))
    , m_copyButton(new QPushButton(tr("Copy kubectl command"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("cvcDialog"));
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. my-bitcoin"));
    m_namespaceCombo->setObjectName(QStringLiteral("namespaceCombo"));
    m_namespaceCombo->setEditable(true);
    m_coinCombo->setObjectName(QStringLiteral("coinCombo"));
    m_amountEdit->setObjectName(QStringLiteral("amountEdit"));
    m_amountEdit->setValidator(new AmountValidator(m_amountEdit));
    m_amountEdit->setPlaceholderText(tr("e.g. 0.5"));
    m_costBasisEdit->setObjectName(QStringLiteral("costBasisEdit"));
    m_costBasisEdit->setValidator(new AmountValidator(m_costBasisEdit));
    m_costBasisEdit->setPlaceholderText(tr("optional: USD paid, e.g. 20000"));
    m_costBasisEdit->setToolTip(tr("What you paid for the amount held, in USD (spec.costBasis). "
                                   "With it the table shows profit and loss; leave it empty for none."));
    m_preview->setObjectName(QStringLiteral("previewLabel"));
    m_conflictPanel->setObjectName(QStringLiteral("conflictPanel"));
    m_conflictText->setObjectName(QStringLiteral("conflictText"));
    m_useTheirsButton->setObjectName(QStringLiteral("useTheirsButton"));
    m_overwriteButton->setObjectName(QStringLiteral("overwriteButton"));
    m_conflictCancelButton->setObjectName(QStringLiteral("conflictCancelButton"));
    m_copyButton->setObjectName(QStringLiteral("copyCommandButton"));
    m_buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_nameEdit);
    form->addRow(QString(), m_nameError);
    form->addRow(tr("Names&pace:"), m_namespaceCombo);
    form->addRow(QString(), m_namespaceError);
    form->addRow(tr("&Coin:"), m_coinCombo);
    form->addRow(QString(), m_coinError);
    form->addRow(tr("&Amount:"), m_amountEdit);
    form->addRow(QString(), m_amountError);
    form->addRow(tr("C&ost basis:"), m_costBasisEdit);
    form->addRow(QString(), m_costBasisError);
    form->addRow(tr("Value:"), m_preview);

    m_conflictPanel->setFrameShape(QFrame::StyledPanel);
    m_conflictPanel->setStyleSheet(QStringLiteral("QFrame#conflictPanel { background: %1; }")
                                       .arg(Theme().color(Theme::Role::NoticeBackground).name()));
    m_conflictText->setWordWrap(true);
    auto *conflictButtons = new QHBoxLayout;
    conflictButtons->addWidget(m_useTheirsButton);
    conflictButtons->addWidget(m_overwriteButton);
    conflictButtons->addWidget(m_conflictCancelButton);
    auto *conflictLayout = new QVBoxLayout(m_conflictPanel);
    conflictLayout->addWidget(m_conflictText);
    conflictLayout->addLayout(conflictButtons);
    m_conflictPanel->hide();

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_copyButton);
    bottom->addStretch();
    bottom->addWidget(m_buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_serverError);
    layout->addWidget(m_conflictPanel);
    layout->addStretch();
    layout->addLayout(bottom);
    setMinimumWidth(460);

    setCoins(ClusterSession::builtInCoins());

    connect(m_buttons, &QDialogButtonBox::accepted, this, &CvcDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_amountEdit, &QLineEdit::textChanged, this, [this] {
        showError(m_amountError, AmountValidator::problem(m_amountEdit->text()));
        updatePreview();
    });
    connect(m_costBasisEdit, &QLineEdit::textChanged, this, [this] {
        showError(m_costBasisError, costBasisProblem());
        updatePreview();
    });
    connect(m_nameEdit, &QLineEdit::textEdited, this, [this] {
        showError(m_nameError, dns1123SubdomainErrors(m_nameEdit->text()).join(QLatin1Char('\n')));
        fitHeight();
    });
    connect(m_coinCombo, &QComboBox::currentTextChanged, this, &CvcDialog::updatePreview);
    connect(m_useTheirsButton, &QPushButton::clicked, this, &CvcDialog::useTheirs);
    connect(m_overwriteButton, &QPushButton::clicked, this, &CvcDialog::overwrite);
    connect(m_conflictCancelButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_copyButton, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(kubectlCommand()); });
}

void CvcDialog::setCoins(const QStringList &coins)
{
    const QString current = m_coinCombo->currentText();
    m_coinCombo->clear();
    m_coinCombo->addItems(coins);
    if (!current.isEmpty() && coins.contains(current))
        m_coinCombo->setCurrentText(current);
}

void CvcDialog::setNamespaces(const QStringList &namespaces)
{
    const QString current = m_namespaceCombo->currentText();
    m_namespaceCombo->clear();
    m_namespaceCombo->addItems(namespaces);
    m_namespaceCombo->setCurrentText(current);
}

void CvcDialog::setHoldings(const HoldingsModel *holdings)
{
    m_holdings = holdings;
}

void CvcDialog::setFeed(PriceFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &PriceFeed::quotesUpdated, this, &CvcDialog::updatePreview);
    updatePreview();
}

void CvcDialog::setKubectlTarget(const KubectlCommand::Target &target)
{
    m_target = target;
}

void CvcDialog::setCache(ObjectCache *cache)
{
    if (m_cache)
        disconnect(m_cache, nullptr, this, nullptr);
    m_cache = cache;
    if (!m_cache)
        return;
    connect(m_cache, &ObjectCache::objectModified, this, &CvcDialog::onCacheModified);
    connect(m_cache, &ObjectCache::objectAdded, this, &CvcDialog::onCacheModified);
    connect(m_cache, &ObjectCache::objectDeleted, this,
            [this](const QString &key, const QJsonObject &) { onCacheDeleted(key); });
}

void CvcDialog::startCreate(const QString &namespaceName)
{
    m_mode = Mode::Create;
    m_base = {};
    setWindowTitle(tr("New CryptoValueCalculator"));
    m_nameEdit->setEnabled(true);
    m_namespaceCombo->setEnabled(true);
    m_nameEdit->clear();
    m_namespaceCombo->setCurrentText(namespaceName);
    m_amountEdit->clear();
    m_costBasisEdit->clear();
    clearErrors();
    m_amountError->hide();
    m_conflictPanel->hide();
    setBusy(false);
    updatePreview();
    m_nameEdit->setFocus();
}

void CvcDialog::startEdit(const QJsonObject &object)
{
    m_mode = Mode::Edit;
    m_base = object;
    m_retriedAfterConflict = false;
    const QString name = metadataField(object, "name");
    setWindowTitle(tr("Edit %1").arg(name));
    m_nameEdit->setText(name);
    m_nameEdit->setEnabled(false);
    m_namespaceCombo->setCurrentText(metadataField(object, "namespace"));
    m_namespaceCombo->setEnabled(false);
    const QJsonObject spec = specOf(object);
    m_coinCombo->setCurrentText(spec.value(QLatin1String("coin")).toString());
    m_amountEdit->setText(specText(spec.value(QLatin1String("amount"))));
    m_costBasisEdit->setText(spec.contains(QLatin1String("costBasis")) ? specText(spec.value(QLatin1String("costBasis"))) : QString());
    clearErrors();
    m_conflictPanel->hide();
    setBusy(false);
    updatePreview();
    m_amountEdit->setFocus();
    m_amountEdit->selectAll();
}

QString CvcDialog::baseResourceVersion() const
{
    return metadataField(m_base, "resourceVersion");
}

bool CvcDialog::isConflictShown() const
{
    return !m_conflictPanel->isHidden();
}

QString CvcDialog::key() const
{
    return m_namespaceCombo->currentText().trimmed() + QLatin1Char('/') + m_nameEdit->text().trimmed();
}

CvcSpec CvcDialog::spec() const
{
    CvcSpec spec;
    spec.coin = m_coinCombo->currentText();
    spec.coinIsString = true;
    bool ok = false;
    spec.amount = AmountValidator::parse(m_amountEdit->text(), &ok);
    spec.amountKind = CvcSpec::AmountKind::Number;
    if (!m_costBasisEdit->text().trimmed().isEmpty()) {
        const double costBasis = AmountValidator::parse(m_costBasisEdit->text(), &ok);
        if (ok)
            spec.costBasis = costBasis;
    }
    return spec;
}

QString CvcDialog::costBasisProblem() const
{
    const QString text = m_costBasisEdit->text();
    if (text.trimmed().isEmpty())
        return {};
    bool ok = false;
    const double costBasis = AmountValidator::parse(text, &ok);
    if (!ok)
        return tr("\"%1\" is not a number of USD. Use digits and a dot, like 20000.50, or leave it empty.").arg(text.trimmed());
    if (costBasis < 0)
        return tr("The cost basis cannot be negative.");
    return {};
}

QString CvcDialog::kubectlCommand() const
{
    KubectlCommand::Target target = m_target;
    target.namespaceName = m_namespaceCombo->currentText().trimmed();
    if (m_mode == Mode::Edit)
        return KubectlCommand::patchSpec(target, m_nameEdit->text(), CvcWriter::specFields(spec()));
    return KubectlCommand::create(target, CvcWriter::newObject(ResourceType::cryptoValueCalculators(), target.namespaceName,
                                                               m_nameEdit->text().trimmed(), spec()));
}

void CvcDialog::clearErrors()
{
    for (QLabel *label : {m_nameError, m_namespaceError, m_coinError, m_amountError, m_costBasisError, m_serverError})
        showError(label, QString());
}

bool CvcDialog::validate()
{
    clearErrors();
    bool valid = true;
    if (m_mode == Mode::Create) {
        const QStringList nameErrors = dns1123SubdomainErrors(m_nameEdit->text());
        showError(m_nameError, nameErrors.join(QLatin1Char('\n')));
        const QStringList namespaceErrors = dns1123LabelErrors(m_namespaceCombo->currentText().trimmed());
        showError(m_namespaceError, namespaceErrors.join(QLatin1Char('\n')));
        valid = nameErrors.isEmpty() && namespaceErrors.isEmpty();
    }
    if (m_coinCombo->currentText().isEmpty()) {
        showError(m_coinError, tr("Choose a coin."));
        valid = false;
    }
    const QString amountProblem = AmountValidator::problem(m_amountEdit->text());
    showError(m_amountError, amountProblem);
    const QString costBasisError = costBasisProblem();
    showError(m_costBasisError, costBasisError);
    fitHeight();
    return valid && amountProblem.isEmpty() && costBasisError.isEmpty();
}

void CvcDialog::updatePreview()
{
    bool ok = false;
    const double amount = AmountValidator::parse(m_amountEdit->text(), &ok);
    const QString coin = m_coinCombo->currentText();
    const QuoteMap quotes = m_feed ? m_feed->quotes() : QuoteMap();
    std::optional<double> price;
    QString from;
    if (quotes.contains(coin)) {
        price = quotes.value(coin).price;
    } else if (m_holdings) {
        price = m_holdings->clusterPrice(coin);
        from = tr(" (the cluster's price)");
    }
    if (!price) {
        m_preview->setText(tr("no price for %1 yet").arg(coin));
        m_preview->setToolTip(QString());
        return;
    }
    m_preview->setToolTip(tr("The price exactly: $%1 per coin").arg(Holding::formatNumber(*price)));
    if (!ok || amount < 0) {
        m_preview->setText(tr("at $%1 per coin%2").arg(Holding::formatPrice(*price), from));
        return;
    }
    QString text = tr("%1 at $%2 per coin%3").arg(Valuation::formatUsd(amount, *price), Holding::formatPrice(*price), from);
    // P&L as the operator will write it: the value to 4 decimals minus what was paid.
    const std::optional<double> costBasis = spec().costBasis;
    if (costBasis && costBasisProblem().isEmpty()) {
        const double profitLoss = Valuation::value(amount, *price) - *costBasis;
        text += tr("; P&L %1").arg(Holding::formatProfitLoss(profitLoss));
        if (*costBasis > 0)
            text += QStringLiteral(" (") + Valuation::formatPercent(profitLoss / *costBasis * 100) + QLatin1Char(')');
    }
    m_preview->setText(text);
}

void CvcDialog::fitHeight()
{
    growToFitHeight(this);
}

void CvcDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_overwriteButton->setEnabled(!busy);
    m_useTheirsButton->setEnabled(!busy);
}

void CvcDialog::save()
{
    if (!validate())
        return; // nothing is sent
    if (isConflictShown())
        return; // the user has to decide first
    setBusy(true);
    const QString ns = m_namespaceCombo->currentText().trimmed();
    const QString name = m_nameEdit->text().trimmed();
    auto done = [this](const KubeResponse &response) { onSaved(response); };
    if (m_mode == Mode::Create)
        m_writer->create(ns, name, spec(), this, done);
    else
        m_writer->patchSpec(ns, name, baseResourceVersion(), spec(), this, done);
}

void CvcDialog::onSaved(const KubeResponse &response)
{
    setBusy(false);
    if (response.ok()) {
        Q_EMIT saved(response.object);
        accept();
        return;
    }
    const KubeError &error = *response.error;
    if (m_mode == Mode::Edit && error.isConflict()) {
        onConflict();
        return;
    }
    if (m_mode == Mode::Edit && error.isNotFound()) {
        onCacheDeleted(key());
        return;
    }
    showServerError(error);
}

void CvcDialog::onConflict()
{
    // The object moved since our base. Fetch it: if only status or annotations moved (the
    // operator valued it), the user's edit still applies to the spec they saw, so retry once on
    // the new base; otherwise ask.
    setBusy(true);
    m_writer->get(m_namespaceCombo->currentText().trimmed(), m_nameEdit->text().trimmed(), this,
                  [this](const KubeResponse &response) {
                      setBusy(false);
                      if (!response.ok()) {
                          if (response.error->isNotFound())
                              onCacheDeleted(key());
                          else
                              showServerError(*response.error);
                          return;
                      }
                      if (specOf(response.object) == specOf(m_base) && !m_retriedAfterConflict) {
                          m_retriedAfterConflict = true;
                          m_base = response.object;
                          save();
                          return;
                      }
                      showConflict(response.object);
                  });
}

void CvcDialog::showServerError(const KubeError &error)
{
    QStringList unplaced;
    for (const QJsonValue &value : error.causes) {
        const QJsonObject cause = value.toObject();
        const QString field = cause.value(QLatin1String("field")).toString();
        const QString message = cause.value(QLatin1String("message")).toString();
        QLabel *label = nullptr;
        if (field == QLatin1String("spec.amount"))
            label = m_amountError;
        else if (field == QLatin1String("spec.costBasis"))
            label = m_costBasisError;
        else if (field == QLatin1String("spec.coin"))
            label = m_coinError;
        else if (field == QLatin1String("metadata.name"))
            label = m_nameError;
        else if (field == QLatin1String("metadata.namespace"))
            label = m_namespaceError;
        if (label)
            showError(label, label->isVisible() ? label->text() + QLatin1Char('\n') + message : message);
        else
            unplaced << (field.isEmpty() ? message : field + QStringLiteral(": ") + message);
    }
    QString text = error.message.isEmpty() ? error.toString() : error.message;
    if (!error.reason.isEmpty() && error.httpStatus != 0)
        text = tr("The server refused (%1): %2").arg(error.reason, text);
    if (!unplaced.isEmpty())
        text += QLatin1Char('\n') + unplaced.join(QLatin1Char('\n'));
    showError(m_serverError, text);
    fitHeight();
}

void CvcDialog::showConflict(const QJsonObject &theirs)
{
    m_theirs = theirs;
    const QJsonObject base = specOf(m_base);
    const QJsonObject server = specOf(theirs);
    const QJsonObject mine = spec().toJson();
    QStringList lines;
    QStringList fields = base.keys() + server.keys();
    fields.removeDuplicates();
    for (const QString &field : std::as_const(fields)) {
        if (base.value(field) == server.value(field))
            continue;
        lines << tr("• %1: %2 when you opened it, now %3 on the server; yours: %4")
                     .arg(field, specText(base.value(field)), specText(server.value(field)), specText(mine.value(field)));
    }
    m_conflictText->setText(tr("Someone else changed %1 while you were editing (resourceVersion %2 → %3):\n%4\n"
                               "Nothing was saved. Choose which values to keep.")
                                .arg(m_nameEdit->text(), baseResourceVersion(), metadataField(theirs, "resourceVersion"),
                                     lines.join(QLatin1Char('\n'))));
    m_conflictPanel->show();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
    fitHeight();
}

void CvcDialog::useTheirs()
{
    startEdit(m_theirs);
}

void CvcDialog::overwrite()
{
    // The user has seen the server's values and chose theirs to win: base the patch on the
    // newest version so the precondition holds.
    m_base = m_theirs;
    m_retriedAfterConflict = false;
    m_conflictPanel->hide();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
    save();
}

void CvcDialog::onCacheModified(const QString &key, const QJsonObject &object)
{
    if (m_mode != Mode::Edit || key != this->key() || !isVisible())
        return;
    if (metadataField(object, "resourceVersion") == baseResourceVersion())
        return;
    if (specOf(object) == specOf(m_base)) {
        m_base = object; // a valuation, not an edit: nothing of the user's can be lost
        return;
    }
    if (!isConflictShown() || metadataField(object, "resourceVersion") != metadataField(m_theirs, "resourceVersion"))
        showConflict(object);
}

void CvcDialog::onCacheDeleted(const QString &key)
{
    if (m_mode != Mode::Edit || key != this->key())
        return;
    // Keep what the user typed: saving now creates the CVC again.
    m_mode = Mode::Create;
    m_base = {};
    m_conflictPanel->hide();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(true);
    showError(m_serverError, tr("%1 was deleted on the server while you were editing. Save creates it again with "
                                "your values; Cancel leaves it deleted.").arg(key));
}

} // namespace cvc::ui
