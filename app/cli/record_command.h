#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `record --symbols S[,S...] [--exchanges E[,E...]] [--interval I] [--days N] [--poll SECONDS]
/// [--batch-ms MS] [--base-url [NAME=]URL]... [--stream-url [NAME=]URL]... [--no-streams]
/// [--store PATH]`: keeps the local store current until SIGTERM or SIGINT. REST polls (through the
/// store: only what it lacks is fetched) of every symbol on every exchange, and the exchanges'
/// liquidation streams written in batches. One line per write batch on stdout; stream state
/// changes and problems on stderr. Exit 0 after a clean shutdown (the last batch committed).
Command addRecordCommand(CLI::App& root);

}  // namespace liqheat::cli
