#include "csv_formats.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace liqheat::csv {
namespace {

// ---------------------------------------------------------------------------------------------
// Header: format detection and column roles
// ---------------------------------------------------------------------------------------------

using ColumnMapping = std::vector<std::pair<std::string_view, std::string_view>>;  // header -> role ("" ignored)

const ColumnMapping& klinesColumns()
{
    static const ColumnMapping columns = {
        {"open_time", "time"},
        {"open", "open"},
        {"high", "high"},
        {"low", "low"},
        {"close", "close"},
        {"volume", "volume"},
        {"close_time", ""},
        {"quote_volume", ""},
        {"count", ""},
        {"taker_buy_volume", "taker_buy_volume"},
        {"taker_buy_quote_volume", ""},
        {"ignore", ""},
    };
    return columns;
}

const ColumnMapping& metricsColumns()
{
    static const ColumnMapping columns = {
        {"create_time", "time"},
        {"symbol", "symbol"},
        {"sum_open_interest", "open_interest"},
        {"sum_open_interest_value", "open_interest_value"},
        {"count_toptrader_long_short_ratio", "top_trader_account_ratio"},
        {"sum_toptrader_long_short_ratio", "top_trader_position_ratio"},
        {"count_long_short_ratio", "long_short_ratio"},
        {"sum_taker_long_short_vol_ratio", "taker_buy_sell_ratio"},
    };
    return columns;
}

/// The same metrics thinned to one row per hour (../shared/data): `hour_end_ms` is the END of the
/// hour and the values are the archive's last 5-minute record of it, created 5 minutes earlier.
const ColumnMapping& hourlyMetricsColumns()
{
    static const ColumnMapping columns = {
        {"hour_end_ms", "time"},
        {"sum_open_interest_value", "open_interest_value"},
        {"sum_open_interest", "open_interest"},
        {"count_toptrader_long_short_ratio", "top_trader_account_ratio"},
        {"sum_toptrader_long_short_ratio", "top_trader_position_ratio"},
        {"count_long_short_ratio", "long_short_ratio"},
        {"sum_taker_long_short_vol_ratio", "taker_buy_sell_ratio"},
    };
    return columns;
}

/// Hourly metrics rows are stamped at the record they hold, not at the hour's end: the record was
/// created at hour_end_ms - 5 min, so an "at or before" lookup never sees a value early.
constexpr TimeMs kHourlyMetricsRecordOffsetMs = -5 * 60'000;

const ColumnMapping& fundingColumns()
{
    static const ColumnMapping columns = {
        {"calc_time", "time"},
        {"funding_interval_hours", ""},
        {"last_funding_rate", "funding_rate"},
    };
    return columns;
}

/// The role of each column when `lowered` is exactly the column set of `mapping`, else empty.
std::optional<std::vector<std::string>> matchKnownHeader(const std::vector<std::string>& lowered,
                                                         const ColumnMapping& mapping)
{
    if (lowered.size() != mapping.size()) {
        return std::nullopt;
    }
    std::vector<std::string> roles;
    std::vector<bool> used(mapping.size(), false);
    for (const std::string& name : lowered) {
        const auto it = std::find_if(mapping.begin(), mapping.end(), [&](const auto& m) { return m.first == name; });
        if (it == mapping.end()) {
            return std::nullopt;
        }
        const auto at = static_cast<std::size_t>(it - mapping.begin());
        if (used[at]) {
            return std::nullopt;
        }
        used[at] = true;
        roles.emplace_back(it->second);
    }
    return roles;
}

}  // namespace

// Built-in aliases of the canonical format, applied after options.columnMap (names lowercased):
//
//   header                                          canonical column
//   ----------------------------------------------  -------------------
//   sum_open_interest_value, *sumopeninterestvalue  open_interest_value   ('_' ignored; e.g.
//                                                                          oi_usd_sumOpenInterestValue)
//   sum_open_interest, sumopeninterest              open_interest
//   liquidation_long_usd                            liq_long_usd
//   liquidation_short_usd                           liq_short_usd
//   last_funding_rate                               funding_rate
std::string applyAlias(const std::string& name)
{
    std::string compact;
    for (char ch : name) {
        if (ch != '_') {
            compact += ch;
        }
    }
    constexpr std::string_view kOiValueSuffix = "sumopeninterestvalue";
    if (name == "sum_open_interest_value" ||
        (compact.size() >= kOiValueSuffix.size() &&
         std::string_view(compact).substr(compact.size() - kOiValueSuffix.size()) == kOiValueSuffix)) {
        return "open_interest_value";
    }
    if (name == "sum_open_interest" || compact == "sumopeninterest") {
        return "open_interest";
    }
    if (name == "liquidation_long_usd") {
        return "liq_long_usd";
    }
    if (name == "liquidation_short_usd") {
        return "liq_short_usd";
    }
    if (name == "last_funding_rate") {
        return "funding_rate";
    }
    return name;
}

namespace {

std::string timeColumnList()
{
    std::string out;
    for (const auto name : kTimeColumns) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

struct HeaderlessLayout {
    CsvFormat format;
    const ColumnMapping* columns;
};

/// The archive layout of a header-less file, judged by its first record; null when it has a header.
const HeaderlessLayout* headerlessLayout(const std::vector<std::string>& first)
{
    static const std::array<HeaderlessLayout, 3> layouts = {{
        {CsvFormat::BinanceKlines, &klinesColumns()},
        {CsvFormat::BinanceMetrics, &metricsColumns()},
        {CsvFormat::BinanceFunding, &fundingColumns()},
    }};
    if (first.empty() || !parseTime(std::string(trim(first[0])))) {
        return nullptr;
    }
    for (const HeaderlessLayout& layout : layouts) {
        if (first.size() == layout.columns->size()) {
            return &layout;
        }
    }
    return nullptr;
}

struct ColumnPlan {
    CsvFormat format = CsvFormat::Canonical;
    bool headerless = false;
    std::vector<std::string> names;  ///< header names as written (trimmed), for messages
    std::size_t timeColumn = kNone;
    std::array<std::size_t, kFieldCount> fieldColumn{};
    std::size_t takerBuyVolumeColumn = kNone;  ///< klines: taker_buy_sell_ratio is derived
    std::size_t symbolColumn = kNone;
    std::vector<std::string> ignored;
    TimeMs timeShiftMs = 0;  ///< added to every row's time (hourly metrics: the record's own time)
};

Result<ColumnPlan> planColumns(const std::vector<std::string>& header, const std::string& name,
                               const CsvImportOptions& options)
{
    ColumnPlan plan;
    plan.fieldColumn.fill(kNone);
    std::vector<std::string> lowered;
    for (const std::string& cell : header) {
        plan.names.emplace_back(trim(cell));
        lowered.push_back(lower(plan.names.back()));
    }

    // Binance public-data files are recognised by their exact column sets. Older archive files have
    // no header: a first cell that is a time (ms, or metrics' "YYYY-MM-DD HH:MM:SS") is data, and
    // the column count tells klines, metrics and funding apart.
    std::vector<std::string> roles;
    if (const auto* headerless = headerlessLayout(header)) {
        plan.format = headerless->format;
        plan.headerless = true;
        plan.names.clear();
        for (const auto& [column, role] : *headerless->columns) {
            plan.names.emplace_back(column);
            roles.emplace_back(role);
        }
    } else if (auto k = matchKnownHeader(lowered, klinesColumns())) {
        plan.format = CsvFormat::BinanceKlines;
        roles = std::move(*k);
    } else if (auto m = matchKnownHeader(lowered, metricsColumns())) {
        plan.format = CsvFormat::BinanceMetrics;
        roles = std::move(*m);
    } else if (auto h = matchKnownHeader(lowered, hourlyMetricsColumns())) {
        plan.format = CsvFormat::BinanceMetricsHourly;
        plan.timeShiftMs = kHourlyMetricsRecordOffsetMs;
        roles = std::move(*h);
    } else if (auto f = matchKnownHeader(lowered, fundingColumns())) {
        plan.format = CsvFormat::BinanceFunding;
        roles = std::move(*f);
    } else {
        for (const std::string& column : lowered) {
            std::string renamed = column;
            for (const auto& [from, to] : options.columnMap) {
                if (lower(trim(from)) == column) {
                    renamed = lower(trim(to));
                    break;
                }
            }
            roles.push_back(applyAlias(renamed));
        }
    }
    const bool binance = plan.format != CsvFormat::Canonical;

    for (const auto timeName : kTimeColumns) {
        const auto it = std::find(roles.begin(), roles.end(), timeName);
        if (it != roles.end()) {
            plan.timeColumn = static_cast<std::size_t>(it - roles.begin());
            break;
        }
    }
    if (plan.timeColumn == kNone) {
        return makeError(Error::Code::ParseError, name + ": no time column (expected one of " + timeColumnList() + ")");
    }

    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i == plan.timeColumn) {
            continue;
        }
        const std::string& role = roles[i];
        const auto field = std::find(kFieldNames.begin(), kFieldNames.end(), role);
        if (field != kFieldNames.end()) {
            std::size_t& column = plan.fieldColumn[static_cast<std::size_t>(field - kFieldNames.begin())];
            if (column != kNone) {
                return makeError(Error::Code::ParseError, name + ": columns '" + plan.names[column] + "' and '" +
                                                              plan.names[i] + "' both give " + role);
            }
            column = i;
        } else if (binance && role == "taker_buy_volume") {
            plan.takerBuyVolumeColumn = i;
        } else if (binance && role == "symbol") {
            plan.symbolColumn = i;
        } else if (!plan.names[i].empty()) {
            plan.ignored.push_back(plan.names[i]);
        }
    }
    return plan;
}

// ---------------------------------------------------------------------------------------------
// Rows: which series the columns form, and each record's values of them
// ---------------------------------------------------------------------------------------------

std::string requiredColumns(const SeriesSpec& spec)
{
    std::string out;
    for (std::size_t k = 0; k < spec.count; ++k) {
        if (spec.required[k]) {
            out += (out.empty() ? "" : ", ") + std::string(kFieldNames[idx(spec.fields[k])]);
        }
    }
    return out;
}

/// Files may be unsorted: sort by time, drop identical repeats, reject conflicting ones.
Status sortAndDedupe(Table& table, std::string_view series, const std::string& name, std::vector<std::string>& warnings)
{
    std::stable_sort(table.rows.begin(), table.rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
    std::vector<Row> kept;
    kept.reserve(table.rows.size());
    std::size_t dropped = 0;
    std::size_t firstDroppedLine = 0;
    for (const Row& row : table.rows) {
        if (!kept.empty() && kept.back().time == row.time) {
            if (!sameValues(kept.back(), row, table.has)) {
                return parseError(name, row.line,
                                  std::string(series) + " at " + formatTimeIso(row.time) + " repeats line " +
                                      std::to_string(kept.back().line) + " with different values");
            }
            if (dropped++ == 0) {
                firstDroppedLine = row.line;
            }
            continue;
        }
        kept.push_back(row);
    }
    if (dropped > 0) {
        warnings.push_back(name + ": " + std::string(series) + ": dropped " + std::to_string(dropped) +
                           " duplicate row(s) repeating an earlier row (first at line " +
                           std::to_string(firstDroppedLine) + ")");
    }
    table.rows = std::move(kept);
    return {};
}

/// Which series the columns form; a series with some but not all required columns is an error.
/// Fills the report's format, series and ignored columns.
Status declareSeries(const ColumnPlan& plan, bool deriveTaker, const std::string& name, ParsedFile& file)
{
    file.report.path = name;
    file.report.format = plan.format;
    file.report.ignoredColumns = plan.ignored;
    if (plan.format != CsvFormat::Canonical) {
        file.exchanges = {"binance"};
    }
    for (std::size_t s = 0; s < kKindCount; ++s) {
        const SeriesSpec& spec = kSeries[s];
        Table& table = file.tables[s];
        std::string missing;
        for (std::size_t k = 0; k < spec.count; ++k) {
            table.has[k] = plan.fieldColumn[idx(spec.fields[k])] != kNone;
            table.present = table.present || table.has[k];
            if (spec.required[k] && !table.has[k]) {
                missing += (missing.empty() ? "" : ", ") + std::string(kFieldNames[idx(spec.fields[k])]);
            }
        }
        if (table.present && !missing.empty()) {
            return makeError(Error::Code::ParseError, name + ": " + std::string(spec.name) + " need columns " +
                                                          requiredColumns(spec) + "; missing " + missing);
        }
    }
    // Hourly open interest is a coarse copy of what a candles file gives every 5 minutes (and the
    // two stamp the same reading 5 minutes apart): it only fills in when no file gives any.
    file.tables[idx(Kind::OpenInterest)].supplementary = plan.format == CsvFormat::BinanceMetricsHourly;
    if (deriveTaker) {
        file.tables[idx(Kind::TakerBuySellRatio)].present = true;
        file.tables[idx(Kind::TakerBuySellRatio)].has[0] = true;
    }
    for (std::size_t s = 0; s < kKindCount; ++s) {
        if (file.tables[s].present) {
            file.report.seriesFound.emplace_back(kSeries[s].name);
        }
    }
    if (file.report.seriesFound.empty()) {
        std::string expected;
        for (const auto field : kFieldNames) {
            expected += (expected.empty() ? "" : ", ") + std::string(field);
        }
        return makeError(Error::Code::ParseError, name + ": no data columns (expected any of " + expected + ")");
    }
    return {};
}

Result<double> numberAt(const CsvRecords& records, const ColumnPlan& plan, std::size_t column)
{
    const std::string_view cell = trim(records.fields()[column]);
    if (auto v = parseNumber(cell)) {
        return *v;
    }
    return parseError(records.name(), records.line(),
                      "column '" + plan.names[column] + "': '" + showCell(cell) + "' is not a number");
}

/// Klines give taker buy volume; the sell side is the rest of the volume. False when the record
/// gives no ratio: an empty cell, or no sells (the ratio is undefined).
Result<bool> addTakerRatio(const CsvRecords& records, const ColumnPlan& plan, Row row, Table& table)
{
    const std::vector<std::string>& fields = records.fields();
    const std::size_t volumeColumn = plan.fieldColumn[idx(Field::Volume)];
    if (trim(fields[volumeColumn]).empty() || trim(fields[plan.takerBuyVolumeColumn]).empty()) {
        return false;
    }
    auto volume = numberAt(records, plan, volumeColumn);
    if (!volume) {
        return volume.error();
    }
    auto buy = numberAt(records, plan, plan.takerBuyVolumeColumn);
    if (!buy) {
        return buy.error();
    }
    const double sell = *volume - *buy;
    if (!(sell > 0.0)) {
        return false;
    }
    row.v[0] = *buy / sell;
    table.rows.push_back(row);
    return true;
}

/// The record's values of one series. False when it has none: each series keeps its own
/// timestamps. Some but not all of them set is an error.
Result<bool> addSeriesValues(const CsvRecords& records, const ColumnPlan& plan, const SeriesSpec& spec, Row row,
                             Table& table)
{
    const std::vector<std::string>& fields = records.fields();
    std::size_t total = 0;
    std::size_t set = 0;
    std::size_t firstEmpty = kNone;
    for (std::size_t k = 0; k < spec.count; ++k) {
        const std::size_t column = plan.fieldColumn[idx(spec.fields[k])];
        if (column == kNone) {
            continue;
        }
        ++total;
        if (trim(fields[column]).empty()) {
            if (firstEmpty == kNone) {
                firstEmpty = column;
            }
        } else {
            ++set;
        }
    }
    if (set == 0) {
        return false;
    }
    if (set < total) {
        return parseError(records.name(), records.line(),
                          "column '" + plan.names[firstEmpty] + "' is empty but other " + std::string(spec.name) +
                              " columns are set");
    }
    for (std::size_t k = 0; k < spec.count; ++k) {
        const std::size_t column = plan.fieldColumn[idx(spec.fields[k])];
        if (column == kNone) {
            continue;
        }
        auto value = numberAt(records, plan, column);
        if (!value) {
            return value.error();
        }
        row.v[k] = *value;
    }
    table.rows.push_back(row);
    return true;
}

}  // namespace

Result<ParsedFile> parseSeriesTable(CsvRecords& records, const CsvImportOptions& options)
{
    const std::string& name = records.name();
    const std::vector<std::string>& fields = records.fields();
    auto planned = planColumns(fields, name, options);
    if (!planned) {
        return planned.error();
    }
    const ColumnPlan& plan = *planned;

    ParsedFile file;
    const bool deriveTaker = plan.takerBuyVolumeColumn != kNone && plan.fieldColumn[idx(Field::Volume)] != kNone;
    if (auto status = declareSeries(plan, deriveTaker, name, file); !status) {
        return status.error();
    }

    const std::size_t width = plan.names.size();
    // A headerless klines file: the record already read is the first data row.
    if (plan.headerless) {
        records.replayCurrent();
    }
    while (true) {
        auto more = records.next();
        if (!more) {
            return more.error();
        }
        if (!*more) {
            break;
        }
        const std::size_t line = records.line();
        if (fields.size() != width) {
            return parseError(name, line,
                              "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
        }
        const std::string_view timeCell = trim(fields[plan.timeColumn]);
        const std::string& timeName = plan.names[plan.timeColumn];
        if (timeCell.empty()) {
            return parseError(name, line, "column '" + timeName + "': empty time");
        }
        auto time = parseTime(std::string(timeCell));
        if (!time) {
            return parseError(name, line,
                              "column '" + timeName + "': '" + showCell(timeCell) +
                                  "' is not a time (expected ms since epoch or ISO 8601 UTC)");
        }
        *time += plan.timeShiftMs;
        if ((options.from && *time < *options.from) || (options.to && *time >= *options.to)) {
            continue;
        }

        bool contributed = false;
        for (std::size_t s = 0; s < kKindCount; ++s) {
            Table& table = file.tables[s];
            if (!table.present) {
                continue;
            }
            const Row row{*time, line, {}};
            auto added = s == idx(Kind::TakerBuySellRatio) && deriveTaker
                             ? addTakerRatio(records, plan, row, table)
                             : addSeriesValues(records, plan, kSeries[s], row, table);
            if (!added) {
                return added.error();
            }
            contributed = contributed || *added;
        }
        if (plan.symbolColumn != kNone && file.symbol.empty()) {
            file.symbol = std::string(trim(fields[plan.symbolColumn]));
        }
        if (contributed && ++file.report.rows > options.maxRows) {
            return makeError(Error::Code::TooLarge,
                             name + ": more than " + std::to_string(options.maxRows) + " data rows");
        }
    }

    for (std::size_t s = 0; s < kKindCount; ++s) {
        if (auto status = sortAndDedupe(file.tables[s], kSeries[s].name, name, file.warnings); !status) {
            return status.error();
        }
    }
    if (file.report.rows == 0) {
        file.warnings.push_back(name + ": no data rows" +
                                (options.from || options.to ? std::string(" in the requested time range") : ""));
    }
    return file;
}

}  // namespace liqheat::csv
