#pragma once

#include "dashboard/dashboardoptions.h"
#include "dashboard/historybackfiller.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

namespace cvc {
class HistoryStore;
struct ConnectionState;
}

namespace cvc::ui {

class ApiKeyStore;
class ClusterSession;
class CvcWriter;
class DashboardSettings;
class EventsModel;
class HistoryBackfiller;
class HistoryRecorder;
class HoldingsModel;
class Permissions;
class Portfolio;
class PriceNotice;
class ReconcileLoop;
class SecretStore;
class SessionSecretStore;

// cvc-dashboard without its window (Zeal's Core::Application): owns the connection, the models
// the window shows, the history, the writer, the permissions, the reconcile loop and the saved
// settings, and decides what happens when a context is chosen, a connection opens or the user
// deletes a CVC. The window keeps widgets and actions and follows the signals below; tests drive
// this class instead of the window's widgets.
class DashboardController : public QObject
{
    Q_OBJECT
public:
    // keychain: where the API key is kept (not owned; the app passes a KeychainSecretStore).
    DashboardController(const DashboardOptions &options, SecretStore *keychain, QObject *parent = nullptr);
    ~DashboardController() override;

    // The kubeconfig's contexts; `initial` gets the one to open first: --context, else the one
    // used last time, else the kubeconfig's current context.
    QStringList contextNames(QString *initial) const;
    // Opens `context`; failed() says why when it cannot be opened.
    void connectTo(const QString &context);
    // The namespace on screen (saved per context); permissions are checked for it.
    void setNamespace(const QString &namespaceName);
    void resync();
    // (Re)starts the reconcile loop with the current settings and API key, if this window runs it.
    void startLoop();
    // Reads the whole object of `key` from the server for `then` (the cache keeps only what the
    // table shows); only the answer to the latest read is used.
    void readObject(const QString &key, std::function<void(const QJsonObject &)> then);
    void remove(const QStringList &keys);
    // Nothing left to release: the loop is not running or has stopped (and released the Lease).
    bool isStopped() const;
    // Stops the loop, releasing the Lease so another writer takes over at once; `done` after.
    void stop(std::function<void()> done);
    void close();

    const DashboardOptions &options() const { return m_options; }
    DashboardSettings *settings() const { return m_settings.get(); }
    ClusterSession *session() const { return m_session; }
    HoldingsModel *holdings() const { return m_holdings; }
    Portfolio *portfolio() const { return m_portfolio; }
    CvcWriter *writer() const { return m_writer; }
    Permissions *permissions() const { return m_permissions; }
    EventsModel *events() const { return m_events; }
    ReconcileLoop *loop() const { return m_loop; }
    ApiKeyStore *keys() const { return m_keys; }
    // Why this window has no prices, in plain words, while it should price and cannot.
    PriceNotice *priceNotice() const { return m_priceNotice; }
    cvc::HistoryStore *history() const { return m_history; }
    HistoryBackfiller *backfiller() const { return m_backfiller; }

Q_SIGNALS:
    // A problem the user must see until it is solved (a context that cannot be opened, a failed
    // delete); cleared() when a connection opened since.
    void failed(const QString &message);
    void cleared();
    // Transient news for the status bar.
    void messagePosted(const QString &message, int timeoutMs);
    // A context was opened (its namespace scope is set); sessionReady() once it is discovered and
    // the writer, the events and the permissions use it.
    void contextOpened(const QString &context);
    void sessionReady();
    // Who writes values, for the status bar ("this window", "cvc-operator-…", "not running…").
    void writerChanged(const QString &writer);

private:
    void onSessionOpened();
    void onConnectionState(const cvc::ConnectionState &state);
    void onLoopStarted();
    void backfillWhenWriting();

    DashboardOptions m_options;
    std::unique_ptr<DashboardSettings> m_settings;
    ClusterSession *m_session;
    HoldingsModel *m_holdings;
    Portfolio *m_portfolio;
    CvcWriter *m_writer;
    Permissions *m_permissions;
    EventsModel *m_events;
    cvc::HistoryStore *m_history;
    HistoryRecorder *m_recorder;
    QPointer<HistoryBackfiller> m_backfiller;
    ReconcileLoop *m_loop;
    SessionSecretStore *m_sessionSecrets;
    ApiKeyStore *m_keys;
    PriceNotice *m_priceNotice;
    quint64 m_objectReads = 0;
    bool m_loopStopped = false;
    bool m_backfillPending = false;   // the loop's backfiller has not run yet
};

} // namespace cvc::ui
