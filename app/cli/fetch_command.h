#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `fetch -o OUT --exchange binance|bybit|okx|all --symbol S --interval I [--days N]
/// [--base-url [NAME=]URL]... [--reference EX] [--end T] [--timeout S] [--retries N] [--strict]
/// [--quiet] [--store PATH | --no-store] [MODEL]`: live data into a snapshot, written atomically;
/// a failed or cancelled (Ctrl+C) fetch leaves an existing OUT untouched. Through the local store
/// unless --no-store: only what it lacks is fetched, everything fetched is stored, and OUT is the
/// stored span. Progress goes to stderr, a JSON summary to stdout.
Command addFetchCommand(CLI::App& root);

}  // namespace liqheat::cli
