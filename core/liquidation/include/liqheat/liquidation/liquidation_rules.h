#pragma once

#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>

namespace liqheat {

/// Which exchange formula and maintenance table price a position's liquidation.
struct LiquidationRules {
    Exchange exchange = Exchange::Binance;
    std::string tableName;                  ///< empty: defaultMaintenanceTableName(exchange)
    std::optional<double> maintenanceRate;  ///< set: a one-tier table with this rate, no amount
};

/// The dated built-in table used when none is named (the same as `liqheat-cli liqprice`).
std::string defaultMaintenanceTableName(Exchange exchange);

/// The table `rules` describe; an error names the unknown table or the bad rate.
Result<MaintenanceTable> resolveMaintenanceTable(const LiquidationRules& rules);

/// binanceLiquidation or bybitLiquidation as `rules.exchange` says (position.exchange is ignored).
Result<LiquidationQuote> quoteLiquidation(PositionSpec position, const LiquidationRules& rules);

/// True when a position's liquidation price lies beyond its stop, so the stop fills first.
/// A liquidation price of 0 (the margin covers a fall to zero) is always beyond.
bool liquidationBeyondStop(Side side, double liquidationPrice, double stopPrice);

}  // namespace liqheat
