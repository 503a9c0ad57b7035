#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QProcess;

namespace cvc::ui {

// Runs kube-sandbox beside the dashboard for people without a cluster: state in the user's data
// directory (so it survives restarts), the CRD and the examples preloaded, and a kubeconfig
// written next to the state so kubectl works beside the app. Stopped with SIGTERM on exit.
class SandboxLauncher : public QObject
{
    Q_OBJECT
public:
    explicit SandboxLauncher(QObject *parent = nullptr);
    ~SandboxLauncher() override;

    // kube-sandbox beside this executable, else in CVC_BIN_DIR (environment, then build).
    static QString executablePath();
    // crds/ and examples/ of the source tree (CVC_SOURCE_DIR) or installed beside the binary.
    static QStringList preloadPaths();
    // <AppDataLocation>/sandbox
    static QString defaultDataDirectory();

    void setDataDirectory(const QString &directory) { m_directory = directory; }
    QString dataDirectory() const { return m_directory; }
    QString kubeconfigPath() const;

    // Starts it and waits for its "listening on" line. On failure returns false and *error says
    // why, with the end of what the sandbox printed.
    bool start(QString *error, int timeoutMs = 30000);
    void stop(int timeoutMs = 10000);
    bool isRunning() const;
    QUrl url() const { return m_url; }

private:
    QProcess *m_process = nullptr;
    QString m_directory;
    QUrl m_url;
};

} // namespace cvc::ui
