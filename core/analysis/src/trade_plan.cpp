#include "liqheat/analysis/trade_plan.h"

#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

/// A notional inside every built-in table's first tier: small enough that the liquidation price
/// of a leverage-margined position does not depend on it.
constexpr double kSmallPositionUsd = 1'000.0;
constexpr double kMinLeverage = 1.0;
constexpr double kMaxLeverage = 1000.0;

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0.0; }

Status checkRequest(const TradeRequest& r)
{
    if (!std::isfinite(r.entryPrice) || r.entryPrice <= 0.0) {
        return invalidArgument("entry price must be a positive number");
    }
    if (!finiteNonNegative(r.leverage) || !finiteNonNegative(r.margin) || !finiteNonNegative(r.quantity)) {
        return invalidArgument("leverage, margin and quantity must be non-negative numbers");
    }
    if (r.leverage > 0.0 && r.margin > 0.0) {
        return invalidArgument("give a leverage or a margin, not both");
    }
    if (r.leverage > 0.0 && (r.leverage < kMinLeverage || r.leverage > kMaxLeverage)) {
        return invalidArgument("leverage must be within 1..1000");
    }
    const bool sized = r.quantity > 0.0 || r.sizing.has_value();
    if (r.margin > 0.0 && !sized) {
        return invalidArgument("a margin needs a quantity (or sizing by account and risk)");
    }
    if (!std::isfinite(r.topUp)) {
        return invalidArgument("margin top-up must be a number");
    }
    if (r.topUp != 0.0 && !sized) {
        return invalidArgument("a margin top-up needs a quantity (or sizing by account and risk)");
    }
    if (r.manualStop && (!std::isfinite(*r.manualStop) || *r.manualStop <= 0.0)) {
        return invalidArgument("stop price must be a positive number");
    }
    if (r.atrPeriod < 1 || r.atrPeriod > 10'000) {
        return invalidArgument("ATR period must be within 1..10000");
    }
    if (r.sizing) {
        if (!std::isfinite(r.sizing->accountSize) || r.sizing->accountSize <= 0.0) {
            return invalidArgument("account size must be a positive number");
        }
        if (!std::isfinite(r.sizing->riskPercent) || r.sizing->riskPercent <= 0.0 || r.sizing->riskPercent > 100.0) {
            return invalidArgument("risk percent must be within (0, 100]");
        }
    }
    if (auto table = resolveMaintenanceTable(r.rules); !table) {
        return table.error();
    }
    return {};
}

/// The manual stop on the price step: the nearest tick (the trader chose the level; the step
/// only makes it an order the exchange accepts).
double roundToNearestTick(double price, double tick) { return tick > 0.0 ? std::round(price / tick) * tick : price; }

/// Highest leverage whose liquidation stays beyond the stop: liquidation moves toward the entry
/// as leverage grows, so bisect on "beyond the stop".
double maxLeverageBeyond(const TradeRequest& r, double quantity, double stop)
{
    auto beyondAt = [&](double leverage) {
        PositionSpec s = positionSpec(r, quantity);
        s.leverage = leverage;
        s.margin = 0.0;
        const auto q = quoteLiquidation(s, r.rules);
        return q.ok() && liquidationBeyondStop(r.side, q->liquidationPrice, stop);
    };
    if (beyondAt(kMaxLeverage)) {
        return kMaxLeverage;
    }
    if (!beyondAt(kMinLeverage)) {
        return 0.0;
    }
    double lo = kMinLeverage;
    double hi = kMaxLeverage;
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (beyondAt(mid) ? lo : hi) = mid;
    }
    return std::floor(lo * 100.0) / 100.0;
}

/// "10x", "12.5x": the leverage as a trader says it.
std::string leverageText(double leverage)
{
    return formatFixed(leverage, std::abs(leverage - std::round(leverage)) < 0.05 ? 0 : 1) + "x";
}

/// "9.6 %", "0.45 %": one decimal, two below 1 %.
std::string moveText(double percent) { return formatFixed(percent, percent < 1.0 ? 2 : 1) + " %"; }

}  // namespace

std::optional<LeverageCheck> checkLeverage(const LiquidationQuote& quote, double entryPrice, double quantity,
                                           double leverage)
{
    if (!(quote.liquidationPrice > 0.0) || !(entryPrice > 0.0)) {
        return std::nullopt;
    }
    LeverageCheck check;
    const double notional = entryPrice * quantity;
    check.leverage = leverage > 0.0 ? leverage : quote.initialMargin > 0.0 ? notional / quote.initialMargin : 0.0;
    check.movePercent = quote.distancePercent;
    const std::string at = check.leverage > 0.0 ? "at " + leverageText(check.leverage) + " " : "";
    check.note = at + "a " + moveText(check.movePercent) + " move against the position liquidates it";
    if (check.leverage >= kHighLeverage || check.movePercent <= kThinLiquidationMovePercent) {
        check.warning =
            at + "a " + moveText(check.movePercent) + " move wipes the margin out; most traders stay at 3-10x";
    }
    return check;
}

PositionSpec positionSpec(const TradeRequest& r, double quantity)
{
    PositionSpec spec;
    spec.exchange = r.rules.exchange;
    spec.side = r.side;
    spec.entryPrice = r.entryPrice;
    spec.quantity = quantity;
    spec.leverage = r.leverage;
    spec.margin = r.margin;
    spec.topUp = r.topUp;
    return spec;
}

Result<TradePlan> planTrade(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                            const CandleSeries& candles, const TradeRequest& r)
{
    if (auto s = checkRequest(r); !s) {
        return s.error();
    }
    TradePlan plan;
    plan.side = r.side;
    plan.entryPrice = r.entryPrice;

    // 1. The stop: the advisor's, unless the trader placed one.
    StopRequest stopRequest;
    stopRequest.side = r.side;
    stopRequest.entryPrice = r.entryPrice;
    stopRequest.buffer = r.buffer;
    stopRequest.fallbackPercent = r.fallbackPercent;
    stopRequest.significance = r.significance;
    if (r.buffer.mode == BufferMode::Atr && !(r.buffer.atr > 0.0)) {
        auto atr = averageTrueRange(candles, r.atrPeriod);
        if (!atr) {
            return atr.error();
        }
        stopRequest.buffer.atr = *atr;
    }
    plan.atr = r.buffer.mode == BufferMode::Atr ? stopRequest.buffer.atr : 0.0;
    if (!r.manualStop || map.grid.count > 0) {
        auto advice = adviseStop(map, clusters, stopRequest);
        if (!advice) {
            return advice.error();
        }
        plan.advice = std::move(advice).value();
        plan.notes = plan.advice->notes;
    }
    if (r.manualStop) {
        plan.manualStop = true;
        plan.stopPrice = roundToNearestTick(*r.manualStop, r.buffer.tickSize);
        if (!(plan.stopPrice > 0.0)) {
            return invalidArgument("the stop rounds to zero on a tick of " + formatPrice(r.buffer.tickSize));
        }
        plan.notes.push_back("stop " + formatPrice(plan.stopPrice) + ": placed by the trader" +
                             (plan.advice ? "; the advisor's is " + formatPrice(plan.advice->stopPrice) : ""));
    } else {
        plan.stopPrice = plan.advice->stopPrice;
    }
    const bool stopOnLossSide = r.side == Side::Long ? plan.stopPrice < r.entryPrice : plan.stopPrice > r.entryPrice;
    if (!stopOnLossSide) {
        return invalidArgument(r.side == Side::Long ? "a long's stop must lie below the entry"
                                                    : "a short's stop must lie above the entry");
    }
    plan.riskPercent = std::abs(r.entryPrice - plan.stopPrice) / r.entryPrice * 100.0;

    // 2. The size: what the account can lose at that stop.
    if (r.sizing) {
        SizingRequest s;
        s.accountSize = r.sizing->accountSize;
        s.riskPercent = r.sizing->riskPercent;
        s.entryPrice = r.entryPrice;
        s.stopPrice = plan.stopPrice;
        s.side = r.side;
        s.leverage = r.leverage;
        s.margin = r.margin;
        s.topUp = r.topUp;
        s.rules = r.rules;
        auto size = sizePosition(s);
        if (!size) {
            return size.error();
        }
        plan.size = std::move(size).value();
    }

    // 3. The liquidation of the position that will actually be opened.
    plan.maintenanceTable = resolveMaintenanceTable(r.rules)->name;
    plan.quantity = r.quantity > 0.0 ? r.quantity : plan.size ? plan.size->quantity : kSmallPositionUsd / r.entryPrice;
    plan.smallPosition = r.quantity <= 0.0 && !plan.size;
    std::string how;
    if (r.quantity <= 0.0 && plan.size) {
        plan.liquidation = plan.size->liquidation;  // priced by the sizer for this very position
        plan.marginMode = plan.size->marginMode;
        how = plan.marginMode == MarginMode::Cross ? "cross margin on the account" : "";
    } else if (r.leverage > 0.0 || r.margin > 0.0) {
        auto quote = quoteLiquidation(positionSpec(r, plan.quantity), r.rules);
        if (!quote) {
            return quote.error();
        }
        plan.liquidation = *quote;
    }
    if (how.empty()) {
        how = r.leverage > 0.0 ? formatFixed(r.leverage, 2) + "x" : "margin " + formatPrice(r.margin);
    }
    if (r.topUp != 0.0) {
        how += (r.topUp > 0.0 ? ", top-up " : ", deducted ") + formatPrice(std::abs(r.topUp));
    }
    std::optional<LeverageCheck> leverage;
    if (plan.liquidation) {
        const LiquidationQuote& q = *plan.liquidation;
        plan.liquidationBeforeStop = !liquidationBeyondStop(r.side, q.liquidationPrice, plan.stopPrice);
        plan.notes.push_back(q.liquidationPrice > 0.0
                                 ? "liquidation price " + formatPrice(q.liquidationPrice) + " (bankruptcy " +
                                       formatPrice(q.bankruptcyPrice) + ") with " + how + ", maintenance tier " +
                                       std::to_string(q.tierIndex) + " of " + plan.maintenanceTable
                                 : "no liquidation price with " + how + ": the margin covers a fall to zero");
        if (r.margin <= 0.0 && plan.marginMode == MarginMode::Isolated) {
            plan.maxLeverageBeforeStop = maxLeverageBeyond(r, plan.quantity, plan.stopPrice);
        }
        leverage = checkLeverage(q, r.entryPrice, plan.quantity, r.leverage);
        if (leverage) {
            plan.liquidationMovePercent = leverage->movePercent;
            plan.notes.push_back(leverage->note);
        }
    } else {
        plan.notes.push_back("give a leverage, a margin or sizing to check the liquidation price against the stop");
    }

    // 4. What to fix.
    if (plan.liquidationBeforeStop) {
        std::string fix = ": add margin or move the stop";
        if (r.margin > 0.0) {
            fix = ": add margin or lower the size";
        } else if (plan.maxLeverageBeforeStop > 0.0) {
            fix = ": at most " + formatFixed(plan.maxLeverageBeforeStop, 2) + "x keeps it beyond the stop";
        }
        plan.warnings.push_back("liquidation at " + formatPrice(plan.liquidation->liquidationPrice) +
                                " comes before the stop at " + formatPrice(plan.stopPrice) + fix);
    }
    if (plan.size) {
        for (const auto& w : plan.size->warnings) {
            if (w.find("comes before the stop") == std::string::npos) {
                plan.warnings.push_back(w);
            }
        }
    }
    if (leverage && leverage->warning) {
        plan.warnings.push_back(*leverage->warning);
    }
    return plan;
}

Result<double> leverageForLiquidation(const TradeRequest& request, double quantity, double liquidationPrice)
{
    if (!std::isfinite(liquidationPrice) || liquidationPrice <= 0.0) {
        return invalidArgument("liquidation price must be a positive number");
    }
    if (!std::isfinite(request.entryPrice) || request.entryPrice <= 0.0 || !std::isfinite(quantity) ||
        quantity <= 0.0) {
        return invalidArgument("entry price and quantity must be positive numbers");
    }
    const bool isLong = request.side == Side::Long;
    if (isLong ? liquidationPrice >= request.entryPrice : liquidationPrice <= request.entryPrice) {
        return invalidArgument(isLong ? "a long is liquidated below its entry"
                                      : "a short is liquidated above its entry");
    }
    TradeRequest r = request;
    r.margin = 0.0;
    auto priceAt = [&](double leverage) -> Result<double> {
        r.leverage = leverage;
        auto q = quoteLiquidation(positionSpec(r, quantity), r.rules);
        if (!q) {
            return q.error();
        }
        return q->liquidationPrice;
    };
    // Liquidation moves toward the entry as leverage grows: a long's rises, a short's falls.
    auto towardEntry = [&](double lp) { return isLong ? lp >= liquidationPrice : lp <= liquidationPrice; };
    auto low = priceAt(kMinLeverage);
    auto high = priceAt(kMaxLeverage);
    if (!low || !high) {
        return !low ? low.error() : high.error();
    }
    if (towardEntry(*low)) {
        return invalidArgument("even 1x is liquidated at " + formatPrice(*low) + ", nearer the entry than " +
                               formatPrice(liquidationPrice));
    }
    if (!towardEntry(*high)) {
        return invalidArgument("even 1000x is liquidated at " + formatPrice(*high) + ", farther than " +
                               formatPrice(liquidationPrice));
    }
    double lo = kMinLeverage;
    double hi = kMaxLeverage;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        auto lp = priceAt(mid);
        if (!lp) {
            return lp.error();
        }
        (towardEntry(*lp) ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
}

}  // namespace liqheat
