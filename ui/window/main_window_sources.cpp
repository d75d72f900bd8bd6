// Where the main window's data comes from: live fetches and streams, the watched markets and the
// local store. Split from main_window.cpp to keep each file about one concern.
#include "window/main_window.h"

#include "chart/chart_widget.h"
#include "chart/png_export.h"
#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/live_controller.h"
#include "controllers/stream_feed.h"
#include "controllers/watchlist_controller.h"
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
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

#include <algorithm>

namespace liqheat::ui {

namespace {

// Watched markets go through the local store when it opens (they are recorded as they refresh and
// only what is new is fetched); straight to the exchanges otherwise.
std::shared_ptr<MarketFeed> watchFeed(const FetchFeedOptions& options)
{
    if (auto path = defaultStorePath()) {
        if (auto store = MarketStore::open(*path)) {
            return std::make_shared<StoreMarketFeed>(std::move(*store), options);
        }
    }
    return std::make_shared<FetchMarketFeed>(options);
}

}  // namespace

void MainWindow::connectWatch()
{
    m_budgets = std::make_unique<RequestBudgets>();
    FetchFeedOptions options;
    options.budgets = m_budgets.get();
    options.http.userAgent = "liqheat";
    m_watch = new WatchlistController(watchFeed(options), this);
    m_watch->setModel(m_settings.model());
    m_notifier = std::make_unique<DesktopNotifier>(this);
    m_watchBinding = new WatchBinding(m_watch, m_docks.watchlist, m_docks.alerts, m_notifier.get(), m_settings, this);
    // Double-click: the market in the chart, fetched the way the Data Source dock fetches it.
    connect(m_docks.watchlist, &WatchlistPanel::openRequested, this, [this](const WatchKey& key) {
        FetchRequest request = m_docks.dataSource->request();
        request.exchange = toString(key.exchange);
        request.symbol = key.symbol;
        request.interval = key.interval;
        m_docks.dataSource->setRequest(request);
        m_live->refresh(false);
    });
    // The planner's current plan: its liquidation price for the market on the chart.
    connect(m_document, &DocumentController::planReady, this, [this](const TradeRequest&, const TradePlan& plan) {
        const FetchRequest request = m_docks.dataSource->request();
        const auto key = parseWatchKey(request.exchange + ":" + request.symbol + ":" + request.interval);
        const bool priced = plan.liquidation && plan.liquidation->liquidationPrice > 0.0;
        m_watch->setPlannedLiquidation(
            key ? std::optional<WatchKey>(*key) : std::nullopt,
            priced ? std::optional<double>(plan.liquidation->liquidationPrice) : std::nullopt);
    });
    connect(m_docks.model, &ModelPanel::modelChanged, m_watch,
            [this](const ModelSettings& model) { m_watch->setModel(model); });
    QTimer::singleShot(0, m_watch, &WatchlistController::refresh);
}

void MainWindow::connectLive()
{
    DataSourcePanel* panel = m_docks.dataSource;
    FetchRequest remembered;
    remembered.exchange = m_settings.sourceExchange.value().toStdString();
    remembered.symbol = m_settings.sourceSymbol.value().toStdString();
    remembered.interval = m_settings.sourceInterval.value().toStdString();
    remembered.spanMs = static_cast<TimeMs>(std::clamp(m_settings.sourceDays.value(), 1, 90)) * 86'400'000LL;
    panel->setRequest(remembered);
    panel->setAutoRefresh(m_settings.autoRefresh.value(), m_settings.autoRefreshSeconds.value());
    m_live->setAutoRefresh(m_settings.autoRefresh.value(), m_settings.autoRefreshSeconds.value());
    // Every fetch and refresh goes through the local store ($LIQHEAT_STORE or the XDG data home).
    if (auto store = defaultStorePath()) {
        m_live->fetcher().setStorePath(*store);
    }

    m_live->setRequestSource([this] {
        const FetchRequest request = m_docks.dataSource->request();
        m_settings.sourceExchange.setValue(QString::fromStdString(request.exchange));
        m_settings.sourceSymbol.setValue(QString::fromStdString(request.symbol));
        m_settings.sourceInterval.setValue(QString::fromStdString(request.interval));
        m_settings.sourceDays.setValue(static_cast<int>(request.spanMs / 86'400'000LL));
        return request;
    });
    connect(panel, &DataSourcePanel::autoRefreshChanged, this, [this](bool on, int seconds) {
        m_settings.autoRefresh.setValue(on);
        m_settings.autoRefreshSeconds.setValue(seconds);
        m_live->setAutoRefresh(on, seconds);
    });
    connect(panel, &DataSourcePanel::refreshRequested, m_live, [this] { m_live->refresh(false); });
    connect(panel, &DataSourcePanel::cancelRequested, m_live, &LiveController::cancel);
    connect(m_actions->refresh, &QAction::triggered, m_live, [this] { m_live->refresh(false); });
    // Esc stops whatever runs: the fetch, and a load or estimate of the document.
    connect(m_actions->cancelFetch, &QAction::triggered, m_live, &LiveController::cancel);
    connect(m_actions->cancelFetch, &QAction::triggered, m_document, &DocumentController::cancelWork);

    connect(m_live, &LiveController::started, this,
            [this](const QString& what) { statusBar()->showMessage(tr("Fetching %1...").arg(what)); });
    connect(m_live, &LiveController::stateChanged, this, [this](LiveController::State state) {
        const bool fetching = state == LiveController::State::Fetching;
        m_docks.dataSource->setBusy(fetching);
        m_actions->refresh->setEnabled(!fetching);
        m_actions->cancelFetch->setEnabled(fetching || m_document->isBusy());
    });
    connect(m_live, &LiveController::progress, panel, &DataSourcePanel::setProgress);
    connect(m_live, &LiveController::fetched, this, [this](const QString& summary) {
        m_resetViewOnEstimate = !m_document->estimate();
        m_docks.dataSource->setUpdated(QDateTime::currentMSecsSinceEpoch());
        m_docks.dataSource->setStatus(summary);
    });
    connect(m_live, &LiveController::failed, this, [this](const QString& message, bool loud) {
        m_docks.dataSource->setStatus(message);
        if (loud) {
            showError(tr("Live data"), message);
        } else {
            m_lastError = message;
            statusBar()->showMessage(message, 10000);
        }
    });
    // The live market's liquidation stream: connected, or reconnecting in N s.
    connect(&m_live->streamFeed(), &StreamFeed::stateChanged, m_statusStream, &QLabel::setText);
    connect(&m_live->streamFeed(), &StreamFeed::problem, this,
            [this](const QString& message) { m_docks.dataSource->setStatus(message); });
    connect(m_live, &LiveController::ageChanged, this, [this](const QString& text) {
        // Older than two candle intervals: the map no longer shows the market, say so in colour.
        m_statusAge->setText(text);
        m_statusAge->setStyleSheet(m_live->isStale() ? QStringLiteral("color: #ff9800; font-weight: bold;")
                                                     : QString());
    });
}


void MainWindow::exportStoredSpanInteractively()
{
    const std::string storePath = m_live->fetcher().storePath();
    auto markets =
        storePath.empty()
            ? Result<std::vector<StoredMarket>>(makeError(Error::Code::NotFound, "no place for the local store"))
            : storedMarkets(storePath);
    if (!markets) {
        showError(tr("Could not open the local store"), QString::fromStdString(markets.error().message));
        return;
    }
    StoredSpanDialog dialog(std::move(*markets), this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const QString path = askSavePath(tr("Export Stored Span"), tr("Compressed snapshot (*.json.gz);;Snapshot (*.json)"),
                                     QStringLiteral(".json.gz"));
    if (path.isEmpty()) {
        return;
    }
    // Reading a long span and compressing it can take a moment: off the GUI thread.
    const StoredSpanChoice choice = dialog.choice();
    const ModelSettings model = m_settings.model();
    auto* watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcher<Status>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const Status status = watcher->result();
        if (!status) {
            showError(tr("Could not export the stored span"), QString::fromStdString(status.error().message));
            return;
        }
        statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    });
    statusBar()->showMessage(tr("Exporting %1...").arg(path));
    watcher->setFuture(QtConcurrent::run([storePath, choice, model, out = path.toStdString()] {
        return exportStoredSpan(storePath, choice, model, out);
    }));
}

}  // namespace liqheat::ui
