#include "liqheat/estimate/calibration.h"

#include "liqheat/model/time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace liqheat {
namespace {

constexpr std::size_t kMinIntervals = 3;  // fewer points make every rank correlation +-1 or undefined
constexpr double kHourMs = 3'600'000.0;

bool allFinite(const std::vector<double>& v)
{
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

/// Strict weak order with NaN above every number, so sorting never meets an unordered pair.
bool rankLess(double a, double b)
{
    if (std::isnan(a)) {
        return false;
    }
    return std::isnan(b) || a < b;
}

Error dataError(std::string message) { return makeError(Error::Code::InvalidData, std::move(message)); }

SideCalibration measureSide(const std::vector<double>& estimated, const std::vector<double>& realized,
                            const std::vector<double>& excursion, double topFraction)
{
    SideCalibration s;
    s.intervals = estimated.size();
    s.realizedUsd = std::accumulate(realized.begin(), realized.end(), 0.0);
    s.estimatedUsd = std::accumulate(estimated.begin(), estimated.end(), 0.0);
    const auto re = averageRanks(estimated);
    const auto rr = averageRanks(realized);
    const auto rx = averageRanks(excursion);
    s.spearman = pearson(re, rr);
    s.baselineSpearman = pearson(rx, rr);
    s.estimateVsBaseline = pearson(re, rx);
    s.partialSpearman = partialCorrelation(s.spearman, s.estimateVsBaseline, s.baselineSpearman);
    s.topShare = liqheat::topShare(estimated, realized, topFraction);
    s.baselineTopShare = liqheat::topShare(excursion, realized, topFraction);
    s.bestTopShare = liqheat::topShare(realized, realized, topFraction);
    return s;
}

std::string fixed2(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string percent(double share)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f %%", share * 100.0);
    return buf;
}

std::string sideReading(const char* name, const SideCalibration& s, double noise, double topFraction)
{
    std::string out = std::string(name) + ": ";
    if (!s.spearman || !s.baselineSpearman) {
        return out + "no reading over " + std::to_string(s.intervals) +
               " intervals (the estimate, the price excursion or the realized series does not vary).";
    }
    const double rho = *s.spearman;
    const double base = *s.baselineSpearman;
    const std::string pair = "(rho " + fixed2(rho) + " vs " + fixed2(base) + ")";
    if (std::abs(rho) < noise) {
        out += "the estimate does not rank intervals measurably, price movement alone does " + pair;
    } else if (rho <= -noise) {
        out += "the estimate ranks intervals backwards, price movement alone does not " + pair;
    } else if (rho - base >= noise) {
        out += "the estimate ranks intervals better than price movement alone " + pair;
    } else if (base - rho >= noise) {
        out += "the estimate ranks intervals worse than price movement alone " + pair;
    } else {
        out += "the estimate ranks intervals about as well as price movement alone " + pair;
    }
    if (!s.partialSpearman) {
        out += " and what it adds cannot be told apart from price movement";
    } else {
        const double p = *s.partialSpearman;
        const std::string tag = " (partial " + fixed2(p) + ")";
        if (p >= 0.3) {
            out += " and adds clearly beyond it" + tag;
        } else if (p >= noise) {
            out += " and adds a little beyond it" + tag;
        } else if (p > -noise) {
            out += " and adds nothing measurable beyond it" + tag;
        } else {
            out += " and, beyond it, points the wrong way" + tag;
        }
    }
    if (s.topShare && s.baselineTopShare) {
        out += "; its top " + percent(topFraction) + " of intervals hold " + percent(*s.topShare) +
               " of realized notional (price movement: " + percent(*s.baselineTopShare);
        if (s.bestTopShare) {
            out += ", at best: " + percent(*s.bestTopShare);
        }
        out += ")";
    }
    return out + ".";
}

}  // namespace

// --- rank statistics ----------------------------------------------------------------------------

std::vector<double> averageRanks(const std::vector<double>& values)
{
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rankLess(values[a], values[b]); });
    std::vector<double> ranks(n, 0.0);
    std::size_t i = 0;
    while (i < n) {
        std::size_t j = i + 1;
        while (j < n && !rankLess(values[order[i]], values[order[j]])) {
            ++j;
        }
        // Positions i..j-1 hold ranks i+1..j; each gets their mean.
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k) {
            ranks[order[k]] = rank;
        }
        i = j;
    }
    return ranks;
}

std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const std::size_t n = x.size();
    if (n != y.size() || n < kMinIntervals || !allFinite(x) || !allFinite(y)) {
        return std::nullopt;
    }
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
    double sxy = 0.0;
    double sxx = 0.0;
    double syy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx;
        const double dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) {
        return std::nullopt;
    }
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::optional<double> spearman(const std::vector<double>& x, const std::vector<double>& y)
{
    if (x.size() != y.size() || !allFinite(x) || !allFinite(y)) {
        return std::nullopt;
    }
    return pearson(averageRanks(x), averageRanks(y));
}

std::optional<double> partialCorrelation(std::optional<double> rxy, std::optional<double> rxz,
                                         std::optional<double> ryz)
{
    if (!rxy || !rxz || !ryz) {
        return std::nullopt;
    }
    const double denominator = (1.0 - *rxz * *rxz) * (1.0 - *ryz * *ryz);
    // Below this the control determines x or y up to rounding: nothing is left to correlate.
    if (!(denominator > 1e-12)) {
        return std::nullopt;
    }
    return std::clamp((*rxy - *rxz * *ryz) / std::sqrt(denominator), -1.0, 1.0);
}

std::optional<double> partialSpearman(const std::vector<double>& x, const std::vector<double>& y,
                                      const std::vector<double>& z)
{
    if (x.size() != y.size() || x.size() != z.size() || !allFinite(x) || !allFinite(y) || !allFinite(z)) {
        return std::nullopt;
    }
    const auto rx = averageRanks(x);
    const auto ry = averageRanks(y);
    const auto rz = averageRanks(z);
    return partialCorrelation(pearson(rx, ry), pearson(rx, rz), pearson(ry, rz));
}

std::optional<double> topShare(const std::vector<double>& score, const std::vector<double>& realized, double fraction)
{
    const std::size_t n = score.size();
    if (n == 0 || n != realized.size() || !(fraction > 0.0) || fraction > 1.0 || !allFinite(score) ||
        !allFinite(realized)) {
        return std::nullopt;
    }
    const double total = std::accumulate(realized.begin(), realized.end(), 0.0);
    if (total == 0.0) {
        return std::nullopt;
    }
    // 1e-9 keeps 0.1 * 630 = 63.000000000000007 from becoming 64.
    const auto k =
        std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(n) - 1e-9)), 1, n);
    std::vector<double> sorted = score;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const double cut = sorted[k - 1];
    double above = 0.0;
    double tied = 0.0;
    std::size_t countAbove = 0;
    std::size_t countTied = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (score[i] > cut) {
            above += realized[i];
            ++countAbove;
        } else if (score[i] == cut) {
            tied += realized[i];
            ++countTied;
        }
    }
    const double takeTied = static_cast<double>(k - countAbove) / static_cast<double>(countTied);
    return (above + takeTied * tied) / total;
}

// --- estimated against realized ------------------------------------------------------------------

Result<AlignedIntervals> alignToRealized(const MarketData& data, const SweepSeries& sweep,
                                         const CalibrationOptions& options)
{
    const CandleSeries& candles = data.candles;
    const LiquidationSeries& realized = data.liquidations;
    if (!std::isfinite(options.warmupHours) || options.warmupHours < 0.0 || options.warmupHours > 1e6) {
        return makeError(Error::Code::InvalidArgument, "warm-up must be within 0..1000000 hours");
    }
    if (!(options.topFraction > 0.0) || options.topFraction > 1.0) {
        return makeError(Error::Code::InvalidArgument, "top fraction must be within (0, 1]");
    }
    if (options.from && options.to && *options.from >= *options.to) {
        return makeError(Error::Code::InvalidArgument, "the calibration window is empty (from is not before to)");
    }
    if (realized.empty()) {
        return makeError(Error::Code::NotFound,
                         "no realized liquidations in the data: calibration compares the estimate with them");
    }
    if (realized.longUsd.size() != realized.size() || realized.shortUsd.size() != realized.size()) {
        return dataError("realized liquidations: the time, long and short columns differ in length");
    }
    if (candles.empty()) {
        return dataError("no candles: calibration needs the candles the estimate was made from");
    }
    const std::size_t n = candles.size();
    if (candles.open.size() != n || candles.high.size() != n || candles.low.size() != n) {
        return dataError("candles: the time, open, high and low columns differ in length");
    }
    if (sweep.time.size() != n || sweep.longUsd.size() != n || sweep.shortUsd.size() != n) {
        return makeError(Error::Code::InvalidArgument, "the sweep series has " + std::to_string(sweep.time.size()) +
                                                           " rows for " + std::to_string(n) +
                                                           " candles: it must be the estimate of these candles");
    }
    if (sweep.time != candles.time) {
        return makeError(Error::Code::InvalidArgument,
                         "the sweep series' times differ from the candles': it must be the estimate of these candles");
    }
    const TimeMs candleMs = data.candleIntervalMs();
    if (candleMs <= 0) {
        return dataError("need at least two candles (or a stated interval) to know the candle interval");
    }
    const TimeMs intervalMs = data.liquidationIntervalMs();
    if (intervalMs <= 0) {
        return dataError("cannot tell the realized liquidations' interval: state it or give at least two rows");
    }
    if (intervalMs < candleMs || intervalMs % candleMs != 0) {
        return dataError("the realized interval (" + formatInterval(intervalMs) +
                         ") is not a whole number of candle intervals (" + formatInterval(candleMs) + ")");
    }
    const auto perInterval = static_cast<std::size_t>(intervalMs / candleMs);
    const TimeMs warmupEnd = candles.time.front() + static_cast<TimeMs>(std::llround(options.warmupHours * kHourMs));

    AlignedIntervals out;
    out.intervalMs = intervalMs;
    for (std::size_t j = 0; j < realized.size(); ++j) {
        const TimeMs t = realized.time[j];
        const auto first = static_cast<std::size_t>(std::lower_bound(candles.time.begin(), candles.time.end(), t) -
                                                    candles.time.begin());
        // Covered: candles at t, t + candle, ..., t + interval - candle, none missing.
        bool covered = first + perInterval <= n && candles.time[first] == t;
        for (std::size_t k = first + 1; covered && k < first + perInterval; ++k) {
            covered = candles.time[k] == candles.time[k - 1] + candleMs;
        }
        if (!covered) {
            ++out.skippedUncovered;
            continue;
        }
        if (t < warmupEnd) {
            ++out.skippedWarmup;
            continue;
        }
        if ((options.from && t < *options.from) || (options.to && t >= *options.to)) {
            ++out.skippedOutsideWindow;
            continue;
        }
        if (!std::isfinite(realized.longUsd[j]) || !std::isfinite(realized.shortUsd[j])) {
            return dataError("realized liquidations row " + std::to_string(j + 1) + ": not a finite number");
        }
        double estLong = 0.0;
        double estShort = 0.0;
        double high = candles.high[first];
        double low = candles.low[first];
        for (std::size_t k = first; k < first + perInterval; ++k) {
            estLong += sweep.longUsd[k];
            estShort += sweep.shortUsd[k];
            high = std::max(high, candles.high[k]);
            low = std::min(low, candles.low[k]);
        }
        const double open = candles.open[first];
        if (!std::isfinite(estLong) || !std::isfinite(estShort)) {
            return dataError("the sweep series is not finite in the interval starting " + formatTimeIso(t));
        }
        if (!(open > 0.0) || !std::isfinite(open) || !std::isfinite(high) || !std::isfinite(low)) {
            return dataError("candles: no usable open, high and low in the interval starting " + formatTimeIso(t));
        }
        out.time.push_back(t);
        out.estimatedLong.push_back(estLong);
        out.estimatedShort.push_back(estShort);
        out.realizedLong.push_back(realized.longUsd[j]);
        out.realizedShort.push_back(realized.shortUsd[j]);
        out.longExcursion.push_back((open - low) / open);
        out.shortExcursion.push_back((high - open) / open);
    }
    return out;
}

Result<CalibrationReport> calibrate(const MarketData& data, const SweepSeries& sweep, const CalibrationOptions& options)
{
    auto alignedResult = alignToRealized(data, sweep, options);
    if (!alignedResult) {
        return alignedResult.error();
    }
    const AlignedIntervals& a = alignedResult.value();
    const std::size_t n = a.size();
    if (n == 0) {
        const auto& c = data.candles.time;
        const auto& r = data.liquidations.time;
        if (a.skippedWarmup + a.skippedOutsideWindow == 0) {
            return dataError("no overlap: none of the realized intervals (" + formatTimeIso(r.front()) + " to " +
                             formatTimeIso(r.back()) + ") is fully covered by the candles (" +
                             formatTimeIso(c.front()) + " to " + formatTimeIso(c.back()) + ")");
        }
        if (a.skippedOutsideWindow == 0) {
            return dataError("all " + std::to_string(a.skippedWarmup) +
                             " covered realized intervals fall in the warm-up; shorten it or add data");
        }
        return dataError("no covered realized interval after the warm-up lies in the requested window");
    }
    if (n < kMinIntervals) {
        return dataError("only " + std::to_string(n) + " realized intervals to compare; calibration needs at least " +
                         std::to_string(kMinIntervals));
    }
    CalibrationReport report;
    report.intervalMs = a.intervalMs;
    report.firstInterval = a.time.front();
    report.lastInterval = a.time.back();
    report.intervals = n;
    report.skippedUncovered = a.skippedUncovered;
    report.skippedWarmup = a.skippedWarmup;
    report.skippedOutsideWindow = a.skippedOutsideWindow;
    report.warmupHours = options.warmupHours;
    report.topFraction = options.topFraction;
    report.noiseLevel = 2.0 / std::sqrt(static_cast<double>(n));
    report.longs = measureSide(a.estimatedLong, a.realizedLong, a.longExcursion, options.topFraction);
    report.shorts = measureSide(a.estimatedShort, a.realizedShort, a.shortExcursion, options.topFraction);
    return report;
}

Result<CalibrationReport> calibrate(const MarketData& data, const EstimateResult& estimate,
                                    const CalibrationOptions& options)
{
    return calibrate(data, estimate.sweep, options);
}

std::string describe(const CalibrationReport& report)
{
    return sideReading("Longs", report.longs, report.noiseLevel, report.topFraction) + " " +
           sideReading("Shorts", report.shorts, report.noiseLevel, report.topFraction);
}

}  // namespace liqheat
