#pragma once

#include <QTableView>

namespace cvc::ui {

// The holdings table: sortable, one row selected per CVC, and a column chooser on the header's
// context menu (and as a menu for the toolbar).
class HoldingsView : public QTableView
{
    Q_OBJECT
public:
    explicit HoldingsView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    // Checkable actions, one per column, that show or hide it.
    QMenu *columnMenu();
    // Keys ("namespace/name") of the selected rows.
    QStringList selectedKeys() const;
    QString currentKey() const;
    void selectKey(const QString &key);

Q_SIGNALS:
    void activatedKey(const QString &key);   // double click or Enter
    void selectionKeysChanged(const QStringList &keys);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QMenu *m_columnMenu = nullptr;
};

} // namespace cvc::ui
