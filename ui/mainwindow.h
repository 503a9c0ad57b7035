#pragma once

#include "dashboard/dashboardoptions.h"

#include <QMainWindow>


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

class AboutDialog;
class ClusterSession;
class ConnectionBar;
class CvcDialog;
class DashboardController;
class DashboardSettings;
class DashboardStatusBar;
class EventsModel;
class HistoryChartView;
class HoldingsModel;
class HoldingsProxyModel;
class HoldingsView;
class Permissions;
class PortfolioView;
class PriceNoticeBar;
class ReconcileLoop;
class SecretStore;
class SettingsDialog;
class ShortcutsDialog;
class TrayIcon;
class YamlDialog;

// The dashboard's window: widgets and actions over a DashboardController, which owns everything
// else. Decides which action is possible when, and shows what the controller reports.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // keychain: where the API key is kept (not owned; the app passes a KeychainSecretStore).
    MainWindow(const DashboardOptions &options, SecretStore *keychain, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Picks context and namespace (flags, saved choices, kubeconfig defaults) and connects.
    void start();

    // Everything of the dashboard that is not a widget: tests drive it.
    DashboardController *controller() const { return m_controller; }
    // What the table shows: the namespace on screen and the Ctrl+F filter over holdingsModel().
    HoldingsProxyModel *holdingsProxy() const { return m_proxy; }
    HoldingsView *holdingsView() const { return m_view; }
    CvcDialog *cvcDialog() const { return m_dialog; }
    SettingsDialog *settingsDialog() const { return m_settingsDialog; }
    YamlDialog *yamlDialog() const { return m_yamlDialog; }
    DashboardStatusBar *dashboardStatusBar() const { return m_statusBar; }
    HistoryChartView *historyChart() const { return m_chart; }
    PortfolioView *portfolioView() const { return m_portfolioView; }
    PriceNoticeBar *priceNoticeBar() const { return m_priceNotice; }
    QString bannerText() const;

    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *resyncAction() const { return m_resyncAction; }
    QAction *filterAction() const { return m_filterAction; }
    QAction *shortcutsAction() const { return m_shortcutsAction; }
    QAction *aboutAction() const { return m_aboutAction; }
    // Created when first shown.
    ShortcutsDialog *shortcutsDialog() const { return m_shortcutsDialog; }
    AboutDialog *aboutDialog() const { return m_aboutDialog; }

    void newCvc();
    void editCvc(const QString &key);
    void deleteSelected();
    void viewYaml();
    void copyKubectlCommand();
    void showSettings();
    void showShortcuts();
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildUi();
    void connectTo(const QString &context);
    void onSessionReady();
    void showNamespace(const QString &namespaceName);
    void updateActions();
    void updateSelection();
    void showBanner(const QString &text);

    DashboardController *m_controller;
    // The controller's, used on almost every line here.
    ClusterSession *m_session;
    HoldingsModel *m_model;
    DashboardSettings *m_settings;
    HoldingsProxyModel *m_proxy;
    HoldingsView *m_view;
    ConnectionBar *m_connectionBar;
    QLineEdit *m_filter;
    QLabel *m_banner;
    PriceNoticeBar *m_priceNotice;
    QLabel *m_sandboxInfo;
    Permissions *m_permissions;
    CvcDialog *m_dialog;
    YamlDialog *m_yamlDialog;
    SettingsDialog *m_settingsDialog;
    DashboardStatusBar *m_statusBar;
    QTabWidget *m_tabs;
    HistoryChartView *m_chart;
    PortfolioView *m_portfolioView;
    EventsModel *m_events;
    QTableView *m_eventsView;
    QLabel *m_eventsLabel;
    ReconcileLoop *m_loop;
    TrayIcon *m_tray = nullptr;
    QMenu *m_trayMenu;

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
    QAction *m_shortcutsAction;
    QAction *m_aboutAction;
    ShortcutsDialog *m_shortcutsDialog = nullptr;
    AboutDialog *m_aboutDialog = nullptr;

    bool m_closing = false;
};

} // namespace cvc::ui
