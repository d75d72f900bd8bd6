#pragma once

#include "cli_options.h"

namespace liqheat::cli {

/// `backfill -o OUT --symbol S --from DATE --to DATE [--interval I] [--base-url URL] [--timeout S]
/// [--retries N] [--quiet] [MODEL]`: Binance's public data archive (klines, metrics, fundingRate
/// zips, each checked against its CHECKSUM) for the days from..to, merged into a snapshot written
/// atomically; a failed or cancelled backfill leaves an existing OUT untouched.
Command addBackfillCommand(CLI::App& root);

}  // namespace liqheat::cli
