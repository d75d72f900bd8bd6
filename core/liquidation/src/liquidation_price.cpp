#include "liqheat/liquidation/liquidation_price.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace liqheat {
namespace {

MaintenanceTable makeTable(std::string name, std::vector<MaintenanceTier> tiers)
{
    return MaintenanceTable{std::move(name), std::move(tiers)};
}

Status checkPosition(const PositionSpec& p)
{
    if (!std::isfinite(p.entryPrice) || p.entryPrice <= 0.0) {
        return invalidArgument("entry price must be a positive number");
    }
    if (!std::isfinite(p.quantity) || p.quantity <= 0.0) {
        return invalidArgument("quantity must be a positive number");
    }
    if (!std::isfinite(p.topUp)) {
        return invalidArgument("margin top-up must be a number");
    }
    if (!std::isfinite(p.margin) || p.margin < 0.0) {
        return invalidArgument("margin must be a non-negative number");
    }
    if (p.margin <= 0.0 && (!std::isfinite(p.leverage) || p.leverage < 1.0 || p.leverage > 1000.0)) {
        return invalidArgument("give a margin > 0 or a leverage within 1..1000");
    }
    return {};
}

double walletBalance(const PositionSpec& p)
{
    const double base = p.margin > 0.0 ? p.margin : p.quantity * p.entryPrice / p.leverage;
    return base + p.topUp;
}

Status checkTable(const MaintenanceTable& table)
{
    if (table.tiers.empty()) {
        return invalidArgument("maintenance table '" + table.name + "' has no tiers");
    }
    return {};
}

}  // namespace

std::string toString(Side side) { return side == Side::Long ? "long" : "short"; }
const MaintenanceTier& MaintenanceTable::tierFor(double notional) const
{
    for (const auto& tier : tiers) {
        if (notional < tier.notionalCap) {
            return tier;
        }
    }
    return tiers.back();
}

MaintenanceTable MaintenanceTable::single(double rate)
{
    return makeTable("single-" + std::to_string(rate),
                     {{0.0, std::numeric_limits<double>::infinity(), 0.0, rate, 0.0}});
}

const std::vector<MaintenanceTable>& maintenanceTables()
{
    // Dated tables (see docs/LIQUIDATION.md for sources). Maintenance amounts follow
    // cum_k = cum_{k-1} + floor_k * (rate_k - rate_{k-1}), which validate() checks.
    static const std::vector<MaintenanceTable> tables{
        makeTable("binance-btcusdt-2024-10", {{0, 50e3, 125, 0.004, 0},
                                              {50e3, 600e3, 100, 0.005, 50},
                                              {600e3, 3e6, 75, 0.0065, 950},
                                              {3e6, 12e6, 50, 0.01, 11'450},
                                              {12e6, 70e6, 25, 0.02, 131'450},
                                              {70e6, 100e6, 20, 0.025, 481'450},
                                              {100e6, 230e6, 10, 0.05, 2'981'450},
                                              {230e6, 480e6, 5, 0.10, 14'481'450},
                                              {480e6, 600e6, 4, 0.125, 26'481'450},
                                              {600e6, 800e6, 3, 0.15, 41'481'450},
                                              {800e6, 1200e6, 2, 0.25, 121'481'450},
                                              {1200e6, 1800e6, 1, 0.50, 421'481'450}}),
        makeTable("binance-btcusdt-2026-08", {{0, 300e3, 150, 0.004, 0},
                                              {300e3, 800e3, 100, 0.005, 300},
                                              {800e3, 3e6, 75, 0.0065, 1'500},
                                              {3e6, 12e6, 50, 0.01, 12'000}}),
        makeTable("binance-btcusdt-2021-03", {{0, 50e3, 125, 0.004, 0},
                                              {50e3, 250e3, 100, 0.005, 50},
                                              {250e3, 1e6, 50, 0.01, 1'300},
                                              {1e6, 10e6, 20, 0.025, 16'300},
                                              {10e6, 20e6, 10, 0.05, 266'300},
                                              {20e6, 50e6, 5, 0.10, 1'266'300},
                                              {50e6, 100e6, 4, 0.125, 2'516'300},
                                              {100e6, 200e6, 3, 0.15, 5'016'300},
                                              {200e6, 300e6, 2, 0.25, 25'016'300},
                                              {300e6, 500e6, 1, 0.50, 100'016'300}}),
        makeTable("bybit-btcusdt-2026-10",
                  {{0, 300e3, 150, 0.0033, 0}, {300e3, 2e6, 100, 0.005, 510}, {2e6, 2.6e6, 0, 0.0056, 1'710}}),
    };
    return tables;
}

const MaintenanceTable* findMaintenanceTable(const std::string& name)
{
    for (const auto& table : maintenanceTables()) {
        if (table.name == name) {
            return &table;
        }
    }
    return nullptr;
}

Status validate(const MaintenanceTable& table)
{
    if (auto s = checkTable(table); !s) {
        return s;
    }
    const auto& t = table.tiers;
    if (t.front().amount != 0.0 || t.front().notionalFloor != 0.0) {
        return makeError(Error::Code::InvalidData, table.name + ": tier 1 must start at 0 with no maintenance amount");
    }
    for (std::size_t k = 1; k < t.size(); ++k) {
        const std::string tier = table.name + " tier " + std::to_string(k + 1);
        if (t[k].notionalFloor != t[k - 1].notionalCap) {
            return makeError(Error::Code::InvalidData, tier + ": floor does not meet the previous cap");
        }
        if (t[k].rate <= t[k - 1].rate) {
            return makeError(Error::Code::InvalidData, tier + ": rate does not increase");
        }
        const double expected = t[k - 1].amount + t[k].notionalFloor * (t[k].rate - t[k - 1].rate);
        if (std::abs(expected - t[k].amount) > 1e-6 * std::max(1.0, expected)) {
            return makeError(Error::Code::InvalidData, tier + ": maintenance amount " + std::to_string(t[k].amount) +
                                                           " should be " + std::to_string(expected) +
                                                           " for continuity");
        }
    }
    return {};
}

Result<LiquidationQuote> binanceLiquidation(const PositionSpec& p, const MaintenanceTable& table)
{
    if (auto s = checkPosition(p); !s) {
        return s.error();
    }
    if (auto s = checkTable(table); !s) {
        return s.error();
    }
    const double s = sideSign(p.side);
    const double q = p.quantity;
    const double wb = walletBalance(p);
    if (wb <= 0.0) {
        return invalidArgument("margin after top-up must stay positive");
    }

    auto priceWith = [&](const MaintenanceTier& tier) {
        return (wb + tier.amount - s * q * p.entryPrice) / (q * tier.rate - s * q);
    };

    // Binance's rule: the tier must be the one that holds the notional *at the liquidation price*.
    std::size_t chosen = table.tiers.size();
    double lp = 0.0;
    for (std::size_t i = 0; i < table.tiers.size(); ++i) {
        const auto& tier = table.tiers[i];
        const double candidate = priceWith(tier);
        const double notional = std::max(candidate, 0.0) * q;
        const bool last = i + 1 == table.tiers.size();
        if (notional >= tier.notionalFloor && (notional < tier.notionalCap || last)) {
            chosen = i;
            lp = candidate;
            break;
        }
    }
    if (chosen == table.tiers.size()) {
        // Continuity guarantees a fit; reaching here means a table with gaps. Fall back to the
        // entry-notional tier rather than fail.
        const double entryNotional = q * p.entryPrice;
        for (std::size_t i = 0; i < table.tiers.size(); ++i) {
            if (&table.tiers[i] == &table.tierFor(entryNotional)) {
                chosen = i;
            }
        }
        lp = priceWith(table.tiers[chosen]);
    }

    LiquidationQuote quote;
    quote.tier = table.tiers[chosen];
    quote.tierIndex = static_cast<int>(chosen) + 1;
    quote.liquidationPrice = lp > 0.0 ? lp : 0.0;
    quote.bankruptcyPrice = std::max(0.0, p.entryPrice - s * wb / q);
    quote.initialMargin = wb;
    quote.maintenanceMargin = std::max(0.0, quote.liquidationPrice * q * quote.tier.rate - quote.tier.amount);
    quote.distancePercent =
        quote.liquidationPrice > 0.0 ? std::abs(quote.liquidationPrice - p.entryPrice) / p.entryPrice * 100.0 : 100.0;
    return quote;
}

Result<LiquidationQuote> bybitLiquidation(const PositionSpec& p, const MaintenanceTable& table)
{
    if (auto s = checkPosition(p); !s) {
        return s.error();
    }
    if (auto s = checkTable(table); !s) {
        return s.error();
    }
    const double s = sideSign(p.side);
    const double q = p.quantity;
    const double value = q * p.entryPrice;
    const double im = p.margin > 0.0 ? p.margin : value / p.leverage;
    const auto& tier = table.tierFor(value);
    const double mm = value * tier.rate - tier.amount;
    if (im + p.topUp <= 0.0) {
        return invalidArgument("margin after top-up must stay positive");
    }

    LiquidationQuote quote;
    quote.tier = tier;
    for (std::size_t i = 0; i < table.tiers.size(); ++i) {
        if (&table.tiers[i] == &tier) {
            quote.tierIndex = static_cast<int>(i) + 1;
        }
    }
    const double lp = p.entryPrice - s * ((im - mm) / q + p.topUp / q);
    quote.liquidationPrice = lp > 0.0 ? lp : 0.0;
    quote.bankruptcyPrice = std::max(0.0, p.entryPrice - s * (im + p.topUp) / q);
    quote.initialMargin = im + p.topUp;
    quote.maintenanceMargin = mm;
    quote.distancePercent =
        quote.liquidationPrice > 0.0 ? std::abs(quote.liquidationPrice - p.entryPrice) / p.entryPrice * 100.0 : 100.0;
    return quote;
}

double isolatedLiquidationFactor(Side side, double leverage, double maintenanceMarginRate)
{
    const double s = sideSign(side);
    return (1.0 - s / leverage) / (1.0 - s * maintenanceMarginRate);
}

}  // namespace liqheat
