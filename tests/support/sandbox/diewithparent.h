#pragma once

#include <QProcess>

#include <signal.h>
#include <sys/prctl.h>

namespace cvc::testsupport {

// A test that crashes, hits QtTest's watchdog or is killed runs no destructor, and the servers it
// started (kube-sandbox, fake-coingecko, cvc-operator) would run on, holding ports and CPU. With
// Linux's parent-death signal the child gets SIGKILL when the test process goes.
inline void dieWithParent(QProcess *process)
{
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

} // namespace cvc::testsupport
