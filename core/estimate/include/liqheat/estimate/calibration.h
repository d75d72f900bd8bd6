#pragma once

#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

// --- rank statistics ----------------------------------------------------------------------------

/// 1-based ranks; tied values share the average of the ranks they span ({10, 20, 20, 30} ->
/// {1, 2.5, 2.5, 4}). NaN ranks above every number (all NaN tie).
std::vector<double> averageRanks(const std::vector<double>& values);

/// Pearson correlation. nullopt when undefined: sizes differ, fewer than 3 points, a non-finite
/// value, or a constant series.
std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y);

/// Spearman rank correlation: Pearson of the average ranks (exact with ties). nullopt as pearson.
std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y);

/// Partial correlation of x and y given z from the three pairwise correlations:
/// r_xy.z = (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)). nullopt when an input is missing
/// or z explains x or y completely (|r| = 1).
std::optional<double> partialCorrelation(std::optional<double> rxy, std::optional<double> rxz,
                                         std::optional<double> ryz);

/// Partial Spearman of x and y given z (partialCorrelation of the three Spearman correlations).
std::optional<double> partialSpearman(const std::vector<double>& x, const std::vector<double>& y,
                                      const std::vector<double>& z);

/// Share of sum(realized) that falls in the `fraction` of entries with the highest `score`
/// (k = ceil(fraction * n) entries). Entries tied at the cut count in proportion, which is the
/// expected share under a random tie-break: an all-equal score gets `fraction` of the total.
/// nullopt when sizes differ, the series is empty, a value is not finite, realized sums to zero or
/// fraction is outside (0, 1].
std::optional<double> topShare(const std::vector<double>& score, const std::vector<double>& realized, double fraction);

// --- estimated against realized ------------------------------------------------------------------

struct CalibrationOptions {
    /// Intervals starting before the first candle + this many hours are skipped: the estimator
    /// starts with an empty book, so its first day under-counts.
    double warmupHours = 24.0;
    /// Only intervals starting in [from, to) count (for time splits). The estimate still runs
    /// over every candle, so the book is warm at `from`.
    std::optional<TimeMs> from;
    std::optional<TimeMs> to;
    /// Share of intervals ranked highest whose realized notional `topShare` measures.
    double topFraction = 0.10;
};

/// The realized series' intervals that candles cover completely, with what the estimate and the
/// price did in each.
struct AlignedIntervals {
    TimeMs intervalMs = 0;
    std::vector<TimeMs> time;                           ///< interval start
    std::vector<double> estimatedLong, estimatedShort;  ///< sum of the sweep of its candles (quote)
    std::vector<double> realizedLong, realizedShort;
    std::vector<double> longExcursion;     ///< (open - low) / open of the interval's candles
    std::vector<double> shortExcursion;    ///< (high - open) / open
    std::size_t skippedUncovered = 0;      ///< realized rows without a complete run of candles
    std::size_t skippedWarmup = 0;         ///< covered, but inside the warm-up
    std::size_t skippedOutsideWindow = 0;  ///< covered, past warm-up, outside [from, to)

    [[nodiscard]] std::size_t size() const { return time.size(); }
};

/// Sums the per-candle sweep over each realized interval [t, t + interval): candles whose open
/// time lies inside it. An interval counts only when its candles tile it without a gap (the
/// realized interval must be a whole number of candle intervals). `sweep` must be the estimate of
/// `data.candles` (same times). Fails with one line when there is nothing to align; an empty result
/// is not an error here (calibrate decides).
Result<AlignedIntervals> alignToRealized(const MarketData& data, const SweepSeries& sweep,
                                         const CalibrationOptions& options = {});

/// Skill of one side (longs: liquidated as price falls; shorts: as it rises).
struct SideCalibration {
    std::size_t intervals = 0;
    double realizedUsd = 0.0;                  ///< realized notional over the intervals used
    double estimatedUsd = 0.0;                 ///< estimated (swept) notional over them
    std::optional<double> spearman;            ///< estimate vs realized
    std::optional<double> baselineSpearman;    ///< price excursion vs realized
    std::optional<double> partialSpearman;     ///< estimate vs realized given the excursion
    std::optional<double> estimateVsBaseline;  ///< estimate vs excursion
    std::optional<double> topShare;            ///< realized share in the estimate's top intervals
    std::optional<double> baselineTopShare;    ///< the same for the excursion
    std::optional<double> bestTopShare;        ///< the same ranked by realized itself: the ceiling
};

struct CalibrationReport {
    TimeMs intervalMs = 0;
    TimeMs firstInterval = 0;  ///< start of the first interval used
    TimeMs lastInterval = 0;   ///< start of the last
    std::size_t intervals = 0;
    std::size_t skippedUncovered = 0;
    std::size_t skippedWarmup = 0;
    std::size_t skippedOutsideWindow = 0;
    double warmupHours = 0.0;
    double topFraction = 0.0;
    /// 2 / sqrt(intervals): correlations (and differences) smaller than this are not
    /// distinguishable from chance. Optimistic, since neighbouring intervals are not independent.
    double noiseLevel = 0.0;
    SideCalibration longs;
    SideCalibration shorts;
};

/// Compares the estimate's per-candle sweep with the realized liquidations per side, against the
/// baseline "price excursion alone". Needs candles, realized liquidations and at least 3 intervals
/// in common after the warm-up.
Result<CalibrationReport> calibrate(const MarketData& data, const SweepSeries& sweep,
                                    const CalibrationOptions& options = {});
Result<CalibrationReport> calibrate(const MarketData& data, const EstimateResult& estimate,
                                    const CalibrationOptions& options = {});

/// One plain-language line per report, e.g. "Longs: the estimate ranks intervals about as well as
/// price movement alone (rho 0.41 vs 0.44) and adds a little beyond it (partial 0.12); ...".
std::string describe(const CalibrationReport& report);

}  // namespace liqheat
