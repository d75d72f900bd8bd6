#pragma once

// Files of individual liquidation orders (Binance force-order dumps, generic order CSVs), summed
// into realized liquidations per interval. Private to liqheat_io.

#include "csv_reader.h"
#include "csv_tables.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat::csv {

/// Where a liquidation-order file keeps what the aggregation needs.
struct OrderColumns {
    CsvFormat format = CsvFormat::LiquidationOrders;
    bool headerless = false;
    std::vector<std::string> names;  ///< column names, for messages
    std::size_t time = kNone;
    std::size_t side = kNone;
    std::size_t usd = kNone;
    std::size_t price = kNone;
    std::size_t qty = kNone;
    std::size_t symbol = kNone;
    std::vector<std::string> ignored;
};

/// Binance force-order dumps have no header, so they are known by their row shape. Some rows of
/// real dumps carry one extra trailing field, which is accepted and ignored.
bool looksLikeForceOrder(const std::vector<std::string>& fields);
OrderColumns forceOrderColumns();

/// A header of individual orders: a time column, `side` and `usd` or `price` + `qty`. nullopt for
/// any other header; an error when it has time and side but nothing that gives the size.
Result<std::optional<OrderColumns>> matchOrderHeader(const std::vector<std::string>& header, const std::string& name,
                                                     const CsvImportOptions& options);

/// Reads every order, keeps one symbol and sums long / short USD per interval; the intervals
/// between the first and the last are all emitted, empty ones as zeros (no order is a real zero).
/// The current record of `records` is the header, or the first order when the format is headerless.
Result<ParsedFile> parseOrders(const OrderColumns& columns, CsvRecords& records, const CsvImportOptions& options);

}  // namespace liqheat::csv
