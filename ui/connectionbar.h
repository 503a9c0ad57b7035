#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

namespace cvc::ui {

// Context and namespace switchers. The namespace box lists "All namespaces", the namespaces the
// user may list, and takes free text for users who may not list them.
class ConnectionBar : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionBar(QWidget *parent = nullptr);

    static QString allNamespacesText();

    void setContexts(const QStringList &contexts, const QString &current);
    void setNamespaces(const QStringList &namespaces);
    // "" selects All namespaces.
    void setCurrentNamespace(const QString &namespaceName);
    QString currentContext() const;
    QString currentNamespace() const;

Q_SIGNALS:
    void contextChosen(const QString &context);
    void namespaceChosen(const QString &namespaceName);   // "" = all

private:
    void commitNamespace();

    QComboBox *m_context;
    QComboBox *m_namespace;
    bool m_updating = false;
};

} // namespace cvc::ui
