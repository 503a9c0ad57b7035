#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cvc::kubeconfigfiles {

// Small helpers shared by KubeConfig, KubeConfigResolver and InClusterConfig so their messages
// quote names, list files and read referenced files the same way.

// "s" in double quotes, as every kubeconfig message writes names and paths.
QString quoted(const QString &s);
// The files of a merged config for a message: "a", "b" (or "(no kubeconfig file)").
QString fileList(const QStringList &files);
// A path from a kubeconfig is relative to the file that defined it.
QString resolvePath(const QString &path, const QString &definingFile);
// Reads a kubeconfig, certificate, key or token file; false and *reason ("no such file", ...)
// for missing, non-regular or oversized files.
bool readFileBytes(const QString &path, QByteArray *data, QString *reason);

} // namespace cvc::kubeconfigfiles
