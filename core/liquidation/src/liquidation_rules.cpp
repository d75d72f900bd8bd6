#include "liqheat/liquidation/liquidation_rules.h"

#include <cmath>

namespace liqheat {

std::string defaultMaintenanceTableName(Exchange exchange)
{
    return exchange == Exchange::Bybit ? "bybit-btcusdt-2026-10" : "binance-btcusdt-2026-08";
}

Result<MaintenanceTable> resolveMaintenanceTable(const LiquidationRules& rules)
{
    if (rules.maintenanceRate) {
        const double rate = *rules.maintenanceRate;
        if (!std::isfinite(rate) || rate < 0.0 || rate >= 0.5) {
            return invalidArgument("maintenance margin rate must be within [0, 0.5)");
        }
        return MaintenanceTable::single(rate);
    }
    const std::string name = rules.tableName.empty() ? defaultMaintenanceTableName(rules.exchange) : rules.tableName;
    if (const MaintenanceTable* table = findMaintenanceTable(name)) {
        // A table is one exchange's schedule: another exchange's would price with the wrong tiers.
        const std::string owner = toString(rules.exchange) + "-";
        if (table->name.rfind(owner, 0) != 0) {
            return invalidArgument("maintenance table '" + name + "' is not a " + toString(rules.exchange) + " table");
        }
        return *table;
    }
    std::string names;
    for (const auto& t : maintenanceTables()) {
        names += (names.empty() ? "" : ", ") + t.name;
    }
    return invalidArgument("unknown maintenance table '" + name + "' (known: " + names + ")");
}

Result<LiquidationQuote> quoteLiquidation(PositionSpec position, const LiquidationRules& rules)
{
    auto table = resolveMaintenanceTable(rules);
    if (!table) {
        return table.error();
    }
    position.exchange = rules.exchange;
    switch (rules.exchange) {
    case Exchange::Binance: return binanceLiquidation(position, *table);
    case Exchange::Bybit: return bybitLiquidation(position, *table);
    case Exchange::Okx: break;
    }
    return invalidArgument("no liquidation formula for " + toString(rules.exchange) + " (binance or bybit)");
}

bool liquidationBeyondStop(Side side, double liquidationPrice, double stopPrice)
{
    if (side == Side::Long) {
        return liquidationPrice <= 0.0 || liquidationPrice < stopPrice;
    }
    return liquidationPrice > stopPrice;
}

}  // namespace liqheat
