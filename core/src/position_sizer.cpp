#include "liqheat/position_sizer.h"

#include "text_format.h"

#include <cmath>

namespace liqheat {
namespace {

using detail::fixed;
using detail::invalid;

bool positiveFinite(double v) { return std::isfinite(v) && v > 0.0; }

}  // namespace

std::string defaultMaintenanceTableName(Exchange exchange)
{
    return exchange == Exchange::Binance ? "binance-btcusdt-2026-08" : "bybit-btcusdt-2026-10";
}

Result<MaintenanceTable> resolveMaintenanceTable(const LiquidationRules& rules)
{
    if (rules.maintenanceRate) {
        const double rate = *rules.maintenanceRate;
        if (!std::isfinite(rate) || rate < 0.0 || rate >= 0.5) {
            return invalid("maintenance margin rate must be within [0, 0.5)");
        }
        return MaintenanceTable::single(rate);
    }
    const std::string name = rules.tableName.empty() ? defaultMaintenanceTableName(rules.exchange) : rules.tableName;
    if (const MaintenanceTable* table = findMaintenanceTable(name)) {
        return *table;
    }
    std::string names;
    for (const auto& t : maintenanceTables()) {
        names += (names.empty() ? "" : ", ") + t.name;
    }
    return invalid("unknown maintenance table '" + name + "' (known: " + names + ")");
}

Result<LiquidationQuote> quoteLiquidation(PositionSpec position, const LiquidationRules& rules)
{
    auto table = resolveMaintenanceTable(rules);
    if (!table) {
        return table.error();
    }
    position.exchange = rules.exchange;
    return rules.exchange == Exchange::Binance ? binanceLiquidation(position, *table)
                                               : bybitLiquidation(position, *table);
}

bool liquidationBeyondStop(Side side, double liquidationPrice, double stopPrice)
{
    if (side == Side::Long) {
        return liquidationPrice <= 0.0 || liquidationPrice < stopPrice;
    }
    return liquidationPrice > stopPrice;
}

std::string toString(MarginMode mode) { return mode == MarginMode::Isolated ? "isolated" : "cross"; }

Result<PositionSize> sizePosition(const SizingRequest& r)
{
    if (!positiveFinite(r.accountSize)) {
        return invalid("account size must be a positive number");
    }
    if (!positiveFinite(r.riskPercent) || r.riskPercent > 100.0) {
        return invalid("risk percent must be within (0, 100]");
    }
    if (!positiveFinite(r.entryPrice) || !positiveFinite(r.stopPrice)) {
        return invalid("entry and stop prices must be positive numbers");
    }
    if (r.entryPrice == r.stopPrice) {
        return invalid("the stop must differ from the entry");
    }
    if (!std::isfinite(r.leverage) || r.leverage < 0.0 || !std::isfinite(r.margin) || r.margin < 0.0) {
        return invalid("leverage and margin must be non-negative numbers");
    }
    if (!std::isfinite(r.topUp)) {
        return invalid("margin top-up must be a number");
    }
    if (r.leverage > 0.0 && r.margin > 0.0) {
        return invalid("give a leverage or a margin, not both");
    }
    if (r.leverage > 0.0 && (r.leverage < 1.0 || r.leverage > 1000.0)) {
        return invalid("leverage must be within 1..1000");
    }
    const Side side = r.stopPrice < r.entryPrice ? Side::Long : Side::Short;
    if (r.side && *r.side != side) {
        return invalid(*r.side == Side::Long ? "a long's stop must lie below the entry"
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
        return invalid("the stop is too close to the entry to size a position");
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
        out.warnings.push_back("liquidation at " + fixed(quote->liquidationPrice, 2) + " comes before the stop at " +
                               fixed(r.stopPrice, 2) + ": lower the leverage or add margin");
    }
    if (out.margin > r.accountSize * (1.0 + 1e-12)) {
        out.warnings.push_back("the margin needed (" + fixed(out.margin, 2) + ") exceeds the account (" +
                               fixed(r.accountSize, 2) + ")");
    }
    const double effective = out.notional / out.margin;
    if (quote->tier.maxLeverage > 0.0 && effective > quote->tier.maxLeverage * (1.0 + 1e-12)) {
        out.warnings.push_back("leverage " + fixed(effective, 1) + "x exceeds the maximum " +
                               fixed(quote->tier.maxLeverage, 0) + "x of maintenance tier " +
                               std::to_string(quote->tierIndex));
    }
    return out;
}

}  // namespace liqheat
