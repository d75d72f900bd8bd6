#pragma once

#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace liqheat {

/// What kind of CSV a file turned out to be.
enum class CsvFormat {
    Canonical,       ///< header with `time` and canonical columns (aliases accepted)
    BinanceKlines,   ///< Binance public data klines, with or without header
    BinanceMetrics,  ///< Binance public data futures `metrics` (open interest, ratios)
    BinanceFunding,  ///< Binance public data `fundingRate` (calc_time,funding_interval_hours,last_funding_rate)
    /// Binance force-order stream dump, no header: symbol (USDT stripped), side, order_type,
    /// time_in_force, original_quantity, price, average_price, order_status, last_filled_quantity,
    /// accumulated_quantity, trade_time_ms, usd_size. Aggregated into realized liquidations.
    BinanceForceOrders,
    /// Individual liquidation orders with a header: time, side (long|short, or BUY|SELL with
    /// Binance's meaning), usd or price + qty, optional symbol. Aggregated like the above.
    LiquidationOrders,
    /// Binance metrics one row per hour: hour_end_ms (the END of the hour), sum_open_interest_value,
    /// sum_open_interest, count_toptrader_long_short_ratio, sum_toptrader_long_short_ratio,
    /// count_long_short_ratio, sum_taker_long_short_vol_ratio; each row holds the archive's last
    /// 5-minute record of the hour and is stamped at that record's time, hour_end_ms - 5 min. Its
    /// open interest is used only when no other file gives open interest.
    BinanceMetricsHourly,
};
std::string toString(CsvFormat format);

struct CsvImportOptions {
    /// Extra header renames, applied before the built-in aliases: {"my_oi", "open_interest"}.
    std::vector<std::pair<std::string, std::string>> columnMap;
    std::optional<TimeMs> from;  ///< keep rows with time >= from
    std::optional<TimeMs> to;    ///< keep rows with time < to
    std::size_t maxRows = 20'000'000;
    /// Liquidation-order files: keep this symbol ("BTC"; a trailing "USDT" is ignored). Empty: the
    /// file must hold a single symbol.
    std::string liquidationSymbol;
    /// Liquidation-order files: orders are summed per interval starting at floor(time / interval).
    TimeMs liquidationIntervalMs = 5 * 60'000;
};

/// What one file contributed, for the user.
struct CsvFileReport {
    std::string path;
    CsvFormat format = CsvFormat::Canonical;
    std::size_t rows = 0;                  ///< data rows kept
    std::vector<std::string> seriesFound;  ///< e.g. {"candles", "open_interest"}
    std::vector<std::string> ignoredColumns;
};

struct CsvImportResult {
    MarketData data;
    std::vector<CsvFileReport> files;
    std::vector<std::string> warnings;  ///< e.g. duplicate timestamps dropped
};

/// Parses one CSV document. Errors name the file, line and column.
Result<CsvImportResult> parseCsv(const std::string& text, const std::string& name,
                                 const CsvImportOptions& options = {});

/// One CSV document to import: its text and the name errors give it (a path, or "zip:entry").
struct CsvDocument {
    std::string name;
    std::string text;
};
/// Gives document `index` (0 to count-1); called once per document, in order, so only one
/// document's text is held at a time.
using CsvDocumentLoader = std::function<Result<CsvDocument>(std::size_t index)>;

/// Reads a file to import: a zip (by its ".zip" name or its first bytes) is checked against the
/// `<zip>.CHECKSUM` beside it when there is one and its one CSV inflated; anything else is read as
/// CSV text. Errors are one line naming the path.
Result<CsvDocument> readImportDocument(const std::string& path);

/// Imports `count` documents and merges them as importCsvFiles does.
Result<CsvImportResult> importCsvDocuments(std::size_t count, const CsvDocumentLoader& load,
                                           const CsvImportOptions& options = {});

/// Imports several files and merges them by time: each series keeps its own timestamps; a series
/// given by several files is the union of their rows (on equal times the first file wins, with a
/// warning). Exception: the hourly metrics' open interest is used only when no other file gives
/// open interest (it is left out with a warning otherwise), so a coarse hourly series never mixes
/// into a 5-minute one. The merged data is validated. A Binance archive zip (by its ".zip" name or
/// its first bytes) is read as the one CSV inside it, after checking the sha256 in the
/// `<zip>.CHECKSUM` file beside it when there is one.
Result<CsvImportResult> importCsvFiles(const std::vector<std::string>& paths, const CsvImportOptions& options = {});

}  // namespace liqheat
