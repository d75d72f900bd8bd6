#include "window/dock_set.h"

#include "docks/alerts_panel.h"
#include "docks/calibration_panel.h"
#include "docks/clusters_panel.h"
#include "docks/data_source_panel.h"
#include "docks/model_panel.h"
#include "docks/signals_panel.h"
#include "docks/symbol_picker.h"
#include "docks/trade_planner_panel.h"
#include "docks/watchlist_panel.h"

#include "liqheat/store/market_store.h"
#include "liqheat/sync/store_instrument_cache.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>

namespace liqheat::ui {
namespace {

QDockWidget* makeDock(QMainWindow* window, const QString& title, const QString& name, QWidget* content, bool scrolls)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    if (scrolls) {
        // Tall panels scroll rather than squeezing their tables when the window is short.
        auto* scroll = new QScrollArea(dock);
        scroll->setObjectName(name + QStringLiteral("Scroll"));
        scroll->setWidget(content);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        dock->setWidget(scroll);
    } else {
        dock->setWidget(content);
    }
    dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    window->addDockWidget(Qt::RightDockWidgetArea, dock);
    return dock;
}

/// The symbol picker's lists live in the local store (the one every fetch uses: $LIQHEAT_STORE or
/// the XDG data home); in JSON files in the cache folder when the store cannot be opened.
std::shared_ptr<InstrumentCache> instrumentCache()
{
    auto path = defaultStorePath();
    return openInstrumentCache(path ? *path : std::string(), defaultInstrumentCacheDirectory());
}

}  // namespace

DockSet DockSet::create(QMainWindow* window)
{
    DockSet d;
    d.model = new ModelPanel(window);
    d.planner = new TradePlannerPanel(window);
    d.dataSource = new DataSourcePanel(window);
    d.clusters = new ClustersPanel(window);
    d.signalsPanel = new SignalsPanel(window);
    d.calibration = new CalibrationPanel(window);
    d.instruments = new InstrumentCatalog(instrumentCache(), window);
    d.watchlist = new WatchlistPanel(d.instruments, window);
    d.alerts = new AlertsPanel(window);
    d.dataSource->setSymbolCatalog(d.instruments);

    d.modelDock = makeDock(window, QMainWindow::tr("Model"), QStringLiteral("modelDock"), d.model, true);
    d.plannerDock = makeDock(window, QMainWindow::tr("Trade Planner"), QStringLiteral("plannerDock"), d.planner, true);
    d.dataSourceDock =
        makeDock(window, QMainWindow::tr("Data Source"), QStringLiteral("dataSourceDock"), d.dataSource, false);
    d.clustersDock = makeDock(window, QMainWindow::tr("Clusters"), QStringLiteral("clustersDock"), d.clusters, false);
    d.signalsDock = makeDock(window, QMainWindow::tr("Signals"), QStringLiteral("signalsDock"), d.signalsPanel, false);
    d.calibrationDock =
        makeDock(window, QMainWindow::tr("Model Skill"), QStringLiteral("calibrationDock"), d.calibration, false);

    d.watchlistDock =
        makeDock(window, QMainWindow::tr("Watchlist"), QStringLiteral("watchlistDock"), d.watchlist, true);
    d.alertsDock = makeDock(window, QMainWindow::tr("Alerts"), QStringLiteral("alertsDock"), d.alerts, true);

    window->splitDockWidget(d.modelDock, d.clustersDock, Qt::Vertical);
    window->tabifyDockWidget(d.modelDock, d.plannerDock);
    window->tabifyDockWidget(d.plannerDock, d.dataSourceDock);
    window->tabifyDockWidget(d.clustersDock, d.signalsDock);
    window->tabifyDockWidget(d.signalsDock, d.calibrationDock);
    window->tabifyDockWidget(d.calibrationDock, d.watchlistDock);
    window->tabifyDockWidget(d.watchlistDock, d.alertsDock);
    d.modelDock->raise();
    d.clustersDock->raise();
    return d;
}

QList<QDockWidget*> DockSet::all() const
{
    return {modelDock,   clustersDock, calibrationDock, dataSourceDock,
            plannerDock, signalsDock,  watchlistDock,   alertsDock};
}

}  // namespace liqheat::ui
