#include "connectioncheck.h"

#include "kubeclient.h"
#include "kubeconfig.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

namespace cvc {

int ConnectionCheck::run(const ConnectionOptions &options, bool verbose, QTextStream &out, QTextStream &err, int timeoutMs)
{
    if (verbose) {
        QStringList shown;
        for (const QString &p : KubeConfig::searchPaths(options))
            shown << (QFileInfo::exists(p) ? p : p + QStringLiteral(" (missing)"));
        out << "Kubeconfig: " << shown.join(QStringLiteral(", ")) << Qt::endl;
    }
    QString error;
    const std::optional<ClientConfig> config = KubeConfig::load(options, &error);
    if (!config) {
        err << "error: " << error << Qt::endl;
        return 1;
    }
    for (const QString &w : config->warnings)
        err << "warning: " << w << Qt::endl;

    out << "Server:     " << config->server.toString(QUrl::RemoveUserInfo) << Qt::endl;
    if (config->inCluster)
        out << "Context:    (in-cluster service account)" << Qt::endl;
    else
        out << "Context:    " << config->contextName << " (from " << config->sourceFile << ")" << Qt::endl;
    out << "Namespace:  " << config->namespaceName << Qt::endl;
    out << "Auth:       " << config->authDescription() << Qt::endl;
    out.flush();

    KubeClient client(*config);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    deadline.start(timeoutMs);
    client.setRequestTimeout(std::min(timeoutMs, 20000));

    std::optional<KubeError> failure;
    QString version;
    DiscoveryResult discovery;
    bool done = false;
    client.get(QStringLiteral("/version"), &loop, [&](const KubeResponse &r) {
        if (!r.ok()) {
            failure = r.error;
            loop.quit();
            return;
        }
        version = r.object.value(QLatin1String("gitVersion")).toString();
        const ResourceType cvc = ResourceType::cryptoValueCalculators();
        client.discover(cvc.group, cvc.version, cvc.plural, &loop, [&](const DiscoveryResult &d) {
            discovery = d;
            if (d.error)
                failure = d.error;
            done = true;
            loop.quit();
        });
    });
    if (!failure && !done)
        loop.exec();

    if (timedOut) {
        err << "error: no answer from " << config->server.toString(QUrl::RemoveUserInfo) << " within " << timeoutMs / 1000 << " s" << Qt::endl;
        return 1;
    }
    if (failure) {
        QString text = failure->toString();
        if (failure->isUnauthorized() || failure->httpStatus == 403) {
            text += QStringLiteral(" (auth: %1").arg(config->authDescription());
            if (!config->userName.isEmpty())
                text += QStringLiteral(", user \"%1\" in %2").arg(config->userName, config->sourceFile);
            text += QLatin1Char(')');
        }
        err << "error: " << text << Qt::endl;
        return 1;
    }
    if (verbose || !version.isEmpty())
        out << "Version:    " << version << Qt::endl;
    if (discovery.found()) {
        out << "CVC CRD:    installed (" << discovery.resource->qualifiedName() << "/" << discovery.resource->version << ")"
            << Qt::endl;
        out << "Status:     " << (discovery.resource->hasStatusSubresource
                                      ? "status subresource present (status written via /status)"
                                      : "no status subresource (status written with the object)")
            << Qt::endl;
    } else {
        out << "CVC CRD:    not installed (apply crds/cryptovaluecalculators.yaml)" << Qt::endl;
    }
    return 0;
}

} // namespace cvc
