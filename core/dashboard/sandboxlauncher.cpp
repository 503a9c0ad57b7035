#include "dashboard/sandboxlauncher.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace cvc::ui {

SandboxLauncher::SandboxLauncher(QObject *parent)
    : QObject(parent)
    , m_directory(defaultDataDirectory())
{
}

SandboxLauncher::~SandboxLauncher()
{
    stop();
}

QString SandboxLauncher::defaultDataDirectory()
{
    // Beside the history in ~/.local/share/cvc-dashboard (HistoryStore::defaultPath), not in the
    // organisation's folder AppDataLocation would add.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
           + QCoreApplication::applicationName() + QStringLiteral("/sandbox");
}

QString SandboxLauncher::executablePath()
{
    QStringList candidates{QCoreApplication::applicationDirPath() + QStringLiteral("/kube-sandbox")};
    const QString env = qEnvironmentVariable("CVC_BIN_DIR");
    if (!env.isEmpty())
        candidates << env + QStringLiteral("/kube-sandbox");
#ifdef CVC_BIN_DIR
    candidates << QStringLiteral(CVC_BIN_DIR "/kube-sandbox");
#endif
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return candidates.first();
}

QStringList SandboxLauncher::preloadPaths()
{
    QStringList roots;
    const QString env = qEnvironmentVariable("CVC_SOURCE_DIR");
    if (!env.isEmpty())
        roots << env;
#ifdef CVC_SOURCE_DIR
    roots << QStringLiteral(CVC_SOURCE_DIR);
#endif
    roots << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/cvc-dashboard")
          << QCoreApplication::applicationDirPath();
    for (const QString &root : roots) {
        const QString crds = root + QStringLiteral("/crds");
        const QString examples = root + QStringLiteral("/examples");
        if (QFileInfo(crds).isDir() && QFileInfo(examples).isDir())
            return {QDir::cleanPath(crds), QDir::cleanPath(examples)};
    }
    return {};
}

QString SandboxLauncher::kubeconfigPath() const
{
    return m_directory + QStringLiteral("/kubeconfig");
}

bool SandboxLauncher::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool SandboxLauncher::start(QString *error, int timeoutMs)
{
    if (isRunning())
        return true;
    const QString program = executablePath();
    if (!QFileInfo(program).isExecutable()) {
        *error = tr("kube-sandbox was not found at %1. Build it (cmake --build build --target kube-sandbox).").arg(program);
        return false;
    }
    if (!QDir().mkpath(m_directory)) {
        *error = tr("Cannot create the sandbox folder %1.").arg(m_directory);
        return false;
    }
    QStringList args{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"),
                     m_directory + QStringLiteral("/state.db"), QStringLiteral("--kubeconfig"), kubeconfigPath()};
    const QStringList preload = preloadPaths();
    for (const QString &path : preload)
        args << QStringLiteral("--preload") << path;

    delete m_process;
    m_process = new QProcess(this);
    m_process->setProgram(program);
    m_process->setArguments(args);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start();
    if (!m_process->waitForStarted(5000)) {
        *error = tr("Cannot start %1: %2").arg(program, m_process->errorString());
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("listening on (https://\\S+)"));
    QByteArray output;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning)
            break;
        m_process->waitForReadyRead(int(std::min<qint64>(200, deadline.remainingTime())));
        output += m_process->readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    const QByteArray stderrText = m_process->readAllStandardError();
    *error = tr("kube-sandbox did not start: %1").arg(QString::fromUtf8(stderrText.right(2000) + output.right(500)).trimmed());
    stop();
    return false;
}

void SandboxLauncher::stop(int timeoutMs)
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

} // namespace cvc::ui
