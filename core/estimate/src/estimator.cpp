#include "liqheat/estimate/estimator.h"

#include "model_extras.h"
#include "sweep.h"

#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

using namespace sweep;

double niceAbove(double x)
{
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * p >= x) {
            return m * p;
        }
    }
    return 10.0 * p;
}

struct ChosenGrid {
    PriceGrid grid;
    double bucketSize = 0.0;
};

/// The forced grid, or one spanning every level any tier can produce from the candles, with the
/// settings' bucket size or a round one near 0.1 % of the median close (coarser while too many).
Result<ChosenGrid> chooseGrid(const CandleSeries& candles, const ModelSettings& settings, const SweepModel& model,
                              const EstimateOptions& options)
{
    const std::size_t n = candles.size();
    PriceGrid grid;
    double bucket = 0.0;
    if (options.grid) {
        grid = *options.grid;
        if (!(grid.size > 0.0) || !std::isfinite(grid.size) || !std::isfinite(grid.origin)) {
            return makeError(Error::Code::InvalidArgument, "forced grid: bucket size must be positive and finite");
        }
        if (grid.count < 1 || grid.count > options.maxBuckets) {
            return makeError(Error::Code::InvalidArgument, "forced grid: " + std::to_string(grid.count) +
                                                               " buckets, must be 1.." +
                                                               std::to_string(options.maxBuckets));
        }
        bucket = grid.size;
    } else {
        std::vector<double> closes = candles.close;
        std::nth_element(closes.begin(), closes.begin() + static_cast<std::ptrdiff_t>(n / 2), closes.end());
        bucket = settings.bucketSize > 0.0 ? settings.bucketSize : autoBucketSize(closes[n / 2]);

        // The grid spans every level any tier can produce.
        const auto [lowest, highest] = levelRange(candles, 0, n, model);
        for (;;) {
            grid.size = bucket;
            grid.origin = std::floor(lowest / bucket) * bucket;
            const double count = std::floor((highest - grid.origin) / bucket) + 1.0;
            if (count <= options.maxBuckets) {
                grid.count = static_cast<int>(count);
                break;
            }
            if (settings.bucketSize > 0.0) {
                return makeError(Error::Code::InvalidArgument, "bucket size " + formatGeneral(bucket) + " needs " +
                                                                   formatGeneral(count) +
                                                                   " buckets for this price range (limit " +
                                                                   std::to_string(options.maxBuckets) + ")");
            }
            bucket = niceAbove(bucket * 1.01);
        }
    }
    return ChosenGrid{grid, bucket};
}

}  // namespace

double autoBucketSize(double price)
{
    if (!(price > 0.0) || !std::isfinite(price)) {
        return 1.0;
    }
    const double target = price * 0.001;
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    double best = p;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (std::abs(std::log(m * p / target)) < std::abs(std::log(best / target))) {
            best = m * p;
        }
    }
    return best;
}

LiquidationMap makeLiquidationMap(const PriceGrid& grid, double price, TimeMs time, std::vector<double> longUsd,
                                  std::vector<double> shortUsd)
{
    LiquidationMap map;
    map.grid = grid;
    map.price = price;
    map.time = time;
    const int n = grid.count;
    map.cumulativeLong.assign(static_cast<std::size_t>(n), 0.0);
    map.cumulativeShort.assign(static_cast<std::size_t>(n), 0.0);
    const int at = std::clamp(grid.indexOf(price), 0, std::max(0, n - 1));
    double run = 0.0;
    for (int j = at; j >= 0 && n > 0; --j) {
        run += longUsd[static_cast<std::size_t>(j)];
        map.cumulativeLong[static_cast<std::size_t>(j)] = run;
    }
    run = 0.0;
    for (int j = at; j < n; ++j) {
        run += shortUsd[static_cast<std::size_t>(j)];
        map.cumulativeShort[static_cast<std::size_t>(j)] = run;
    }
    for (int j = 0; j < n; ++j) {
        map.totalLongUsd += longUsd[static_cast<std::size_t>(j)];
        map.totalShortUsd += shortUsd[static_cast<std::size_t>(j)];
    }
    map.longUsd = std::move(longUsd);
    map.shortUsd = std::move(shortUsd);
    return map;
}

Result<EstimateResult> estimate(const MarketData& data, const ModelSettings& settings, const EstimateOptions& options)
{
    if (auto s = checkInputs(data, settings); !s) {
        return s.error();
    }
    const CandleSeries& candles = data.candles;
    const std::size_t n = candles.size();
    const TimeMs interval = std::max<TimeMs>(data.candleIntervalMs(), 1);
    SweepModel model = makeSweepModel(settings);
    ModelExtras extras(data, settings, interval);
    if (extras.active()) {
        model.extras = &extras;
    }
    auto chosen = chooseGrid(candles, settings, model, options);
    if (!chosen) {
        return chosen.error();
    }
    const PriceGrid& grid = chosen->grid;

    const std::vector<double> oi = alignOpenInterest(candles, data.openInterest, interval);
    const auto [columnsFrom, columnsTo] = columnCandles(candles, options);
    const std::size_t stride = columnStride(columnsTo - columnsFrom, options);
    const std::size_t columns = columnCount(columnsTo - columnsFrom, stride);
    const SweepPlan plan{&candles, &oi,         &settings, &model, grid, stride, checkpointIndex(n, options),
                         interval, columnsFrom, columnsTo};

    EstimateResult result;
    result.bucketSize = chosen->bucketSize;
    allocateResult(result, candles, grid, columns, options.nearPriceRangePercent);
    SweepState state(grid.count);
    if (options.visibleTiers && options.visibleTiers->size() != settings.effectiveTiers().size()) {
        return invalidArgument("leverage layers: " + std::to_string(options.visibleTiers->size()) + " flags for " +
                               std::to_string(settings.effectiveTiers().size()) + " tiers");
    }
    prepareTierDetail(result, state, settings, options, columns);
    extras.prepare(state);
    if (auto s = runSweep(plan, state, 0, kHashSeed, result, options); !s) {
        return s.error();
    }
    if (options.columnSpan) {
        result.checkpoint.reset();  // its columns are a window: a resume would misplace them
    }
    finishResult(result, state, candles, grid, options);
    return result;
}

}  // namespace liqheat
