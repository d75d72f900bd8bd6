#include "liqheat/estimate/estimator.h"

#include "liqheat/liquidation/liquidation_price.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>

namespace liqheat {
namespace {

constexpr std::size_t kProgressEvery = 4096;
// Stored values are divided by a per-side scale so that proportional closes and decay cost O(1);
// the scale is folded back into the buckets before it underflows.
constexpr double kRenormaliseBelow = 1e-150;

struct TierFactors {
    double weight;
    double longFactor;
    double shortFactor;
};

/// Resting levels of one side: notional (quote at entry) and quantity (base) per bucket, both
/// stored divided by `scale`.
class SideBook {
public:
    explicit SideBook(int buckets)
        : m_quote(static_cast<std::size_t>(buckets), 0.0), m_base(static_cast<std::size_t>(buckets), 0.0)
    {
    }

    void add(int bucket, double quote, double base)
    {
        const auto i = static_cast<std::size_t>(bucket);
        m_quote[i] += quote / m_scale;
        m_base[i] += base / m_scale;
        m_totalQuote += quote / m_scale;
        m_totalBase += base / m_scale;
        flow.opened += quote;
    }

    void addOutside(double quote, double base)
    {
        m_outsideQuote += quote / m_scale;
        m_outsideBase += base / m_scale;
        m_totalQuote += quote / m_scale;
        m_totalBase += base / m_scale;
        flow.opened += quote;
    }

    /// Removes buckets [first, last]; returns (quote, base) removed.
    std::pair<double, double> sweep(int first, int last)
    {
        double quote = 0.0;
        double base = 0.0;
        for (int j = first; j <= last; ++j) {
            const auto i = static_cast<std::size_t>(j);
            quote += m_quote[i];
            base += m_base[i];
            m_quote[i] = 0.0;
            m_base[i] = 0.0;
        }
        m_totalQuote = std::max(0.0, m_totalQuote - quote);
        m_totalBase = std::max(0.0, m_totalBase - base);
        quote *= m_scale;
        base *= m_scale;
        flow.swept += quote;
        return {quote, base};
    }

    /// Closes `base` units proportionally across every resting level.
    void closeProportionally(double base)
    {
        const double restingBase = m_totalBase * m_scale;
        if (base <= 0.0 || restingBase <= 0.0) {
            return;
        }
        const double fraction = std::min(1.0, base / restingBase);
        flow.closed += fraction * m_totalQuote * m_scale;
        shrink(1.0 - fraction);
    }

    void decay(double keep)
    {
        flow.decayed += (1.0 - keep) * m_totalQuote * m_scale;
        shrink(keep);
    }

    /// Quote notional resting in buckets [first, last].
    [[nodiscard]] double quoteIn(int first, int last) const
    {
        double sum = 0.0;
        for (int j = first; j <= last; ++j) {
            sum += m_quote[static_cast<std::size_t>(j)];
        }
        return sum * m_scale;
    }

    [[nodiscard]] double quoteAt(int bucket) const { return m_quote[static_cast<std::size_t>(bucket)] * m_scale; }

    void writeColumn(float* out) const
    {
        const double scale = m_scale;
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            out[i] = static_cast<float>(m_quote[i] * scale);
        }
    }

    [[nodiscard]] std::vector<double> column() const
    {
        std::vector<double> out(m_quote.size());
        for (std::size_t i = 0; i < m_quote.size(); ++i) {
            out[i] = m_quote[i] * m_scale;
        }
        return out;
    }

    FlowTotals finish()
    {
        flow.resting = m_totalQuote * m_scale;
        flow.outsideGrid = m_outsideQuote * m_scale;
        return flow;
    }

    FlowTotals flow;

private:
    void shrink(double keep)
    {
        if (keep <= 0.0) {
            std::fill(m_quote.begin(), m_quote.end(), 0.0);
            std::fill(m_base.begin(), m_base.end(), 0.0);
            m_totalQuote = m_totalBase = m_outsideQuote = m_outsideBase = 0.0;
            m_scale = 1.0;
            return;
        }
        m_scale *= keep;
        if (m_scale < kRenormaliseBelow) {
            for (auto* v : {&m_quote, &m_base}) {
                for (double& x : *v) {
                    x *= m_scale;
                }
            }
            m_totalQuote *= m_scale;
            m_totalBase *= m_scale;
            m_outsideQuote *= m_scale;
            m_outsideBase *= m_scale;
            m_scale = 1.0;
        }
    }

    std::vector<double> m_quote;
    std::vector<double> m_base;
    double m_scale = 1.0;
    double m_totalQuote = 0.0;
    double m_totalBase = 0.0;
    double m_outsideQuote = 0.0;
    double m_outsideBase = 0.0;
};

/// Open interest in base units at the close of each candle: the last sample stamped before the
/// candle's end, carried forward; NaN before the first sample. Quote-only samples are converted at
/// that candle's close, never used as they are (quote OI moves with price, not with positions).
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

struct EntryPoint {
    double price;
    double weight;
};

void entryPoints(const ModelSettings& settings, double low, double high, double close, std::vector<EntryPoint>& out)
{
    out.clear();
    switch (settings.entry) {
    case EntryPlacement::Close: out.push_back({close, 1.0}); break;
    case EntryPlacement::Typical: out.push_back({(high + low + close) / 3.0, 1.0}); break;
    case EntryPlacement::Spread: {
        const int n = settings.entrySpreadPoints;
        for (int j = 0; j < n; ++j) {
            out.push_back({low + (high - low) * (j + 0.5) / n, 1.0 / n});
        }
        break;
    }
    }
}

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

/// What stays fixed over a run: the settings and what is derived from them.
struct SweepModel {
    const ModelSettings* settings = nullptr;
    std::vector<TierFactors> factors;
    double minLongFactor = 1.0;   ///< lowest long factor of a weighted tier (>= 0)
    double maxShortFactor = 1.0;  ///< highest short factor of a weighted tier
    double decayPerMs = 0.0;
};

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

/// Price range of every level candles [from, to) can produce; a long at 1x (factor 0) never
/// liquidates.
std::pair<double, double> levelRange(const CandleSeries& candles, std::size_t from, std::size_t to,
                                     const SweepModel& model)
{
    const auto first = static_cast<std::ptrdiff_t>(from);
    const auto last = static_cast<std::ptrdiff_t>(to);
    const double minLow = *std::min_element(candles.low.begin() + first, candles.low.begin() + last);
    const double maxHigh = *std::max_element(candles.high.begin() + first, candles.high.begin() + last);
    return {std::max(minLow * model.minLongFactor, 0.0), maxHigh * model.maxShortFactor};
}

/// Everything the sweep changes from candle to candle.
struct SweepState {
    explicit SweepState(int buckets) : longs(buckets), shorts(buckets), minShort(buckets) {}

    SideBook longs;
    SideBook shorts;
    int maxLong = -1;  ///< highest bucket that may hold longs
    int minShort;      ///< lowest bucket that may hold shorts
    double previousOi = std::numeric_limits<double>::quiet_NaN();
};

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
    if (delta > 0.0) {
        entryPoints(*model.settings, low, high, candles.close[i], entries);
        for (const auto& e : entries) {
            for (const auto& f : model.factors) {
                const double base = delta * e.weight * f.weight;
                if (base <= 0.0) {
                    continue;
                }
                const double quote = base * e.price;
                const double longLevel = e.price * f.longFactor;
                const int lj = longLevel > 0.0 ? grid.indexOf(longLevel) : -1;
                if (lj >= 0 && lj < grid.count) {
                    longs.add(lj, quote, base);
                    state.maxLong = std::max(state.maxLong, lj);
                } else {
                    longs.addOutside(quote, base);
                }
                const int sj = grid.indexOf(e.price * f.shortFactor);
                if (sj >= 0 && sj < grid.count) {
                    shorts.add(sj, quote, base);
                    state.minShort = std::min(state.minShort, sj);
                } else {
                    shorts.addOutside(quote, base);
                }
            }
        }
    }

    // Sweep: a long bucket goes when any part of it lies at or above the low, a short bucket
    // when any part lies at or below the high, so nothing survives on the wrong side.
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
    if (delta < 0.0) {
        longs.closeProportionally(-delta - sweptLong.second);
        shorts.closeProportionally(-delta - sweptShort.second);
    }
    if (!std::isnan(oi[i])) {
        state.previousOi = oi[i];
    }
    return {sweptLong.first, sweptShort.first};
}

/// Fingerprint of the inputs the sweep reads from candle i (its time, prices and aligned open
/// interest), chained onto `hash`: a resume checks that the prefix it skips is unchanged.
std::uint64_t mixCandle(std::uint64_t hash, const CandleSeries& candles, const std::vector<double>& oi, std::size_t i)
{
    const std::array<std::uint64_t, 6> words{
        static_cast<std::uint64_t>(candles.time[i]), std::bit_cast<std::uint64_t>(candles.open[i]),
        std::bit_cast<std::uint64_t>(candles.high[i]), std::bit_cast<std::uint64_t>(candles.low[i]),
        std::bit_cast<std::uint64_t>(candles.close[i]), std::bit_cast<std::uint64_t>(oi[i])};
    for (const std::uint64_t w : words) {
        hash = (hash ^ w) * 0x100000001b3ULL;
        hash ^= hash >> 29;
    }
    return hash;
}

constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ULL;

bool sameBits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool sameGrid(const PriceGrid& a, const PriceGrid& b)
{
    return sameBits(a.origin, b.origin) && sameBits(a.size, b.size) && a.count == b.count;
}

std::size_t columnStride(std::size_t n, const EstimateOptions& options)
{
    return options.maxColumns > 0 ? std::max<std::size_t>(1, (n + options.maxColumns - 1) / options.maxColumns) : 1;
}

std::size_t checkpointIndex(std::size_t n, const EstimateOptions& options)
{
    return n - 1 > options.checkpointLag ? n - 1 - options.checkpointLag : 0;
}

}  // namespace

/// Sweep state after candle `candle`, with what identifies the inputs that led to it.
struct EstimatorCheckpoint {
    SweepState state;
    std::size_t candle = 0;        ///< index of the candle the state follows
    std::size_t prefixCount = 0;   ///< candle + 1: the candles it covers
    TimeMs time = 0;               ///< that candle's open time
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

namespace {

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
};

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

/// Runs candles [from, n) on `state`, filling the sweep rows and heatmap columns of `result`
/// (sized by the caller) and taking the checkpoint when it passes checkpointAt. `hash` is the
/// prefix fingerprint before candle `from`. Shared by the full and the resumed run.
Status runSweep(const SweepPlan& plan, SweepState& state, std::size_t from, std::uint64_t hash,
                EstimateResult& result, const EstimateOptions& options)
{
    const CandleSeries& candles = *plan.candles;
    const std::vector<double>& oi = *plan.oi;
    const std::size_t n = candles.size();
    const auto buckets = static_cast<std::size_t>(plan.grid.count);
    HeatmapGrid& heat = result.heatmap;
    std::vector<EntryPoint> entries;
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

        if ((i + 1) % plan.stride == 0 || i + 1 == n) {
            const std::size_t offset = heat.columnTime.size() * buckets;
            state.longs.writeColumn(heat.longUsd.data() + offset);
            state.shorts.writeColumn(heat.shortUsd.data() + offset);
            heat.columnTime.push_back(candles.time[i]);
            heat.columnCandle.push_back(i);
        }

        if (i <= plan.checkpointAt) {
            hash = mixCandle(hash, candles, oi, i);
        }
        if (i == plan.checkpointAt) {
            auto cp = std::make_shared<EstimatorCheckpoint>(EstimatorCheckpoint{
                state, i, i + 1, candles.time[i], candles.open[i], candles.high[i], candles.low[i],
                candles.close[i], oi[i], hash, plan.interval, plan.grid, result.bucketSize, plan.stride,
                *plan.settings});
            result.checkpoint = std::move(cp);
        }
    }
    if (options.progress) {
        options.progress(n, n);
    }
    return {};
}

/// Sizes `result`'s rows and columns for n candles on `grid`.
void allocateResult(EstimateResult& result, const CandleSeries& candles, const PriceGrid& grid, std::size_t stride,
                    double nearPriceRangePercent)
{
    const std::size_t n = candles.size();
    const std::size_t columns = (n + stride - 1) / stride;
    HeatmapGrid& heat = result.heatmap;
    heat.grid = grid;
    const auto cells = columns * static_cast<std::size_t>(grid.count);
    heat.longUsd.resize(cells);
    heat.shortUsd.resize(cells);
    heat.columnTime.reserve(columns);
    heat.columnCandle.reserve(columns);
    result.sweep.time = candles.time;
    result.nearPrice.rangePercent = nearPriceRangePercent;
    result.sweep.longUsd.assign(n, 0.0);
    result.sweep.shortUsd.assign(n, 0.0);
}

/// The map and flow totals from the state after the last candle.
void finishResult(EstimateResult& result, SweepState& state, const CandleSeries& candles, const PriceGrid& grid)
{
    const std::size_t n = candles.size();
    result.map = makeLiquidationMap(grid, candles.close[n - 1], candles.time[n - 1], state.longs.column(),
                                    state.shorts.column());
    result.longFlow = state.longs.finish();
    result.shortFlow = state.shorts.finish();
}

/// What every run needs: valid settings, candles and open interest.
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

}  // namespace

int PriceGrid::indexOf(double price) const
{
    const double i = std::floor((price - origin) / size);
    return static_cast<int>(std::clamp(i, -1e9, 1e9));
}

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
    const SweepModel model = makeSweepModel(settings);

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
                return makeError(Error::Code::InvalidArgument,
                                 "bucket size " + std::to_string(bucket) + " needs " + std::to_string(count) +
                                     " buckets for this price range (limit " + std::to_string(options.maxBuckets) +
                                     ")");
            }
            bucket = niceAbove(bucket * 1.01);
        }
    }

    const std::vector<double> oi = alignOpenInterest(candles, data.openInterest, interval);
    const SweepPlan plan{&candles, &oi, &settings, &model, grid, columnStride(n, options), checkpointIndex(n, options),
                         interval};

    EstimateResult result;
    result.bucketSize = bucket;
    allocateResult(result, candles, grid, plan.stride, options.nearPriceRangePercent);
    SweepState state(grid.count);
    if (auto s = runSweep(plan, state, 0, kHashSeed, result, options); !s) {
        return s.error();
    }
    finishResult(result, state, candles, grid);
    return result;
}

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

    // Cheap structural checks first; each failure means the prefix or its layout changed.
    const bool compatible = [&] {
        if (cp == nullptr || !(cp->settings == settings) || cp->interval != interval) {
            return false;
        }
        const std::size_t k = cp->candle;
        if (n <= k || cp->prefixCount != k + 1 || stride != cp->stride || (k + 1) % stride != 0 ||
            nextCheckpoint < k) {
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
               previous.sweep.longUsd.size() > k && previous.sweep.shortUsd.size() > k &&
               candles.time[k] == cp->time && sameBits(candles.open[k], cp->open) &&
               sameBits(candles.high[k], cp->high) && sameBits(candles.low[k], cp->low) &&
               sameBits(candles.close[k], cp->close);
    }();
    if (!compatible) {
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
    allocateResult(result, candles, grid, stride, options.nearPriceRangePercent);

    // Everything up to the checkpoint candle is the previous result's.
    const std::size_t columns = (k + 1) / stride;
    const auto cells = static_cast<std::ptrdiff_t>(columns * static_cast<std::size_t>(grid.count));
    std::copy(previous.heatmap.longUsd.begin(), previous.heatmap.longUsd.begin() + cells, result.heatmap.longUsd.begin());
    std::copy(previous.heatmap.shortUsd.begin(), previous.heatmap.shortUsd.begin() + cells,
              result.heatmap.shortUsd.begin());
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
    if (nextCheckpoint == k) {
        result.checkpoint = previous.checkpoint;  // runSweep starts after it, so keep this one
    }

    SweepState state = cp->state;
    if (auto s = runSweep(plan, state, k + 1, hash, result, options); !s) {
        return s.error();
    }
    finishResult(result, state, candles, grid);
    if (resumed != nullptr) {
        *resumed = true;
    }
    return result;
}

}  // namespace liqheat
