#pragma once

#include "panes/time_pane.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"

#include <optional>
#include <vector>

class QAbstractSeries;
class QAreaSeries;
class QLineSeries;

namespace liqheat::ui {

/// Liquidations over time: the model's estimate per candle as step areas (shorts liquidated
/// upward, longs downward) and, when the snapshot has them, the realized liquidations as step lines
/// on the same USD axis. With realized data at a coarser interval than the candles, the estimate is
/// summed into the same intervals so the two compare bar for bar.
class LiquidationStripPane final : public TimePane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiquidationStripPane)

public:
    explicit LiquidationStripPane(QWidget* parent = nullptr);
    ~LiquidationStripPane() override;

    /// Realized liquidations from the snapshot (may be empty). Intervals of 0 are inferred.
    void setRealized(const LiquidationSeries& realized, TimeMs realizedIntervalMs, TimeMs candleIntervalMs);
    /// The estimator's per-candle sweep.
    void setEstimate(const SweepSeries& sweep);
    void clearEstimate();

    /// Number of estimated bars drawn (candles, or realized intervals when aggregated).
    [[nodiscard]] int estimatedPointCount() const { return m_estimatedCount; }
    /// Width of one estimated bar in ms.
    [[nodiscard]] TimeMs estimatedBarMs() const { return m_estimatedBarMs; }
    /// Number of realized intervals drawn.
    [[nodiscard]] int realizedPointCount() const { return m_realizedCount; }
    /// True when realized liquidations are drawn beside the estimate (with the two-entry legend).
    [[nodiscard]] bool showsRealized() const { return m_showsRealized; }
    /// Longs and shorts liquidated in one bar, USD.
    struct Amounts {
        double longUsd = 0.0;
        double shortUsd = 0.0;
    };
    /// The estimated bar drawn at a UTC time (per candle, or summed per realized interval).
    [[nodiscard]] std::optional<Amounts> estimatedAt(double timeMs) const;
    /// The realized interval drawn at a UTC time (none while realized is not drawn).
    [[nodiscard]] std::optional<Amounts> realizedAt(double timeMs) const;
    /// Axis units per USD (1e6: the axis reads in millions).
    [[nodiscard]] double unitDivisor() const { return m_unitDivisor; }
    /// The series drawn, for checking what shares the axis.
    [[nodiscard]] QAbstractSeries* estimatedShortsSeries() const;
    [[nodiscard]] QAbstractSeries* realizedShortsSeries() const;

    /// True when the snapshot has no realized liquidations (the note says so).
    [[nodiscard]] bool showsNotInSnapshot() const { return !hasRealized(); }
    /// True while no estimate exists and the message replaces the chart.
    [[nodiscard]] bool showsNothingEstimated() const { return showsMessage(); }

    /// Sums v[i] over the i with t[i] in [starts[k], starts[k] + interval), for every k.
    /// `t` must be sorted; `starts` may be in any order and leave gaps.
    [[nodiscard]] static std::vector<double> aggregateToIntervals(const std::vector<TimeMs>& t,
                                                                  const std::vector<double>& v,
                                                                  const std::vector<TimeMs>& starts, TimeMs interval);
    /// Starts of the intervals of length `interval` aligned to `anchor` that overlap [from, to].
    [[nodiscard]] static std::vector<TimeMs> intervalGrid(TimeMs anchor, TimeMs interval, TimeMs from, TimeMs to);

protected:
    void applyColors() override;
    [[nodiscard]] QString readoutAt(double timeMs) const override;

private:
    [[nodiscard]] bool hasRealized() const { return !m_realized.time.empty(); }
    void rebuild();
    void updateNotes();

    LiquidationSeries m_realized;
    TimeMs m_realizedIntervalMs = 0;
    TimeMs m_candleIntervalMs = 0;
    SweepSeries m_estimate;
    SweepSeries m_estimatedBars;  ///< what is drawn: per candle or per realized interval

    QLineSeries* m_estimatedShorts = nullptr;
    QLineSeries* m_estimatedLongs = nullptr;
    QLineSeries* m_estimatedShortsBase = nullptr;
    QLineSeries* m_estimatedLongsBase = nullptr;
    QAreaSeries* m_estimatedShortsArea = nullptr;
    QAreaSeries* m_estimatedLongsArea = nullptr;
    QLineSeries* m_realizedShorts = nullptr;
    QLineSeries* m_realizedLongs = nullptr;

    int m_estimatedCount = 0;
    int m_realizedCount = 0;
    TimeMs m_estimatedBarMs = 0;
    double m_unitDivisor = 1.0;
    bool m_showsRealized = false;
};

}  // namespace liqheat::ui
