#pragma once

#include "cli_options.h"

namespace liqheat::cli {

// The market tools (docs/TRADER_TOOLS.md): what the map and the market data say, no position.

/// `signals SNAPSHOT [MODEL] [-o OUT]`: every confluence rule, fired or not, with its numbers.
Command addSignalsCommand(CLI::App& root);

/// `cascade SNAPSHOT [MODEL] --shock -3% [--impact X|fit] [--max-steps N] [-o OUT]`.
Command addCascadeCommand(CLI::App& root);

}  // namespace liqheat::cli
