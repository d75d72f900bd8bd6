#pragma once

#include "cli_options.h"

namespace liqheat::cli {

// The position tools (docs/TRADER_TOOLS.md): one liquidation price, and the trade plan of
// planTrade, with the advisor's stop (stop) or the trader's (size). Each prints JSON.

/// `liqprice --exchange binance|bybit --side long|short --entry P --qty Q (--leverage L | --margin M)
/// [--topup X] [--table NAME | --mmr R]`.
Command addLiqpriceCommand(CLI::App& root);

/// `stop SNAPSHOT [MODEL] --side long|short --entry P [position] [buffer] [--stop P]
/// [--account A --risk-pct R]`: a stop beyond the nearest adverse cluster, or the trader's own,
/// with the position's liquidation checked against it.
Command addStopCommand(CLI::App& root);

/// `size --account A --risk-pct R --entry P --stop S [--side long|short] [position]`.
Command addSizeCommand(CLI::App& root);

}  // namespace liqheat::cli
