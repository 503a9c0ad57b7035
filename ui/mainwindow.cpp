#include "mainwindow.h"

#include "aboutdialog.h"
#include "shortcutsdialog.h"
#include "kube/kubeconfig.h"

#include "dashboard/theme.h"
#include "prices/pricecallledger.h"
#include "dashboard/dashboardcontroller.h"

#include "dashboard/apikeystore.h"
#include "dashboard/clustersession.h"
#include "connectionbar.h"
#include "cvcdialog.h"
#include "dashboard/cvcwriter.h"
#include "dashboard/dashboardsettings.h"
#include "dashboardstatusbar.h"
#include "dashboard/eventsmodel.h"
#include "history/historystore.h"
#include "dashboard/historybackfiller.h"
#include "historychartview.h"
#include "dashboard/historyrecorder.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/holdingsproxymodel.h"
#include "holdingsview.h"
#include "dashboard/kubectlcommand.h"
#include "kube/objectcache.h"
#include "kube/objectkey.h"
#include "operator/operatorruntime.h"
#include "dashboard/permissions.h"
#include "dashboard/portfolio.h"
#include "portfolioview.h"
#include "pricenoticebar.h"
#include "prices/coingeckoclient.h"
#include "prices/pricefeed.h"
#include "prices/pricehistoryclient.h"
#include "dashboard/reconcileloop.h"
#include "dashboard/sessionsecretstore.h"
#include "settingsdialog.h"
#include "trayicon.h"
#include "yamldialog.h"

#include "prices/coingeckoplan.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace cvc::ui {

MainWindow::MainWindow(const DashboardOptions &options, SecretStore *keychain, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new DashboardController(options, keychain, this))
    , m_session(m_controller->session())
    , m_model(m_controller->holdings())
    , m_settings(m_controller->settings())
    , m_proxy(new HoldingsProxyModel(this))
    , m_view(new HoldingsView(this))
    , m_connectionBar(new ConnectionBar(this))
    , m_filter(new QLineEdit(this))
    , m_banner(new QLabel(this))
    , m_sandboxInfo(new QLabel(this))
    , m_permissions(m_controller->permissions())
    , m_dialog(new CvcDialog(m_controller->writer(), this))
    , m_yamlDialog(new YamlDialog(this))
    , m_statusBar(new DashboardStatusBar(this))
    , m_tabs(new QTabWidget(this))
    , m_events(m_controller->events())
    , m_eventsView(new QTableView(this))
    , m_eventsLabel(new QLabel(this))
    , m_loop(m_controller->loop())
    , m_trayMenu(new QMenu(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("CVC Dashboard"));
    m_settingsDialog = new SettingsDialog(m_settings, m_controller->keys(), this);
    m_settingsDialog->setOptions(options);
    m_priceNotice = new PriceNoticeBar(m_controller->priceNotice(), this);
    connect(m_priceNotice, &PriceNoticeBar::addKeyRequested, m_settingsDialog, &SettingsDialog::openAtKeyField);
    m_chart = new HistoryChartView(m_controller->history(), this);
    m_portfolioView = new PortfolioView(m_controller->portfolio(), this);

    m_proxy->setSourceModel(m_model);
    m_dialog->setHoldings(m_model);
    connect(m_model, &HoldingsModel::holdingsChanged, this,
            [this] { m_statusBar->setCoinGeckoAttributed(m_model->showsPriceSource(QStringLiteral("coingecko"))); });

    buildActions();
    buildUi();

    connect(m_controller, &DashboardController::sessionReady, this, &MainWindow::onSessionReady);
    connect(m_controller, &DashboardController::contextOpened, this, [this](const QString &context) {
        showNamespace(m_session->namespaceScope());
        setWindowTitle(tr("CVC Dashboard — %1").arg(context));
    });
    connect(m_controller, &DashboardController::failed, this, &MainWindow::showBanner);
    connect(m_controller, &DashboardController::cleared, m_banner, &QWidget::hide);
    connect(m_controller, &DashboardController::messagePosted, m_statusBar, &QStatusBar::showMessage);
    connect(m_controller, &DashboardController::writerChanged, m_statusBar, &DashboardStatusBar::setWriter);
    connect(m_session, &ClusterSession::connectionStateChanged, m_statusBar, &DashboardStatusBar::setConnectionState);
    connect(m_session, &ClusterSession::namespacesChanged, this, [this](const QStringList &namespaces) {
        m_connectionBar->setNamespaces(namespaces);
        m_dialog->setNamespaces(namespaces);
    });
    connect(m_session, &ClusterSession::coinsChanged, m_dialog, &CvcDialog::setCoins);
    // One cache per context, read by everyone; the namespace on screen only filters it.
    connect(m_session, &ClusterSession::cacheChanged, m_dialog, &CvcDialog::setCache);
    connect(m_session, &ClusterSession::scopeChanged, this, &MainWindow::showNamespace);
    connect(m_session, &ClusterSession::scopeNarrowed, this, [this](const QString &ns, const QString &reason) {
        m_statusBar->setScopeNote(tr("only namespace %1 is watched: %2").arg(ns, reason));
    });
    connect(m_connectionBar, &ConnectionBar::contextChosen, this, &MainWindow::connectTo);
    connect(m_connectionBar, &ConnectionBar::namespaceChosen, m_controller, &DashboardController::setNamespace);
    connect(m_permissions, &Permissions::permissionsChanged, this, &MainWindow::updateActions);
    connect(m_view, &HoldingsView::activatedKey, this, &MainWindow::editCvc);
    connect(m_view, &HoldingsView::selectionKeysChanged, this, &MainWindow::updateSelection);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    // Only the Lease holder fetches prices; a window that does not write shows the cluster's.
    const auto followFeed = [this] {
        const bool writing = m_loop->isRunning() && m_loop->isWriter();
        m_statusBar->setFeed(writing ? m_loop->feed() : nullptr);
        m_statusBar->setBudget(writing ? std::optional(m_loop->runtime()->budgetDecision()) : std::nullopt);
    };
    connect(m_controller, &DashboardController::writerChanged, this, followFeed);
    connect(m_loop, &ReconcileLoop::started, this, [this, followFeed] {
        connect(m_loop->runtime()->callLedger(), &PriceCallLedger::countChanged, this, followFeed);
        m_settingsDialog->setCallLedger(m_loop->runtime()->callLedger());
        followFeed();
        // The loop's one feed prices the dialog's preview, as it prices the values it writes.
        m_dialog->setFeed(m_loop->feed());
    });
    connect(m_loop, &ReconcileLoop::stopped, this, [this] {
        m_statusBar->setFeed(nullptr);
        m_dialog->setFeed(nullptr);
        m_settingsDialog->setCallLedger(nullptr);
    });
    connect(m_settingsDialog, &SettingsDialog::settingsChanged, m_controller, &DashboardController::startLoop);
    connect(m_chart, &HistoryChartView::rangeChanged, this,
            [this](HistoryRange range) { m_settings->setHistoryRange(historyRangeLabel(range)); });
    connect(m_model, &HoldingsModel::dataChanged, this, [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
        // The events of the selected CVC change when it is revalued or edited; look again then.
        // One dataChanged covers a run of rows (HoldingsModel coalesces a tick).
        if (m_tabs->currentWidget() != m_eventsView->parentWidget())
            return;
        const int row = m_model->rowOf(m_view->currentKey());
        if (row >= topLeft.row() && row <= bottomRight.row())
            m_events->refresh();
    });

    m_tray = new TrayIcon(m_controller->portfolio(), m_trayMenu, this);
    connect(m_tray, &TrayIcon::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });

    // kubectl beside the app works with the sandbox's kubeconfig: say where it is.
    m_sandboxInfo->setObjectName(QStringLiteral("sandboxInfo"));
    m_sandboxInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sandboxInfo->setWordWrap(true);   // one line of it held the window at 973 px or wider
    m_sandboxInfo->setStyleSheet(QStringLiteral("QLabel { background: %1; padding: 4px; }")
                                     .arg(Theme().color(Theme::Role::InfoBackground).name()));
    m_sandboxInfo->setText(tr("Local kube-sandbox. Use kubectl beside the dashboard: kubectl --kubeconfig %1 get cvc")
                               .arg(m_controller->options().sandboxKubeconfig));
    m_sandboxInfo->setVisible(!m_controller->options().sandboxKubeconfig.isEmpty());
    for (HistoryRange range : allHistoryRanges()) {
        if (historyRangeLabel(range) == m_settings->historyRange())
            m_chart->setRange(range);
    }
    updateActions();
    if (!restoreGeometry(m_settings->windowGeometry()))
        resize(1180, 760);
    restoreState(m_settings->windowState());
    m_view->horizontalHeader()->restoreState(m_settings->tableHeaderState());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto action = [this](const QString &text, const QString &objectName, const QKeySequence &shortcut = {}) {
        auto *a = new QAction(text, this);
        a->setObjectName(objectName);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        return a;
    };
    m_newAction = action(tr("&New…"), QStringLiteral("newAction"), QKeySequence::New);
    m_editAction = action(tr("&Edit…"), QStringLiteral("editAction"));
    m_deleteAction = action(tr("&Delete…"), QStringLiteral("deleteAction"), QKeySequence::Delete);
    m_resyncAction = action(tr("&Resync"), QStringLiteral("resyncAction"), QKeySequence(Qt::Key_F5));
    m_filterAction = action(tr("&Filter"), QStringLiteral("filterAction"), QKeySequence::Find);
    m_yamlAction = action(tr("View &YAML"), QStringLiteral("yamlAction"));
    m_copyAction = action(tr("&Copy kubectl command"), QStringLiteral("copyKubectlAction"));
    // QKeySequence::Preferences is empty on most Linux desktops: Ctrl+, as in browsers and editors.
    m_settingsAction = action(tr("&Settings…"), QStringLiteral("settingsAction"),
                              QKeySequence(QKeySequence::Preferences).isEmpty() ? QKeySequence(tr("Ctrl+,"))
                                                                                : QKeySequence(QKeySequence::Preferences));
    m_clearHistoryAction = action(tr("Clear &history of deleted CVCs"), QStringLiteral("clearHistoryAction"));
    m_quitAction = action(tr("&Quit"), QStringLiteral("quitAction"), QKeySequence::Quit);
    m_shortcutsAction = action(tr("&Keyboard Shortcuts"), QStringLiteral("shortcutsAction"), QKeySequence(Qt::Key_F1));
    m_shortcutsAction->setShortcuts({QKeySequence(Qt::Key_F1), QKeySequence(Qt::Key_Question)});   // F1, and ? as in k9s
    m_aboutAction = action(tr("&About CVC Dashboard"), QStringLiteral("aboutAction"));
    // Delete and Enter belong to the table; the filter box keeps them for text.
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_deleteAction);

    connect(m_newAction, &QAction::triggered, this, &MainWindow::newCvc);
    connect(m_editAction, &QAction::triggered, this, [this] { editCvc(m_view->currentKey()); });
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);
    connect(m_resyncAction, &QAction::triggered, m_controller, &DashboardController::resync);
    connect(m_filterAction, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    connect(m_yamlAction, &QAction::triggered, this, &MainWindow::viewYaml);
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copyKubectlCommand);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_clearHistoryAction, &QAction::triggered, this, [this] {
        HistoryStore *history = m_controller->history();
        for (const QString &key : history->deletedKeys())
            history->clear(key);
    });
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_trayMenu->addAction(m_quitAction);
}

void MainWindow::buildUi()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_settingsAction);
    file->addAction(m_clearHistoryAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu *cvcMenu = menuBar()->addMenu(tr("&CVC"));
    cvcMenu->addActions({m_editAction, m_deleteAction, m_yamlAction, m_copyAction});
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addActions({m_filterAction, m_resyncAction});
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    helpMenu->addActions({m_shortcutsAction, m_aboutAction});

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->addWidget(m_connectionBar);
    toolbar->addSeparator();
    toolbar->addActions({m_newAction, m_editAction, m_deleteAction});
    toolbar->addSeparator();
    toolbar->addActions({m_yamlAction, m_copyAction, m_resyncAction});
    toolbar->addSeparator();
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(220);
    toolbar->addWidget(m_filter);
    // Esc empties the filter and gives the keys back to the table, as in k9s.
    new QShortcut(QKeySequence(Qt::Key_Escape), m_filter, this, [this] {
        m_filter->clear();
        m_view->setFocus(Qt::ShortcutFocusReason);
    }, Qt::WidgetShortcut);
    toolbar->addAction(m_settingsAction);

    m_view->setModel(m_proxy);
    viewMenu->addMenu(m_view->columnMenu());
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_editAction, m_yamlAction, m_copyAction});
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(HoldingsModel::NameColumn, 170);
    // "-$5.1894 (-5.19%)": money and percentage side by side, as wide as a four-figure value.
    m_view->setColumnWidth(HoldingsModel::ProfitLossColumn, 150);

    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const Theme theme;
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; padding: 6px; }")
                                .arg(theme.color(Theme::Role::ProblemBackground).name(), theme.color(Theme::Role::ProblemText).name()));
    m_banner->hide();

    m_eventsView->setObjectName(QStringLiteral("eventsView"));
    m_eventsView->setModel(m_events);
    m_eventsView->verticalHeader()->hide();
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_eventsView->setWordWrap(false);
    connect(m_events, &EventsModel::loaded, m_eventsView, &QTableView::resizeColumnsToContents);
    m_eventsLabel->setObjectName(QStringLiteral("eventsLabel"));
    auto *eventsPage = new QWidget(this);
    auto *eventsLayout = new QVBoxLayout(eventsPage);
    eventsLayout->addWidget(m_eventsLabel);
    eventsLayout->addWidget(m_eventsView);
    connect(m_events, &EventsModel::loadFailed, m_eventsLabel, &QLabel::setText);

    m_tabs->setObjectName(QStringLiteral("detailTabs"));
    m_tabs->addTab(m_chart, tr("History"));
    m_tabs->addTab(m_portfolioView, tr("Portfolio"));
    m_tabs->addTab(eventsPage, tr("Events"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateSelection(); });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_sandboxInfo);
    layout->addWidget(m_banner);
    layout->addWidget(m_priceNotice);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);
    setStatusBar(m_statusBar);
}

void MainWindow::start()
{
    QString context;
    const QStringList contexts = m_controller->contextNames(&context);
    m_connectionBar->setContexts(contexts, context);
    connectTo(context);
}

void MainWindow::connectTo(const QString &context)
{
    m_banner->hide();
    m_statusBar->setScopeNote(QString());
    m_controller->connectTo(context);
}

void MainWindow::showNamespace(const QString &namespaceName)
{
    m_proxy->setNamespaceFilter(namespaceName);
    m_controller->portfolio()->setNamespaceFilter(namespaceName);
    m_chart->setNamespaceFilter(namespaceName);
}

void MainWindow::onSessionReady()
{
    m_connectionBar->setCurrentNamespace(m_session->namespaceScope());
    m_dialog->setCoins(m_session->coins());
    KubectlCommand::Target target;
    target.kubeconfig = m_controller->options().connection.kubeconfig;
    target.context = m_session->contextName();
    m_dialog->setKubectlTarget(target);
    updateActions();
}

void MainWindow::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

void MainWindow::updateSelection()
{
    const QStringList keys = m_view->selectedKeys();
    m_chart->setKeys(keys);
    const QString key = m_view->currentKey();
    if (m_tabs->currentWidget() == m_eventsView->parentWidget()) {
        const ObjectKey object = ObjectKey::fromString(key);
        if (!object.namespaceName.isEmpty()) {
            m_events->setObject(m_session->cvcType().kind, object.namespaceName, object.name);
            m_eventsLabel->setText(tr("Events for %1, as kubectl events --for cvc/%2 -n %3 lists them")
                                       .arg(key, object.name, object.namespaceName));
        } else {
            m_events->setObject(QString(), QString(), QString());
            m_eventsLabel->setText(tr("Select a CVC to see its events."));
        }
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const bool connected = m_controller->writer()->hasClient();
    const int selected = int(m_view->selectedKeys().size());
    auto gate = [this, connected](QAction *action, const QString &verb, bool selectionOk, const QString &hint) {
        const bool allowed = m_permissions->isAllowed(verb);
        action->setEnabled(connected && allowed && selectionOk);
        action->setToolTip(!allowed ? m_permissions->denialText(verb) : hint);
    };
    gate(m_newAction, QStringLiteral("create"), true, tr("Create a CVC (Ctrl+N)"));
    // A CVC the server has but that is nested too deep to read is listed, not editable here.
    const ObjectCache *cache = m_session->cache();
    const bool readable = selected == 1 && cache && cache->contains(m_view->currentKey());
    gate(m_editAction, QStringLiteral("patch"), readable,
         selected == 1 && !readable ? tr("This CVC cannot be read here; edit it with kubectl edit")
                                    : tr("Edit the selected CVC (Enter)"));
    gate(m_deleteAction, QStringLiteral("delete"), selected >= 1, tr("Delete the selected CVCs (Delete)"));
    m_yamlAction->setEnabled(readable);
    m_copyAction->setEnabled(selected == 1);
}

void MainWindow::newCvc()
{
    if (!m_newAction->isEnabled())
        return;
    m_dialog->startCreate(m_session->defaultNamespace());
    m_dialog->open();
}

void MainWindow::editCvc(const QString &key)
{
    const ObjectCache *cache = m_session->cache();
    if (key.isEmpty() || !cache || !cache->contains(key))
        return;
    if (!m_permissions->isAllowed(QStringLiteral("patch"))) {
        m_statusBar->showMessage(m_permissions->denialText(QStringLiteral("patch")), 10000);
        return;
    }
    m_controller->readObject(key, [this](const QJsonObject &object) {
        m_dialog->startEdit(object);
        m_dialog->open();
    });
}

void MainWindow::deleteSelected()
{
    const QStringList keys = m_view->selectedKeys();
    if (keys.isEmpty() || !m_deleteAction->isEnabled())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete CVCs"),
                                keys.size() == 1 ? tr("Delete %1? Its value history is kept until you clear it.").arg(keys.first())
                                                 : tr("Delete these %1 CVCs?\n%2").arg(keys.size()).arg(keys.join(QLatin1Char('\n'))),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteConfirm"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, keys](int result) {
        if (result == QMessageBox::Yes)
            m_controller->remove(keys);
    });
    box->open();
}

void MainWindow::viewYaml()
{
    const QString key = m_view->currentKey();
    const ObjectCache *cache = m_session->cache();
    if (!cache || !cache->contains(key))
        return;
    m_controller->readObject(key, [this](const QJsonObject &object) {
        m_yamlDialog->setObject(object);
        m_yamlDialog->open();
    });
}

void MainWindow::copyKubectlCommand()
{
    const ObjectKey object = ObjectKey::fromString(m_view->currentKey());
    if (object.namespaceName.isEmpty())
        return;
    KubectlCommand::Target target;
    target.kubeconfig = m_controller->options().connection.kubeconfig;
    target.context = m_session->contextName();
    target.namespaceName = object.namespaceName;
    const QString command = KubectlCommand::get(target, object.name);
    QApplication::clipboard()->setText(command);
    m_statusBar->showMessage(tr("Copied: %1").arg(command), 8000);
}

void MainWindow::showSettings()
{
    m_settingsDialog->load();
    m_settingsDialog->open();
}

void MainWindow::showShortcuts()
{
    if (!m_shortcutsDialog) {
        m_shortcutsDialog = new ShortcutsDialog(this);
        m_shortcutsDialog->setWidgetKeys({{tr("Edit the selected CVC (in the table)"), tr("Enter")},
                                          {tr("Clear the filter (in the filter box)"), tr("Esc")}});
    }
    m_shortcutsDialog->setActions(actions() + findChildren<QAction *>(QString(), Qt::FindDirectChildrenOnly));
    m_shortcutsDialog->show();
    m_shortcutsDialog->raise();
}

void MainWindow::showAbout()
{
    if (!m_aboutDialog)
        m_aboutDialog = new AboutDialog(this);
    QStringList files;
    for (const QString &path : KubeConfig::searchPaths(m_controller->options().connection)) {
        if (QFileInfo::exists(path))
            files << path;
    }
    m_aboutDialog->setClientConfig(files, m_session->contextName());
    m_aboutDialog->show();
    m_aboutDialog->raise();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings->setWindowGeometry(saveGeometry());
    m_settings->setWindowState(saveState());
    m_settings->setTableHeaderState(m_view->horizontalHeader()->saveState());
    m_settings->sync();
    if (m_controller->isStopped()) {
        m_controller->close();
        event->accept();
        return;
    }
    // Release the lease before the window goes, so another writer takes over at once.
    event->ignore();
    if (m_closing)
        return;
    m_closing = true;
    m_statusBar->showMessage(tr("Releasing the lease…"));
    m_controller->stop([this] {
        // An observer's loop stops at once, inside this closeEvent; close again from the event
        // loop, since a close nested in a close is ignored.
        QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
    });
}

} // namespace cvc::ui
