#pragma once

#include <QList>

class QDockWidget;
class QMainWindow;
class QWidget;

namespace liqheat::ui {

class AlertsPanel;
class CalibrationPanel;
class InstrumentCatalog;
class ClustersPanel;
class DataSourcePanel;
class ModelPanel;
class SignalsPanel;
class TradePlannerPanel;
class WatchlistPanel;

/// The window's docks: one panel each, wrapped, named for saveState(), and arranged in two tab
/// groups on the right (settings and planning above, analysis below), so the chart keeps the
/// width a trader needs and every tab title stays readable.
struct DockSet {
    ModelPanel* model = nullptr;
    TradePlannerPanel* planner = nullptr;
    DataSourcePanel* dataSource = nullptr;
    ClustersPanel* clusters = nullptr;
    SignalsPanel* signalsPanel = nullptr;
    CalibrationPanel* calibration = nullptr;
    WatchlistPanel* watchlist = nullptr;
    AlertsPanel* alerts = nullptr;
    InstrumentCatalog* instruments = nullptr;  ///< the symbol picker's lists (watchlist, data source)

    QDockWidget* modelDock = nullptr;
    QDockWidget* plannerDock = nullptr;
    QDockWidget* dataSourceDock = nullptr;
    QDockWidget* clustersDock = nullptr;
    QDockWidget* signalsDock = nullptr;
    QDockWidget* calibrationDock = nullptr;
    QDockWidget* watchlistDock = nullptr;
    QDockWidget* alertsDock = nullptr;

    /// Creates every panel and dock in `window` and arranges them.
    static DockSet create(QMainWindow* window);
    /// In menu order.
    [[nodiscard]] QList<QDockWidget*> all() const;
};

}  // namespace liqheat::ui
