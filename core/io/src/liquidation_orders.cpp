#include "liquidation_orders.h"

#include "csv_formats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

namespace liqheat::csv {
namespace {

constexpr std::size_t kForceOrderFields = 12;
constexpr std::size_t kSymbolsShown = 8;

bool isBuyOrSell(std::string_view cell)
{
    const std::string side = lower(trim(cell));
    return side == "buy" || side == "sell";
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

/// Every order of a file, and the symbols they name.
struct OrderList {
    std::vector<Order> orders;                       ///< in the requested time range
    std::vector<std::string> symbols;                ///< as first written, by index
    std::map<std::string, std::size_t> symbolIndex;  ///< normalizeSymbol(symbol) -> index
};

/// One order of the current record, with its symbol added to `list` when new.
Result<Order> readOrder(const OrderColumns& columns, const CsvRecords& records, OrderList& list)
{
    const std::vector<std::string>& fields = records.fields();
    const std::string& name = records.name();
    const std::size_t line = records.line();
    auto cellAt = [&](std::size_t column) {
        return column < fields.size() ? trim(fields[column]) : std::string_view();
    };
    auto numberAt = [&](std::size_t column) -> Result<double> {
        const std::string_view cell = cellAt(column);
        if (auto v = parseNumber(cell)) {
            return *v;
        }
        return parseError(name, line,
                          "column '" + columns.names[column] + "': '" + showCell(cell) + "' is not a number");
    };

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
                              (columns.format == CsvFormat::LiquidationOrders ? "long, short, " : "") + "BUY or SELL)");
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
        const auto [it, added] = list.symbolIndex.emplace(key, list.symbols.size());
        if (added) {
            list.symbols.emplace_back(cellAt(columns.symbol));
        }
        order.symbol = it->second;
    }
    return order;
}

/// Reads the orders of every record; `records` holds the first order when the format is headerless.
Result<OrderList> readOrders(const OrderColumns& columns, CsvRecords& records, const CsvImportOptions& options)
{
    const std::size_t width = columns.names.size();
    const std::vector<std::string>& fields = records.fields();
    OrderList list;
    std::size_t read = 0;
    if (columns.headerless) {
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
        const bool widthOk = columns.format == CsvFormat::BinanceForceOrders
                                 ? fields.size() == width || fields.size() == width + 1
                                 : fields.size() == width;
        if (!widthOk) {
            return parseError(records.name(), records.line(),
                              "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
        }
        if (++read > options.maxRows) {
            return makeError(Error::Code::TooLarge,
                             records.name() + ": more than " + std::to_string(options.maxRows) + " data rows");
        }
        auto order = readOrder(columns, records, list);
        if (!order) {
            return order.error();
        }
        if ((options.from && order->time < *options.from) || (options.to && order->time >= *options.to)) {
            continue;
        }
        list.orders.push_back(*order);
    }
    return list;
}

/// Which symbol's orders to keep: the one asked for, else the only one; nullopt when the file
/// names none.
Result<std::optional<std::size_t>> chooseSymbol(const OrderColumns& columns, const OrderList& list,
                                                const std::string& name, const CsvImportOptions& options)
{
    const std::vector<std::string>& symbols = list.symbols;
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
    if (columns.symbol != kNone && !options.liquidationSymbol.empty()) {
        const auto it = list.symbolIndex.find(normalizeSymbol(options.liquidationSymbol));
        if (it == list.symbolIndex.end()) {
            return makeError(Error::Code::NotFound, name + ": no liquidation orders of " + options.liquidationSymbol +
                                                        (symbols.empty() ? "" : " (found " + symbolList() + ")"));
        }
        return std::optional<std::size_t>{it->second};
    }
    if (symbols.size() > 1) {
        return makeError(Error::Code::InvalidArgument, name + ": liquidation orders of several symbols (" +
                                                           symbolList() + "); choose one (CLI: --liq-symbol)");
    }
    if (symbols.size() == 1) {
        return std::optional<std::size_t>{0};
    }
    return std::optional<std::size_t>{};
}

/// Sums the orders per interval into `table`, every interval from the first order's to the last's.
Status sumPerInterval(const std::vector<Order>& orders, TimeMs interval, const std::string& name,
                      const CsvImportOptions& options, Table& table)
{
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
    return {};
}

}  // namespace

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
    columns.names = {"symbol",        "side",          "order_type",   "time_in_force",        "original_quantity",
                     "price",         "average_price", "order_status", "last_filled_quantity", "accumulated_quantity",
                     "trade_time_ms", "usd_size"};
    columns.symbol = 0;
    columns.side = 1;
    columns.price = 6;  // average fill price x accumulated quantity when usd_size is empty
    columns.qty = 9;
    columns.time = 10;
    columns.usd = 11;
    return columns;
}

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

Result<ParsedFile> parseOrders(const OrderColumns& columns, CsvRecords& records, const CsvImportOptions& options)
{
    const std::string& name = records.name();
    const TimeMs interval = options.liquidationIntervalMs;
    if (interval <= 0) {
        return makeError(Error::Code::InvalidArgument, name + ": liquidation interval must be positive");
    }
    auto read = readOrders(columns, records, options);
    if (!read) {
        return read.error();
    }
    std::vector<Order>& orders = read->orders;
    auto chosen = chooseSymbol(columns, *read, name, options);
    if (!chosen) {
        return chosen.error();
    }

    ParsedFile file;
    file.report.path = name;
    file.report.format = columns.format;
    file.report.ignoredColumns = columns.ignored;
    file.report.seriesFound = {"liquidations"};
    if (columns.format == CsvFormat::BinanceForceOrders) {
        file.exchanges = {"binance"};
    }
    if (*chosen) {
        // Binance dumps strip the quote currency; give the symbol its usual name.
        const std::string& symbol = read->symbols[**chosen];
        file.symbol = columns.format == CsvFormat::BinanceForceOrders ? normalizeSymbol(symbol) + "USDT" : symbol;
    }
    file.liquidationIntervalMs = interval;
    Table& table = file.tables[idx(Kind::Liquidations)];
    table.present = true;
    table.has = {true, true};

    std::erase_if(orders, [&](const Order& o) { return *chosen && o.symbol != **chosen; });
    file.report.rows = orders.size();
    if (orders.empty()) {
        file.warnings.push_back(name + ": no liquidation orders" +
                                (options.from || options.to ? std::string(" in the requested time range") : ""));
        return file;
    }
    if (auto status = sumPerInterval(orders, interval, name, options, table); !status) {
        return status.error();
    }
    return file;
}

}  // namespace liqheat::csv
