#pragma once

#include "app/actions.h"
#include "app/app_settings.h"
#include "heatmap_style.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QTimer;

namespace liqheat::ui {

class ChartWidget;
class DocumentController;
class ModelPanel;
class ClustersPanel;
class CalibrationPanel;
class DataSourcePanel;
class SignalsPanel;
class TradePlannerPanel;
class FetchController;
class TimePanes;

/// The main window: puts the chart, panes and docks together and routes actions to the document
/// controller. Holds no model logic of its own.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] DocumentController& document() { return *m_document; }
    [[nodiscard]] ChartWidget* chart() const { return m_chart; }
    [[nodiscard]] TimePanes* panes() const { return m_panes; }
    [[nodiscard]] ModelPanel* modelPanel() const { return m_modelPanel; }
    [[nodiscard]] ClustersPanel* clustersPanel() const { return m_clustersPanel; }
    [[nodiscard]] CalibrationPanel* calibrationPanel() const { return m_calibrationPanel; }
    [[nodiscard]] DataSourcePanel* dataSourcePanel() const { return m_dataPanel; }
    [[nodiscard]] TradePlannerPanel* plannerPanel() const { return m_plannerPanel; }
    [[nodiscard]] SignalsPanel* signalsPanel() const { return m_signalsPanel; }
    [[nodiscard]] FetchController& fetchController() { return *m_fetch; }
    /// Starts a live fetch of what the data source dock describes (`automatic`: an auto-refresh,
    /// which appends to the data on screen and reports errors in the status bar only).
    void refreshLiveData(bool automatic);
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
    void createDocks();
    void createMenus();
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
    void createDataSource();
    void createTradeTools();
    void arrangeDocks();
    void updatePlan();
    void updateSignals();
    void runCascade();
    void updateDataAge();
    QString askSavePath(const QString& title, const QString& filter, const QString& suffix);

    AppSettings m_settings;
    Actions* m_actions = nullptr;
    DocumentController* m_document = nullptr;
    ChartWidget* m_chart = nullptr;
    TimePanes* m_panes = nullptr;
    QSplitter* m_splitter = nullptr;
    ModelPanel* m_modelPanel = nullptr;
    QDockWidget* m_modelDock = nullptr;
    ClustersPanel* m_clustersPanel = nullptr;
    QDockWidget* m_clustersDock = nullptr;
    CalibrationPanel* m_calibrationPanel = nullptr;
    QDockWidget* m_calibrationDock = nullptr;
    TradePlannerPanel* m_plannerPanel = nullptr;
    QDockWidget* m_plannerDock = nullptr;
    SignalsPanel* m_signalsPanel = nullptr;
    QDockWidget* m_signalsDock = nullptr;
    DataSourcePanel* m_dataPanel = nullptr;
    QDockWidget* m_dataDock = nullptr;
    FetchController* m_fetch = nullptr;
    QTimer* m_autoRefreshTimer = nullptr;
    QTimer* m_ageTimer = nullptr;
    QLabel* m_statusAge = nullptr;
    qint64 m_lastFetchMs = 0;
    bool m_fetchIsAutomatic = false;
    double m_lastPlanMmr = 0.004;  ///< rate of the planned position's tier, for dragging its liquidation line
    QMenu* m_recentMenu = nullptr;
    QLabel* m_statusData = nullptr;
    QLabel* m_statusModel = nullptr;
    QProgressBar* m_busy = nullptr;
    QString m_lastError;
    bool m_resetViewOnEstimate = true;
};

/// Dark (default) or light Fusion palette for the whole application.
void applyApplicationTheme(Theme theme);

}  // namespace liqheat::ui
