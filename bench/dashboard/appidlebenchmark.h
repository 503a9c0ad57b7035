#pragma once

#include "idlemeter.h"

#include <QObject>
#include <QString>

namespace cvc::bench {

// The dashboard as a user runs it, idle: a MainWindow (offscreen) connected to a kube-sandbox that
// holds N CVCs, watching them, with nothing changing. Its reconcile loop is off, as in a window
// that sees cvc-operator holding the lease, so no price call or write happens during the run.
class AppIdleBenchmark : public QObject
{
    Q_OBJECT
public:
    struct Figures
    {
        int objects = 0;
        double loadSeconds = -1;     // start() until every CVC is a row of the table
        IdleMeter::Figures idle;     // other = the kube-sandbox process serving the watch
        QString problem;             // why there are no figures
    };

    explicit AppIdleBenchmark(QObject *parent = nullptr);

    Figures run(int objects, int idleMilliseconds);
};

} // namespace cvc::bench
