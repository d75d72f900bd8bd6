#pragma once

// Tables of series: the canonical CSV layout and Binance public-data files (klines, metrics,
// funding), recognised by their header, parsed into per-series rows. Private to liqheat_io.

#include "csv_reader.h"
#include "csv_tables.h"

#include <string>

namespace liqheat::csv {

/// The canonical column name for a header name (lowercased), after the built-in aliases.
std::string applyAlias(const std::string& name);

/// Parses a document of series rows whose header is the current record of `records`.
Result<ParsedFile> parseSeriesTable(CsvRecords& records, const CsvImportOptions& options);

}  // namespace liqheat::csv
