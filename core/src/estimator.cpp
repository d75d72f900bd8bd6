#include "liqheat/estimator.h"

#include "liqheat/liquidation_price.h"

#include <algorithm>
#include <array>
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
    if (auto s = validate(settings); !s) {
        return s.error();
    }
    const CandleSeries& candles = data.candles;
    if (candles.empty()) {
        return makeError(Error::Code::InvalidData, "no candles: the estimator needs candles and open interest");
    }
    if (data.openInterest.empty()) {
        return makeError(Error::Code::InvalidData, "no open interest: the estimator needs it to know what was opened");
    }
    const std::size_t n = candles.size();
    const TimeMs interval = std::max<TimeMs>(data.candleIntervalMs(), 1);

    const auto tiers = settings.effectiveTiers();
    std::vector<TierFactors> factors;
    double minLongFactor = 1.0;
    double maxShortFactor = 1.0;
    for (const auto& t : tiers) {
        const double lf = isolatedLiquidationFactor(Side::Long, t.leverage, settings.maintenanceMarginRate);
        const double sf = isolatedLiquidationFactor(Side::Short, t.leverage, settings.maintenanceMarginRate);
        factors.push_back({t.weight, lf, sf});
        if (t.weight > 0.0) {
            minLongFactor = std::min(minLongFactor, std::max(lf, 0.0));
            maxShortFactor = std::max(maxShortFactor, sf);
        }
    }

    const double minLow = *std::min_element(candles.low.begin(), candles.low.end());
    const double maxHigh = *std::max_element(candles.high.begin(), candles.high.end());
    std::vector<double> closes = candles.close;
    std::nth_element(closes.begin(), closes.begin() + static_cast<std::ptrdiff_t>(n / 2), closes.end());
    double bucket = settings.bucketSize > 0.0 ? settings.bucketSize : autoBucketSize(closes[n / 2]);

    // The grid spans every level any tier can produce; a long at 1x (factor 0) never liquidates.
    const double lowest = std::max(minLow * minLongFactor, 0.0);
    const double highest = maxHigh * maxShortFactor;
    PriceGrid grid;
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
                                 " buckets for this price range (limit " + std::to_string(options.maxBuckets) + ")");
        }
        bucket = niceAbove(bucket * 1.01);
    }

    const std::vector<double> oi = alignOpenInterest(candles, data.openInterest, interval);

    EstimateResult result;
    result.bucketSize = bucket;
    const std::size_t stride =
        options.maxColumns > 0 ? std::max<std::size_t>(1, (n + options.maxColumns - 1) / options.maxColumns) : 1;
    const std::size_t columns = (n + stride - 1) / stride;
    HeatmapGrid& heat = result.heatmap;
    heat.grid = grid;
    const auto cells = columns * static_cast<std::size_t>(grid.count);
    heat.longUsd.resize(cells);
    heat.shortUsd.resize(cells);
    heat.columnTime.reserve(columns);
    heat.columnCandle.reserve(columns);
    result.sweep.time = candles.time;
    result.sweep.longUsd.assign(n, 0.0);
    result.sweep.shortUsd.assign(n, 0.0);

    SideBook longs(grid.count);
    SideBook shorts(grid.count);
    int maxLong = -1;          // highest bucket that may hold longs
    int minShort = grid.count; // lowest bucket that may hold shorts
    double previousOi = std::numeric_limits<double>::quiet_NaN();
    const double decayPerMs =
        settings.decayHalfLifeHours > 0.0 ? std::log(2.0) / (settings.decayHalfLifeHours * 3'600'000.0) : 0.0;
    std::vector<EntryPoint> entries;

    for (std::size_t i = 0; i < n; ++i) {
        if (options.progress && i % kProgressEvery == 0 && !options.progress(i, n)) {
            return makeError(Error::Code::Cancelled, "estimate cancelled");
        }
        const double low = candles.low[i];
        const double high = candles.high[i];

        if (decayPerMs > 0.0 && i > 0) {
            const double keep = std::exp(-decayPerMs * static_cast<double>(candles.time[i] - candles.time[i - 1]));
            longs.decay(keep);
            shorts.decay(keep);
        }

        // Open: every new contract has a long and a short holder; each is spread over the tiers.
        // Levels opened inside this candle's range are swept with it below (liquidated within it).
        const double delta = std::isnan(previousOi) || std::isnan(oi[i]) ? 0.0 : oi[i] - previousOi;
        if (delta > 0.0) {
            entryPoints(settings, low, high, candles.close[i], entries);
            for (const auto& e : entries) {
                for (const auto& f : factors) {
                    const double base = delta * e.weight * f.weight;
                    if (base <= 0.0) {
                        continue;
                    }
                    const double quote = base * e.price;
                    const double longLevel = e.price * f.longFactor;
                    const int lj = longLevel > 0.0 ? grid.indexOf(longLevel) : -1;
                    if (lj >= 0 && lj < grid.count) {
                        longs.add(lj, quote, base);
                        maxLong = std::max(maxLong, lj);
                    } else {
                        longs.addOutside(quote, base);
                    }
                    const int sj = grid.indexOf(e.price * f.shortFactor);
                    if (sj >= 0 && sj < grid.count) {
                        shorts.add(sj, quote, base);
                        minShort = std::min(minShort, sj);
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
        if (maxLong >= lowIndex) {
            sweptLong = longs.sweep(lowIndex, maxLong);
            maxLong = lowIndex - 1;
        }
        const int highIndex = std::min(grid.indexOf(high), grid.count - 1);
        std::pair<double, double> sweptShort{0.0, 0.0};
        if (minShort <= highIndex) {
            sweptShort = shorts.sweep(minShort, highIndex);
            minShort = highIndex + 1;
        }
        result.sweep.longUsd[i] = sweptLong.first;
        result.sweep.shortUsd[i] = sweptShort.first;

        // Close: a fall in open interest closes that many longs and shorts; what each side lost to
        // liquidations already explains part of it.
        if (delta < 0.0) {
            longs.closeProportionally(-delta - sweptLong.second);
            shorts.closeProportionally(-delta - sweptShort.second);
        }
        if (!std::isnan(oi[i])) {
            previousOi = oi[i];
        }

        if ((i + 1) % stride == 0 || i + 1 == n) {
            const std::size_t c = heat.columnTime.size();
            const auto offset = c * static_cast<std::size_t>(grid.count);
            longs.writeColumn(heat.longUsd.data() + offset);
            shorts.writeColumn(heat.shortUsd.data() + offset);
            heat.columnTime.push_back(candles.time[i]);
            heat.columnCandle.push_back(i);
        }
    }
    if (options.progress) {
        options.progress(n, n);
    }

    result.map = makeLiquidationMap(grid, candles.close[n - 1], candles.time[n - 1], longs.column(), shorts.column());
    result.longFlow = longs.finish();
    result.shortFlow = shorts.finish();
    return result;
}

}  // namespace liqheat
