#pragma once

// The position options liqprice, stop and size share: exchange, maintenance table or rate, side,
// entry, leverage or margin, quantity and top-up, declared once and turned into a TradeRequest.

#include "liqheat/analysis/trade_plan.h"
#include "liqheat/liquidation/liquidation_rules.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace liqheat::cli {

struct PositionOptions {
    std::string exchange = "binance";
    std::string table;  ///< empty: the exchange's default dated table
    std::optional<double> maintenanceRate;
    std::string side;  ///< empty: not given
    double entryPrice = 0.0;
    std::optional<double> leverage;
    std::optional<double> margin;
    std::optional<double> quantity;
    double topUp = 0.0;
};

/// The declared options, for the commands that require more of them than the defaults.
struct PositionOptionHandles {
    CLI::Option* exchange = nullptr;
    CLI::Option* side = nullptr;
    CLI::Option* quantity = nullptr;  ///< null without a quantity option
};

enum class QuantityOption { Declared, Absent };

/// Declares --exchange, --table, --mmr, --side, --entry (required), --leverage | --margin,
/// --qty (unless absent) and --topup.
PositionOptionHandles addPositionOptions(CLI::App& app, PositionOptions& options,
                                         QuantityOption quantity = QuantityOption::Declared);

LiquidationRules liquidationRules(const PositionOptions& options);

/// Side (long unless given), entry, leverage, margin, quantity, top-up and rules of `options`.
TradeRequest tradeRequest(const PositionOptions& options);

/// Usage error "COMMAND: --stop ..." unless `stop` lies on the loss side of the entry for `side`.
void checkStopSide(const std::string& command, Side side, double entryPrice, double stop);

}  // namespace liqheat::cli
