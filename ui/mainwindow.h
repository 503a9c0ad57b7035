#pragma once

#include "dashboardoptions.h"
#include "historybackfiller.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QTabWidget;
class QTableView;

namespace cvc {
class HistoryStore;
class PriceHistoryClient;
struct ConnectionState;
}

namespace cvc::ui {

class ApiKeyStore;
class ClusterSession;
class ConnectionBar;
class CvcDialog;
class CvcWriter;
class DashboardSettings;
class DashboardStatusBar;
class EventsModel;
class HistoryChartView;
class HistoryRecorder;
class HoldingsModel;
class HoldingsProxyModel;
class HoldingsView;
class Permissions;
class Portfolio;
class PortfolioView;
class ReconcileLoop;
class SecretStore;
class SettingsDialog;
class TrayIcon;
class YamlDialog;

// Wires the dashboard together; owns the pieces, holds no logic of its own beyond deciding
// which action is possible when.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // keychain: where the API key is kept (not owned; the app passes a KeychainSecretStore).
    MainWindow(const DashboardOptions &options, SecretStore *keychain, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Picks context and namespace (flags, saved choices, kubeconfig defaults) and connects.
    void start();

    ClusterSession *session() const { return m_session; }
    HoldingsModel *holdingsModel() const { return m_model; }
    // What the table shows: the namespace on screen and the Ctrl+F filter over holdingsModel().
    HoldingsProxyModel *holdingsProxy() const { return m_proxy; }
    HoldingsView *holdingsView() const { return m_view; }
    CvcDialog *cvcDialog() const { return m_dialog; }
    SettingsDialog *settingsDialog() const { return m_settingsDialog; }
    YamlDialog *yamlDialog() const { return m_yamlDialog; }
    DashboardStatusBar *dashboardStatusBar() const { return m_statusBar; }
    HistoryChartView *historyChart() const { return m_chart; }
    PortfolioView *portfolioView() const { return m_portfolioView; }
    EventsModel *eventsModel() const { return m_events; }
    ReconcileLoop *reconcileLoop() const { return m_loop; }
    Permissions *permissions() const { return m_permissions; }
    cvc::HistoryStore *historyStore() const { return m_history; }
    HistoryBackfiller *backfiller() const { return m_backfiller; }
    QString bannerText() const;

    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *resyncAction() const { return m_resyncAction; }
    QAction *filterAction() const { return m_filterAction; }

    void newCvc();
    void editCvc(const QString &key);
    void deleteSelected();
    void viewYaml();
    void copyKubectlCommand();
    void showSettings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void connectTo(const QString &context);
    void onSessionOpened();
    void showNamespace(const QString &namespaceName);
    void onConnectionState(const cvc::ConnectionState &state);
    void startLoop();
    void updateActions();
    void updateSelection();
    void showBanner(const QString &text);
    QString chosenNamespace() const;
    // Reads the whole object of `key` from the server for `then` (the cache keeps only what
    // the table shows); only the answer to the latest read is used.
    void readObject(const QString &key, std::function<void(const QJsonObject &)> then);

    DashboardOptions m_options;
    std::unique_ptr<DashboardSettings> m_settings;
    ClusterSession *m_session;
    HoldingsModel *m_model;
    HoldingsProxyModel *m_proxy;
    HoldingsView *m_view;
    ConnectionBar *m_connectionBar;
    QLineEdit *m_filter;
    QLabel *m_banner;
    QLabel *m_sandboxInfo;
    CvcWriter *m_writer;
    Permissions *m_permissions;
    CvcDialog *m_dialog;
    YamlDialog *m_yamlDialog;
    SettingsDialog *m_settingsDialog;
    DashboardStatusBar *m_statusBar;
    QTabWidget *m_tabs;
    cvc::HistoryStore *m_history;
    HistoryRecorder *m_recorder;
    HistoryChartView *m_chart;
    QPointer<HistoryBackfiller> m_backfiller;
    Portfolio *m_portfolio;
    PortfolioView *m_portfolioView;
    EventsModel *m_events;
    QTableView *m_eventsView;
    QLabel *m_eventsLabel;
    ReconcileLoop *m_loop;
    SecretStore *m_sessionSecrets;
    ApiKeyStore *m_keys;
    TrayIcon *m_tray = nullptr;
    QMenu *m_trayMenu;
    quint64 m_objectReads = 0;

    QAction *m_newAction;
    QAction *m_editAction;
    QAction *m_deleteAction;
    QAction *m_resyncAction;
    QAction *m_filterAction;
    QAction *m_yamlAction;
    QAction *m_copyAction;
    QAction *m_settingsAction;
    QAction *m_clearHistoryAction;
    QAction *m_quitAction;

    bool m_namespaceApplied = false;
    bool m_closing = false;
    bool m_loopStopped = false;
};

} // namespace cvc::ui
