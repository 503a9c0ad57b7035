#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPointer>

#include "kube/kubeclient.h"

namespace cvc::ui {

// The core/v1 Events about one object, as `kubectl events --for kind/name` lists them: selected
// by involvedObject kind, name and namespace, oldest first, with LAST SEEN, TYPE, REASON,
// OBJECT and MESSAGE.
class EventsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { LastSeenColumn, TypeColumn, ReasonColumn, ObjectColumn, MessageColumn, ColumnCount };

    explicit EventsModel(QObject *parent = nullptr);

    void setClient(cvc::KubeClient *client);
    // Empty name: no object, no rows.
    void setObject(const QString &kind, const QString &namespaceName, const QString &name);
    void refresh();

    // The field selector kubectl events --for uses.
    static QString fieldSelector(const QString &kind, const QString &namespaceName, const QString &name);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString errorString() const { return m_error; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    struct Row
    {
        QDateTime lastSeen;
        QString type;
        QString reason;
        QString object;
        QString message;
        int count = 1;
    };
    static Row rowOf(const QJsonObject &event);

    QPointer<cvc::KubeClient> m_client;
    QString m_kind;
    QString m_namespace;
    QString m_name;
    QList<Row> m_rows;
    QString m_error;
    QObject *m_request = nullptr;   // parent of the callback of the request in flight
};

} // namespace cvc::ui
