#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `calibrate SNAPSHOT [MODEL] [--warmup-hours H] [--from T] [--to T] [--top-fraction F] [-o OUT]`:
/// JSON skill metrics of the estimate against the snapshot's realized liquidations.
Command addCalibrateCommand(CLI::App& root);

}  // namespace liqheat::cli
