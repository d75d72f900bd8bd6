#include "window/main_window.h"

#include "chart/chart_widget.h"
#include "chart/png_export.h"
#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/live_controller.h"
#include "controllers/stream_feed.h"
#include "controllers/watchlist_controller.h"
#include "controllers/zoom_detail.h"
#include "docks/calibration_panel.h"
#include "docks/clusters_panel.h"
#include "docks/data_source_panel.h"
#include "docks/layer_control.h"
#include "docks/model_panel.h"
#include "docks/signals_panel.h"
#include "docks/trade_planner_panel.h"
#include "docks/watchlist_panel.h"
#include "panes/time_panes.h"
#include "text_format.h"
#include "window/archive_binding.h"
#include "window/help_dialogs.h"
#include "window/notifier.h"
#include "window/planner_binding.h"
#include "window/stored_span_dialog.h"
#include "window/theme.h"
#include "window/watch_binding.h"

#include "liqheat/io/export.h"
#include "liqheat/io/file_io.h"
#include "liqheat/store/market_store.h"
#include "liqheat/sync/store_market_feed.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace liqheat::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    m_settings.migrate();
    m_actions = new Actions(this);
    m_document = new DocumentController(this);
    m_live = new LiveController(m_document, this);

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

    m_docks = DockSet::create(this);
    createStatusBar();
    createMenus();
    connectDocks();
    m_planner = new PlannerBinding(m_document, m_docks.planner, m_chart, this);
    m_zoomDetail = new ZoomDetail(m_document, this);
    connect(m_planner, &PlannerBinding::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    auto* archive = new ArchiveBinding(this, m_actions->importFiles, m_actions->backfillArchive, this);
    connect(archive, &ArchiveBinding::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(archive, &ArchiveBinding::openRequested, this, &MainWindow::openPath);
    connectLive();
    connectWatch();
    connectDocument();
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow()
{
    // Its worker draws on m_budgets: stop it before the members go.
    delete m_watch;
}

void MainWindow::connectDocks()
{
    connect(m_docks.clusters, &ClustersPanel::clusterActivated, this, [this](const Cluster& c) {
        m_chart->centreOnPrice(c.peakPrice);
        m_chart->setFocus();
    });
    connect(m_docks.model, &ModelPanel::modelChanged, this, [this](const ModelSettings& model) {
        m_settings.setModel(model);
        m_resetViewOnEstimate = false;
        m_document->setModel(model);
    });
    connect(m_docks.model->layers(), &LayerControl::layersChanged, this,
            [this](const std::optional<std::vector<bool>>& layers) {
                m_resetViewOnEstimate = false;
                m_document->setLayers(layers);
            });
    connect(m_docks.model, &ModelPanel::styleChanged, this, [this](const HeatmapStyle& style) {
        m_settings.setStyle(style);
        applyStyle(style);
    });
}

void MainWindow::createMenus()
{
    Actions& a = *m_actions;
    m_recentMenu = a.populateMenuBar(menuBar(), m_docks.all());

    connect(a.open, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Snapshot"), m_settings.lastDirectory.value(),
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
    connect(a.exportStoredSpan, &QAction::triggered, this, &MainWindow::exportStoredSpanInteractively);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.resetView, &QAction::triggered, m_chart, &ChartWidget::resetView);
    connect(a.zoomIn, &QAction::triggered, this, [this] { m_chart->zoomBy(0.8); });
    connect(a.zoomOut, &QAction::triggered, this, [this] { m_chart->zoomBy(1.25); });
    connect(a.showProfile, &QAction::toggled, this, [this](bool on) {
        m_settings.showProfile.setValue(on);
        m_chart->setShowProfile(on);
    });
    connect(a.showClusters, &QAction::toggled, this, [this](bool on) {
        m_settings.showClusters.setValue(on);
        m_chart->renderer().setClusters(m_document->shownClusters(), on);
        m_chart->update();
    });
    // Realized liquidation bubbles: on/off and the smallest shown, remembered.
    auto applyPrints = [this] {
        const QAction* minimum = m_actions->realizedMinGroup->checkedAction();
        const double minUsd = minimum != nullptr ? minimum->data().toDouble() : 0.0;
        m_settings.showRealized.setValue(m_actions->showRealized->isChecked());
        m_settings.realizedMinUsd.setValue(minUsd);
        m_chart->renderer().setShowPrints(m_actions->showRealized->isChecked(), minUsd);
        m_chart->update();
    };
    a.showRealized->setChecked(m_settings.showRealized.value());
    for (QAction* minimum : a.realizedMin) {
        minimum->setChecked(minimum->data().toDouble() == m_settings.realizedMinUsd.value());
    }
    if (a.realizedMinGroup->checkedAction() == nullptr) {
        a.realizedMin.value(1, a.realizedMin.front())->setChecked(true);
    }
    applyPrints();
    connect(a.showRealized, &QAction::toggled, this, applyPrints);
    connect(a.realizedMinGroup, &QActionGroup::triggered, this, applyPrints);
    connect(a.themeDark, &QAction::triggered, this, [this] { applyTheme(Theme::Dark); });
    connect(a.themeLight, &QAction::triggered, this, [this] { applyTheme(Theme::Light); });
    connect(a.aboutModel, &QAction::triggered, this, [this] { showModelExplanation(this); });
    connect(a.about, &QAction::triggered, this, [this] { showAbout(this); });
}

void MainWindow::createStatusBar()
{
    m_statusData = new QLabel(this);
    m_statusData->setObjectName(QStringLiteral("statusData"));
    m_statusAge = new QLabel(this);
    m_statusAge->setObjectName(QStringLiteral("statusAge"));
    m_statusStream = new QLabel(this);
    m_statusStream->setObjectName(QStringLiteral("statusStream"));
    m_statusModel = new QLabel(this);
    m_statusModel->setObjectName(QStringLiteral("statusModel"));
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setVisible(false);
    statusBar()->addWidget(m_statusData, 1);
    statusBar()->addPermanentWidget(m_statusStream);
    statusBar()->addPermanentWidget(m_statusAge);
    statusBar()->addPermanentWidget(m_statusModel);
    statusBar()->addPermanentWidget(m_busy);
}

void MainWindow::connectDocument()
{
    connect(m_document, &DocumentController::dataLoaded, this, &MainWindow::onDataLoaded);
    connect(m_document, &DocumentController::estimateReady, this, &MainWindow::onEstimateReady);
    connect(m_document, &DocumentController::errorOccurred, this, &MainWindow::showError);
    connect(m_document, &DocumentController::busyChanged, this, [this](bool busy) {
        m_busy->setVisible(busy);
        if (!busy) {
            m_busy->setRange(0, 0);  // back to "busy, no figure" for the next work
        }
        m_actions->cancelFetch->setEnabled(busy || m_live->state() == LiveController::State::Fetching);
    });
    // Reading and estimating a long history take seconds: how far, and Esc to stop.
    connect(m_document, &DocumentController::workProgress, this, [this](const QString& what, int percent) {
        m_busy->setRange(0, 100);
        m_busy->setValue(percent);
        m_busy->setFormat(tr("%1 %p%").arg(what));
        m_busy->setToolTip(tr("%1: %2 % (Esc cancels)").arg(what).arg(percent));
    });
    connect(m_document, &DocumentController::workCancelled, this, [this](const QString& what) {
        statusBar()->showMessage(tr("%1 cancelled; the previous data stays.").arg(what), 5000);
    });
    connect(m_document, &DocumentController::loadStarted, this,
            [this](const QString& name) { statusBar()->showMessage(tr("Loading %1...").arg(name), 3000); });
    // The panes follow the chart's plot edges (resize, profile shown or hidden), its visible time
    // and its crosshair, so a time sits at the same x in the chart and in every pane.
    connect(m_chart, &ChartWidget::plotRectChanged, m_panes, &TimePanes::alignToPlot);
    connect(m_chart, &ChartWidget::viewportChanged, this, [this](const ChartViewport& v) {
        m_panes->setTimeRange(v.timeFrom, v.timeTo);
        m_zoomDetail->viewChanged(v.timeFrom, v.timeTo, static_cast<int>(m_chart->transform().plot().width()));
        showEstimateForView();
    });
    connect(m_zoomDetail, &ZoomDetail::detailChanged, this, &MainWindow::showEstimateForView);
    connect(m_chart, &ChartWidget::crosshairMoved, m_panes,
            [this](double timeMs) { m_panes->setCrosshairTime(timeMs); });
    connect(m_chart, &ChartWidget::crosshairLeft, m_panes, [this] { m_panes->setCrosshairTime(std::nullopt); });
    connect(m_panes, &TimePanes::crosshairMoved, m_chart, [this](double timeMs) { m_chart->setTimeCursor(timeMs); });
    connect(m_panes, &TimePanes::crosshairLeft, m_chart, [this] { m_chart->setTimeCursor(std::nullopt); });
    m_panes->alignToPlot(m_chart->transform().plot(), m_chart->width());
}

void MainWindow::restoreSettings()
{
    m_document->setModel(m_settings.model());
    m_docks.model->setModel(m_settings.model());
    const HeatmapStyle style = m_settings.style();
    m_docks.model->setStyle(style);
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
        resizeDocks({m_docks.modelDock}, {330}, Qt::Horizontal);
    }
    m_splitter->restoreState(m_settings.splitterState.value());
    rebuildRecentMenu();
    m_docks.planner->setPreferences(m_settings.planner());
    connect(m_docks.planner, &TradePlannerPanel::inputsChanged, this,
            [this] { m_settings.setPlanner(m_docks.planner->preferences()); });
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
    // The bundled sample is only something to look at: the trader's own model stays. A file is a
    // document, and its model settings are part of it.
    m_document->setUseSnapshotModel(!path.isEmpty());
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
    m_docks.model->setModel(m_document->model());
    m_panes->setMarketData(m_document->sharedData());
    if (!m_document->filePath().isEmpty()) {
        m_settings.addRecentFile(m_document->filePath());
        rebuildRecentMenu();
    }
    if (m_resetViewOnEstimate) {
        // A newly opened document: candles and axes now, the heatmap when it is estimated. A
        // refresh of the same market keeps showing the previous pair until its estimate is ready.
        m_chart->renderer().setTitle(chartTitle());
        m_chart->renderer().setData(m_document->sharedData(), nullptr);
        m_chart->dataChanged(true);
        m_resetViewOnEstimate = false;  // framed now; zooming while it estimates is kept
    }
    const CandleSeries& c = s.data.candles;
    m_statusData->setText(
        c.empty() ? tr("%1: no candles").arg(m_document->displayName())
                  : tr("%1  |  %2 candles, %3 to %4  |  last %5")
                        .arg(m_document->displayName())
                        .arg(c.size())
                        .arg(utcText(static_cast<double>(c.time.front())), utcText(static_cast<double>(c.time.back())))
                        .arg(c.close.back(), 0, 'f', 1));
    if (!m_document->filePath().isEmpty()) {
        statusBar()->showMessage(tr("Model from the file: %1 (its saved settings apply)")
                                     .arg(QString::fromStdString(m_document->model().preset)));
    } else if (!m_live->documentIsLive()) {
        statusBar()->showMessage(tr("Your model applies: %1 (the sample's own settings are not used)")
                                     .arg(QString::fromStdString(m_document->model().preset)));
    }
    updateTitle();
}

QString MainWindow::chartTitle() const
{
    const MarketData& d = m_document->snapshot().data;
    return QStringLiteral("%1  %2  %3  |  model: %4")
        .arg(QString::fromStdString(d.source.symbol), QString::fromStdString(formatInterval(d.candleIntervalMs())),
             QString::fromStdString(d.source.exchanges.empty() ? std::string() : d.source.exchanges.front()),
             QString::fromStdString(m_document->model().preset));
}

void MainWindow::onEstimateReady()
{
    const EstimateResult* estimate = m_document->estimate();
    ChartRenderer& r = m_chart->renderer();
    r.setTitle(chartTitle());
    const ChartViewport& shown = m_chart->viewport();
    r.setData(m_document->sharedData(), m_zoomDetail->estimateFor(shown.timeFrom, shown.timeTo));
    r.setClusters(m_document->shownClusters(), m_actions->showClusters->isChecked());
    m_chart->dataChanged(m_resetViewOnEstimate);
    m_resetViewOnEstimate = false;
    m_panes->setEstimatedLiquidations(estimate->sweep);
    m_docks.clusters->setClusters(m_document->shownClusters(), *estimate);
    m_docks.model->layers()->setTiers(m_document->model().effectiveTiers());
    m_docks.calibration->setModelOptions(m_document->model());
    m_docks.calibration->setReport(m_document->calibration(), m_document->calibrationNote());
    m_docks.signalsPanel->setReport(m_document->signalReport(), m_document->signalError());
    m_docks.planner->setLastPrice(estimate->map.price);
    m_planner->requestPlan();
    const ChartViewport& v = m_chart->viewport();
    m_panes->setTimeRange(v.timeFrom, v.timeTo);
    m_docks.model->setEffectiveBucketSize(estimate->bucketSize);
    m_statusModel->setText(
        tr("model %1, bucket %2").arg(QString::fromStdString(m_document->model().preset)).arg(estimate->bucketSize));
    emit estimateShown();
}

bool MainWindow::heatmapDetailPending() const { return m_zoomDetail->pending(); }

void MainWindow::showEstimateForView()
{
    if (m_document->estimate() == nullptr) {
        return;  // candles only, or the previous pair until the new estimate is ready
    }
    const ChartViewport& v = m_chart->viewport();
    std::shared_ptr<const EstimateResult> wanted = m_zoomDetail->estimateFor(v.timeFrom, v.timeTo);
    if (wanted.get() != m_chart->renderer().estimate()) {
        m_chart->renderer().setData(m_document->sharedData(), std::move(wanted));
        m_chart->update();
    }
}

void MainWindow::applyTheme(Theme theme)
{
    m_settings.theme.setValue(toString(theme));
    applyApplicationTheme(theme);
    m_chart->renderer().setTheme(theme);
    m_panes->setTheme(theme);
    m_docks.clusters->setColors(m_chart->renderer().style().palette, theme);
    m_chart->update();
}

void MainWindow::applyStyle(const HeatmapStyle& style)
{
    m_chart->renderer().setStyle(style);
    m_panes->setPalette(style.palette);
    m_docks.clusters->setColors(style.palette, themeFromString(m_settings.theme.value()));
    m_planner->requestPlan();  // the planner's lines take the palette's marker colours
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
    if (suggested.isEmpty()) {
        // The first save: the user's documents, not wherever the program happened to start.
        suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    }
    if (m_document->hasData()) {
        const auto& src = m_document->snapshot().data.source;
        suggested +=
            QStringLiteral("/%1-%2%3")
                .arg(QString::fromStdString(src.symbol),
                     QString::fromStdString(formatInterval(m_document->snapshot().data.candleIntervalMs())), suffix);
    }
    QString path = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (!path.isEmpty() && !path.endsWith(suffix) &&
        !(suffix == QLatin1String(".json.gz") && path.endsWith(QLatin1String(".json")))) {
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
    const QString error = savePngAtomically(m_chart->renderImage(m_chart->size()), path);
    if (!error.isEmpty()) {
        showError(tr("Could not export PNG"), error);
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
    const std::string text =
        grid ? heatmapCsv(estimate->heatmap) : liquidationMapCsv(estimate->map, 0, estimate->map.grid.count - 1);
    const auto status = writeFileAtomic(QFile::encodeName(path).toStdString(), text);
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
    m_document->disconnect(this);  // no late results into half-destroyed docks
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
