#pragma once

#include "cli_options.h"

namespace liqheat::cli {

// The commands that read, build and dump snapshots and their estimate.

/// `info SNAPSHOT`: JSON summary of a snapshot.
Command addInfoCommand(CLI::App& root);

/// `import -o OUT [--symbol S] [--exchange E] [--interval I] [--from T] [--to T] [--map SRC=DST]...
/// [--liq-symbol S] [--liq-interval I] [MODEL] CSV...`: a snapshot from CSV files.
Command addImportCommand(CLI::App& root);

/// `estimate SNAPSHOT [MODEL] [--format csv|json] [--columns N] [-o OUT]`: the heatmap grid.
Command addEstimateCommand(CLI::App& root);

/// `sweep SNAPSHOT [MODEL] [-o OUT]`: CSV of the estimated liquidations per candle.
Command addSweepCommand(CLI::App& root);

/// `clusters SNAPSHOT [MODEL] [--top N] [-o OUT]`: JSON liquidation clusters.
Command addClustersCommand(CLI::App& root);

}  // namespace liqheat::cli
