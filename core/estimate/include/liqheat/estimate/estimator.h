#pragma once

#include "liqheat/model/market_data.h"
#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace liqheat {

/// Uniform price buckets: bucket i covers [origin + i*size, origin + (i+1)*size).
struct PriceGrid {
    double origin = 0.0;
    double size = 1.0;
    int count = 0;

    [[nodiscard]] double lower(int i) const { return origin + size * i; }
    [[nodiscard]] double upper(int i) const { return origin + size * (i + 1); }
    [[nodiscard]] double center(int i) const { return origin + size * (i + 0.5); }
    /// Index of the bucket holding `price` (may be outside [0, count)). Inline: the sweep calls it
    /// twice per entry point and tier of every candle.
    [[nodiscard]] int indexOf(double price) const { return floorIndex((price - origin) / size); }
    /// floor(quotient) clamped to +-1e9, as an int; inside the clamp by truncation and a
    /// correction, which is exact and much cheaper than std::floor without SSE4.1.
    [[nodiscard]] static int floorIndex(double quotient)
    {
        if (quotient > -1e9 && quotient < 1e9) {  // false for NaN
            const int t = static_cast<int>(quotient);
            return quotient < t ? t - 1 : t;
        }
        return static_cast<int>(std::clamp(std::floor(quotient), -1e9, 1e9));
    }
};

/// Resting notional per bucket over time: column c is the state after candle columnCandle[c].
/// Cells are row-major by column: value(c, b) = cells[c * grid.count + b]. Quote currency.
struct HeatmapGrid {
    PriceGrid grid;
    std::vector<TimeMs> columnTime;         ///< open time of the candle each column follows
    std::vector<std::size_t> columnCandle;  ///< index of that candle
    std::vector<float> longUsd;
    std::vector<float> shortUsd;

    [[nodiscard]] std::size_t columns() const { return columnTime.size(); }
    [[nodiscard]] float longAt(std::size_t column, int bucket) const
    {
        return longUsd[column * static_cast<std::size_t>(grid.count) + static_cast<std::size_t>(bucket)];
    }
    [[nodiscard]] float shortAt(std::size_t column, int bucket) const
    {
        return shortUsd[column * static_cast<std::size_t>(grid.count) + static_cast<std::size_t>(bucket)];
    }
};

/// Liquidation volume estimated per candle: what the sweep removed (quote notional).
struct SweepSeries {
    std::vector<TimeMs> time;
    std::vector<double> longUsd;
    std::vector<double> shortUsd;
};

/// Resting notional near the price (long + short within `rangePercent` of the candle's close),
/// sampled at every candle that closes an hour (every candle from 1h intervals up). Fixed by the
/// data and the model alone, never by a view's width, so the signals built on it agree
/// everywhere.
struct NearPriceSeries {
    double rangePercent = 0.0;
    std::vector<TimeMs> time;  ///< open time of the sampled candle
    std::vector<double> usd;
};

/// The resting levels after the last candle, with cumulative sums outward from the current price:
/// cumulativeLong[i] = sum of long notional in buckets from i up to the price (for buckets below
/// it), cumulativeShort[i] = sum of short notional from the price up to i (for buckets above).
struct LiquidationMap {
    PriceGrid grid;
    double price = 0.0;  ///< last close
    TimeMs time = 0;
    std::vector<double> longUsd;
    std::vector<double> shortUsd;
    std::vector<double> cumulativeLong;
    std::vector<double> cumulativeShort;
    double totalLongUsd = 0.0;
    double totalShortUsd = 0.0;
};

/// Where every opened notional went, per side (quote, at entry). opened = resting + swept +
/// closed + decayed, up to rounding.
struct FlowTotals {
    double opened = 0.0;
    double swept = 0.0;
    double closed = 0.0;
    double decayed = 0.0;
    double resting = 0.0;
    double outsideGrid = 0.0;  ///< part of `resting` whose level lies beyond the grid
};

/// The estimate broken down by leverage tier (EstimateOptions::tierDetail or visibleTiers).
/// Memory stays bounded: the per-cell shares take columns x buckets x tiers x 2 bytes, thinned to
/// every shareStride-th column when that would exceed EstimateOptions::tierShareBudgetBytes.
struct TierDetail {
    std::vector<double> leverage;                  ///< the tiers, in the model's order
    std::vector<bool> visible;                     ///< the tiers the heatmap draws
    std::vector<std::vector<double>> mapLongUsd;   ///< per tier: resting longs per bucket after the last candle
    std::vector<std::vector<double>> mapShortUsd;  ///< per tier: resting shorts
    /// Each tier's share (0..255) of each cell of every shareStride-th heatmap column:
    /// index ((column / shareStride) * buckets + bucket) * tiers + tier. Shares are of all tiers,
    /// also when only some are visible.
    std::vector<std::uint8_t> longShares;
    std::vector<std::uint8_t> shortShares;
    std::size_t shareStride = 0;  ///< 0: no shares recorded

    [[nodiscard]] bool empty() const { return leverage.empty(); }
};

/// The estimator's state after one candle, enough to continue the sweep from there (opaque;
/// see estimateIncremental). Immutable once made, so results can share it.
struct EstimatorCheckpoint;

struct EstimateResult {
    HeatmapGrid heatmap;
    SweepSeries sweep;
    NearPriceSeries nearPrice;
    LiquidationMap map;  ///< every tier: what clusters, plans and signals use
    /// With EstimateOptions::visibleTiers: the map of the visible tiers only (the heatmap shows
    /// those tiers too); the layer view's profile and clusters come from it.
    std::optional<LiquidationMap> visibleMap;
    TierDetail tiers;
    FlowTotals longFlow;
    FlowTotals shortFlow;
    double bucketSize = 0.0;  ///< the size actually used (auto resolves to a number)
    /// State after candle max(0, n - 1 - checkpointLag), i.e. before the candles a refresh may
    /// still replace; estimateIncremental resumes from it.
    std::shared_ptr<const EstimatorCheckpoint> checkpoint;
};

struct EstimateOptions {
    /// At most this many heatmap columns; consecutive candles share a column (the state after the
    /// last of them) beyond it. 0: one column per candle.
    std::size_t maxColumns = 0;
    /// Detail for a zoomed view: heatmap columns only for the candles whose times lie in
    /// [first, second] (up to maxColumns of them; at least the nearest one). The sweep, maps,
    /// flows and grid are those of the whole run; such a result is never resumed incrementally.
    std::optional<std::pair<TimeMs, TimeMs>> columnSpan;
    int maxBuckets = 20000;
    /// How many of the last candles the checkpoint precedes: a live refresh replaces the candle
    /// that was still forming (and maybe a few more), so the state before them is the one to keep.
    std::size_t checkpointLag = 48;
    /// Leverage layers: draw the heatmap (and visibleMap) from these tiers only (one flag per tier
    /// of the model, in its order). Implies tierDetail. Such runs are never resumed incrementally.
    std::optional<std::vector<bool>> visibleTiers;
    /// Record TierDetail: each tier's final map and its share of every heatmap cell.
    bool tierDetail = false;
    std::size_t tierShareBudgetBytes = 64u << 20;
    /// The band of EstimateResult::nearPrice, in percent of the close.
    double nearPriceRangePercent = 5.0;
    /// Use this grid instead of one derived from the data (size > 0, count in 1..maxBuckets).
    /// Levels outside it are counted as outsideGrid, like those beyond a derived grid.
    std::optional<PriceGrid> grid;
    /// Called every few thousand candles with (done, total); return false to cancel.
    std::function<bool(std::size_t, std::size_t)> progress;
};

/// A round bucket size (1, 2, 2.5 or 5 times a power of ten) near 0.1 % of `price`.
double autoBucketSize(double price);

/// Runs the open-interest driven sweep of DESIGN.md 3.2 over the candles. Needs candles and open
/// interest. Cost: candles x tiers x entry points, plus the output grid.
Result<EstimateResult> estimate(const MarketData& data, const ModelSettings& settings,
                                const EstimateOptions& options = {});

/// Like estimate(data, settings, options with grid = previous's grid), but resumes from
/// previous.checkpoint instead of starting over when that is exact: same settings; the same candle
/// times up to the checkpoint candle and the same prices and aligned open interest before it; the
/// later candles' levels inside the previous grid; the same column stride, with the checkpoint
/// candle ending a column. Otherwise runs estimate(data, settings, options). `resumed` (optional)
/// tells which happened. A resumed result is bit-identical to the full run with the previous grid.
Result<EstimateResult> estimateIncremental(const MarketData& data, const ModelSettings& settings,
                                           const EstimateResult& previous, const EstimateOptions& options = {},
                                           bool* resumed = nullptr);

/// Builds the map (with cumulative curves) from one column of resting levels.
LiquidationMap makeLiquidationMap(const PriceGrid& grid, double price, TimeMs time, std::vector<double> longUsd,
                                  std::vector<double> shortUsd);

}  // namespace liqheat
