#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `watch --symbols S,... [--exchanges E,...] [--interval I] [--rules FILE] [--near-cluster-pct X
/// --min-cluster-usd Y] [--cooldown-minutes M] [--poll-seconds N] [--history-hours H]
/// [--base-url [NAME=]URL]... [--quiet] [MODEL]`: polls every market within the per-exchange
/// request budget and prints each alert as one JSON line on stdout until SIGINT/SIGTERM (exit 0).
Command addWatchCommand(CLI::App& root);

}  // namespace liqheat::cli
