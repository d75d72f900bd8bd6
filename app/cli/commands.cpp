#include "commands.h"

#include "arguments.h"
#include "calibrate_command.h"
#include "fetch_command.h"
#include "model_options.h"
#include "trader_commands.h"
#ifdef LIQHEAT_WITH_RENDER
#include "render_command.h"
#endif

#include "liqheat/clusters.h"
#include "liqheat/csv_import.h"
#include "liqheat/estimator.h"
#include "liqheat/export.h"
#include "liqheat/file_io.h"
#include "liqheat/liquidation_price.h"
#include "liqheat/snapshot.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>

namespace liqheat::cli {
namespace {

using nlohmann::json;

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

const char* const kUsage = R"(usage: liqheat-cli COMMAND [ARGS]

  --version                                   print the version
  info SNAPSHOT                               JSON summary of a snapshot
  import -o OUT [--symbol S] [--exchange E] [--interval I] [--from T] [--to T]
         [--map SRC=DST]... CSV...            build a snapshot from CSV files
  fetch -o OUT --exchange binance|bybit|okx|all --symbol S --interval I [--days N]
        [--base-url [NAME=]URL]... [--reference EX] [--end T] [--timeout S]
        [--retries N] [--strict] [--quiet] [MODEL]
                                              live data into a snapshot; base URLs also from
                                              LIQHEAT_BINANCE_URL, LIQHEAT_BYBIT_URL, LIQHEAT_OKX_URL
  estimate SNAPSHOT [MODEL] [--format csv|json] [--columns N] [-o OUT]
                                              heatmap grid (resting long/short USD per bucket)
  sweep SNAPSHOT [MODEL] [-o OUT]             CSV time,long_usd,short_usd liquidated per candle
  map SNAPSHOT [MODEL] [--range PCT] [--format text|csv|json]
                                              current liquidation map around the price
  clusters SNAPSHOT [MODEL] [--top N]         JSON liquidation clusters
  calibrate SNAPSHOT [MODEL] [--warmup-hours H] [--from T] [--to T] [--top-fraction F] [-o OUT]
                                              JSON skill of the estimate vs realized liquidations
  liqprice --exchange binance|bybit --side long|short --entry P --qty Q
           (--leverage L | --margin M) [--topup X] [--mmr R] [--table NAME]
  stop SNAPSHOT [MODEL] --side long|short --entry P [--leverage L | --margin M --qty Q]
       [--qty Q] [--topup X] [--buffer-ticks N --tick T | --buffer-pct P | --buffer-atr K
       [--atr-period N]] [--tick T] [--fallback-pct P] [--exchange binance|bybit]
       [--table NAME] [--mmr R] [--account A --risk-pct R]
                                              JSON stop beyond the nearest adverse cluster
                                              (in stop, --entry is the entry price)
  size --account A --risk-pct R --entry P --stop S [--side long|short]
       [--leverage L | --margin M] [--exchange binance|bybit] [--table NAME] [--mmr R]
                                              JSON risk-based position size
  signals SNAPSHOT [MODEL]                    JSON funding / ratio / cluster confluence rules
  cascade SNAPSHOT [MODEL] --shock PCT [--impact X|fit] [--max-steps N]
                                              JSON liquidation cascade after a price shock
  render SNAPSHOT -o OUT.png [--width W --height H] [--theme dark|light]
         [--palette redgreen|colorblind] [--log] [--clusters] [MODEL]
                                              draw the chart to a PNG, no display needed

MODEL: [--preset NAME] [--tiers 5:0.15,10:0.3,...] [--bucket USD] [--decay-hours H]
       [--entry close|typical|spread] [--model-mmr R]
Errors go to stderr as one line; the exit code is non-zero.
)";

struct CommandError {
    int code;
    std::string message;
};

/// Thrown only inside this file to unwind a command to `run`, which prints it as one line.
[[noreturn]] void fail(const std::string& message, int code = kExitError) { throw CommandError{code, message}; }

template <typename T>
T take(Result<T> result, const std::string& context = {})
{
    if (!result) {
        fail(context.empty() ? result.error().message : context + ": " + result.error().message);
    }
    return std::move(result).value();
}

void check(const Status& status, const std::string& context = {})
{
    if (!status) {
        fail(context.empty() ? status.error().message : context + ": " + status.error().message);
    }
}

Arguments parseArgs(const std::vector<std::string>& args, std::set<std::string> valued, const std::set<std::string>& flags,
                    bool withModel)
{
    if (withModel) {
        valued.insert(modelOptionNames().begin(), modelOptionNames().end());
    }
    auto parsed = Arguments::parse(args, valued, flags);
    if (!parsed) {
        fail(parsed.error().message, kExitUsage);
    }
    return std::move(parsed).value();
}

std::string onePositional(const Arguments& args, const std::string& what)
{
    if (args.positionals().size() != 1) {
        fail("expected exactly one " + what + " argument", kExitUsage);
    }
    return args.positionals().front();
}

/// Writes to -o atomically, or to stdout.
void emit(const Arguments& args, const std::string& text)
{
    if (const auto out = args.value("-o")) {
        check(writeFileAtomic(*out, text));
    } else {
        std::cout << text;
        std::cout.flush();
    }
}

std::string iso(TimeMs t) { return formatTimeIso(t); }

json modelJson(const ModelSettings& m)
{
    json tiers = json::array();
    for (const auto& t : m.effectiveTiers()) {
        // Normalised weights carry float noise (0.15000000000000002); 1e-12 is far below meaning.
        tiers.push_back({{"leverage", t.leverage}, {"weight", std::round(t.weight * 1e12) / 1e12}});
    }
    return {{"preset", m.preset},
            {"tiers", tiers},
            {"bucket_size", m.bucketSize},
            {"decay_half_life_hours", m.decayHalfLifeHours},
            {"entry", toString(m.entry)},
            {"maintenance_margin_rate", m.maintenanceMarginRate}};
}

struct Loaded {
    Snapshot snapshot;
    ModelSettings model;
};

Loaded loadWithModel(const Arguments& args)
{
    Loaded loaded;
    loaded.snapshot = take(readSnapshot(onePositional(args, "SNAPSHOT")));
    loaded.model = take(applyModelOptions(args, loaded.snapshot.model));
    return loaded;
}

EstimateResult runEstimate(const Loaded& loaded, std::size_t maxColumns = 0)
{
    EstimateOptions options;
    options.maxColumns = maxColumns;
    return take(estimate(loaded.snapshot.data, loaded.model, options), "estimate");
}

std::string dump(const json& j) { return j.dump(2) + "\n"; }

// --- commands ---------------------------------------------------------------------------------

int cmdInfo(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {}, {}, false);
    const std::string path = onePositional(args, "SNAPSHOT");
    const Snapshot s = take(readSnapshot(path));
    const MarketData& d = s.data;
    json series = json::object();
    auto span = [&](const char* name, const std::vector<TimeMs>& t) {
        if (t.empty()) {
            series[name] = {{"rows", 0}};
        } else {
            series[name] = {{"rows", t.size()}, {"first", iso(t.front())}, {"last", iso(t.back())}};
        }
    };
    span("candles", d.candles.time);
    span("open_interest", d.openInterest.time);
    span("funding_rate", d.fundingRate.time);
    span("long_short_ratio", d.longShortRatio.time);
    span("taker_buy_sell_ratio", d.takerBuySellRatio.time);
    span("liquidations", d.liquidations.time);
    json out = {{"file", path},
                {"format", kSnapshotFormatName},
                {"created", s.createdUtc},
                {"source",
                 {{"exchanges", d.source.exchanges},
                  {"symbol", d.source.symbol},
                  {"interval", formatInterval(d.candleIntervalMs())}}},
                {"series", series},
                {"model", modelJson(s.model)}};
    if (!d.candles.empty()) {
        out["last_price"] = d.candles.close.back();
        out["last_time"] = iso(d.candles.time.back());
    }
    if (!d.liquidations.empty()) {
        out["series"]["liquidations"]["interval"] = formatInterval(d.liquidationIntervalMs());
    }
    std::cout << dump(out);
    return 0;
}

int cmdImport(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o", "--symbol", "--exchange", "--interval", "--from", "--to", "--map"}, {}, true);
    const auto out = args.value("-o");
    if (!out) {
        fail("import needs -o OUT", kExitUsage);
    }
    if (args.positionals().empty()) {
        fail("import needs at least one CSV file", kExitUsage);
    }
    CsvImportOptions options;
    for (const auto& m : args.values("--map")) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
            fail("--map takes SRC=DST, got '" + m + "'", kExitUsage);
        }
        options.columnMap.emplace_back(m.substr(0, eq), m.substr(eq + 1));
    }
    for (const auto& [flag, target] : {std::pair{"--from", &options.from}, std::pair{"--to", &options.to}}) {
        if (const auto text = args.value(flag)) {
            const auto t = parseTime(*text);
            if (!t) {
                fail(std::string(flag) + ": '" + *text + "' is not a time (ms or ISO 8601)", kExitUsage);
            }
            *target = *t;
        }
    }
    CsvImportResult imported = take(importCsvFiles(args.positionals(), options));
    Snapshot snapshot;
    snapshot.data = std::move(imported.data);
    snapshot.model = take(applyModelOptions(args, ModelSettings{}));
    snapshot.data.source.symbol = args.value("--symbol").value_or("UNKNOWN");
    snapshot.data.source.exchanges = {args.value("--exchange").value_or("unknown")};
    if (const auto interval = args.value("--interval")) {
        snapshot.data.source.intervalMs = parseInterval(*interval);
        if (snapshot.data.source.intervalMs <= 0) {
            fail("--interval: '" + *interval + "' is not an interval like 5m or 1h", kExitUsage);
        }
    } else {
        snapshot.data.source.intervalMs = medianSpacing(snapshot.data.candles.time);
    }
    if (snapshot.data.candles.empty()) {
        fail("no candles in the imported files (the estimator needs open, high, low, close)");
    }
    check(writeSnapshot(snapshot, *out), *out);

    for (const auto& w : imported.warnings) {
        std::cerr << "liqheat-cli: warning: " << w << "\n";
    }
    json files = json::array();
    for (const auto& f : imported.files) {
        files.push_back({{"path", f.path},
                         {"format", toString(f.format)},
                         {"rows", f.rows},
                         {"series", f.seriesFound},
                         {"ignored_columns", f.ignoredColumns}});
    }
    const MarketData& d = snapshot.data;
    std::cout << dump({{"output", *out},
                       {"files", files},
                       {"rows",
                        {{"candles", d.candles.size()},
                         {"open_interest", d.openInterest.size()},
                         {"funding_rate", d.fundingRate.size()},
                         {"long_short_ratio", d.longShortRatio.size()},
                         {"taker_buy_sell_ratio", d.takerBuySellRatio.size()},
                         {"liquidations", d.liquidations.size()}}}});
    return 0;
}

int cmdEstimate(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o", "--format", "--columns"}, {}, true);
    const std::string format = args.value("--format").value_or("json");
    if (format != "json" && format != "csv") {
        fail("--format must be json or csv", kExitUsage);
    }
    const auto columns = take(args.number("--columns"));
    if (columns && (*columns < 0 || *columns != std::floor(*columns))) {
        fail("--columns must be a whole number >= 0", kExitUsage);
    }
    const Loaded loaded = loadWithModel(args);
    const EstimateResult r = runEstimate(loaded, columns ? static_cast<std::size_t>(*columns) : 0);
    const HeatmapGrid& h = r.heatmap;
    const auto count = static_cast<std::size_t>(h.grid.count);

    if (format == "csv") {
        emit(args, heatmapCsv(h));
        return 0;
    }
    json longRows = json::array();
    json shortRows = json::array();
    for (std::size_t c = 0; c < h.columns(); ++c) {
        json lr = json::array();
        json sr = json::array();
        for (std::size_t b = 0; b < count; ++b) {
            lr.push_back(std::round(static_cast<double>(h.longUsd[c * count + b]) * 100.0) / 100.0);
            sr.push_back(std::round(static_cast<double>(h.shortUsd[c * count + b]) * 100.0) / 100.0);
        }
        longRows.push_back(std::move(lr));
        shortRows.push_back(std::move(sr));
    }
    const json out = {{"model", modelJson(loaded.model)},
                      {"bucket_size", h.grid.size},
                      {"price_origin", h.grid.origin},
                      {"buckets", h.grid.count},
                      {"note", "cell [c][b] is resting notional (USD) with a liquidation price in "
                               "[price_origin + b*bucket_size, +bucket_size) after column c's candle"},
                      {"time", h.columnTime},
                      {"long_usd", longRows},
                      {"short_usd", shortRows}};
    emit(args, out.dump() + "\n");
    return 0;
}

int cmdSweep(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o"}, {}, true);
    const Loaded loaded = loadWithModel(args);
    const EstimateResult r = runEstimate(loaded, 1);
    emit(args, sweepCsv(r.sweep));
    return 0;
}

std::string money(double usd)
{
    char buf[32];
    const double a = std::abs(usd);
    if (a >= 1e9) {
        std::snprintf(buf, sizeof buf, "%.2fB", usd / 1e9);
    } else if (a >= 1e6) {
        std::snprintf(buf, sizeof buf, "%.1fM", usd / 1e6);
    } else if (a >= 1e3) {
        std::snprintf(buf, sizeof buf, "%.0fk", usd / 1e3);
    } else {
        std::snprintf(buf, sizeof buf, "%.0f", usd);
    }
    return buf;
}

json clusterJson(const Cluster& c)
{
    return {{"side", toString(c.side)},       {"price_low", c.priceLow},   {"price_high", c.priceHigh},
            {"peak_price", c.peakPrice},      {"peak_usd", c.peakUsd},     {"total_usd", c.totalUsd},
            {"distance_percent", c.distancePercent}, {"strength", c.strength}};
}

int cmdMap(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"--range", "--format", "--rows", "-o"}, {}, true);
    const std::string format = args.value("--format").value_or("text");
    if (format != "text" && format != "csv" && format != "json") {
        fail("--format must be text, csv or json", kExitUsage);
    }
    const double range = take(args.number("--range")).value_or(8.0);
    if (!(range > 0.0) || range > 100.0) {
        fail("--range must be a percentage in (0, 100]", kExitUsage);
    }
    const int rows = static_cast<int>(take(args.number("--rows")).value_or(30));
    if (rows < 2 || rows > 1000) {
        fail("--rows must be within 2..1000", kExitUsage);
    }
    const Loaded loaded = loadWithModel(args);
    const EstimateResult r = runEstimate(loaded, 1);
    const LiquidationMap& m = r.map;
    const int lo = std::max(0, m.grid.indexOf(m.price * (1.0 - range / 100.0)));
    const int hi = std::min(m.grid.count - 1, m.grid.indexOf(m.price * (1.0 + range / 100.0)));

    if (format != "text") {
        if (format == "csv") {
            emit(args, liquidationMapCsv(m, lo, hi));
            return 0;
        }
        json levels = json::array();
        for (int b = lo; b <= hi; ++b) {
            const auto i = static_cast<std::size_t>(b);
            levels.push_back({{"price_low", m.grid.lower(b)},
                              {"price_high", m.grid.upper(b)},
                              {"long_usd", m.longUsd[i]},
                              {"short_usd", m.shortUsd[i]},
                              {"cumulative_long_usd", m.cumulativeLong[i]},
                              {"cumulative_short_usd", m.cumulativeShort[i]}});
        }
        emit(args, dump({{"price", m.price},
                         {"time", iso(m.time)},
                         {"bucket_size", m.grid.size},
                         {"model", modelJson(loaded.model)},
                         {"levels", levels}}));
        return 0;
    }

    // Text: the range folded into `rows` bands, highest price first, bars scaled to the largest band.
    const int span = hi - lo + 1;
    const int per = std::max(1, (span + rows - 1) / rows);
    struct Band {
        double low, high, longUsd, shortUsd;
    };
    std::vector<Band> bands;
    for (int start = lo; start <= hi; start += per) {
        Band band{m.grid.lower(start), m.grid.upper(std::min(hi, start + per - 1)), 0.0, 0.0};
        for (int b = start; b <= std::min(hi, start + per - 1); ++b) {
            band.longUsd += m.longUsd[static_cast<std::size_t>(b)];
            band.shortUsd += m.shortUsd[static_cast<std::size_t>(b)];
        }
        bands.push_back(band);
    }
    double biggest = 1.0;
    for (const auto& b : bands) {
        biggest = std::max({biggest, b.longUsd, b.shortUsd});
    }
    std::ostringstream text;
    const Snapshot& s = loaded.snapshot;
    text << "Estimated liquidation map, " << s.data.source.symbol << " at " << m.price << " (" << iso(m.time)
         << "), model " << loaded.model.preset << ", bucket " << m.grid.size << "\n";
    text << "shorts (above price) liquidate if price rises there; longs (below) if it falls there\n\n";
    char line[200];
    bool priceLinePrinted = false;
    for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
        if (!priceLinePrinted && it->high <= m.price) {
            text << "  ---------- price " << m.price << " ----------\n";
            priceLinePrinted = true;
        }
        const bool above = it->low >= m.price;
        const double v = above ? it->shortUsd : it->longUsd;
        const int width = static_cast<int>(std::lround(40.0 * v / biggest));
        std::snprintf(line, sizeof line, "%10.1f-%-10.1f %-5s %8s |%s\n", it->low, it->high,
                      v > 0 ? (above ? "short" : "long") : "", v > 0 ? money(v).c_str() : "",
                      std::string(static_cast<std::size_t>(width), above ? '#' : '=').c_str());
        text << line;
    }
    text << "\nwithin " << range << " %: shorts " << money(m.cumulativeShort[static_cast<std::size_t>(hi)])
         << " above, longs " << money(m.cumulativeLong[static_cast<std::size_t>(lo)]) << " below\n";
    const auto clusters = findClusters(m);
    text << "\nlargest clusters:\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(5, clusters.size()); ++i) {
        const auto& c = clusters[i];
        std::snprintf(line, sizeof line, "  %-5s %10.1f-%-10.1f peak %10.1f  %8s  %5.2f %% away\n",
                      toString(c.side).c_str(), c.priceLow, c.priceHigh, c.peakPrice, money(c.totalUsd).c_str(),
                      c.distancePercent);
        text << line;
    }
    emit(args, text.str());
    return 0;
}

int cmdClusters(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"--top", "-o"}, {}, true);
    const double top = take(args.number("--top")).value_or(10);
    if (top < 1 || top != std::floor(top)) {
        fail("--top must be a whole number >= 1", kExitUsage);
    }
    const Loaded loaded = loadWithModel(args);
    const EstimateResult r = runEstimate(loaded, 1);
    auto clusters = findClusters(r.map);
    if (clusters.size() > static_cast<std::size_t>(top)) {
        clusters.resize(static_cast<std::size_t>(top));
    }
    json list = json::array();
    const SignificanceOptions significance;  // the stop advisor's notion (clusters.h)
    for (const auto& c : clusters) {
        json item = clusterJson(c);
        item["significant"] =
            isSignificant(c, visibleSideUsd(r.map, c.side, significance.rangePercent), significance);
        list.push_back(std::move(item));
    }
    emit(args, dump({{"price", r.map.price},
                     {"time", iso(r.map.time)},
                     {"bucket_size", r.map.grid.size},
                     {"model", modelJson(loaded.model)},
                     {"clusters", list}}));
    return 0;
}

int cmdLiqprice(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(
        raw, {"--exchange", "--side", "--entry", "--qty", "--leverage", "--margin", "--topup", "--mmr", "--table"}, {},
        false);
    if (!args.positionals().empty()) {
        fail("liqprice takes no positional arguments", kExitUsage);
    }
    const std::string exchangeName = args.value("--exchange").value_or("");
    if (exchangeName != "binance" && exchangeName != "bybit") {
        fail("--exchange must be binance or bybit", kExitUsage);
    }
    const std::string side = args.value("--side").value_or("");
    if (side != "long" && side != "short") {
        fail("--side must be long or short", kExitUsage);
    }
    PositionSpec p;
    p.exchange = exchangeName == "binance" ? Exchange::Binance : Exchange::Bybit;
    p.side = side == "long" ? Side::Long : Side::Short;
    const auto entry = take(args.number("--entry"));
    const auto qty = take(args.number("--qty"));
    const auto leverage = take(args.number("--leverage"));
    const auto margin = take(args.number("--margin"));
    if (!entry || !qty) {
        fail("liqprice needs --entry and --qty", kExitUsage);
    }
    if (leverage.has_value() == margin.has_value()) {
        fail("give exactly one of --leverage or --margin", kExitUsage);
    }
    p.entryPrice = *entry;
    p.quantity = *qty;
    p.leverage = leverage.value_or(0.0);
    p.margin = margin.value_or(0.0);
    if (margin && *margin <= 0.0) {
        fail("--margin must be positive", kExitUsage);
    }
    p.topUp = take(args.number("--topup")).value_or(0.0);

    MaintenanceTable table;
    if (const auto mmr = take(args.number("--mmr"))) {
        if (*mmr < 0.0 || *mmr >= 0.5) {
            fail("--mmr must be within [0, 0.5)", kExitUsage);
        }
        table = MaintenanceTable::single(*mmr);
    } else {
        const std::string name = args.value("--table").value_or(
            p.exchange == Exchange::Binance ? "binance-btcusdt-2026-08" : "bybit-btcusdt-2026-10");
        const MaintenanceTable* found = findMaintenanceTable(name);
        if (!found) {
            std::string names;
            for (const auto& t : maintenanceTables()) {
                names += (names.empty() ? "" : ", ") + t.name;
            }
            fail("unknown --table '" + name + "' (known: " + names + ")", kExitUsage);
        }
        table = *found;
    }
    const LiquidationQuote q =
        take(p.exchange == Exchange::Binance ? binanceLiquidation(p, table) : bybitLiquidation(p, table));
    json out = {{"exchange", exchangeName},
                {"side", side},
                {"entry_price", p.entryPrice},
                {"quantity", p.quantity},
                {"notional", p.entryPrice * p.quantity},
                {"liquidation_price", q.liquidationPrice > 0.0 ? json(q.liquidationPrice) : json(nullptr)},
                {"bankruptcy_price", q.bankruptcyPrice},
                {"distance_percent", q.distancePercent},
                {"initial_margin", q.initialMargin},
                {"maintenance_margin", q.maintenanceMargin},
                {"maintenance_table", table.name},
                {"maintenance_tier",
                 {{"index", q.tierIndex},
                  {"rate", q.tier.rate},
                  {"amount", q.tier.amount},
                  {"notional_floor", q.tier.notionalFloor},
                  {"notional_cap", std::isfinite(q.tier.notionalCap) ? json(q.tier.notionalCap) : json(nullptr)}}}};
    if (leverage) {
        out["leverage"] = *leverage;
    } else {
        out["margin"] = *margin;
    }
    if (p.topUp != 0.0) {
        out["topup"] = p.topUp;
    }
    if (q.liquidationPrice <= 0.0) {
        out["note"] = "no liquidation price: the margin covers a fall to zero";
    }
    std::cout << dump(out);
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? kExitUsage : 0;
    }
    if (args[0] == "--version") {
        std::cout << "liqheat-cli " << LIQHEAT_VERSION << "\n";
        return 0;
    }
    static const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands{
        {"info", cmdInfo},         {"import", cmdImport}, {"estimate", cmdEstimate}, {"sweep", cmdSweep},
        {"map", cmdMap},           {"clusters", cmdClusters}, {"liqprice", cmdLiqprice},
        {"calibrate", runCalibrate},
        {"fetch", runFetch},
        {"stop", runStop},         {"size", runSize},     {"signals", runSignals},   {"cascade", runCascade},
#ifdef LIQHEAT_WITH_RENDER
        {"render", runRender},
#endif
    };
    const auto it = commands.find(args[0]);
    if (it == commands.end()) {
        std::cerr << "liqheat-cli: error: unknown command '" << args[0] << "' (try liqheat-cli --help)\n";
        return kExitUsage;
    }
    try {
        return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const CommandError& e) {
        std::cerr << "liqheat-cli: error: " << e.message << "\n";
        return e.code;
    } catch (const std::exception& e) {
        std::cerr << "liqheat-cli: error: " << e.what() << "\n";
        return kExitError;
    }
}

}  // namespace liqheat::cli
