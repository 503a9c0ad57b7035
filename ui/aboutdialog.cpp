#include "aboutdialog.h"

#include "util/version.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace cvc::ui {

namespace {

QLabel *textLabel(const QString &objectName, const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(true);
    return label;
}

QString licenceText()
{
    // CVC_PROJECT_LICENSE (CMake) is the one place the licence is named, for this and the metainfo.
    const QString licence = QStringLiteral(CVC_PROJECT_LICENSE);
    return licence.isEmpty() ? AboutDialog::tr("no licence declared yet; ask the maintainers before redistributing")
                             : licence;
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_clientConfig(textLabel(QStringLiteral("aboutClientConfig"), QString(), this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About CVC Dashboard"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64));
    auto *title = textLabel(QStringLiteral("aboutTitle"),
                            tr("<b>CVC Dashboard</b> %1").arg(QString::fromLatin1(cvc::version)), this);
    auto *summary = textLabel(QStringLiteral("aboutSummary"),
                              tr("Watches and edits the CryptoValueCalculators of a Kubernetes cluster and "
                                 "values them at live prices."), this);
    auto *heading = new QHBoxLayout;
    heading->addWidget(icon, 0, Qt::AlignTop);
    auto *headingText = new QVBoxLayout;
    headingText->addWidget(title);
    headingText->addWidget(summary);
    heading->addLayout(headingText, 1);

    auto *form = new QFormLayout;
    form->addRow(tr("Version:"), textLabel(QStringLiteral("aboutVersion"),
                                           tr("%1 (Qt %2)").arg(QString::fromLatin1(cvc::version), QString::fromLatin1(qVersion())), this));
    form->addRow(tr("Licence:"), textLabel(QStringLiteral("aboutLicence"), licenceText(), this));
    form->addRow(tr("Prices:"), textLabel(QStringLiteral("aboutPrices"),
                                          tr("<a href=\"https://www.coingecko.com/en/api\">Price data by CoinGecko</a>"), this));
    form->addRow(tr("Kubernetes:"), m_clientConfig);
    setClientConfig({}, {});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(heading);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

void AboutDialog::setClientConfig(const QStringList &kubeconfigFiles, const QString &context)
{
    const QString files = kubeconfigFiles.join(QStringLiteral(", ")).toHtmlEscaped();
    if (context.isEmpty()) {
        m_clientConfig->setText(files.isEmpty() ? tr("not connected") : tr("%1 (not connected yet)").arg(files));
        return;
    }
    m_clientConfig->setText(files.isEmpty() ? tr("context <b>%1</b>, in-cluster configuration").arg(context.toHtmlEscaped())
                                            : tr("context <b>%1</b> from %2").arg(context.toHtmlEscaped(), files));
}

} // namespace cvc::ui
