#pragma once

#include "liqheat/estimate/estimator.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <utility>

namespace liqheat::ui {

class DocumentController;

/// Heatmap detail for a zoomed view. The document's estimate has at most a screen's width of
/// columns over all its candles, so a year of 1 min candles gives one column per hour; zoomed
/// into a day that is a blur. When the visible span has fewer columns than half the plot's
/// pixels while its candles have more, this re-runs the estimate in the background with columns
/// for that span only (a margin either side, so panning a little needs no new run). The sweep,
/// grid, maps and clusters are the same as the document's; only the columns are finer.
class ZoomDetail final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ZoomDetail)

public:
    explicit ZoomDetail(DocumentController* document, QObject* parent = nullptr);
    ~ZoomDetail() override;

    /// The chart shows [fromMs, toMs] over `plotPixels` columns of pixels: schedules a detail
    /// run if that span needs one (debounced, so a wheel of zoom steps runs once).
    void viewChanged(double fromMs, double toMs, int plotPixels);
    /// What the chart should draw for [fromMs, toMs]: the detail when it belongs to the current
    /// estimate and covers the span, else the document's estimate.
    [[nodiscard]] std::shared_ptr<const EstimateResult> estimateFor(double fromMs, double toMs) const;
    /// A detail run is scheduled or running (a screenshot waits for it).
    [[nodiscard]] bool pending() const { return m_debounce.isActive() || m_cancel != nullptr; }

signals:
    /// A detail run finished (or the detail was dropped): ask estimateFor again.
    void detailChanged();

private:
    [[nodiscard]] bool needsDetail(double fromMs, double toMs, int plotPixels) const;
    void start();
    void drop();

    DocumentController* m_document;
    QTimer m_debounce;
    std::pair<TimeMs, TimeMs> m_wanted{0, 0};
    int m_wantedColumns = 0;
    int m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<const EstimateResult> m_detail;
    std::shared_ptr<const EstimateResult> m_detailBase;  ///< the document estimate it refines
    std::pair<TimeMs, TimeMs> m_detailSpan{0, 0};
    std::pair<double, double> m_lastView{0.0, 0.0};
    int m_lastPixels = 0;
};

}  // namespace liqheat::ui
