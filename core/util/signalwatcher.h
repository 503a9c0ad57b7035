#pragma once

#include <QObject>

class QSocketNotifier;

namespace cvc {

// Turns SIGINT and SIGTERM into a Qt signal delivered by the event loop (self-pipe trick), so the
// sandbox, the operator and the dashboard finish what they are writing (and release the lease)
// instead of dying mid-transaction.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool install();

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace cvc
