#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cvc::ui {

namespace {

QString plainText(const QAction *action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text;
}

QString shortcutsText(const QAction *action)
{
    QStringList keys;
    for (const QKeySequence &sequence : action->shortcuts())
        keys << sequence.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 2, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(420, 420);
}

void ShortcutsDialog::setActions(const QList<QAction *> &actions)
{
    m_actions = actions;
    refresh();
}

void ShortcutsDialog::setWidgetKeys(const QList<QPair<QString, QString>> &keys)
{
    m_widgetKeys = keys;
    refresh();
}

QList<QPair<QString, QString>> ShortcutsDialog::rows() const
{
    QList<QPair<QString, QString>> result;
    for (int row = 0; row < m_table->rowCount(); ++row)
        result.append({m_table->item(row, 0)->text(), m_table->item(row, 1)->text()});
    return result;
}

void ShortcutsDialog::showEvent(QShowEvent *event)
{
    refresh();   // a shortcut may have been added or changed since
    QDialog::showEvent(event);
}

void ShortcutsDialog::refresh()
{
    QList<QPair<QString, QString>> rows;
    for (const QAction *action : std::as_const(m_actions)) {
        if (!action->shortcuts().isEmpty())
            rows.append({plainText(action), shortcutsText(action)});
    }
    rows += m_widgetKeys;
    m_table->setRowCount(0);
    for (const auto &[what, keys] : std::as_const(rows)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(what));
        m_table->setItem(row, 1, new QTableWidgetItem(keys));
    }
    m_table->resizeColumnToContents(0);
}

} // namespace cvc::ui
