#pragma once

#include "liqheat/model/exchange.h"
#include "liqheat/model/result.h"

#include <string>
#include <vector>

namespace liqheat {

enum class Side { Long, Short };

inline double sideSign(Side side) { return side == Side::Long ? 1.0 : -1.0; }
std::string toString(Side side);

/// One maintenance-margin tier: notional range [floor, cap), rate and maintenance amount ("cum").
struct MaintenanceTier {
    double notionalFloor = 0.0;
    double notionalCap = 0.0;
    double maxLeverage = 0.0;
    double rate = 0.0;
    double amount = 0.0;
};

/// A dated table of maintenance tiers for one symbol.
struct MaintenanceTable {
    std::string name;  ///< e.g. "binance-btcusdt-2024-10"
    std::vector<MaintenanceTier> tiers;

    /// The tier whose [floor, cap) holds `notional` (the last one beyond the table).
    [[nodiscard]] const MaintenanceTier& tierFor(double notional) const;
    /// A one-tier table with the given rate and no maintenance amount.
    static MaintenanceTable single(double rate);
};

/// Built-in tables: Binance BTCUSDT 2021-03-18, 2024-10 and 2026-08 (four tiers), Bybit BTCUSDT.
const std::vector<MaintenanceTable>& maintenanceTables();
const MaintenanceTable* findMaintenanceTable(const std::string& name);

/// Checks that cum_1 = 0 and cum_k = cum_{k-1} + floor_k * (rate_k - rate_{k-1}) (continuity),
/// within a tolerance; rates increasing; floors contiguous.
Status validate(const MaintenanceTable& table);

/// A position to price. Margin is either given or implied by leverage (margin = qty*entry/leverage).
struct PositionSpec {
    Exchange exchange = Exchange::Binance;
    Side side = Side::Long;
    double entryPrice = 0.0;
    double quantity = 0.0;  ///< base units, > 0
    double leverage = 0.0;  ///< used when margin <= 0
    double margin = 0.0;    ///< isolated wallet balance (Binance) / initial margin (Bybit); > 0 wins
    double topUp = 0.0;     ///< margin added (negative: a funding deduction or fee)
};

struct LiquidationQuote {
    double liquidationPrice = 0.0;  ///< 0 when the position cannot be liquidated (<= 0 means "--")
    double bankruptcyPrice = 0.0;
    double initialMargin = 0.0;      ///< margin including top-up
    double maintenanceMargin = 0.0;  ///< at the liquidation notional (Binance) or entry (Bybit)
    MaintenanceTier tier;            ///< the tier used
    int tierIndex = 0;               ///< 1-based
    double distancePercent = 0.0;    ///< |LP - entry| / entry * 100
};

/// Binance USD-M one-way: LP = (WB + cum - s*Q*EP) / (Q*MMR - s*Q), the tier re-evaluated at the
/// liquidation notional LP*Q. Isolated: WB = margin + topUp. Cross: pass the cross wallet balance
/// (less other positions' maintenance, plus their unrealized PnL) as margin.
Result<LiquidationQuote> binanceLiquidation(const PositionSpec& position, const MaintenanceTable& table);

/// Bybit linear isolated: LP = EP -/+ (IM - MM)/Q -/+ topUp/Q, MM = EP*Q*MMR - deduction at the
/// entry value's tier.
Result<LiquidationQuote> bybitLiquidation(const PositionSpec& position, const MaintenanceTable& table);

/// The estimator's shortcut: isolated, margin = initial margin, one rate, no maintenance amount.
/// long: EP*(1 - 1/L)/(1 - MMR); short: EP*(1 + 1/L)/(1 + MMR).
double isolatedLiquidationFactor(Side side, double leverage, double maintenanceMarginRate);

}  // namespace liqheat
