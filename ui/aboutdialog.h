#pragma once

#include <QDialog>

class QLabel;

namespace cvc::ui {

// Help ▸ About: what this program is (name, version from project(VERSION), licence), where its
// prices come from, and which Kubernetes client configuration it is using.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The kubeconfig files read (kubectl's order) and the context in use; empty before connecting.
    void setClientConfig(const QStringList &kubeconfigFiles, const QString &context);

private:
    QLabel *m_clientConfig;
};

} // namespace cvc::ui
