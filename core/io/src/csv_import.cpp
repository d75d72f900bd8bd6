#include "liqheat/io/csv_import.h"

#include "csv_formats.h"
#include "csv_reader.h"
#include "csv_tables.h"
#include "liquidation_orders.h"

#include "liqheat/io/file_io.h"

#include <algorithm>
#include <array>
#include <string_view>

// The import driver: reads files, dispatches each to its format's parser, merges the results by
// time and validates them.
namespace liqheat {
namespace {

using namespace csv;

/// Individual liquidation orders are aggregated on their own path; everything else is a table of
/// series (canonical or a Binance public-data file).
Result<ParsedFile> parseDocument(std::string_view text, const std::string& name, const CsvImportOptions& options)
{
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);  // UTF-8 BOM, as written by spreadsheet exports
    }
    CsvRecords records(text, name);
    auto headerRead = records.next();
    if (!headerRead) {
        return headerRead.error();
    }
    if (!*headerRead) {
        return makeError(Error::Code::ParseError, name + ": empty file (expected a header row)");
    }
    if (looksLikeForceOrder(records.fields())) {
        return parseOrders(forceOrderColumns(), records, options);
    }
    auto orderHeader = matchOrderHeader(records.fields(), name, options);
    if (!orderHeader) {
        return orderHeader.error();
    }
    if (*orderHeader) {
        return parseOrders(**orderHeader, records, options);
    }
    return parseSeriesTable(records, options);
}

// ---------------------------------------------------------------------------------------------
// Tables -> MarketData, merging
// ---------------------------------------------------------------------------------------------

MarketData toMarketData(const Tables& tables, const std::vector<std::string>& exchanges, const std::string& symbol,
                        TimeMs liquidationIntervalMs)
{
    MarketData data;
    data.source.exchanges = exchanges;
    data.source.symbol = symbol;

    const Table& candles = tables[idx(Kind::Candles)];
    for (const Row& row : candles.rows) {
        data.candles.time.push_back(row.time);
        data.candles.open.push_back(row.v[0]);
        data.candles.high.push_back(row.v[1]);
        data.candles.low.push_back(row.v[2]);
        data.candles.close.push_back(row.v[3]);
        if (candles.has[4]) {
            data.candles.volume.push_back(row.v[4]);
        }
    }
    const Table& oi = tables[idx(Kind::OpenInterest)];
    for (const Row& row : oi.rows) {
        data.openInterest.time.push_back(row.time);
        if (oi.has[0]) {
            data.openInterest.base.push_back(row.v[0]);
        }
        if (oi.has[1]) {
            data.openInterest.quote.push_back(row.v[1]);
        }
    }
    const auto fillValues = [&](Kind kind, ValueSeries& series) {
        for (const Row& row : tables[idx(kind)].rows) {
            series.time.push_back(row.time);
            series.value.push_back(row.v[0]);
        }
    };
    fillValues(Kind::FundingRate, data.fundingRate);
    fillValues(Kind::LongShortRatio, data.longShortRatio);
    fillValues(Kind::TakerBuySellRatio, data.takerBuySellRatio);
    fillValues(Kind::TopTraderAccountRatio, data.topTraderAccountRatio);
    fillValues(Kind::TopTraderPositionRatio, data.topTraderPositionRatio);
    for (const Row& row : tables[idx(Kind::Liquidations)].rows) {
        data.liquidations.time.push_back(row.time);
        data.liquidations.longUsd.push_back(row.v[0]);
        data.liquidations.shortUsd.push_back(row.v[1]);
    }
    data.liquidations.intervalMs = liquidationIntervalMs;  // 0: inferred from the spacing
    return data;
}

/// Union by time of two sorted tables; on equal times `into` (the earlier file) wins.
void mergeTable(Table& into, const Table& from, std::size_t kind, const std::string& fromName,
                std::vector<std::string>& warnings)
{
    if (!from.present) {
        return;
    }
    if (!into.present) {
        into = from;
        return;
    }
    const SeriesSpec& spec = kSeries[kind];
    for (std::size_t k = 0; k < spec.count; ++k) {
        if (into.has[k] != from.has[k]) {
            // A column has to cover every row; one only some files give cannot be kept.
            warnings.push_back(fromName + ": " + std::string(spec.name) + " column " +
                               std::string(kFieldNames[idx(spec.fields[k])]) +
                               " is not in every file; left out of the merged data");
            into.has[k] = false;
        }
    }
    std::vector<Row> merged;
    merged.reserve(into.rows.size() + from.rows.size());
    std::size_t i = 0;
    std::size_t j = 0;
    std::size_t overlaps = 0;
    std::size_t differing = 0;
    TimeMs firstOverlap = 0;
    while (i < into.rows.size() || j < from.rows.size()) {
        if (j == from.rows.size() || (i < into.rows.size() && into.rows[i].time < from.rows[j].time)) {
            merged.push_back(into.rows[i++]);
        } else if (i == into.rows.size() || from.rows[j].time < into.rows[i].time) {
            merged.push_back(from.rows[j++]);
        } else {
            if (overlaps++ == 0) {
                firstOverlap = into.rows[i].time;
            }
            if (!sameValues(into.rows[i], from.rows[j], into.has)) {
                ++differing;
            }
            merged.push_back(into.rows[i++]);
            ++j;
        }
    }
    into.rows = std::move(merged);
    if (overlaps > 0) {
        warnings.push_back(fromName + ": " + std::string(spec.name) + ": " + std::to_string(overlaps) +
                           " row(s) at times an earlier file already gives were ignored (" + std::to_string(differing) +
                           " with different values; first at " + formatTimeIso(firstOverlap) + ")");
    }
}

/// A supplementary table (hourly open interest) waiting for every file to be read.
struct DeferredTable {
    std::string path;
    Table table;
};

/// Supplementary tables fill in only the series no file gave in full; otherwise they are left out.
void mergeSupplementary(Tables& merged, const std::array<std::vector<DeferredTable>, kKindCount>& deferred,
                        std::vector<std::string>& warnings)
{
    for (std::size_t s = 0; s < kKindCount; ++s) {
        const bool given = merged[s].present;
        for (const DeferredTable& d : deferred[s]) {
            if (given) {
                warnings.push_back(d.path + ": " + std::string(kSeries[s].name) +
                                   " not used: another file gives it (hourly metrics only fill in when none does)");
            } else {
                mergeTable(merged[s], d.table, s, d.path, warnings);
            }
        }
    }
}

Status validateWithPrefix(const MarketData& data, const std::string& prefix)
{
    if (auto status = validate(data); !status) {
        return makeError(status.error().code, prefix + status.error().message);
    }
    return {};
}

}  // namespace

std::string toString(CsvFormat format)
{
    switch (format) {
    case CsvFormat::Canonical: return "canonical";
    case CsvFormat::BinanceKlines: return "binance-klines";
    case CsvFormat::BinanceMetrics: return "binance-metrics";
    case CsvFormat::BinanceFunding: return "binance-funding";
    case CsvFormat::BinanceForceOrders: return "binance-force-orders";
    case CsvFormat::LiquidationOrders: return "liquidation-orders";
    case CsvFormat::BinanceMetricsHourly: return "binance-metrics-1h";
    }
    return "unknown";
}

Result<CsvImportResult> parseCsv(const std::string& text, const std::string& name, const CsvImportOptions& options)
{
    auto parsed = parseDocument(text, name, options);
    if (!parsed) {
        return parsed.error();
    }
    ParsedFile& file = *parsed;
    CsvImportResult result;
    result.data = toMarketData(file.tables, file.exchanges, file.symbol, file.liquidationIntervalMs);
    if (auto status = validateWithPrefix(result.data, name + ": "); !status) {
        return status.error();
    }
    result.files.push_back(std::move(file.report));
    result.warnings = std::move(file.warnings);
    return result;
}

Result<CsvImportResult> importCsvFiles(const std::vector<std::string>& paths, const CsvImportOptions& options)
{
    if (paths.empty()) {
        return makeError(Error::Code::InvalidArgument, "no CSV files given");
    }
    return importCsvDocuments(
        paths.size(), [&paths](std::size_t index) { return readImportDocument(paths[index]); }, options);
}

Result<CsvImportResult> importCsvDocuments(std::size_t count, const CsvDocumentLoader& load,
                                           const CsvImportOptions& options)
{
    if (count == 0) {
        return makeError(Error::Code::InvalidArgument, "no CSV documents given");
    }
    CsvImportResult result;
    Tables merged;
    std::vector<std::string> exchanges;
    std::string symbol;
    std::size_t totalRows = 0;
    std::optional<TimeMs> liquidationInterval;  // the stated interval all liquidation files agree on
    std::array<std::vector<DeferredTable>, kKindCount> deferred;
    for (std::size_t index = 0; index < count; ++index) {
        auto document = load(index);
        if (!document) {
            return document.error();
        }
        const std::string path = std::move(document->name);
        auto parsed = parseDocument(document->text, path, options);
        document->text = std::string();  // the parsed rows replace the text
        if (!parsed) {
            return parsed.error();
        }
        ParsedFile& file = *parsed;
        // Validate each file on its own first, so a bad value is blamed on the file holding it.
        if (auto status =
                validateWithPrefix(toMarketData(file.tables, {}, {}, file.liquidationIntervalMs), path + ": ");
            !status) {
            return status.error();
        }
        totalRows += file.report.rows;
        if (file.tables[idx(Kind::Liquidations)].present) {
            if (!liquidationInterval) {
                liquidationInterval = file.liquidationIntervalMs;
            } else if (*liquidationInterval != file.liquidationIntervalMs) {
                result.warnings.push_back(
                    path + ": liquidation interval differs from an earlier file; inferred from the rows");
                liquidationInterval = 0;
            }
        }
        if (totalRows > options.maxRows) {
            return makeError(Error::Code::TooLarge,
                             path + ": more than " + std::to_string(options.maxRows) + " data rows in all files");
        }
        result.warnings.insert(result.warnings.end(), file.warnings.begin(), file.warnings.end());
        for (std::size_t s = 0; s < kKindCount; ++s) {
            if (file.tables[s].present && file.tables[s].supplementary) {
                deferred[s].push_back({path, std::move(file.tables[s])});
            } else {
                mergeTable(merged[s], file.tables[s], s, path, result.warnings);
            }
        }
        for (const std::string& exchange : file.exchanges) {
            if (std::find(exchanges.begin(), exchanges.end(), exchange) == exchanges.end()) {
                exchanges.push_back(exchange);
            }
        }
        if (!file.symbol.empty()) {
            if (symbol.empty()) {
                symbol = file.symbol;
            } else if (lower(symbol) != lower(file.symbol)) {
                result.warnings.push_back(path + ": symbol " + file.symbol + " differs from " + symbol +
                                          " in an earlier file");
            }
        }
        result.files.push_back(std::move(file.report));
    }
    mergeSupplementary(merged, deferred, result.warnings);
    result.data = toMarketData(merged, exchanges, symbol, liquidationInterval.value_or(0));
    if (auto status = validateWithPrefix(result.data, "after merging: "); !status) {
        return status.error();
    }
    return result;
}

}  // namespace liqheat
