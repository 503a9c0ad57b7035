#pragma once

#include "idlemeter.h"

#include <QObject>
#include <QString>

namespace cvc::bench {

// The dashboard as a user runs it, idle: a MainWindow (offscreen) connected to a kube-sandbox that
// holds N CVCs, watching them, with nothing changing. Either as an observer (reconcile loop off, as
// when cvc-operator holds the lease) or as the writer (loop on against a fake CoinGecko, holding
// the lease, prices unchanged and every CVC already valued at them, so nothing is written).
class AppIdleBenchmark : public QObject
{
    Q_OBJECT
public:
    enum class Role { Observer, Writer };

    struct Figures
    {
        int objects = 0;
        double loadSeconds = -1;     // start() until every CVC is a row of the table
        IdleMeter::Figures idle;     // other = the kube-sandbox process serving the watch
        qint64 loopWrites = 0;       // PATCHes the window's loop made (Writer; should stay 0)
        int priceCalls = 0;          // /simple/price calls during the idle window (Writer)
        QString problem;             // why there are no figures
    };

    AppIdleBenchmark(Role role, int intervalSeconds, QObject *parent = nullptr);

    Figures run(int objects, int idleMilliseconds);

private:
    Role m_role;
    int m_intervalSeconds;
};

} // namespace cvc::bench
