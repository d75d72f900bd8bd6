#include "liqheat/analysis/stop_advisor.h"

#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace liqheat {
namespace {

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0.0; }

Status checkRequest(const StopRequest& r)
{
    if (!std::isfinite(r.entryPrice) || r.entryPrice <= 0.0) {
        return invalidArgument("entry price must be a positive number");
    }
    if (!std::isfinite(r.fallbackPercent) || r.fallbackPercent <= 0.0 || r.fallbackPercent >= 100.0) {
        return invalidArgument("fallback stop percent must be within (0, 100)");
    }
    const StopBuffer& b = r.buffer;
    if (!finiteNonNegative(b.tickSize)) {
        return invalidArgument("tick size must be a non-negative number");
    }
    switch (b.mode) {
    case BufferMode::Ticks:
        if (!(b.tickSize > 0.0) || !finiteNonNegative(b.ticks)) {
            return invalidArgument("a tick buffer needs a tick size > 0 and a tick count >= 0");
        }
        break;
    case BufferMode::Percent:
        if (!finiteNonNegative(b.percent) || b.percent >= 100.0) {
            return invalidArgument("buffer percent must be within [0, 100)");
        }
        break;
    case BufferMode::Atr:
        if (!finiteNonNegative(b.atrMultiple) || !std::isfinite(b.atr) || b.atr <= 0.0) {
            return invalidArgument("a volatility buffer needs an ATR > 0 and a multiple >= 0");
        }
        break;
    }
    return {};
}

double bufferFor(const StopBuffer& b, double edge)
{
    switch (b.mode) {
    case BufferMode::Ticks: return b.ticks * b.tickSize;
    case BufferMode::Percent: return edge * b.percent / 100.0;
    case BufferMode::Atr: return b.atrMultiple * b.atr;
    }
    return 0.0;
}

}  // namespace

double roundStopToTick(double value, double tick, Side side)
{
    if (!(tick > 0.0)) {
        return value;
    }
    const double steps = value / tick;
    const double n = side == Side::Long ? std::floor(steps + 1e-9) : std::ceil(steps - 1e-9);
    return n * tick;
}

namespace {

std::string bufferText(const StopBuffer& b, double buffer)
{
    switch (b.mode) {
    case BufferMode::Ticks:
        return formatPrice(buffer) + " (" + formatFixed(b.ticks, 0) + " ticks of " + formatPrice(b.tickSize) + ")";
    case BufferMode::Percent: return formatPrice(buffer) + " (" + formatFixed(b.percent, 3) + " %)";
    case BufferMode::Atr:
        return formatPrice(buffer) + " (" + formatFixed(b.atrMultiple, 2) + " x ATR " + formatPrice(b.atr) + ")";
    }
    return formatPrice(buffer);
}

}  // namespace

std::string toString(BufferMode mode)
{
    switch (mode) {
    case BufferMode::Ticks: return "ticks";
    case BufferMode::Percent: return "percent";
    case BufferMode::Atr: return "atr";
    }
    return "percent";
}

Result<double> averageTrueRange(const CandleSeries& candles, int period)
{
    if (period < 1 || period > 10'000) {
        return invalidArgument("ATR period must be within 1..10000");
    }
    const std::size_t n = candles.size();
    if (candles.high.size() != n || candles.low.size() != n || candles.close.size() != n) {
        return makeError(Error::Code::InvalidData, "candles: high, low and close do not match the times");
    }
    const auto p = static_cast<std::size_t>(period);
    if (n < p + 1) {
        return makeError(Error::Code::InvalidData, "ATR(" + std::to_string(period) + ") needs at least " +
                                                       std::to_string(p + 1) + " candles, got " + std::to_string(n));
    }
    auto trueRange = [&](std::size_t i) {
        const double prev = candles.close[i - 1];
        return std::max(
            {candles.high[i] - candles.low[i], std::abs(candles.high[i] - prev), std::abs(candles.low[i] - prev)});
    };
    double atr = 0.0;
    for (std::size_t i = 1; i <= p; ++i) {
        atr += trueRange(i);
    }
    atr /= static_cast<double>(period);
    for (std::size_t i = p + 1; i < n; ++i) {
        atr = (atr * (period - 1) + trueRange(i)) / period;
    }
    if (!std::isfinite(atr) || atr < 0.0) {
        return makeError(Error::Code::InvalidData, "candles hold non-finite or inverted prices");
    }
    return atr;
}

Result<StopAdvice> adviseStop(const LiquidationMap& map, const std::vector<Cluster>& clusters, const StopRequest& r)
{
    if (auto s = checkRequest(r); !s) {
        return s.error();
    }
    if (auto s = checkLiquidationMap(map); !s) {
        return s.error();
    }
    const bool isLong = r.side == Side::Long;
    const std::string sideName = toString(r.side);
    const std::string beyond = isLong ? "below" : "above";

    StopAdvice out;
    out.side = r.side;
    out.entryPrice = r.entryPrice;

    // The nearest significant same-side cluster that reaches past the entry in the adverse
    // direction: its liquidations would drive price through a stop placed inside it.
    const double sideUsd = visibleSideUsd(map, r.side, r.significance.rangePercent);
    const Cluster* chosen = nullptr;
    auto nearEdge = [&](const Cluster& c) {
        return isLong ? std::min(c.priceHigh, r.entryPrice) : std::max(c.priceLow, r.entryPrice);
    };
    for (const auto& c : clusters) {
        const bool adverse = isLong ? c.priceLow < r.entryPrice : c.priceHigh > r.entryPrice;
        if (c.side != r.side || !adverse || !isSignificant(c, sideUsd, r.significance)) {
            continue;
        }
        if (!chosen) {
            chosen = &c;
            continue;
        }
        const double a = nearEdge(c);
        const double b = nearEdge(*chosen);
        const bool nearer = isLong ? a > b : a < b;
        if (nearer || (a == b && c.totalUsd > chosen->totalUsd)) {
            chosen = &c;
        }
    }

    double stop = 0.0;
    if (chosen) {
        out.cluster = *chosen;
        out.clusterShareOfSide = shareOfSide(*chosen, sideUsd);
        out.clusterDistancePercent = std::abs(r.entryPrice - nearEdge(*chosen)) / r.entryPrice * 100.0;
        const double edge = isLong ? chosen->priceLow : chosen->priceHigh;
        out.buffer = bufferFor(r.buffer, edge);
        stop = isLong ? edge - out.buffer : edge + out.buffer;
        out.notes.push_back("nearest significant " + sideName + " cluster " + beyond +
                            " the entry: " + formatPrice(chosen->priceLow) + "-" + formatPrice(chosen->priceHigh) +
                            " (" + formatUsd(chosen->totalUsd) + ", " + formatFixed(out.clusterShareOfSide * 100.0, 0) +
                            " % of the " + sideName + "s within " + formatFixed(r.significance.rangePercent, 1) +
                            " % of the price, strength " + formatFixed(chosen->strength, 1) + "), " +
                            formatFixed(out.clusterDistancePercent, 2) + " % " + beyond + " the entry");
        // A buffer may land inside the next cluster out; a stop there would be swept with it, so
        // step beyond that one too (at most once per cluster).
        for (std::size_t guard = 0; guard < clusters.size(); ++guard) {
            const Cluster* inside = nullptr;
            for (const auto& c : clusters) {
                if (c.side == r.side && &c != chosen &&
                    (isLong ? c.priceLow <= stop && stop < c.priceHigh : c.priceLow < stop && stop <= c.priceHigh)) {
                    inside = &c;
                }
            }
            if (!inside) {
                break;
            }
            out.alsoCleared.push_back(*inside);
            const double next = isLong ? inside->priceLow : inside->priceHigh;
            out.buffer = bufferFor(r.buffer, next);
            stop = isLong ? next - out.buffer : next + out.buffer;
            out.notes.push_back("the buffer landed in the " + sideName + " cluster " + formatPrice(inside->priceLow) +
                                "-" + formatPrice(inside->priceHigh) + "; the stop goes " + beyond + " it too");
        }
        stop = roundStopToTick(stop, r.buffer.tickSize, r.side);
        out.notes.push_back("stop " + formatPrice(stop) + ": " + bufferText(r.buffer, out.buffer) + " " + beyond +
                            " the cluster's " + (isLong ? "low" : "high"));
    } else {
        out.fallback = true;
        stop = roundStopToTick(r.entryPrice * (1.0 - sideSign(r.side) * r.fallbackPercent / 100.0), r.buffer.tickSize,
                               r.side);
        out.notes.push_back("no significant " + sideName + " cluster " + beyond + " the entry: fallback stop " +
                            formatFixed(r.fallbackPercent, 2) + " % " + beyond + " the entry at " + formatPrice(stop));
    }
    if (!(stop > 0.0) || !std::isfinite(stop)) {
        return invalidArgument("the stop would fall to zero or below: use a smaller buffer");
    }
    out.stopPrice = stop;
    out.riskPercent = std::abs(r.entryPrice - stop) / r.entryPrice * 100.0;

    return out;
}

}  // namespace liqheat
