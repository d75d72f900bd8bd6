#include "liqheat/stop_advisor.h"

#include "text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace liqheat {
namespace {

using detail::invalid;
using detail::fixed;
using detail::usd;

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0.0; }

/// A price with at most two decimals and no trailing zeros: 39950, 39950.5, 0.07.
std::string price(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

/// A notional inside every built-in table's first tier: small enough that the liquidation price
/// of a leverage-margined position does not depend on it.
constexpr double kSmallPositionUsd = 1'000.0;

Status checkRequest(const StopRequest& r)
{
    if (!std::isfinite(r.entryPrice) || r.entryPrice <= 0.0) {
        return invalid("entry price must be a positive number");
    }
    if (!finiteNonNegative(r.leverage) || !finiteNonNegative(r.margin) || !finiteNonNegative(r.quantity)) {
        return invalid("leverage, margin and quantity must be non-negative numbers");
    }
    if (r.leverage > 0.0 && r.margin > 0.0) {
        return invalid("give a leverage or a margin, not both");
    }
    if (r.leverage > 0.0 && (r.leverage < 1.0 || r.leverage > 1000.0)) {
        return invalid("leverage must be within 1..1000");
    }
    if (r.margin > 0.0 && r.quantity <= 0.0) {
        return invalid("a margin needs a quantity");
    }
    if (!std::isfinite(r.topUp) || (r.topUp != 0.0 && r.quantity <= 0.0)) {
        return invalid("a margin top-up must be a number and needs a quantity");
    }
    if (!std::isfinite(r.fallbackPercent) || r.fallbackPercent <= 0.0 || r.fallbackPercent >= 100.0) {
        return invalid("fallback stop percent must be within (0, 100)");
    }
    const StopBuffer& b = r.buffer;
    if (!finiteNonNegative(b.tickSize)) {
        return invalid("tick size must be a non-negative number");
    }
    switch (b.mode) {
    case BufferMode::Ticks:
        if (!(b.tickSize > 0.0) || !finiteNonNegative(b.ticks)) {
            return invalid("a tick buffer needs a tick size > 0 and a tick count >= 0");
        }
        break;
    case BufferMode::Percent:
        if (!finiteNonNegative(b.percent) || b.percent >= 100.0) {
            return invalid("buffer percent must be within [0, 100)");
        }
        break;
    case BufferMode::Atr:
        if (!finiteNonNegative(b.atrMultiple) || !std::isfinite(b.atr) || b.atr <= 0.0) {
            return invalid("a volatility buffer needs an ATR > 0 and a multiple >= 0");
        }
        break;
    }
    return {};
}

double bufferFor(const StopBuffer& b, double edge)
{
    switch (b.mode) {
    case BufferMode::Ticks:
        return b.ticks * b.tickSize;
    case BufferMode::Percent:
        return edge * b.percent / 100.0;
    case BufferMode::Atr:
        return b.atrMultiple * b.atr;
    }
    return 0.0;
}

/// Rounds to the tick away from the cluster (down for a long's stop, up for a short's); the
/// epsilon keeps prices already on a tick where they are.
double roundToTick(double value, double tick, Side side)
{
    if (!(tick > 0.0)) {
        return value;
    }
    const double steps = value / tick;
    const double n = side == Side::Long ? std::floor(steps + 1e-9) : std::ceil(steps - 1e-9);
    return n * tick;
}

std::string bufferText(const StopBuffer& b, double buffer)
{
    switch (b.mode) {
    case BufferMode::Ticks:
        return price(buffer) + " (" + fixed(b.ticks, 0) + " ticks of " + price(b.tickSize) + ")";
    case BufferMode::Percent:
        return price(buffer) + " (" + fixed(b.percent, 3) + " %)";
    case BufferMode::Atr:
        return price(buffer) + " (" + fixed(b.atrMultiple, 2) + " x ATR " + price(b.atr) + ")";
    }
    return price(buffer);
}

}  // namespace

std::string toString(BufferMode mode)
{
    switch (mode) {
    case BufferMode::Ticks:
        return "ticks";
    case BufferMode::Percent:
        return "percent";
    case BufferMode::Atr:
        return "atr";
    }
    return "percent";
}

Result<double> averageTrueRange(const CandleSeries& candles, int period)
{
    if (period < 1 || period > 10'000) {
        return invalid("ATR period must be within 1..10000");
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
        return std::max({candles.high[i] - candles.low[i], std::abs(candles.high[i] - prev),
                         std::abs(candles.low[i] - prev)});
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
        out.notes.push_back("nearest significant " + sideName + " cluster " + beyond + " the entry: " +
                            price(chosen->priceLow) + "-" + price(chosen->priceHigh) + " (" + usd(chosen->totalUsd) +
                            ", " + fixed(out.clusterShareOfSide * 100.0, 0) + " % of the " + sideName +
                            "s within " + fixed(r.significance.rangePercent, 1) + " % of the price, strength " +
                            fixed(chosen->strength, 1) + "), " + fixed(out.clusterDistancePercent, 2) + " % " +
                            beyond + " the entry");
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
            out.notes.push_back("the buffer landed in the " + sideName + " cluster " + price(inside->priceLow) + "-" +
                                price(inside->priceHigh) + "; the stop goes " + beyond + " it too");
        }
        stop = roundToTick(stop, r.buffer.tickSize, r.side);
        out.notes.push_back("stop " + price(stop) + ": " + bufferText(r.buffer, out.buffer) + " " + beyond +
                            " the cluster's " + (isLong ? "low" : "high"));
    } else {
        out.fallback = true;
        stop = roundToTick(r.entryPrice * (1.0 - sideSign(r.side) * r.fallbackPercent / 100.0), r.buffer.tickSize,
                           r.side);
        out.notes.push_back("no significant " + sideName + " cluster " + beyond + " the entry: fallback stop " +
                            fixed(r.fallbackPercent, 2) + " % " + beyond + " the entry at " + price(stop));
    }
    if (!(stop > 0.0) || !std::isfinite(stop)) {
        return invalid("the stop would fall to zero or below: use a smaller buffer");
    }
    out.stopPrice = stop;
    out.riskPercent = std::abs(r.entryPrice - stop) / r.entryPrice * 100.0;

    // The position's own liquidation, priced with the exchange formula and dated table.
    out.quotedQuantity = r.quantity > 0.0 ? r.quantity : kSmallPositionUsd / r.entryPrice;
    PositionSpec spec;
    spec.side = r.side;
    spec.entryPrice = r.entryPrice;
    spec.quantity = out.quotedQuantity;
    spec.topUp = r.topUp;
    if (r.leverage > 0.0 || r.margin > 0.0) {
        spec.leverage = r.leverage;
        spec.margin = r.margin;
        auto quote = quoteLiquidation(spec, r.rules);
        if (!quote) {
            return quote.error();
        }
        out.liquidation = *quote;
        out.liquidationBeforeStop = !liquidationBeyondStop(r.side, quote->liquidationPrice, stop);
        const std::string how = r.leverage > 0.0 ? fixed(r.leverage, 1) + "x" : "margin " + price(r.margin);
        out.notes.push_back(quote->liquidationPrice > 0.0
                                ? "liquidation price " + price(quote->liquidationPrice) + " (bankruptcy " +
                                      price(quote->bankruptcyPrice) + ") with " + how + ", maintenance tier " +
                                      std::to_string(quote->tierIndex)
                                : "no liquidation price with " + how + ": the margin covers a fall to zero");
    } else {
        out.notes.push_back("give a leverage or a margin to check the liquidation price against the stop");
    }

    // Highest leverage that keeps liquidation beyond the stop: liquidation moves toward the entry
    // as leverage grows, so bisect on "beyond the stop".
    if (r.margin <= 0.0) {
        auto beyondAt = [&](double leverage) {
            PositionSpec s = spec;
            s.leverage = leverage;
            s.margin = 0.0;
            const auto q = quoteLiquidation(s, r.rules);
            return q.ok() && liquidationBeyondStop(r.side, q->liquidationPrice, stop);
        };
        if (beyondAt(1000.0)) {
            out.maxLeverageBeforeStop = 1000.0;
        } else if (beyondAt(1.0)) {
            double lo = 1.0;
            double hi = 1000.0;
            for (int i = 0; i < 60; ++i) {
                const double mid = 0.5 * (lo + hi);
                (beyondAt(mid) ? lo : hi) = mid;
            }
            out.maxLeverageBeforeStop = std::floor(lo * 100.0) / 100.0;
        }
    }
    if (out.liquidationBeforeStop) {
        std::string fix = out.maxLeverageBeforeStop > 0.0
                              ? ": at most " + fixed(out.maxLeverageBeforeStop, 2) + "x keeps it beyond the stop"
                              : ": add margin or move the stop";
        if (r.margin > 0.0) {
            fix = ": add margin or lower the size";
        }
        out.warnings.push_back("liquidation at " + price(out.liquidation->liquidationPrice) +
                               " comes before the stop at " + price(stop) + fix);
    }
    return out;
}

}  // namespace liqheat
