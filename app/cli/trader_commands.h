#pragma once

#include <string>
#include <vector>

namespace liqheat::cli {

// The trader tools (docs/TRADER_TOOLS.md). Each prints JSON to stdout, or one error line to
// stderr, and returns the exit code (1 error, 2 usage).

/// `stop SNAPSHOT [MODEL] --side long|short --entry P [--leverage L | --margin M --qty Q] [buffer]
/// [--exchange E] [--account A --risk-pct R]`: a stop beyond the nearest adverse cluster.
int runStop(const std::vector<std::string>& args);

/// `size --account A --risk-pct R --entry P --stop S [--leverage L | --margin M] [--exchange E]`.
int runSize(const std::vector<std::string>& args);

/// `signals SNAPSHOT [MODEL]`: every confluence rule, fired or not, with its numbers.
int runSignals(const std::vector<std::string>& args);

/// `cascade SNAPSHOT [MODEL] --shock -3% [--impact X|fit] [--max-steps N]`.
int runCascade(const std::vector<std::string>& args);

}  // namespace liqheat::cli
