#pragma once

#include "cli_options.h"

#include "liqheat/store/market_store.h"

#include <string>

namespace liqheat::cli {

/// --store PATH: the local store to use instead of the default ($LIQHEAT_STORE, else
/// $XDG_DATA_HOME/liqheat/market.sqlite).
CLI::Option* addStoreOption(CLI::App& app, std::string& path);

/// Opens `path` (the default store when empty), telling on stderr when a damaged file was moved
/// aside; fails (exit 1) when it cannot be opened.
MarketStore openStoreOrFail(const std::string& path);

/// `export-snapshot --exchange E --symbol S --interval I [--from T] [--to T] -o OUT [--store PATH]`:
/// a stored span (all stored when --from / --to are not given) as a snapshot, written atomically.
Command addExportSnapshotCommand(CLI::App& root);

}  // namespace liqheat::cli
