#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `map SNAPSHOT [MODEL] [--range PCT] [--format text|csv|json] [--rows N] [-o OUT]`: the current
/// liquidation map around the price.
Command addMapCommand(CLI::App& root);

}  // namespace liqheat::cli
