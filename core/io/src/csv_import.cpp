#include "liqheat/io/csv_import.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>
#include <system_error>

namespace liqheat {
namespace {

// ---------------------------------------------------------------------------------------------
// Fields and series
// ---------------------------------------------------------------------------------------------

enum class Field : std::size_t {
    Open,
    High,
    Low,
    Close,
    Volume,
    OpenInterest,
    OpenInterestValue,
    FundingRate,
    LongShortRatio,
    TakerBuySellRatio,
    LiqLongUsd,
    LiqShortUsd,
};
constexpr std::size_t kFieldCount = 12;
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "open",         "high",         "low",
    "close",        "volume",       "open_interest",
    "open_interest_value",          "funding_rate",
    "long_short_ratio",             "taker_buy_sell_ratio",
    "liq_long_usd", "liq_short_usd",
};

enum class Kind : std::size_t { Candles, OpenInterest, FundingRate, LongShortRatio, TakerBuySellRatio, Liquidations };
constexpr std::size_t kKindCount = 6;
constexpr std::size_t kMaxFields = 5;

/// Which columns make up a series. A series exists when any of its columns does; its required
/// columns must then all be there (open interest needs base or quote, hence none required).
struct SeriesSpec {
    std::string_view name;
    std::size_t count;
    std::array<Field, kMaxFields> fields;
    std::array<bool, kMaxFields> required;
};
constexpr std::array<SeriesSpec, kKindCount> kSeries = {{
    {"candles", 5, {Field::Open, Field::High, Field::Low, Field::Close, Field::Volume}, {true, true, true, true, false}},
    {"open_interest", 2, {Field::OpenInterest, Field::OpenInterestValue}, {false, false}},
    {"funding_rate", 1, {Field::FundingRate}, {true}},
    {"long_short_ratio", 1, {Field::LongShortRatio}, {true}},
    {"taker_buy_sell_ratio", 1, {Field::TakerBuySellRatio}, {true}},
    {"liquidations", 2, {Field::LiqLongUsd, Field::LiqShortUsd}, {true, true}},
}};

constexpr std::size_t idx(Field f) { return static_cast<std::size_t>(f); }
constexpr std::size_t idx(Kind k) { return static_cast<std::size_t>(k); }

/// Time column names, highest priority first.
constexpr std::array<std::string_view, 6> kTimeColumns = {"time",     "timestamp", "timestamp_ms",
                                                          "open_time", "calc_time", "create_time"};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::uintmax_t kMaxFileBytes = 2ULL * 1024 * 1024 * 1024;

/// One parsed row of one series; `v` follows the series' field order.
struct Row {
    TimeMs time = 0;
    std::size_t line = 0;
    std::array<double, kMaxFields> v{};
};

struct Table {
    bool present = false;
    std::array<bool, kMaxFields> has{};  ///< which of the series' fields the source provides
    std::vector<Row> rows;
};
using Tables = std::array<Table, kKindCount>;

/// A file parsed into per-series rows; kept in this form so several files can be merged.
struct ParsedFile {
    CsvFileReport report;
    Tables tables;
    std::vector<std::string> warnings;
    std::vector<std::string> exchanges;
    std::string symbol;
    TimeMs liquidationIntervalMs = 0;  ///< stated by aggregated liquidation orders; 0: inferred
};

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

/// ASCII only, so the result never depends on the process locale (the GUI may set one).
std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& ch : out) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return out;
}

/// A cell as shown in an error: short and on one line, so errors stay one line.
std::string showCell(std::string_view cell)
{
    constexpr std::size_t kMax = 40;
    std::string out(cell.substr(0, kMax));
    for (char& ch : out) {
        if (static_cast<unsigned char>(ch) < 0x20) {
            ch = '?';
        }
    }
    if (cell.size() > kMax) {
        out += "...";
    }
    return out;
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

/// Locale-independent: std::from_chars never looks at the C locale.
std::optional<double> parseNumber(std::string_view s)
{
    if (s.size() > 1 && s.front() == '+' && s[1] != '-') {
        s.remove_prefix(1);  // from_chars rejects an explicit '+'
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

Error parseError(const std::string& name, std::size_t line, const std::string& what)
{
    return makeError(Error::Code::ParseError, name + ":" + std::to_string(line) + ": " + what);
}

// ---------------------------------------------------------------------------------------------
// CSV records
// ---------------------------------------------------------------------------------------------

/// Splits text into records: ',' separated, LF / CRLF / CR line ends, "..." fields with ""
/// escapes (which may span lines). Nothing more: no other separators, no comments.
class CsvReader {
public:
    enum class Status { Record, End, UnterminatedQuote };

    explicit CsvReader(std::string_view text) : m_text(text) {}

    /// `line` receives the 1-based line where the record starts.
    Status next(std::vector<std::string>& fields, std::size_t& line)
    {
        if (m_pos >= m_text.size()) {
            return Status::End;
        }
        line = m_line;
        std::size_t count = 0;
        std::string* field = &slot(fields, count++);
        bool inQuotes = false;
        bool fieldStart = true;  // a '"' only opens a quoted field at its start
        const std::size_t n = m_text.size();
        while (m_pos < n) {
            const char ch = m_text[m_pos++];
            if (inQuotes) {
                if (ch == '"') {
                    if (m_pos < n && m_text[m_pos] == '"') {
                        *field += '"';
                        ++m_pos;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (ch == '\n') {
                        ++m_line;
                    }
                    *field += ch;
                }
                continue;
            }
            if (ch == '"' && fieldStart) {
                inQuotes = true;
                fieldStart = false;
                continue;
            }
            fieldStart = false;
            if (ch == ',') {
                field = &slot(fields, count++);
                fieldStart = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && m_pos < n && m_text[m_pos] == '\n') {
                    ++m_pos;
                }
                ++m_line;
                fields.resize(count);
                return Status::Record;
            } else {
                *field += ch;
            }
        }
        if (inQuotes) {
            return Status::UnterminatedQuote;
        }
        fields.resize(count);
        return Status::Record;
    }

private:
    // Reuses the strings of the previous record to avoid an allocation per cell.
    static std::string& slot(std::vector<std::string>& fields, std::size_t i)
    {
        if (i < fields.size()) {
            fields[i].clear();
        } else {
            fields.emplace_back();
        }
        return fields[i];
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

bool isBlank(const std::vector<std::string>& fields)
{
    return fields.size() == 1 && trim(fields[0]).empty();
}

// ---------------------------------------------------------------------------------------------
// Header: format detection and column roles
// ---------------------------------------------------------------------------------------------

using ColumnMapping = std::vector<std::pair<std::string_view, std::string_view>>;  // header -> role ("" ignored)

const ColumnMapping& klinesColumns()
{
    static const ColumnMapping columns = {
        {"open_time", "time"},       {"open", "open"},
        {"high", "high"},            {"low", "low"},
        {"close", "close"},          {"volume", "volume"},
        {"close_time", ""},          {"quote_volume", ""},
        {"count", ""},               {"taker_buy_volume", "taker_buy_volume"},
        {"taker_buy_quote_volume", ""}, {"ignore", ""},
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
        {"count_toptrader_long_short_ratio", ""},
        {"sum_toptrader_long_short_ratio", ""},
        {"count_long_short_ratio", "long_short_ratio"},
        {"sum_taker_long_short_vol_ratio", "taker_buy_sell_ratio"},
    };
    return columns;
}

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

std::string timeColumnList()
{
    std::string out;
    for (const auto name : kTimeColumns) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
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

    // Binance public-data files are recognised by their exact column sets; klines may lack a header.
    std::vector<std::string> roles;
    const bool headerlessKlines = header.size() == klinesColumns().size() && allDigits(trim(header[0]));
    if (headerlessKlines) {
        plan.format = CsvFormat::BinanceKlines;
        plan.headerless = true;
        plan.names.clear();
        for (const auto& [column, role] : klinesColumns()) {
            plan.names.emplace_back(column);
            roles.emplace_back(role);
        }
    } else if (auto k = matchKnownHeader(lowered, klinesColumns())) {
        plan.format = CsvFormat::BinanceKlines;
        roles = std::move(*k);
    } else if (auto m = matchKnownHeader(lowered, metricsColumns())) {
        plan.format = CsvFormat::BinanceMetrics;
        roles = std::move(*m);
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
// Parsing one document
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

bool sameValues(const Row& a, const Row& b, const std::array<bool, kMaxFields>& has)
{
    for (std::size_t k = 0; k < kMaxFields; ++k) {
        if (has[k] && a.v[k] != b.v[k]) {
            return false;
        }
    }
    return true;
}

/// Files may be unsorted: sort by time, drop identical repeats, reject conflicting ones.
Status sortAndDedupe(Table& table, std::string_view series, const std::string& name, std::vector<std::string>& warnings)
{
    std::stable_sort(table.rows.begin(), table.rows.end(),
                     [](const Row& a, const Row& b) { return a.time < b.time; });
    std::vector<Row> kept;
    kept.reserve(table.rows.size());
    std::size_t dropped = 0;
    std::size_t firstDroppedLine = 0;
    for (const Row& row : table.rows) {
        if (!kept.empty() && kept.back().time == row.time) {
            if (!sameValues(kept.back(), row, table.has)) {
                return parseError(name, row.line,
                                  std::string(series) + " at " + formatTimeIso(row.time) +
                                      " repeats line " + std::to_string(kept.back().line) + " with different values");
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

// ---------------------------------------------------------------------------------------------
// Individual liquidation orders -> realized liquidations per interval
// ---------------------------------------------------------------------------------------------

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

constexpr std::size_t kForceOrderFields = 12;
constexpr std::size_t kSymbolsShown = 8;

bool isBuyOrSell(std::string_view cell)
{
    const std::string side = lower(trim(cell));
    return side == "buy" || side == "sell";
}

/// Binance force-order dumps have no header, so they are known by their row shape. Some rows of
/// real dumps carry one extra trailing field, which is accepted and ignored.
bool looksLikeForceOrder(const std::vector<std::string>& fields)
{
    return (fields.size() == kForceOrderFields || fields.size() == kForceOrderFields + 1) && isBuyOrSell(fields[1]) &&
           allDigits(trim(fields[10]));
}

OrderColumns forceOrderColumns()
{
    OrderColumns columns;
    columns.format = CsvFormat::BinanceForceOrders;
    columns.headerless = true;
    columns.names = {"symbol",           "side",  "order_type",          "time_in_force",
                     "original_quantity", "price", "average_price",       "order_status",
                     "last_filled_quantity", "accumulated_quantity", "trade_time_ms", "usd_size"};
    columns.symbol = 0;
    columns.side = 1;
    columns.price = 6;  // average fill price x accumulated quantity when usd_size is empty
    columns.qty = 9;
    columns.time = 10;
    columns.usd = 11;
    return columns;
}

/// A header of individual orders: a time column, `side` and `usd` or `price` + `qty`. nullopt for
/// any other header; an error when it has time and side but nothing that gives the size.
Result<std::optional<OrderColumns>> matchOrderHeader(const std::vector<std::string>& header, const std::string& name,
                                                     const CsvImportOptions& options)
{
    OrderColumns columns;
    std::vector<std::string> roles;
    for (const std::string& cell : header) {
        columns.names.emplace_back(trim(cell));
        std::string role = lower(columns.names.back());
        for (const auto& [from, to] : options.columnMap) {
            if (lower(trim(from)) == role) {
                role = lower(trim(to));
                break;
            }
        }
        roles.push_back(role);
    }
    const auto find = [&](const std::vector<std::string_view>& names) {
        for (const auto wanted : names) {
            const auto it = std::find(roles.begin(), roles.end(), wanted);
            if (it != roles.end()) {
                return static_cast<std::size_t>(it - roles.begin());
            }
        }
        return kNone;
    };
    // A file with canonical data columns stays canonical, even with a column named "side".
    for (const std::string& role : roles) {
        if (std::find(kFieldNames.begin(), kFieldNames.end(), applyAlias(role)) != kFieldNames.end()) {
            return std::optional<OrderColumns>{};
        }
    }
    columns.side = find({"side"});
    columns.time = find(std::vector<std::string_view>(kTimeColumns.begin(), kTimeColumns.end()));
    if (columns.side == kNone || columns.time == kNone) {
        return std::optional<OrderColumns>{};
    }
    columns.usd = find({"usd", "usd_size", "notional"});
    columns.price = find({"price", "average_price", "avg_price"});
    columns.qty = find({"qty", "quantity", "size", "accumulated_quantity"});
    columns.symbol = find({"symbol"});
    if (columns.usd == kNone && (columns.price == kNone || columns.qty == kNone)) {
        return makeError(Error::Code::ParseError,
                         name + ": liquidation orders (time and side columns) need a usd column or price and qty");
    }
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i != columns.side && i != columns.time && i != columns.usd && i != columns.price && i != columns.qty &&
            i != columns.symbol && !columns.names[i].empty()) {
            columns.ignored.push_back(columns.names[i]);
        }
    }
    return std::optional<OrderColumns>{std::move(columns)};
}

/// "btcusdt" and "BTC" both name BTC: Binance dumps strip the quote currency.
std::string normalizeSymbol(std::string_view symbol)
{
    std::string out(trim(symbol));
    for (char& ch : out) {
        if (ch >= 'a' && ch <= 'z') {
            ch = static_cast<char>(ch - 'a' + 'A');
        }
    }
    constexpr std::string_view kQuote = "USDT";
    if (out.size() > kQuote.size() && std::string_view(out).substr(out.size() - kQuote.size()) == kQuote) {
        out.resize(out.size() - kQuote.size());
    }
    return out;
}

/// Start of the interval holding `time` (floor, so times before 1970 are bucketed the same way).
TimeMs intervalStart(TimeMs time, TimeMs interval)
{
    TimeMs q = time / interval;
    if (time % interval != 0 && time < 0) {
        --q;
    }
    return q * interval;
}

struct Order {
    TimeMs time = 0;
    bool longLiquidated = false;
    double usd = 0.0;
    std::size_t symbol = 0;
    std::size_t line = 0;
};

/// Reads every order, keeps one symbol and sums long / short USD per interval; the intervals
/// between the first and the last are all emitted, empty ones as zeros (no order is a real zero).
/// `fields` holds the first data row when the format is headerless.
template <typename ReadRecord>
Result<ParsedFile> parseOrders(const OrderColumns& columns, std::vector<std::string>& fields, const std::size_t& line,
                               ReadRecord&& readRecord, const std::string& name, const CsvImportOptions& options)
{
    const TimeMs interval = options.liquidationIntervalMs;
    if (interval <= 0) {
        return makeError(Error::Code::InvalidArgument, name + ": liquidation interval must be positive");
    }
    const std::size_t width = columns.names.size();
    auto cellAt = [&](std::size_t column) { return column < fields.size() ? trim(fields[column]) : std::string_view(); };
    auto numberAt = [&](std::size_t column) -> Result<double> {
        const std::string_view cell = cellAt(column);
        if (auto v = parseNumber(cell)) {
            return *v;
        }
        return parseError(name, line, "column '" + columns.names[column] + "': '" + showCell(cell) + "' is not a number");
    };

    std::vector<Order> orders;
    std::vector<std::string> symbols;  // as first written, by index
    std::map<std::string, std::size_t> symbolIndex;
    std::size_t read = 0;
    bool pending = columns.headerless;
    while (true) {
        if (!pending) {
            auto more = readRecord();
            if (!more) {
                return more.error();
            }
            if (!*more) {
                break;
            }
        }
        pending = false;
        const bool widthOk = columns.format == CsvFormat::BinanceForceOrders
                                 ? fields.size() == width || fields.size() == width + 1
                                 : fields.size() == width;
        if (!widthOk) {
            return parseError(name, line,
                              "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
        }
        if (++read > options.maxRows) {
            return makeError(Error::Code::TooLarge, name + ": more than " + std::to_string(options.maxRows) + " data rows");
        }
        const std::string_view timeCell = cellAt(columns.time);
        const auto time = parseTime(std::string(timeCell));
        if (!time) {
            return parseError(name, line,
                              "column '" + columns.names[columns.time] + "': '" + showCell(timeCell) +
                                  "' is not a time (expected ms since epoch or ISO 8601 UTC)");
        }
        const std::string side = lower(cellAt(columns.side));
        Order order;
        order.time = *time;
        order.line = line;
        // A SELL order closes a long: the long was liquidated; BUY closes a short.
        if (side == "sell" || (columns.format == CsvFormat::LiquidationOrders && side == "long")) {
            order.longLiquidated = true;
        } else if (side == "buy" || (columns.format == CsvFormat::LiquidationOrders && side == "short")) {
            order.longLiquidated = false;
        } else {
            return parseError(name, line,
                              "column '" + columns.names[columns.side] + "': '" + showCell(cellAt(columns.side)) +
                                  "' is not a side (expected " +
                                  (columns.format == CsvFormat::LiquidationOrders ? "long, short, " : "") +
                                  "BUY or SELL)");
        }
        if (columns.usd != kNone && !cellAt(columns.usd).empty()) {
            auto usd = numberAt(columns.usd);
            if (!usd) {
                return usd.error();
            }
            order.usd = *usd;
        } else if (columns.price != kNone && columns.qty != kNone) {
            auto price = numberAt(columns.price);
            if (!price) {
                return price.error();
            }
            auto qty = numberAt(columns.qty);
            if (!qty) {
                return qty.error();
            }
            order.usd = *price * *qty;
        } else {
            return parseError(name, line, "column '" + columns.names[columns.usd] + "': empty size");
        }
        if (!(order.usd >= 0.0) || !std::isfinite(order.usd)) {
            return parseError(name, line, "liquidation size must be a finite non-negative USD amount");
        }
        if (columns.symbol != kNone) {
            const std::string key = normalizeSymbol(cellAt(columns.symbol));
            const auto [it, added] = symbolIndex.emplace(key, symbols.size());
            if (added) {
                symbols.emplace_back(cellAt(columns.symbol));
            }
            order.symbol = it->second;
        }
        if ((options.from && *time < *options.from) || (options.to && *time >= *options.to)) {
            continue;
        }
        orders.push_back(order);
    }

    // Which symbol to keep.
    const auto symbolList = [&]() {
        std::string out;
        for (std::size_t i = 0; i < symbols.size() && i < kSymbolsShown; ++i) {
            out += (i == 0 ? "" : ", ") + symbols[i];
        }
        if (symbols.size() > kSymbolsShown) {
            out += ", ... (" + std::to_string(symbols.size()) + " in all)";
        }
        return out;
    };
    std::optional<std::size_t> chosen;
    if (columns.symbol != kNone && !options.liquidationSymbol.empty()) {
        const auto it = symbolIndex.find(normalizeSymbol(options.liquidationSymbol));
        if (it == symbolIndex.end()) {
            return makeError(Error::Code::NotFound, name + ": no liquidation orders of " + options.liquidationSymbol +
                                                        (symbols.empty() ? "" : " (found " + symbolList() + ")"));
        }
        chosen = it->second;
    } else if (symbols.size() > 1) {
        return makeError(Error::Code::InvalidArgument, name + ": liquidation orders of several symbols (" + symbolList() +
                                                           "); choose one (CLI: --liq-symbol)");
    } else if (symbols.size() == 1) {
        chosen = 0;
    }

    ParsedFile file;
    file.report.path = name;
    file.report.format = columns.format;
    file.report.ignoredColumns = columns.ignored;
    file.report.seriesFound = {"liquidations"};
    if (columns.format == CsvFormat::BinanceForceOrders) {
        file.exchanges = {"binance"};
    }
    if (chosen) {
        // Binance dumps strip the quote currency; give the symbol its usual name.
        file.symbol = columns.format == CsvFormat::BinanceForceOrders ? normalizeSymbol(symbols[*chosen]) + "USDT"
                                                                      : symbols[*chosen];
    }
    file.liquidationIntervalMs = interval;
    Table& table = file.tables[idx(Kind::Liquidations)];
    table.present = true;
    table.has = {true, true};

    std::erase_if(orders, [&](const Order& o) { return chosen && o.symbol != *chosen; });
    file.report.rows = orders.size();
    if (orders.empty()) {
        file.warnings.push_back(name + ": no liquidation orders" +
                                (options.from || options.to ? std::string(" in the requested time range") : ""));
        return file;
    }
    TimeMs first = intervalStart(orders.front().time, interval);
    TimeMs last = first;
    for (const Order& order : orders) {
        first = std::min(first, intervalStart(order.time, interval));
        last = std::max(last, intervalStart(order.time, interval));
    }
    const auto count = static_cast<std::uint64_t>((last - first) / interval) + 1;
    if (count > options.maxRows) {
        return makeError(Error::Code::TooLarge, name + ": " + std::to_string(count) + " liquidation intervals of " +
                                                    formatInterval(interval) + " (more than " +
                                                    std::to_string(options.maxRows) + " rows)");
    }
    table.rows.resize(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        table.rows[i].time = first + static_cast<TimeMs>(i) * interval;
    }
    for (const Order& order : orders) {
        Row& row = table.rows[static_cast<std::size_t>((intervalStart(order.time, interval) - first) / interval)];
        row.v[order.longLiquidated ? 0 : 1] += order.usd;
        if (row.line == 0) {
            row.line = order.line;
        }
    }
    return file;
}

Result<ParsedFile> parseDocument(std::string_view text, const std::string& name, const CsvImportOptions& options)
{
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);  // UTF-8 BOM, as written by spreadsheet exports
    }
    CsvReader reader(text);
    std::vector<std::string> fields;
    std::size_t line = 0;
    auto readRecord = [&]() -> Result<bool> {
        while (true) {
            const auto status = reader.next(fields, line);
            if (status == CsvReader::Status::End) {
                return false;
            }
            if (status == CsvReader::Status::UnterminatedQuote) {
                return parseError(name, line, "unterminated quoted field");
            }
            if (!isBlank(fields)) {
                return true;
            }
        }
    };

    auto headerRead = readRecord();
    if (!headerRead) {
        return headerRead.error();
    }
    if (!*headerRead) {
        return makeError(Error::Code::ParseError, name + ": empty file (expected a header row)");
    }
    // Individual liquidation orders are aggregated on their own path.
    if (looksLikeForceOrder(fields)) {
        return parseOrders(forceOrderColumns(), fields, line, readRecord, name, options);
    }
    auto orderHeader = matchOrderHeader(fields, name, options);
    if (!orderHeader) {
        return orderHeader.error();
    }
    if (*orderHeader) {
        return parseOrders(**orderHeader, fields, line, readRecord, name, options);
    }
    auto planned = planColumns(fields, name, options);
    if (!planned) {
        return planned.error();
    }
    const ColumnPlan& plan = *planned;

    ParsedFile file;
    file.report.path = name;
    file.report.format = plan.format;
    file.report.ignoredColumns = plan.ignored;
    if (plan.format != CsvFormat::Canonical) {
        file.exchanges = {"binance"};
    }

    // Which series the columns form; a series with some but not all required columns is an error.
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
    const bool deriveTaker =
        plan.takerBuyVolumeColumn != kNone && plan.fieldColumn[idx(Field::Volume)] != kNone;
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

    const std::size_t width = plan.names.size();
    auto numberAt = [&](std::size_t column) -> Result<double> {
        const std::string_view cell = trim(fields[column]);
        if (auto v = parseNumber(cell)) {
            return *v;
        }
        return parseError(name, line, "column '" + plan.names[column] + "': '" + showCell(cell) + "' is not a number");
    };

    // A headerless klines file: the record already read is the first data row.
    bool pending = plan.headerless;
    while (true) {
        if (!pending) {
            auto more = readRecord();
            if (!more) {
                return more.error();
            }
            if (!*more) {
                break;
            }
        }
        pending = false;
        if (fields.size() != width) {
            return parseError(name, line,
                              "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
        }
        const std::string_view timeCell = trim(fields[plan.timeColumn]);
        const std::string& timeName = plan.names[plan.timeColumn];
        if (timeCell.empty()) {
            return parseError(name, line, "column '" + timeName + "': empty time");
        }
        const auto time = parseTime(std::string(timeCell));
        if (!time) {
            return parseError(name, line,
                              "column '" + timeName + "': '" + showCell(timeCell) +
                                  "' is not a time (expected ms since epoch or ISO 8601 UTC)");
        }
        if ((options.from && *time < *options.from) || (options.to && *time >= *options.to)) {
            continue;
        }

        bool contributed = false;
        for (std::size_t s = 0; s < kKindCount; ++s) {
            Table& table = file.tables[s];
            if (!table.present) {
                continue;
            }
            const SeriesSpec& spec = kSeries[s];
            Row row{*time, line, {}};
            if (s == idx(Kind::TakerBuySellRatio) && deriveTaker) {
                // Klines give taker buy volume; the sell side is the rest of the volume.
                const std::size_t volumeColumn = plan.fieldColumn[idx(Field::Volume)];
                if (trim(fields[volumeColumn]).empty() || trim(fields[plan.takerBuyVolumeColumn]).empty()) {
                    continue;
                }
                auto volume = numberAt(volumeColumn);
                if (!volume) {
                    return volume.error();
                }
                auto buy = numberAt(plan.takerBuyVolumeColumn);
                if (!buy) {
                    return buy.error();
                }
                const double sell = *volume - *buy;
                if (!(sell > 0.0)) {
                    continue;  // no sells: the ratio is undefined for this row
                }
                row.v[0] = *buy / sell;
                table.rows.push_back(row);
                contributed = true;
                continue;
            }
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
                continue;  // this series has no value in this row; it keeps its own timestamps
            }
            if (set < total) {
                return parseError(name, line,
                                  "column '" + plan.names[firstEmpty] + "' is empty but other " +
                                      std::string(spec.name) + " columns are set");
            }
            for (std::size_t k = 0; k < spec.count; ++k) {
                const std::size_t column = plan.fieldColumn[idx(spec.fields[k])];
                if (column == kNone) {
                    continue;
                }
                auto value = numberAt(column);
                if (!value) {
                    return value.error();
                }
                row.v[k] = *value;
            }
            table.rows.push_back(row);
            contributed = true;
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
                           " row(s) at times an earlier file already gives were ignored (" +
                           std::to_string(differing) + " with different values; first at " +
                           formatTimeIso(firstOverlap) + ")");
    }
}

Result<std::string> readCsvFile(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return makeError(Error::Code::NotFound, path + ": no such file");
    }
    if (fs::is_directory(status)) {
        return makeError(Error::Code::IoError, path + ": is a directory, not a CSV file");
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) {
        return makeError(Error::Code::TooLarge, path + ": larger than 2 GiB");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(Error::Code::IoError, path + ": cannot open for reading");
    }
    std::string bytes;
    if (!ec) {
        bytes.reserve(static_cast<std::size_t>(size));
    }
    // Read in chunks and keep the cap: the size can change, or be unknown for special files.
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (bytes.size() + got > kMaxFileBytes) {
            return makeError(Error::Code::TooLarge, path + ": larger than 2 GiB");
        }
        bytes.append(buffer.data(), got);
    }
    if (in.bad()) {
        return makeError(Error::Code::IoError, path + ": read error");
    }
    return bytes;
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
    CsvImportResult result;
    Tables merged;
    std::vector<std::string> exchanges;
    std::string symbol;
    std::size_t totalRows = 0;
    std::optional<TimeMs> liquidationInterval;  // the stated interval all liquidation files agree on
    for (const std::string& path : paths) {
        auto bytes = readCsvFile(path);
        if (!bytes) {
            return bytes.error();
        }
        auto parsed = parseDocument(*bytes, path, options);
        if (!parsed) {
            return parsed.error();
        }
        ParsedFile& file = *parsed;
        // Validate each file on its own first, so a bad value is blamed on the file holding it.
        if (auto status = validateWithPrefix(toMarketData(file.tables, {}, {}, file.liquidationIntervalMs), path + ": "); !status) {
            return status.error();
        }
        totalRows += file.report.rows;
        if (file.tables[idx(Kind::Liquidations)].present) {
            if (!liquidationInterval) {
                liquidationInterval = file.liquidationIntervalMs;
            } else if (*liquidationInterval != file.liquidationIntervalMs) {
                result.warnings.push_back(path + ": liquidation interval differs from an earlier file; inferred from the rows");
                liquidationInterval = 0;
            }
        }
        if (totalRows > options.maxRows) {
            return makeError(Error::Code::TooLarge,
                             path + ": more than " + std::to_string(options.maxRows) + " data rows in all files");
        }
        result.warnings.insert(result.warnings.end(), file.warnings.begin(), file.warnings.end());
        for (std::size_t s = 0; s < kKindCount; ++s) {
            mergeTable(merged[s], file.tables[s], s, path, result.warnings);
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
    result.data = toMarketData(merged, exchanges, symbol, liquidationInterval.value_or(0));
    if (auto status = validateWithPrefix(result.data, "after merging: "); !status) {
        return status.error();
    }
    return result;
}

}  // namespace liqheat
