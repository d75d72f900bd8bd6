#pragma once

// The sweep behind estimate() and estimateIncremental(): candle by candle, open interest opens
// levels on both sides, price sweeps them, falls in open interest close them. Private to
// liqheat_estimate.

#include "side_book.h"

#include "liqheat/estimate/estimator.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace liqheat::sweep {

class ModelExtras;

struct TierFactors {
    double weight;
    double longFactor;
    double shortFactor;
};

struct EntryPoint {
    double price;
    double weight;
};

/// What stays fixed over a run: the settings and what is derived from them.
struct SweepModel {
    const ModelSettings* settings = nullptr;
    std::vector<TierFactors> factors;
    double minLongFactor = 1.0;   ///< lowest long factor of a weighted tier (>= 0)
    double maxShortFactor = 1.0;  ///< highest short factor of a weighted tier
    double decayPerMs = 0.0;
    ModelExtras* extras = nullptr;  ///< the issue-16 options when any is on (model_extras.h)
};

SweepModel makeSweepModel(const ModelSettings& settings);

/// Everything the sweep changes from candle to candle.
struct SweepState {
    explicit SweepState(int buckets) : longs(buckets), shorts(buckets), minShort(buckets) {}

    SideBook longs;
    SideBook shorts;
    int maxLong = -1;  ///< highest bucket that may hold longs
    int minShort;      ///< lowest bucket that may hold shorts
    double previousOi = std::numeric_limits<double>::quiet_NaN();
};

/// The fixed parts of one run over `candles`.
struct SweepPlan {
    const CandleSeries* candles = nullptr;
    const std::vector<double>* oi = nullptr;
    const ModelSettings* settings = nullptr;
    const SweepModel* model = nullptr;
    PriceGrid grid;
    std::size_t stride = 1;
    std::size_t checkpointAt = 0;
    TimeMs interval = 1;
    /// Candles [columnsFrom, columnsTo) get heatmap columns (EstimateOptions::columnSpan).
    std::size_t columnsFrom = 0;
    std::size_t columnsTo = static_cast<std::size_t>(-1);
};

/// What every run needs: valid settings, candles and open interest.
Status checkInputs(const MarketData& data, const ModelSettings& settings);

/// Open interest in base units at the close of each candle: the last sample stamped before the
/// candle's end, carried forward; NaN before the first sample. Quote-only samples are converted at
/// that candle's close, never used as they are (quote OI moves with price, not with positions).
std::vector<double> alignOpenInterest(const CandleSeries& candles, const OpenInterestSeries& oi, TimeMs interval);

/// Price range of every level candles [from, to) can produce; a long at 1x (factor 0) never
/// liquidates.
std::pair<double, double> levelRange(const CandleSeries& candles, std::size_t from, std::size_t to,
                                     const SweepModel& model);

/// Heatmap columns are every stride-th candle, so that there are at most options.maxColumns.
std::size_t columnStride(std::size_t n, const EstimateOptions& options);
/// The candles [first, second) that get heatmap columns: all, or those of options.columnSpan
/// (at least the one nearest to it).
std::pair<std::size_t, std::size_t> columnCandles(const CandleSeries& candles, const EstimateOptions& options);
/// The candle whose state is kept as the checkpoint: checkpointLag candles before the last.
std::size_t checkpointIndex(std::size_t n, const EstimateOptions& options);

inline constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ULL;

/// Fingerprint of the inputs the sweep reads from candle i (its time, prices and aligned open
/// interest), chained onto `hash`: a resume checks that the prefix it skips is unchanged.
std::uint64_t mixCandle(std::uint64_t hash, const CandleSeries& candles, const std::vector<double>& oi, std::size_t i);

bool sameBits(double a, double b);
bool sameGrid(const PriceGrid& a, const PriceGrid& b);

/// Heatmap columns of n candles at `stride`.
inline std::size_t columnCount(std::size_t n, std::size_t stride) { return (n + stride - 1) / stride; }

/// Sizes `result`'s rows for n candles on `grid` and reserves its heatmap columns (runSweep
/// appends them, each zeroed while in cache and then written, rather than zeroing all first).
void allocateResult(EstimateResult& result, const CandleSeries& candles, const PriceGrid& grid, std::size_t columns,
                    double nearPriceRangePercent);

/// Runs candles [from, n) on `state`, filling the sweep rows and heatmap columns of `result`
/// (sized by allocateResult) and taking the checkpoint when it passes checkpointAt. `hash` is the
/// prefix fingerprint before candle `from`. Shared by the full and the resumed run.
Status runSweep(const SweepPlan& plan, SweepState& state, std::size_t from, std::uint64_t hash, EstimateResult& result,
                const EstimateOptions& options);

/// Starts per-tier tracking in `state` and sizes result.tiers for `columns` heatmap columns when
/// `options` ask for layers or detail.
void prepareTierDetail(EstimateResult& result, SweepState& state, const ModelSettings& settings,
                       const EstimateOptions& options, std::size_t columns);

/// The map (and the visible tiers' map and per-tier maps when tracked) and flow totals from the
/// state after the last candle.
void finishResult(EstimateResult& result, SweepState& state, const CandleSeries& candles, const PriceGrid& grid,
                  const EstimateOptions& options);

}  // namespace liqheat::sweep

namespace liqheat {

/// Sweep state after candle `candle`, with what identifies the inputs that led to it.
struct EstimatorCheckpoint {
    sweep::SweepState state;
    std::size_t candle = 0;       ///< index of the candle the state follows
    std::size_t prefixCount = 0;  ///< candle + 1: the candles it covers
    TimeMs time = 0;              ///< that candle's open time
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    double openInterest = 0.0;     ///< aligned, base units (NaN before the first sample)
    std::uint64_t prefixHash = 0;  ///< mixCandle over candles [0, candle]
    TimeMs interval = 0;           ///< candle interval the open interest was aligned with
    PriceGrid grid;
    double bucketSize = 0.0;
    std::size_t stride = 1;
    ModelSettings settings;
};

}  // namespace liqheat
