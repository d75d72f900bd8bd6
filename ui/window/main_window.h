#pragma once

#include "heatmap_style.h"
#include "window/actions.h"
#include "window/app_settings.h"
#include "window/dock_set.h"

#include "liqheat/live/request_budget.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;

namespace liqheat {
struct TradeRequest;
struct TradePlan;
struct CascadeOptions;
struct CascadeResult;
}  // namespace liqheat

namespace liqheat::ui {

class ChartWidget;
class DocumentController;
class LiveController;
class PlannerBinding;
class ZoomDetail;
class DesktopNotifier;
class WatchBinding;
class WatchlistController;
class TimePanes;

/// The main window: puts the chart, panes and docks together and routes between them and the
/// controllers. It computes nothing: the document controller asks core, the live controller
/// fetches, the docks show what comes back.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] DocumentController& document() { return *m_document; }
    [[nodiscard]] LiveController& live() { return *m_live; }
    [[nodiscard]] ChartWidget* chart() const { return m_chart; }
    /// The heatmap's detail for the zoomed view is still being computed (ZoomDetail).
    [[nodiscard]] bool heatmapDetailPending() const;
    [[nodiscard]] TimePanes* panes() const { return m_panes; }
    [[nodiscard]] const DockSet& docks() const { return m_docks; }
    [[nodiscard]] Actions& actions() { return *m_actions; }

    /// Opens a file, or the bundled sample when `path` is empty.
    void openPath(const QString& path);
    /// Saves / exports without a dialog (the actions ask for the path, then call these).
    bool saveSnapshotTo(const QString& path);
    bool exportPngTo(const QString& path);
    bool exportCsvTo(const QString& path, bool grid);

    /// The last error shown to the user (tests and the status bar).
    [[nodiscard]] const QString& lastError() const { return m_lastError; }

signals:
    /// Emitted when an estimate for the loaded data is on screen.
    void estimateShown();

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void connectDocks();
    void connectLive();
    void connectWatch();
    void createMenus();
    void connectFileActions();
    void connectViewActions();
    void createStatusBar();
    void connectDocument();
    void restoreSettings();
    void rebuildRecentMenu();
    void applyTheme(Theme theme);
    void applyStyle(const HeatmapStyle& style);
    void showError(const QString& title, const QString& message);
    void updateTitle();
    void onDataLoaded();
    void onEstimateReady();
    [[nodiscard]] QString chartTitle() const;
    /// Hands the chart the estimate for its visible span: the zoom detail when there is one.
    void showEstimateForView();
    QString askSavePath(const QString& title, const QString& filter, const QString& suffix);
    /// File > Export Stored Span: choose a stored market and span, write it as a snapshot.
    void exportStoredSpanInteractively();

    AppSettings m_settings;
    Actions* m_actions = nullptr;
    DocumentController* m_document = nullptr;
    LiveController* m_live = nullptr;
    PlannerBinding* m_planner = nullptr;
    ZoomDetail* m_zoomDetail = nullptr;
    std::unique_ptr<RequestBudgets> m_budgets;  ///< shared by every background refresh
    WatchlistController* m_watch = nullptr;
    std::unique_ptr<DesktopNotifier> m_notifier;
    WatchBinding* m_watchBinding = nullptr;
    ChartWidget* m_chart = nullptr;
    TimePanes* m_panes = nullptr;
    QSplitter* m_splitter = nullptr;
    DockSet m_docks;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_statusData = nullptr;
    QLabel* m_statusModel = nullptr;
    QLabel* m_statusAge = nullptr;
    QLabel* m_statusStream = nullptr;  ///< the live market's liquidation stream state
    QProgressBar* m_busy = nullptr;
    QString m_lastError;
    bool m_resetViewOnEstimate = true;
};

}  // namespace liqheat::ui
