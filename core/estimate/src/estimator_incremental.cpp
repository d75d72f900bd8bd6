// Resuming a previous estimate from its checkpoint: bit-identical to a full run, or a full run.
#include "liqheat/estimate/estimator.h"

#include "model_extras.h"
#include "sweep.h"

#include <algorithm>

namespace liqheat {
namespace {

using namespace sweep;

/// Cheap structural checks, before any hashing; each failure means the prefix or its layout
/// changed. `cp` may be null.
bool layoutMatches(const EstimatorCheckpoint* cp, const CandleSeries& candles, const ModelSettings& settings,
                   const EstimateResult& previous, const EstimateOptions& options, TimeMs interval, std::size_t stride,
                   std::size_t nextCheckpoint)
{
    const std::size_t n = candles.size();
    if (cp == nullptr || !(cp->settings == settings) || cp->interval != interval) {
        return false;
    }
    const std::size_t k = cp->candle;
    if (n <= k || cp->prefixCount != k + 1 || stride != cp->stride || (k + 1) % stride != 0 || nextCheckpoint < k) {
        return false;
    }
    if (options.grid && !sameGrid(*options.grid, cp->grid)) {
        return false;
    }
    if (!sameBits(options.nearPriceRangePercent, previous.nearPrice.rangePercent)) {
        return false;
    }
    if (cp->grid.count > options.maxBuckets) {
        return false;
    }
    // The previous result must be the one the checkpoint came from, on this grid.
    const std::size_t columns = (k + 1) / stride;
    const HeatmapGrid& heat = previous.heatmap;
    return sameGrid(heat.grid, cp->grid) && heat.columns() >= columns && heat.columnCandle[columns - 1] == k &&
           previous.sweep.longUsd.size() > k && previous.sweep.shortUsd.size() > k && candles.time[k] == cp->time &&
           sameBits(candles.open[k], cp->open) && sameBits(candles.high[k], cp->high) &&
           sameBits(candles.low[k], cp->low) && sameBits(candles.close[k], cp->close);
}

/// Copies into `result` (prepared by allocateResult) what the previous result holds for candles up
/// to the checkpoint candle `k`: heatmap columns, sweep rows and near-price samples.
void copyPrefix(const EstimateResult& previous, const CandleSeries& candles, std::size_t k, std::size_t stride,
                const PriceGrid& grid, EstimateResult& result)
{
    const std::size_t columns = (k + 1) / stride;
    const auto cells = static_cast<std::ptrdiff_t>(columns * static_cast<std::size_t>(grid.count));
    result.heatmap.longUsd.assign(previous.heatmap.longUsd.begin(), previous.heatmap.longUsd.begin() + cells);
    result.heatmap.shortUsd.assign(previous.heatmap.shortUsd.begin(), previous.heatmap.shortUsd.begin() + cells);
    const auto cols = static_cast<std::ptrdiff_t>(columns);
    result.heatmap.columnTime.assign(previous.heatmap.columnTime.begin(), previous.heatmap.columnTime.begin() + cols);
    result.heatmap.columnCandle.assign(previous.heatmap.columnCandle.begin(),
                                       previous.heatmap.columnCandle.begin() + cols);
    const auto rows = static_cast<std::ptrdiff_t>(k + 1);
    std::copy(previous.sweep.longUsd.begin(), previous.sweep.longUsd.begin() + rows, result.sweep.longUsd.begin());
    std::copy(previous.sweep.shortUsd.begin(), previous.sweep.shortUsd.begin() + rows, result.sweep.shortUsd.begin());
    // Near-price samples of candles up to k are the previous result's too.
    const auto& before = previous.nearPrice;
    const auto kept = std::upper_bound(before.time.begin(), before.time.end(), candles.time[k]) - before.time.begin();
    result.nearPrice.time.assign(before.time.begin(), before.time.begin() + kept);
    result.nearPrice.usd.assign(before.usd.begin(), before.usd.begin() + kept);
}

}  // namespace

Result<EstimateResult> estimateIncremental(const MarketData& data, const ModelSettings& settings,
                                           const EstimateResult& previous, const EstimateOptions& options,
                                           bool* resumed)
{
    if (resumed != nullptr) {
        *resumed = false;
    }
    if (auto s = checkInputs(data, settings); !s) {
        return s.error();
    }
    const CandleSeries& candles = data.candles;
    const std::size_t n = candles.size();
    const TimeMs interval = std::max<TimeMs>(data.candleIntervalMs(), 1);
    const EstimatorCheckpoint* cp = previous.checkpoint.get();
    const std::size_t stride = columnStride(n, options);
    const std::size_t nextCheckpoint = checkpointIndex(n, options);
    // Layer and tier-detail runs keep per-tier state the checkpoint lacks: run them in full.
    // So do the issue-16 options: a tilt reads series the prefix hash does not cover, and the
    // learned mix keeps state the checkpoint lacks.
    const bool layered = options.visibleTiers.has_value() || options.tierDetail || needsExtras(settings) ||
                         options.columnSpan.has_value();
    if (layered || !layoutMatches(cp, candles, settings, previous, options, interval, stride, nextCheckpoint)) {
        return estimate(data, settings, options);
    }

    const std::size_t k = cp->candle;
    const SweepModel model = makeSweepModel(settings);
    // New candles must stay inside the grid, as a full run's derived grid would contain them.
    const auto [lowest, highest] = levelRange(candles, k + 1, n, model);
    const std::vector<double> oi = alignOpenInterest(candles, data.openInterest, interval);
    std::uint64_t hash = kHashSeed;
    for (std::size_t i = 0; i <= k; ++i) {
        hash = mixCandle(hash, candles, oi, i);
    }
    const bool fits = n == k + 1 || (cp->grid.indexOf(lowest) >= 0 && cp->grid.indexOf(highest) < cp->grid.count);
    if (!fits || hash != cp->prefixHash || !sameBits(oi[k], cp->openInterest)) {
        return estimate(data, settings, options);
    }

    const PriceGrid& grid = cp->grid;
    const SweepPlan plan{&candles, &oi, &settings, &model, grid, stride, nextCheckpoint, interval};
    EstimateResult result;
    result.bucketSize = cp->bucketSize;
    allocateResult(result, candles, grid, columnCount(n, stride), options.nearPriceRangePercent);
    copyPrefix(previous, candles, k, stride, grid, result);
    if (nextCheckpoint == k) {
        result.checkpoint = previous.checkpoint;  // runSweep starts after it, so keep this one
    }

    SweepState state = cp->state;
    if (auto s = runSweep(plan, state, k + 1, hash, result, options); !s) {
        return s.error();
    }
    finishResult(result, state, candles, grid, options);
    if (resumed != nullptr) {
        *resumed = true;
    }
    return result;
}

}  // namespace liqheat
