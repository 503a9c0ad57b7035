#include "connectionbar.h"

#include "dashboard/namevalidation.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace cvc::ui {

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent)
    , m_context(new QComboBox(this))
    , m_namespace(new QComboBox(this))
{
    setObjectName(QStringLiteral("connectionBar"));
    m_context->setObjectName(QStringLiteral("contextCombo"));
    m_context->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_context->setToolTip(tr("Kubeconfig context"));
    m_namespace->setObjectName(QStringLiteral("namespaceSwitcher"));
    m_namespace->setEditable(true);
    m_namespace->setInsertPolicy(QComboBox::NoInsert);
    m_namespace->setMinimumContentsLength(16);
    m_namespace->setToolTip(tr("Namespace: pick one, or type a name you may use but not list"));
    m_namespace->addItem(allNamespacesText());

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *contextLabel = new QLabel(tr("&Context:"), this);
    contextLabel->setBuddy(m_context);
    auto *namespaceLabel = new QLabel(tr("Na&mespace:"), this);
    namespaceLabel->setBuddy(m_namespace);
    layout->addWidget(contextLabel);
    layout->addWidget(m_context);
    layout->addWidget(namespaceLabel);
    layout->addWidget(m_namespace);

    connect(m_context, &QComboBox::activated, this, [this] {
        if (!m_updating)
            Q_EMIT contextChosen(m_context->currentText());
    });
    connect(m_namespace, &QComboBox::activated, this, [this] { commitNamespace(); });
    connect(m_namespace->lineEdit(), &QLineEdit::returnPressed, this, [this] { commitNamespace(); });
}

QString ConnectionBar::allNamespacesText()
{
    return tr("All namespaces");
}

void ConnectionBar::setContexts(const QStringList &contexts, const QString &current)
{
    m_updating = true;
    m_context->clear();
    m_context->addItems(contexts);
    m_context->setCurrentText(current);
    m_updating = false;
}

void ConnectionBar::setNamespaces(const QStringList &namespaces)
{
    const QString current = m_namespace->currentText();
    m_updating = true;
    m_namespace->clear();
    m_namespace->addItem(allNamespacesText());
    m_namespace->addItems(namespaces);
    m_namespace->setCurrentText(current);
    m_updating = false;
}

void ConnectionBar::setCurrentNamespace(const QString &namespaceName)
{
    m_namespace->setCurrentText(namespaceName.isEmpty() ? allNamespacesText() : namespaceName);
}

QString ConnectionBar::currentContext() const
{
    return m_context->currentText();
}

QString ConnectionBar::currentNamespace() const
{
    const QString text = m_namespace->currentText().trimmed();
    return text == allNamespacesText() || text.isEmpty() ? QString() : text;
}

void ConnectionBar::commitNamespace()
{
    if (m_updating)
        return;
    const QString ns = currentNamespace();
    if (!ns.isEmpty() && !dns1123LabelErrors(ns).isEmpty()) {
        m_namespace->setToolTip(tr("\"%1\" is not a namespace name: %2").arg(ns, dns1123LabelErrors(ns).join(QLatin1Char(' '))));
        return;
    }
    Q_EMIT namespaceChosen(ns);
}

} // namespace cvc::ui
