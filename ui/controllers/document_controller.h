#pragma once

#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/analysis/trade_plan.h"
#include "liqheat/estimate/calibration.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/live/fetch.h"
#include "liqheat/live/stream_messages.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace liqheat::ui {

class ThreadRelay;

/// The open document: the snapshot (inputs + model settings), its estimate and what core derives
/// from it (clusters, calibration, signals, trade plans, cascades). Everything runs off the GUI
/// thread; a newer request supersedes an older one; a failure reports an error and keeps what
/// was there before. Views ask this controller, never core directly, so they show what the CLI
/// prints for the same inputs.
class DocumentController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocumentController)

public:
    explicit DocumentController(QObject* parent = nullptr);
    ~DocumentController() override;

    [[nodiscard]] bool hasData() const { return m_snapshot != nullptr; }
    /// Only valid when hasData().
    [[nodiscard]] const Snapshot& snapshot() const { return *m_snapshot; }
    [[nodiscard]] const ModelSettings& model() const { return m_model; }
    /// Null until the first estimate of the current data has finished.
    [[nodiscard]] const EstimateResult* estimate() const { return m_estimate.get(); }
    /// The same data and estimate, shared: for views that draw later (a paint may be pending when
    /// the controller replaces them).
    [[nodiscard]] std::shared_ptr<const MarketData> sharedData() const
    {
        return m_snapshot ? std::shared_ptr<const MarketData>(m_snapshot, &m_snapshot->data) : nullptr;
    }
    [[nodiscard]] std::shared_ptr<const EstimateResult> sharedEstimate() const { return m_estimate; }
    [[nodiscard]] const std::vector<Cluster>& clusters() const { return m_clusters; }
    /// The clusters the chart and the Clusters dock show: of the visible leverage layers when
    /// layers are on, else the same as clusters().
    [[nodiscard]] const std::vector<Cluster>& shownClusters() const { return m_layers ? m_layerClusters : m_clusters; }
    /// Skill against the snapshot's realized liquidations, when it has them.
    [[nodiscard]] const std::optional<CalibrationReport>& calibration() const { return m_calibration; }
    /// Why there is no calibration (no realized data, too little overlap), empty when there is one.
    [[nodiscard]] const QString& calibrationNote() const { return m_calibrationNote; }
    /// The signals of the current estimate (signalsFor with the default thresholds), or why not.
    [[nodiscard]] const std::optional<SignalReport>& signalReport() const { return m_signals; }
    [[nodiscard]] const QString& signalError() const { return m_signalError; }
    [[nodiscard]] const QString& filePath() const { return m_filePath; }
    [[nodiscard]] const QString& displayName() const { return m_displayName; }
    [[nodiscard]] bool isBusy() const { return m_pendingLoads + m_pendingEstimates > 0; }
    /// Whether the current estimate continued the previous one (a live refresh that appended
    /// candles) instead of running over all the data.
    [[nodiscard]] bool estimateWasIncremental() const { return m_estimateIncremental; }

    /// Reads a snapshot file in the background, with progress (workProgress) and cancel.
    void openFile(const QString& path);
    /// Stops a running load (the previous data stays) and estimate (re-run by the next change).
    void cancelWork();
    /// Reads snapshot bytes (plain or gzip) in the background, e.g. the bundled sample.
    void openBytes(const QByteArray& bytes, const QString& displayName);
    void openBundledSample();
    /// Replaces the data with a live fetch (`append`: extends the current data with it instead, so
    /// the history already on screen stays). An inconsistent result is reported and ignored.
    void setFetched(const FetchResult& result, bool append);
    /// Streamed liquidation orders of the open market: each order's USD is added to the realized
    /// liquidations of its candle interval (addOrders), in the merged data and its exchange's,
    /// so the chart's bubbles, the liquidations pane and the Model Skill dock show it. Orders of
    /// another symbol are ignored; the estimate continues from the current one.
    void addRealizedOrders(const std::vector<liqheat::LiquidationOrder>& orders);
    /// Model settings to use for the next data and to re-estimate the current data with.
    void setModel(const ModelSettings& model);
    /// Leverage layers (one flag per tier of the model, or nothing for the plain view): the next
    /// estimate records tier detail and draws only the visible tiers. Re-estimates now.
    void setLayers(const std::optional<std::vector<bool>>& layers);
    [[nodiscard]] const std::optional<std::vector<bool>>& layers() const { return m_layers; }
    /// The model the current estimate was computed with (the model may have changed since).
    [[nodiscard]] const ModelSettings& estimateModel() const { return m_estimateModel; }
    /// The options every on-screen estimate runs with (columns for a 4K screen, the visible
    /// leverage layers); the zoom detail uses them too, so its cells match the main estimate's.
    [[nodiscard]] static EstimateOptions screenOptions(const ModelSettings& model,
                                                       const std::optional<std::vector<bool>>& layers);
    /// Whether an opened snapshot's own model settings replace the current ones (default true).
    void setUseSnapshotModel(bool use) { m_useSnapshotModel = use; }
    /// Plans a trade on the current estimate (planTrade) off the GUI thread: planReady or
    /// planFailed follow, for the latest request only. Ignored until there is an estimate.
    void requestPlan(const TradeRequest& request);
    /// Runs a cascade what-if on the current map: cascadeReady or cascadeFailed follow.
    void requestCascade(const CascadeOptions& options);
    /// Writes the data with the current model settings, atomically. Returns an error message or empty.
    [[nodiscard]] QString saveAs(const QString& path);

    static QString bundledSamplePath();

signals:
    void loadStarted(const QString& name);
    /// New data is in place (the previous estimate is gone until estimateReady).
    void dataLoaded();
    void estimateReady();
    /// What failed (a dialog title: "Could not open the file", "Estimate failed", ...) and one
    /// line saying why. The previous data stays.
    void errorOccurred(const QString& what, const QString& message);
    void planReady(const liqheat::TradeRequest& request, const liqheat::TradePlan& plan);
    void planFailed(const liqheat::TradeRequest& request, const QString& message);
    void cascadeReady(const liqheat::CascadeOptions& options, const liqheat::CascadeResult& result);
    void cascadeFailed(const QString& message);
    void busyChanged(bool busy);
    /// What runs ("Reading", "Estimating") and how far, 0-100, while busy.
    void workProgress(const QString& what, int percent);
    /// A load or estimate was cancelled by cancelWork(); the previous data stays.
    void workCancelled(const QString& what);

private:
    void startLoad(std::function<Result<Snapshot>(const ReadProgress&)> reader, const QString& path,
                   const QString& name);
    /// A progress callback for a worker thread: reports each new percent to workProgress on the
    /// GUI thread, and returns false once `cancel` is set.
    std::function<bool(std::size_t, std::size_t)> progressReporter(const QString& what,
                                                                   std::shared_ptr<std::atomic<bool>> cancel);
    /// `previous`: an estimate of data the new data extends, with the current model; the worker
    /// resumes from its checkpoint when it can (estimateIncremental).
    void startEstimate(std::shared_ptr<const EstimateResult> previous = nullptr);
    void setBusyDelta(int& counter, int delta);
    void clearDerived();

    std::shared_ptr<const Snapshot> m_snapshot;
    std::shared_ptr<const EstimateResult> m_estimate;
    ModelSettings m_estimateModel;  ///< what m_estimate was computed with
    bool m_estimateIncremental = false;
    std::vector<Cluster> m_clusters;
    std::optional<CalibrationReport> m_calibration;
    QString m_calibrationNote;
    std::optional<SignalReport> m_signals;
    std::optional<std::vector<bool>> m_layers;
    std::vector<Cluster> m_layerClusters;
    QString m_signalError;
    int m_planGeneration = 0;
    int m_cascadeGeneration = 0;
    ModelSettings m_model;
    QString m_filePath;
    QString m_displayName;
    bool m_useSnapshotModel = true;
    int m_loadGeneration = 0;
    int m_estimateGeneration = 0;
    int m_pendingLoads = 0;
    int m_pendingEstimates = 0;
    std::shared_ptr<ThreadRelay> m_relay;  ///< progress from workers, closed on destruction
    std::shared_ptr<std::atomic<bool>> m_cancelEstimate;
    std::shared_ptr<std::atomic<bool>> m_cancelLoad;
};

}  // namespace liqheat::ui
