#include "sweep.h"

#include "model_extras.h"

#include "liqheat/liquidation/liquidation_price.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace liqheat::sweep {
namespace {

constexpr std::size_t kProgressEvery = 4096;

struct Two {
    double a;
    double b;
};

/// {x.a / y.a, x.b / y.b}: two IEEE divisions in one instruction where the compiler offers
/// vectors (divpd on x86-64), the same quotients as two scalar divisions. Division is what the
/// sweep's opens wait on.
inline Two divide(Two x, Two y)
{
#if defined(__GNUC__)
    using V = double __attribute__((vector_size(16)));
    const V q = V{x.a, x.b} / V{y.a, y.b};
    return {q[0], q[1]};
#else
    return {x.a / y.a, x.b / y.b};
#endif
}

void entryPoints(const ModelSettings& settings, double low, double high, double close, std::vector<EntryPoint>& out)
{
    out.clear();
    switch (settings.entry) {
    case EntryPlacement::Close: out.push_back({close, 1.0}); break;
    case EntryPlacement::Typical: out.push_back({(high + low + close) / 3.0, 1.0}); break;
    case EntryPlacement::Profile:  // the spread's points, reweighted by weighByPath
    case EntryPlacement::Spread: {
        const int n = settings.entrySpreadPoints;
        for (int j = 0; j < n; ++j) {
            out.push_back({low + (high - low) * (j + 0.5) / n, 1.0 / n});
        }
        break;
    }
    }
}

/// Asks the kernel for 2 MiB pages in the whole 2 MiB blocks of a large fresh buffer (Linux;
/// a hint, failures ignored). A week of 5 min columns is 16 MB of cells: with 4 KiB pages the
/// first touch of each page (a fault) costs more than computing the estimate.
void adviseHugePages(const void* data, std::size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
    if (last > first) {
        madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
    }
#else
    (void)data;
    (void)bytes;
#endif
}

/// Whether the candle opening at `time` is the last of its UTC hour (always, from 1h intervals up).
bool closesAnHour(TimeMs time, TimeMs interval)
{
    constexpr TimeMs kHour = 3'600'000;
    if (interval >= kHour) {
        return true;
    }
    const TimeMs close = time + interval;
    return ((close % kHour) + kHour) % kHour == 0;
}

/// One candle of the sweep: decay since the previous candle, open, sweep, close. Returns the
/// quote notional swept from (longs, shorts).
std::pair<double, double> stepCandle(SweepState& state, const SweepModel& model, const PriceGrid& grid,
                                     const CandleSeries& candles, const std::vector<double>& oi, std::size_t i,
                                     std::vector<EntryPoint>& entries)
{
    const double low = candles.low[i];
    const double high = candles.high[i];
    SideBook& longs = state.longs;
    SideBook& shorts = state.shorts;

    if (model.decayPerMs > 0.0 && i > 0) {
        const double keep = std::exp(-model.decayPerMs * static_cast<double>(candles.time[i] - candles.time[i - 1]));
        longs.decay(keep);
        shorts.decay(keep);
    }

    // Open: every new contract has a long and a short holder; each is spread over the tiers.
    // Levels opened inside this candle's range are swept with it below (liquidated within it).
    const double delta = std::isnan(state.previousOi) || std::isnan(oi[i]) ? 0.0 : oi[i] - state.previousOi;
    ModelExtras* extras = model.extras;
    if (delta > 0.0 && extras != nullptr && (extras->weighsOpens() || extras->profile())) {
        entryPoints(*model.settings, low, high, candles.close[i], entries);
        if (extras->profile()) {
            weighByPath(candles.open[i], high, low, candles.close[i], entries);
        }
        extras->open(state, model.factors, grid, entries, delta, i, candles.time[i]);
    } else if (delta > 0.0) {
        entryPoints(*model.settings, low, high, candles.close[i], entries);
        // Totals and bounds in locals (registers) for the batch; written back below.
        SideBook::Running longRun = longs.running();
        SideBook::Running shortRun = shorts.running();
        int maxLong = state.maxLong;
        int minShort = state.minShort;
        const Two byScale{longs.scale(), shorts.scale()};
        const Two bySize{grid.size, grid.size};
        for (const auto& e : entries) {
            for (std::size_t tier = 0; tier < model.factors.size(); ++tier) {
                const TierFactors& f = model.factors[tier];
                const double base = delta * e.weight * f.weight;
                if (base <= 0.0) {
                    continue;
                }
                const double quote = base * e.price;
                const double longLevel = e.price * f.longFactor;
                const double shortLevel = e.price * f.shortFactor;
                // The same divisions as indexOf and SideBook::add, two at a time.
                const Two at = divide({longLevel - grid.origin, shortLevel - grid.origin}, bySize);
                const Two longDivided = divide({quote, base}, {byScale.a, byScale.a});
                const Two shortDivided = divide({quote, base}, {byScale.b, byScale.b});
                const int lj = longLevel > 0.0 ? PriceGrid::floorIndex(at.a) : -1;
                if (lj >= 0 && lj < grid.count) {
                    longs.addDivided(lj, longDivided.a, longDivided.b, quote, tier, longRun);
                    maxLong = std::max(maxLong, lj);
                } else {
                    longs.addOutsideDivided(longDivided.a, longDivided.b, quote, longRun);
                }
                const int sj = PriceGrid::floorIndex(at.b);
                if (sj >= 0 && sj < grid.count) {
                    shorts.addDivided(sj, shortDivided.a, shortDivided.b, quote, tier, shortRun);
                    minShort = std::min(minShort, sj);
                } else {
                    shorts.addOutsideDivided(shortDivided.a, shortDivided.b, quote, shortRun);
                }
            }
        }
        longs.commit(longRun);
        shorts.commit(shortRun);
        state.maxLong = maxLong;
        state.minShort = minShort;
    }

    // Sweep: a long bucket goes when any part of it lies at or above the low, a short bucket
    // when any part lies at or below the high, so nothing survives on the wrong side.
    if (extras != nullptr) {
        extras->beforeSweep(state, grid, low, high, candles.time[i]);
    }
    const int lowIndex = std::max(grid.indexOf(low), 0);
    std::pair<double, double> sweptLong{0.0, 0.0};
    if (state.maxLong >= lowIndex) {
        sweptLong = longs.sweep(lowIndex, state.maxLong);
        state.maxLong = lowIndex - 1;
    }
    const int highIndex = std::min(grid.indexOf(high), grid.count - 1);
    std::pair<double, double> sweptShort{0.0, 0.0};
    if (state.minShort <= highIndex) {
        sweptShort = shorts.sweep(state.minShort, highIndex);
        state.minShort = highIndex + 1;
    }

    // Close: a fall in open interest closes that many longs and shorts; what each side lost to
    // liquidations already explains part of it.
    if (delta < 0.0 && extras != nullptr && extras->closesByPnl()) {
        extras->close(state, -delta - sweptLong.second, -delta - sweptShort.second, candles.close[i]);
    } else if (delta < 0.0) {
        longs.closeProportionally(-delta - sweptLong.second);
        shorts.closeProportionally(-delta - sweptShort.second);
    }
    if (!std::isnan(oi[i])) {
        state.previousOi = oi[i];
    }
    return {sweptLong.first, sweptShort.first};
}

}  // namespace

Status checkInputs(const MarketData& data, const ModelSettings& settings)
{
    if (auto s = validate(settings); !s) {
        return s.error();
    }
    if (data.candles.empty()) {
        return makeError(Error::Code::InvalidData, "no candles: the estimator needs candles and open interest");
    }
    if (data.openInterest.empty()) {
        return makeError(Error::Code::InvalidData, "no open interest: the estimator needs it to know what was opened");
    }
    return {};
}

std::vector<double> alignOpenInterest(const CandleSeries& candles, const OpenInterestSeries& oi, TimeMs interval)
{
    std::vector<double> out(candles.size(), std::numeric_limits<double>::quiet_NaN());
    std::size_t k = 0;
    double current = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < candles.size(); ++i) {
        const TimeMs end = candles.time[i] + interval;
        bool updated = false;
        while (k < oi.size() && oi.time[k] < end) {
            ++k;
            updated = true;
        }
        if (updated) {
            const std::size_t s = k - 1;
            current = !oi.base.empty() ? oi.base[s] : oi.quote[s] / candles.close[i];
        }
        out[i] = current;
    }
    return out;
}

SweepModel makeSweepModel(const ModelSettings& settings)
{
    SweepModel model;
    model.settings = &settings;
    for (const auto& t : settings.effectiveTiers()) {
        const double lf = isolatedLiquidationFactor(Side::Long, t.leverage, settings.maintenanceMarginRate);
        const double sf = isolatedLiquidationFactor(Side::Short, t.leverage, settings.maintenanceMarginRate);
        model.factors.push_back({t.weight, lf, sf});
        if (t.weight > 0.0) {
            model.minLongFactor = std::min(model.minLongFactor, std::max(lf, 0.0));
            model.maxShortFactor = std::max(model.maxShortFactor, sf);
        }
    }
    model.decayPerMs =
        settings.decayHalfLifeHours > 0.0 ? std::log(2.0) / (settings.decayHalfLifeHours * 3'600'000.0) : 0.0;
    return model;
}

std::pair<double, double> levelRange(const CandleSeries& candles, std::size_t from, std::size_t to,
                                     const SweepModel& model)
{
    const auto first = static_cast<std::ptrdiff_t>(from);
    const auto last = static_cast<std::ptrdiff_t>(to);
    const double minLow = *std::min_element(candles.low.begin() + first, candles.low.begin() + last);
    const double maxHigh = *std::max_element(candles.high.begin() + first, candles.high.begin() + last);
    return {std::max(minLow * model.minLongFactor, 0.0), maxHigh * model.maxShortFactor};
}

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool sameGrid(const PriceGrid& a, const PriceGrid& b)
{
    return sameBits(a.origin, b.origin) && sameBits(a.size, b.size) && a.count == b.count;
}

std::size_t columnStride(std::size_t n, const EstimateOptions& options)
{
    return options.maxColumns > 0 ? std::max<std::size_t>(1, (n + options.maxColumns - 1) / options.maxColumns) : 1;
}

std::pair<std::size_t, std::size_t> columnCandles(const CandleSeries& candles, const EstimateOptions& options)
{
    const std::size_t n = candles.size();
    if (!options.columnSpan || n == 0) {
        return {0, n};
    }
    const auto [from, to] = *options.columnSpan;
    const auto first = std::lower_bound(candles.time.begin(), candles.time.end(), std::min(from, to));
    const auto last = std::upper_bound(first, candles.time.end(), std::max(from, to));
    auto begin = static_cast<std::size_t>(first - candles.time.begin());
    auto end = static_cast<std::size_t>(last - candles.time.begin());
    if (begin == end) {  // between two candles, or beyond the data: the nearest one
        begin = std::min(begin, n - 1);
        end = begin + 1;
    }
    return {begin, end};
}

std::size_t checkpointIndex(std::size_t n, const EstimateOptions& options)
{
    return n - 1 > options.checkpointLag ? n - 1 - options.checkpointLag : 0;
}

std::uint64_t mixCandle(std::uint64_t hash, const CandleSeries& candles, const std::vector<double>& oi, std::size_t i)
{
    const std::array<std::uint64_t, 6> words{
        static_cast<std::uint64_t>(candles.time[i]),    std::bit_cast<std::uint64_t>(candles.open[i]),
        std::bit_cast<std::uint64_t>(candles.high[i]),  std::bit_cast<std::uint64_t>(candles.low[i]),
        std::bit_cast<std::uint64_t>(candles.close[i]), std::bit_cast<std::uint64_t>(oi[i])};
    for (const std::uint64_t w : words) {
        hash = (hash ^ w) * 0x100000001b3ULL;
        hash ^= hash >> 29;
    }
    return hash;
}

void prepareTierDetail(EstimateResult& result, SweepState& state, const ModelSettings& settings,
                       const EstimateOptions& options, std::size_t columns)
{
    if (!options.tierDetail && !options.visibleTiers) {
        return;
    }
    TierDetail& detail = result.tiers;
    for (const auto& tier : settings.effectiveTiers()) {
        detail.leverage.push_back(tier.leverage);
    }
    const std::size_t tiers = detail.leverage.size();
    detail.visible = options.visibleTiers.value_or(std::vector<bool>(tiers, true));
    state.longs.trackTiers(tiers);
    state.shorts.trackTiers(tiers);
    const std::size_t perColumn = static_cast<std::size_t>(result.heatmap.grid.count) * tiers * 2;
    const std::size_t full = columns * perColumn;
    detail.shareStride = full <= options.tierShareBudgetBytes || perColumn == 0
                             ? 1
                             : (full + options.tierShareBudgetBytes - 1) / options.tierShareBudgetBytes;
    const std::size_t kept = (columns + detail.shareStride - 1) / detail.shareStride;
    detail.longShares.assign(kept * perColumn / 2, 0);
    detail.shortShares.assign(kept * perColumn / 2, 0);
}

void allocateResult(EstimateResult& result, const CandleSeries& candles, const PriceGrid& grid, std::size_t columns,
                    double nearPriceRangePercent)
{
    const std::size_t n = candles.size();
    HeatmapGrid& heat = result.heatmap;
    heat.grid = grid;
    const auto cells = columns * static_cast<std::size_t>(grid.count);
    heat.longUsd.reserve(cells);
    heat.shortUsd.reserve(cells);
    adviseHugePages(heat.longUsd.data(), cells * sizeof(float));
    adviseHugePages(heat.shortUsd.data(), cells * sizeof(float));
    heat.columnTime.reserve(columns);
    heat.columnCandle.reserve(columns);
    result.sweep.time = candles.time;
    result.nearPrice.rangePercent = nearPriceRangePercent;
    result.sweep.longUsd.assign(n, 0.0);
    result.sweep.shortUsd.assign(n, 0.0);
}

Status runSweep(const SweepPlan& plan, SweepState& state, std::size_t from, std::uint64_t hash, EstimateResult& result,
                const EstimateOptions& options)
{
    const CandleSeries& candles = *plan.candles;
    const std::vector<double>& oi = *plan.oi;
    const std::size_t n = candles.size();
    const auto buckets = static_cast<std::size_t>(plan.grid.count);
    HeatmapGrid& heat = result.heatmap;
    std::vector<EntryPoint> entries;
    const std::size_t columnsTo = std::min(plan.columnsTo, n);
    // (i - columnsFrom + 1) % stride, without a division per candle
    std::size_t phase = (from > plan.columnsFrom ? from - plan.columnsFrom + 1 : 1) % plan.stride;
    for (std::size_t i = from; i < n; ++i) {
        if (options.progress && i % kProgressEvery == 0 && !options.progress(i, n)) {
            return makeError(Error::Code::Cancelled, "estimate cancelled");
        }
        const auto [sweptLong, sweptShort] = stepCandle(state, *plan.model, plan.grid, candles, oi, i, entries);
        result.sweep.longUsd[i] = sweptLong;
        result.sweep.shortUsd[i] = sweptShort;

        if (closesAnHour(candles.time[i], plan.interval)) {
            const double r = std::clamp(options.nearPriceRangePercent, 0.0, 100.0) / 100.0;
            const int lo = std::max(plan.grid.indexOf(candles.close[i] * (1.0 - r)), 0);
            const int hi = std::min(plan.grid.indexOf(candles.close[i] * (1.0 + r)), plan.grid.count - 1);
            result.nearPrice.time.push_back(candles.time[i]);
            result.nearPrice.usd.push_back(lo <= hi ? state.longs.quoteIn(lo, hi) + state.shorts.quoteIn(lo, hi) : 0.0);
        }

        const bool inColumns = i >= plan.columnsFrom && i < columnsTo;
        const bool endsColumn = inColumns && (phase == 0 || i + 1 == columnsTo);
        if (inColumns) {
            phase = phase + 1 == plan.stride ? 0 : phase + 1;
        }
        if (endsColumn) {
            const std::size_t offset = heat.columnTime.size() * buckets;
            const std::size_t column = heat.columnTime.size();
            heat.longUsd.resize(offset + buckets);  // zeros, then the occupied buckets written
            heat.shortUsd.resize(offset + buckets);
            if (options.visibleTiers) {
                state.longs.writeColumn(heat.longUsd.data() + offset, *options.visibleTiers);
                state.shorts.writeColumn(heat.shortUsd.data() + offset, *options.visibleTiers);
            } else {
                state.longs.writeColumn(heat.longUsd.data() + offset);
                state.shorts.writeColumn(heat.shortUsd.data() + offset);
            }
            TierDetail& detail = result.tiers;
            if (detail.shareStride > 0 && column % detail.shareStride == 0) {
                const std::size_t at = column / detail.shareStride * buckets * detail.leverage.size();
                state.longs.writeShares(detail.longShares.data() + at);
                state.shorts.writeShares(detail.shortShares.data() + at);
            }
            heat.columnTime.push_back(candles.time[i]);
            heat.columnCandle.push_back(i);
        }

        if (i <= plan.checkpointAt) {
            hash = mixCandle(hash, candles, oi, i);
        }
        if (i == plan.checkpointAt) {
            auto cp = std::make_shared<EstimatorCheckpoint>(EstimatorCheckpoint{
                state, i, i + 1, candles.time[i], candles.open[i], candles.high[i], candles.low[i], candles.close[i],
                oi[i], hash, plan.interval, plan.grid, result.bucketSize, plan.stride, *plan.settings});
            result.checkpoint = std::move(cp);
        }
    }
    if (options.progress) {
        options.progress(n, n);
    }
    return {};
}

void finishResult(EstimateResult& result, SweepState& state, const CandleSeries& candles, const PriceGrid& grid,
                  const EstimateOptions& options)
{
    const std::size_t n = candles.size();
    result.map = makeLiquidationMap(grid, candles.close[n - 1], candles.time[n - 1], state.longs.column(),
                                    state.shorts.column());
    TierDetail& detail = result.tiers;
    if (state.longs.tracksTiers()) {
        const std::size_t tiers = detail.leverage.size();
        std::vector<double> visibleLong(static_cast<std::size_t>(grid.count), 0.0);
        std::vector<double> visibleShort(visibleLong.size(), 0.0);
        for (std::size_t t = 0; t < tiers; ++t) {
            detail.mapLongUsd.push_back(state.longs.tierColumn(t));
            detail.mapShortUsd.push_back(state.shorts.tierColumn(t));
            if (options.visibleTiers && (*options.visibleTiers)[t]) {
                for (std::size_t b = 0; b < visibleLong.size(); ++b) {
                    visibleLong[b] += detail.mapLongUsd.back()[b];
                    visibleShort[b] += detail.mapShortUsd.back()[b];
                }
            }
        }
        if (options.visibleTiers) {
            result.visibleMap = makeLiquidationMap(grid, candles.close[n - 1], candles.time[n - 1],
                                                   std::move(visibleLong), std::move(visibleShort));
        }
    }
    result.longFlow = state.longs.finish();
    result.shortFlow = state.shorts.finish();
}

}  // namespace liqheat::sweep
