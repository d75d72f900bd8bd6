#include "main_window.h"

#include "app/document_controller.h"
#include "app/fetch_controller.h"
#include "chart/chart_widget.h"
#include "docks/calibration_panel.h"
#include "docks/clusters_panel.h"
#include "docks/data_source_panel.h"
#include "docks/signals_panel.h"
#include "docks/trade_planner_panel.h"
#include "docks/model_panel.h"
#include "panes/time_panes.h"

#include "liqheat/io/export.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/io/file_io.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPalette>
#include <QProgressBar>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QScreen>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <QDateTime>

namespace liqheat::ui {

void applyApplicationTheme(Theme theme)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (theme == Theme::Light) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(0x1b, 0x1e, 0x24);
    const QColor base(0x14, 0x16, 0x1b);
    const QColor text(0xd6, 0xda, 0xe1);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x5c, 0xa8, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x88, 0x94));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x72, 0x80));
    QApplication::setPalette(p);
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    m_settings.migrate();
    m_actions = new Actions(this);
    m_document = new DocumentController(this);

    m_chart = new ChartWidget(this);
    m_panes = new TimePanes(this);
    m_panes->setObjectName(QStringLiteral("timePanes"));
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_chart);
    m_splitter->addWidget(m_panes);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    createDocks();
    createTradeTools();
    createDataSource();
    arrangeDocks();
    createMenus();
    createStatusBar();
    connectDocument();
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_modelPanel = new ModelPanel(this);
    m_modelDock = new QDockWidget(tr("Model"), this);
    m_modelDock->setObjectName(QStringLiteral("modelDock"));
    // Scrolls rather than squeezing the tier table when the window is short.
    auto* scroll = new QScrollArea(m_modelDock);
    scroll->setObjectName(QStringLiteral("modelScroll"));
    scroll->setWidget(m_modelPanel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_modelDock->setWidget(scroll);
    m_modelDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_modelDock);

    m_clustersPanel = new ClustersPanel(this);
    m_clustersDock = new QDockWidget(tr("Clusters"), this);
    m_clustersDock->setObjectName(QStringLiteral("clustersDock"));
    m_clustersDock->setWidget(m_clustersPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_clustersDock);
    m_calibrationPanel = new CalibrationPanel(this);
    m_calibrationDock = new QDockWidget(tr("Model Skill"), this);
    m_calibrationDock->setObjectName(QStringLiteral("calibrationDock"));
    m_calibrationDock->setWidget(m_calibrationPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_calibrationDock);
    connect(m_clustersPanel, &ClustersPanel::clusterActivated, this, [this](const Cluster& c) {
        m_chart->centreOnPrice(c.peakPrice);
        m_chart->setFocus();
    });

    connect(m_modelPanel, &ModelPanel::modelChanged, this, [this](const ModelSettings& model) {
        m_settings.setModel(model);
        m_resetViewOnEstimate = false;
        m_document->setModel(model);
    });
    connect(m_modelPanel, &ModelPanel::styleChanged, this, [this](const HeatmapStyle& style) {
        m_settings.setStyle(style);
        applyStyle(style);
    });
}

void MainWindow::arrangeDocks()
{
    // The right-hand column holds two tab groups: settings and planning above, analysis below.
    // The chart keeps the width a trader needs, and every tab title stays readable.
    splitDockWidget(m_modelDock, m_clustersDock, Qt::Vertical);
    tabifyDockWidget(m_modelDock, m_plannerDock);
    tabifyDockWidget(m_plannerDock, m_dataDock);
    tabifyDockWidget(m_clustersDock, m_signalsDock);
    tabifyDockWidget(m_signalsDock, m_calibrationDock);
    m_modelDock->raise();
    m_clustersDock->raise();
}

void MainWindow::createTradeTools()
{
    m_plannerPanel = new TradePlannerPanel(this);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("plannerScroll"));
    scroll->setWidget(m_plannerPanel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_plannerDock = new QDockWidget(tr("Trade Planner"), this);
    m_plannerDock->setObjectName(QStringLiteral("plannerDock"));
    m_plannerDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_plannerDock);

    m_signalsPanel = new SignalsPanel(this);
    m_signalsDock = new QDockWidget(tr("Signals"), this);
    m_signalsDock->setObjectName(QStringLiteral("signalsDock"));
    m_signalsDock->setWidget(m_signalsPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_signalsDock);

    connect(m_plannerPanel, &TradePlannerPanel::inputsChanged, this, &MainWindow::updatePlan);
    connect(m_plannerPanel, &TradePlannerPanel::cascadeRequested, this, &MainWindow::runCascade);
    connect(m_plannerPanel, &TradePlannerPanel::cascadeCleared, this, [this] {
        m_chart->renderer().setPricePath({}, {});
        m_chart->update();
    });
    connect(m_chart, &ChartWidget::markerDragged, this, [this](const QString& id, double price) {
        if (id == QLatin1String("entry")) {
            m_plannerPanel->setEntry(price);
        } else if (id == QLatin1String("stop")) {
            m_plannerPanel->setManualStop(price);
        } else if (id == QLatin1String("liquidation")) {
            // The leverage whose isolated liquidation price lands where the line was dropped:
            // LP = EP (1 -/+ 1/L) / (1 -/+ MMR), solved for L at the current tier's rate.
            const PlanInputs in = m_plannerPanel->inputs();
            const double mmr = m_lastPlanMmr;
            const double inverse = in.side == Side::Long ? 1.0 - price * (1.0 - mmr) / in.entry
                                                         : price * (1.0 + mmr) / in.entry - 1.0;
            if (inverse > 0.0) {
                m_plannerPanel->setLeverage(1.0 / inverse);
            }
        }
    });
}

void MainWindow::updatePlan()
{
    const EstimateResult* estimate = m_document->estimate();
    if (estimate == nullptr) {
        return;
    }
    const PlanInputs inputs = m_plannerPanel->inputs();
    if (!(inputs.entry > 0.0)) {
        return;
    }
    const TradePlan plan = computePlan(inputs, estimate->map, m_document->clusters(), m_document->snapshot().data.candles);
    m_plannerPanel->showPlan(plan);
    std::vector<PriceMarker> markers;
    markers.push_back({QStringLiteral("entry"), tr("entry"), inputs.entry, QColor(0x5c, 0xa8, 0xff), true});
    if (plan.error.isEmpty()) {
        markers.push_back({QStringLiteral("stop"), tr("stop"), plan.stop, QColor(0xff, 0xb7, 0x4d), true});
        if (plan.liquidation && plan.liquidation->liquidationPrice > 0.0) {
            markers.push_back({QStringLiteral("liquidation"), plan.liquidationBeforeStop ? tr("liquidation (before stop!)") : tr("liquidation"),
                               plan.liquidation->liquidationPrice, QColor(0xe0, 0x40, 0xfb), true});
            m_lastPlanMmr = plan.liquidation->tier.rate;
        }
    }
    m_chart->renderer().setMarkers(std::move(markers));
    m_chart->update();
}

void MainWindow::updateSignals()
{
    const EstimateResult* estimate = m_document->estimate();
    if (estimate == nullptr) {
        return;
    }
    const MarketData& market = m_document->snapshot().data;
    const SignalThresholds thresholds;
    const NearPriceHistory history = nearPriceHistory(estimate->heatmap, market.candles, thresholds.overheatRangePercent);
    auto report = evaluateSignals(market, estimate->map, m_document->clusters(), history, thresholds);
    if (report) {
        m_signalsPanel->setReport(std::move(report).value(), {});
    } else {
        m_signalsPanel->setReport(std::nullopt, QString::fromStdString(report.error().message));
    }
}

void MainWindow::runCascade()
{
    const EstimateResult* estimate = m_document->estimate();
    if (estimate == nullptr) {
        return;
    }
    CascadeOptions options;
    options.shockPercent = m_plannerPanel->cascadeShockPercent();
    options.impactPerMillion = m_plannerPanel->cascadeImpact();
    auto result = simulateCascade(estimate->map, options);
    if (!result) {
        m_plannerPanel->showCascade(std::nullopt, QString::fromStdString(result.error().message));
        return;
    }
    std::vector<double> path{result->startPrice};
    for (const auto& step : result->steps) {
        path.push_back(step.priceTo);
    }
    m_chart->renderer().setPricePath(std::move(path), tr("what-if %1 %: %2 liquidated")
                                                          .arg(options.shockPercent, 0, 'f', 1)
                                                          .arg(formatUsd(result->totalLongUsd + result->totalShortUsd)));
    m_chart->update();
    m_plannerPanel->showCascade(std::move(result).value(), {});
}

void MainWindow::createDataSource()
{
    m_fetch = new FetchController(this);
    m_dataPanel = new DataSourcePanel(this);
    m_dataDock = new QDockWidget(tr("Data Source"), this);
    m_dataDock->setObjectName(QStringLiteral("dataSourceDock"));
    m_dataDock->setWidget(m_dataPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_dataDock);

    FetchRequest remembered;
    remembered.exchange = m_settings.sourceExchange.value().toStdString();
    remembered.symbol = m_settings.sourceSymbol.value().toStdString();
    remembered.interval = m_settings.sourceInterval.value().toStdString();
    remembered.spanMs = static_cast<TimeMs>(std::clamp(m_settings.sourceDays.value(), 1, 90)) * 86'400'000LL;
    m_dataPanel->setRequest(remembered);
    m_dataPanel->setAutoRefresh(m_settings.autoRefresh.value(), m_settings.autoRefreshSeconds.value());

    m_autoRefreshTimer = new QTimer(this);
    m_autoRefreshTimer->setObjectName(QStringLiteral("autoRefreshTimer"));
    connect(m_autoRefreshTimer, &QTimer::timeout, this, [this] {
        if (!m_fetch->isRunning()) {
            refreshLiveData(true);
        }
    });
    auto applyAutoRefresh = [this](bool on, int seconds) {
        m_settings.autoRefresh.setValue(on);
        m_settings.autoRefreshSeconds.setValue(seconds);
        m_autoRefreshTimer->setInterval(seconds * 1000);
        if (on) {
            m_autoRefreshTimer->start();
        } else {
            m_autoRefreshTimer->stop();
        }
    };
    applyAutoRefresh(m_settings.autoRefresh.value(), m_settings.autoRefreshSeconds.value());
    connect(m_dataPanel, &DataSourcePanel::autoRefreshChanged, this, applyAutoRefresh);
    connect(m_dataPanel, &DataSourcePanel::refreshRequested, this, [this] { refreshLiveData(false); });
    connect(m_dataPanel, &DataSourcePanel::cancelRequested, m_fetch, &FetchController::cancel);

    connect(m_fetch, &FetchController::started, this, [this](const QString& what) {
        m_dataPanel->setBusy(true);
        m_actions->refresh->setEnabled(false);
        m_actions->cancelFetch->setEnabled(true);
        statusBar()->showMessage(tr("Fetching %1...").arg(what));
    });
    connect(m_fetch, &FetchController::progress, m_dataPanel, &DataSourcePanel::setProgress);
    auto idle = [this] {
        m_dataPanel->setBusy(false);
        m_actions->refresh->setEnabled(true);
        m_actions->cancelFetch->setEnabled(false);
    };
    connect(m_fetch, &FetchController::finished, this, [this, idle](std::shared_ptr<const FetchResult> result) {
        idle();
        m_lastFetchMs = QDateTime::currentMSecsSinceEpoch();
        m_dataPanel->setUpdated(m_lastFetchMs);
        QStringList notes;
        for (const auto& note : result->notes) {
            notes << QString::fromStdString(note);
        }
        m_dataPanel->setStatus(notes.isEmpty() ? tr("%1 requests, complete.").arg(result->requests)
                                               : notes.join(QLatin1Char('\n')));
        m_resetViewOnEstimate = !m_fetchIsAutomatic;
        m_document->setFetched(*result, m_fetchIsAutomatic);
        updateDataAge();
    });
    connect(m_fetch, &FetchController::failed, this, [this, idle](const QString& message, bool cancelled) {
        idle();
        m_dataPanel->setStatus(message);
        if (cancelled || m_fetchIsAutomatic) {
            m_lastError = message;
            statusBar()->showMessage(message, 10000);
        } else {
            showError(tr("Live data"), message);
        }
    });

    m_statusAge = new QLabel(this);
    m_statusAge->setObjectName(QStringLiteral("statusAge"));
    m_ageTimer = new QTimer(this);
    m_ageTimer->setInterval(1000);
    connect(m_ageTimer, &QTimer::timeout, this, &MainWindow::updateDataAge);
}

void MainWindow::refreshLiveData(bool automatic)
{
    FetchRequest request = m_dataPanel->request();
    m_settings.sourceExchange.setValue(QString::fromStdString(request.exchange));
    m_settings.sourceSymbol.setValue(QString::fromStdString(request.symbol));
    m_settings.sourceInterval.setValue(QString::fromStdString(request.interval));
    m_settings.sourceDays.setValue(static_cast<int>(request.spanMs / 86'400'000LL));
    // An auto-refresh of the market on screen fetches only what is new (plus a little overlap, so
    // the candle that was still forming is replaced); anything else fetches the whole span.
    const bool append = automatic && m_document->hasData() && m_document->filePath().isEmpty() &&
                        m_document->displayName().startsWith(tr("Live:"));
    if (append) {
        const auto& candles = m_document->snapshot().data.candles;
        const TimeMs interval = std::max<TimeMs>(m_document->snapshot().data.candleIntervalMs(), 60'000);
        const TimeMs now = QDateTime::currentMSecsSinceEpoch();
        request.spanMs = std::max<TimeMs>(now - candles.time.back() + 3 * interval, 3'600'000);
    }
    m_fetchIsAutomatic = append;
    if (!m_fetch->start(request)) {
        statusBar()->showMessage(tr("A fetch is already running."), 3000);
    }
}

void MainWindow::updateDataAge()
{
    if (m_lastFetchMs <= 0) {
        m_statusAge->clear();
        return;
    }
    m_ageTimer->start();
    const qint64 seconds = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - m_lastFetchMs) / 1000);
    m_statusAge->setText(seconds < 120 ? tr("updated %1 s ago").arg(seconds) : tr("updated %1 min ago").arg(seconds / 60));
}

void MainWindow::createMenus()
{
    Actions& a = *m_actions;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(a.open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuRecent"));
    file->addAction(a.openSample);
    file->addSeparator();
    file->addAction(a.refresh);
    file->addAction(a.cancelFetch);
    file->addSeparator();
    file->addAction(a.saveAs);
    file->addSeparator();
    file->addAction(a.exportPng);
    QMenu* csv = file->addMenu(tr("Export &CSV"));
    csv->addAction(a.exportGridCsv);
    csv->addAction(a.exportMapCsv);
    file->addSeparator();
    file->addAction(a.quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(a.resetView);
    view->addAction(a.zoomIn);
    view->addAction(a.zoomOut);
    view->addSeparator();
    view->addAction(a.showProfile);
    view->addAction(a.showClusters);
    view->addSeparator();
    view->addAction(m_modelDock->toggleViewAction());
    view->addAction(m_clustersDock->toggleViewAction());
    view->addAction(m_calibrationDock->toggleViewAction());
    view->addAction(m_dataDock->toggleViewAction());
    view->addAction(m_plannerDock->toggleViewAction());
    view->addAction(m_signalsDock->toggleViewAction());
    QMenu* theme = view->addMenu(tr("&Theme"));
    theme->addAction(a.themeDark);
    theme->addAction(a.themeLight);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(a.aboutModel);
    help->addAction(a.about);

    connect(a.open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Snapshot"), m_settings.lastDirectory.value(),
                                                          tr("liqheat snapshots (*.json *.json.gz *.gz);;All files (*)"));
        if (!path.isEmpty()) {
            openPath(path);
        }
    });
    connect(a.openSample, &QAction::triggered, this, [this] { openPath({}); });
    connect(a.clearRecent, &QAction::triggered, this, [this] {
        m_settings.recentFiles.setValue({});
        rebuildRecentMenu();
    });
    connect(a.saveAs, &QAction::triggered, this, [this] {
        const QString path = askSavePath(tr("Save Snapshot"), tr("Compressed snapshot (*.json.gz);;Snapshot (*.json)"),
                                         QStringLiteral(".json.gz"));
        if (!path.isEmpty()) {
            saveSnapshotTo(path);
        }
    });
    connect(a.exportPng, &QAction::triggered, this, [this] {
        const QString path = askSavePath(tr("Export PNG"), tr("PNG image (*.png)"), QStringLiteral(".png"));
        if (!path.isEmpty()) {
            exportPngTo(path);
        }
    });
    connect(a.exportGridCsv, &QAction::triggered, this, [this] {
        const QString path = askSavePath(tr("Export Heatmap Grid"), tr("CSV (*.csv)"), QStringLiteral(".csv"));
        if (!path.isEmpty()) {
            exportCsvTo(path, true);
        }
    });
    connect(a.exportMapCsv, &QAction::triggered, this, [this] {
        const QString path = askSavePath(tr("Export Liquidation Map"), tr("CSV (*.csv)"), QStringLiteral(".csv"));
        if (!path.isEmpty()) {
            exportCsvTo(path, false);
        }
    });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.refresh, &QAction::triggered, this, [this] { refreshLiveData(false); });
    connect(a.cancelFetch, &QAction::triggered, m_fetch, &FetchController::cancel);
    connect(a.resetView, &QAction::triggered, m_chart, &ChartWidget::resetView);
    connect(a.zoomIn, &QAction::triggered, this, [this] { m_chart->zoomBy(0.8); });
    connect(a.zoomOut, &QAction::triggered, this, [this] { m_chart->zoomBy(1.25); });
    connect(a.showProfile, &QAction::toggled, this, [this](bool on) {
        m_settings.showProfile.setValue(on);
        m_chart->setShowProfile(on);
    });
    connect(a.showClusters, &QAction::toggled, this, [this](bool on) {
        m_settings.showClusters.setValue(on);
        m_chart->renderer().setClusters(m_document->clusters(), on);
        m_chart->update();
    });
    connect(a.themeDark, &QAction::triggered, this, [this] { applyTheme(Theme::Dark); });
    connect(a.themeLight, &QAction::triggered, this, [this] { applyTheme(Theme::Light); });
    connect(a.aboutModel, &QAction::triggered, this, [this] {
        auto* box = new QMessageBox(QMessageBox::Information, tr("How the estimate works"),
                                    tr("<p>The heatmap is an <b>estimate</b>: no exchange publishes where positions "
                                       "will be liquidated.</p>"
                                       "<p>Candle by candle, a rise in open interest (in BTC, not USD) opens as many "
                                       "longs as shorts near the candle's price. Each is spread over the leverage tiers "
                                       "of the Model dock and placed at that tier's isolated liquidation price "
                                       "(Binance formula with the maintenance rate). Levels the price then crosses are "
                                       "counted as liquidated; a fall in open interest closes positions "
                                       "proportionally.</p><p>Red: shorts liquidated if price rises there. Green: longs "
                                       "liquidated if it falls there. Brighter means more notional. See docs/MODEL.md "
                                       "for the assumptions and the measured skill against realized "
                                       "liquidations.</p>"),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(a.about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About liqheat"),
                           tr("<b>liqheat %1</b><p>Liquidation heatmaps for crypto perpetual futures.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createStatusBar()
{
    m_statusData = new QLabel(this);
    m_statusData->setObjectName(QStringLiteral("statusData"));
    m_statusModel = new QLabel(this);
    m_statusModel->setObjectName(QStringLiteral("statusModel"));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setVisible(false);
    statusBar()->addWidget(m_statusData, 1);
    statusBar()->addPermanentWidget(m_statusAge);
    statusBar()->addPermanentWidget(m_statusModel);
    statusBar()->addPermanentWidget(m_busy);
}

void MainWindow::connectDocument()
{
    connect(m_document, &DocumentController::dataLoaded, this, &MainWindow::onDataLoaded);
    connect(m_document, &DocumentController::estimateReady, this, &MainWindow::onEstimateReady);
    connect(m_document, &DocumentController::errorOccurred, this,
            [this](const QString& message) { showError(tr("Could not open the file"), message); });
    connect(m_document, &DocumentController::busyChanged, m_busy, &QWidget::setVisible);
    connect(m_document, &DocumentController::loadStarted, this,
            [this](const QString& name) { statusBar()->showMessage(tr("Loading %1...").arg(name), 3000); });
    connect(m_chart, &ChartWidget::plotRectChanged, this, [this](const QRectF& plot, int width) {
        m_panes->setPlotInsets(static_cast<int>(plot.left()), width - static_cast<int>(plot.right()));
    });
    connect(m_chart, &ChartWidget::viewportChanged, this, [this](const ChartViewport& v) {
        m_panes->setTimeRange(static_cast<qint64>(v.timeFrom), static_cast<qint64>(v.timeTo));
    });
}

void MainWindow::restoreSettings()
{
    m_document->setModel(m_settings.model());
    m_modelPanel->setModel(m_settings.model());
    const HeatmapStyle style = m_settings.style();
    m_modelPanel->setStyle(style);
    applyStyle(style);
    m_actions->showProfile->setChecked(m_settings.showProfile.value());
    m_chart->setShowProfile(m_settings.showProfile.value());
    m_actions->showClusters->setChecked(m_settings.showClusters.value());
    const Theme theme = themeFromString(m_settings.theme.value());
    (theme == Theme::Light ? m_actions->themeLight : m_actions->themeDark)->setChecked(true);
    applyTheme(theme);
    if (!restoreGeometry(m_settings.windowGeometry.value())) {
        // First run: most of the screen, since the heatmap wants width.
        const QRect available = screen() != nullptr ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::max(1000, available.width() * 9 / 10), std::max(700, available.height() * 9 / 10));
    }
    if (!restoreState(m_settings.windowState.value())) {
        resizeDocks({m_modelDock}, {330}, Qt::Horizontal);
    }
    m_splitter->restoreState(m_settings.splitterState.value());
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings.recentFiles.value();
    for (const QString& path : files) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openPath(path); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    } else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(m_actions->clearRecent);
    }
}

void MainWindow::openPath(const QString& path)
{
    m_resetViewOnEstimate = true;
    if (path.isEmpty()) {
        m_document->openBundledSample();
        return;
    }
    m_settings.lastDirectory.setValue(QFileInfo(path).absolutePath());
    m_document->openFile(path);
}

void MainWindow::onDataLoaded()
{
    statusBar()->clearMessage();
    const Snapshot& s = m_document->snapshot();
    m_modelPanel->setModel(m_document->model());
    m_panes->setMarketData(s.data);
    if (!m_document->filePath().isEmpty()) {
        m_settings.addRecentFile(m_document->filePath());
        rebuildRecentMenu();
    }
    const CandleSeries& c = s.data.candles;
    m_statusData->setText(
        c.empty() ? tr("%1: no candles").arg(m_document->displayName())
                  : tr("%1  |  %2 candles, %3 to %4  |  last %5")
                        .arg(m_document->displayName())
                        .arg(c.size())
                        .arg(formatUtc(static_cast<double>(c.time.front())), formatUtc(static_cast<double>(c.time.back())))
                        .arg(c.close.back(), 0, 'f', 1));
    updateTitle();
}

void MainWindow::onEstimateReady()
{
    const EstimateResult* estimate = m_document->estimate();
    const Snapshot& s = m_document->snapshot();
    ChartRenderer& r = m_chart->renderer();
    r.setTitle(QStringLiteral("%1  %2  %3  |  model: %4")
                   .arg(QString::fromStdString(s.data.source.symbol),
                        QString::fromStdString(formatInterval(s.data.candleIntervalMs())),
                        QString::fromStdString(s.data.source.exchanges.empty() ? std::string() : s.data.source.exchanges.front()),
                        QString::fromStdString(m_document->model().preset)));
    r.setData(&s.data, estimate);
    r.setClusters(m_document->clusters(), m_actions->showClusters->isChecked());
    m_chart->dataChanged(m_resetViewOnEstimate);
    m_resetViewOnEstimate = false;
    m_panes->setEstimatedLiquidations(estimate->sweep);
    m_clustersPanel->setClusters(m_document->clusters(), estimate->map.price);
    m_calibrationPanel->setReport(m_document->calibration(), m_document->calibrationNote());
    m_plannerPanel->setLastPrice(estimate->map.price);
    updatePlan();
    updateSignals();
    const ChartViewport& v = m_chart->viewport();
    m_panes->setTimeRange(static_cast<qint64>(v.timeFrom), static_cast<qint64>(v.timeTo));
    m_modelPanel->setEffectiveBucketSize(estimate->bucketSize);
    m_statusModel->setText(tr("model %1, bucket %2").arg(QString::fromStdString(m_document->model().preset)).arg(estimate->bucketSize));
    emit estimateShown();
}

void MainWindow::applyTheme(Theme theme)
{
    m_settings.theme.setValue(toString(theme));
    applyApplicationTheme(theme);
    m_chart->renderer().setTheme(theme);
    m_panes->setTheme(theme);
    m_chart->update();
}

void MainWindow::applyStyle(const HeatmapStyle& style)
{
    m_chart->renderer().setStyle(style);
    m_panes->setPalette(style.palette);
    m_chart->update();
}

void MainWindow::showError(const QString& title, const QString& message)
{
    m_lastError = message;
    statusBar()->showMessage(message, 10000);
    // open(), not exec(): the window stays responsive and tests are never blocked by a dialog.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateTitle()
{
    const QString name = m_document->hasData() ? m_document->displayName() : tr("no data");
    setWindowTitle(tr("%1 - liqheat").arg(name));
}

QString MainWindow::askSavePath(const QString& title, const QString& filter, const QString& suffix)
{
    QString suggested = m_settings.lastDirectory.value();
    if (m_document->hasData()) {
        const auto& src = m_document->snapshot().data.source;
        suggested += QStringLiteral("/%1-%2%3")
                         .arg(QString::fromStdString(src.symbol), QString::fromStdString(formatInterval(m_document->snapshot().data.candleIntervalMs())), suffix);
    }
    QString path = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (!path.isEmpty() && !path.endsWith(suffix) && !(suffix == QLatin1String(".json.gz") && path.endsWith(QLatin1String(".json")))) {
        path += suffix;
    }
    if (!path.isEmpty()) {
        m_settings.lastDirectory.setValue(QFileInfo(path).absolutePath());
    }
    return path;
}

bool MainWindow::saveSnapshotTo(const QString& path)
{
    const QString error = m_document->saveAs(path);
    if (!error.isEmpty()) {
        showError(tr("Could not save the snapshot"), error);
        return false;
    }
    m_settings.addRecentFile(path);
    rebuildRecentMenu();
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportPngTo(const QString& path)
{
    const QImage image = m_chart->renderImage(m_chart->size());
    // Save to a temp name, then rename: a failed export never leaves half an image behind.
    const QString temp = path + QStringLiteral(".part");
    if (!image.save(temp, "PNG")) {
        QFile::remove(temp);
        showError(tr("Could not export PNG"), tr("%1: cannot write the image").arg(path));
        return false;
    }
    QFile::remove(path);
    if (!QFile::rename(temp, path)) {
        QFile::remove(temp);
        showError(tr("Could not export PNG"), tr("%1: cannot replace the file").arg(path));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    return true;
}

bool MainWindow::exportCsvTo(const QString& path, bool grid)
{
    const EstimateResult* estimate = m_document->estimate();
    if (estimate == nullptr) {
        showError(tr("Nothing to export"), tr("No estimate is available yet."));
        return false;
    }
    const std::string text = grid ? heatmapCsv(estimate->heatmap)
                                  : liquidationMapCsv(estimate->map, 0, estimate->map.grid.count - 1);
    const auto status = writeFileAtomic(path.toStdString(), text);
    if (!status) {
        showError(tr("Could not export CSV"), QString::fromStdString(status.error().message));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings.windowGeometry.setValue(saveGeometry());
    m_settings.windowState.setValue(saveState());
    m_settings.splitterState.setValue(m_splitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile()) {
        openPath(urls.front().toLocalFile());
        event->acceptProposedAction();
    }
}

}  // namespace liqheat::ui
