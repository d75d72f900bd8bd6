#include "liqheat/analysis/position_sizer.h"

#include "liqheat/model/format.h"

#include <cmath>

namespace liqheat {
namespace {

bool positiveFinite(double v) { return std::isfinite(v) && v > 0.0; }

}  // namespace

std::string toString(MarginMode mode) { return mode == MarginMode::Isolated ? "isolated" : "cross"; }

Result<PositionSize> sizePosition(const SizingRequest& r)
{
    if (!positiveFinite(r.accountSize)) {
        return invalidArgument("account size must be a positive number");
    }
    if (!positiveFinite(r.riskPercent) || r.riskPercent > 100.0) {
        return invalidArgument("risk percent must be within (0, 100]");
    }
    if (!positiveFinite(r.entryPrice) || !positiveFinite(r.stopPrice)) {
        return invalidArgument("entry and stop prices must be positive numbers");
    }
    if (r.entryPrice == r.stopPrice) {
        return invalidArgument("the stop must differ from the entry");
    }
    if (!std::isfinite(r.leverage) || r.leverage < 0.0 || !std::isfinite(r.margin) || r.margin < 0.0) {
        return invalidArgument("leverage and margin must be non-negative numbers");
    }
    if (!std::isfinite(r.topUp)) {
        return invalidArgument("margin top-up must be a number");
    }
    if (r.leverage > 0.0 && r.margin > 0.0) {
        return invalidArgument("give a leverage or a margin, not both");
    }
    if (r.leverage > 0.0 && (r.leverage < 1.0 || r.leverage > 1000.0)) {
        return invalidArgument("leverage must be within 1..1000");
    }
    const Side side = r.stopPrice < r.entryPrice ? Side::Long : Side::Short;
    if (r.side && *r.side != side) {
        return invalidArgument(*r.side == Side::Long ? "a long's stop must lie below the entry"
                                                     : "a short's stop must lie above the entry");
    }

    PositionSize out;
    out.side = side;
    const double distance = std::abs(r.entryPrice - r.stopPrice);
    out.riskUsd = r.accountSize * r.riskPercent / 100.0;
    out.quantity = out.riskUsd / distance;
    out.notional = out.quantity * r.entryPrice;
    out.stopDistancePercent = distance / r.entryPrice * 100.0;
    if (!std::isfinite(out.notional) || !std::isfinite(out.quantity)) {
        return invalidArgument("the stop is too close to the entry to size a position");
    }
    out.leverage = r.leverage;

    PositionSpec spec;
    spec.side = side;
    spec.entryPrice = r.entryPrice;
    spec.quantity = out.quantity;
    spec.topUp = r.topUp;
    if (r.leverage > 0.0) {
        out.marginMode = MarginMode::Isolated;
        out.margin = out.notional / r.leverage;
        out.impliedLeverage = out.notional / r.accountSize;
        spec.leverage = r.leverage;
    } else if (r.margin > 0.0) {
        out.marginMode = MarginMode::Isolated;
        out.margin = r.margin;
        out.impliedLeverage = out.notional / r.margin;
        spec.margin = r.margin;
    } else {
        // Cross margin with nothing else open: the whole account is the position's wallet balance.
        out.marginMode = MarginMode::Cross;
        out.margin = r.accountSize;
        out.impliedLeverage = out.notional / r.accountSize;
        spec.margin = r.accountSize;
    }

    auto quote = quoteLiquidation(spec, r.rules);
    if (!quote) {
        return quote.error();
    }
    out.liquidation = *quote;
    out.liquidationBeyondStop = liquidationBeyondStop(side, quote->liquidationPrice, r.stopPrice);

    if (!out.liquidationBeyondStop) {
        out.warnings.push_back("liquidation at " + formatFixed(quote->liquidationPrice, 2) +
                               " comes before the stop at " + formatFixed(r.stopPrice, 2) +
                               ": lower the leverage or add margin");
    }
    if (out.margin > r.accountSize * (1.0 + 1e-12)) {
        out.warnings.push_back("the margin needed (" + formatFixed(out.margin, 2) + ") exceeds the account (" +
                               formatFixed(r.accountSize, 2) + ")");
    }
    const double effective = out.notional / out.margin;
    if (quote->tier.maxLeverage > 0.0 && effective > quote->tier.maxLeverage * (1.0 + 1e-12)) {
        out.warnings.push_back("leverage " + formatFixed(effective, 1) + "x exceeds the maximum " +
                               formatFixed(quote->tier.maxLeverage, 0) + "x of maintenance tier " +
                               std::to_string(quote->tierIndex));
    }
    return out;
}

}  // namespace liqheat
