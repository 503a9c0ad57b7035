#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace cvc::ui {

// Help ▸ Keyboard Shortcuts (F1, ?): every shortcut of the given actions, read from the actions
// themselves when shown, so the list cannot fall behind the menus.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget *parent = nullptr);

    void setActions(const QList<QAction *> &actions);
    // Keys a widget handles itself, with no action to read them from (Enter in the table).
    void setWidgetKeys(const QList<QPair<QString, QString>> &keys);
    // Rows shown: the action's text without mnemonics, its shortcuts as the platform writes them.
    QList<QPair<QString, QString>> rows() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refresh();

    QList<QAction *> m_actions;
    QList<QPair<QString, QString>> m_widgetKeys;
    QTableWidget *m_table;
};

} // namespace cvc::ui
