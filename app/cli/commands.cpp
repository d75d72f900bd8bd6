#include "commands.h"

#include "arguments.h"
#include "calibrate_command.h"
#include "cli_support.h"
#include "fetch_command.h"
#include "model_options.h"
#include "trader_commands.h"
#ifdef LIQHEAT_WITH_RENDER
#include "render_command.h"
#endif

#include "liqheat/analysis/clusters.h"
#include "liqheat/io/csv_import.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/export.h"
#include "liqheat/io/file_io.h"
#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/io/snapshot.h"

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

const char* const kUsage = R"(usage: liqheat-cli COMMAND [ARGS]

  --version                                   print the version
  info SNAPSHOT                               JSON summary of a snapshot
  import -o OUT [--symbol S] [--exchange E] [--interval I] [--from T] [--to T]
         [--map SRC=DST]... [--liq-symbol S] [--liq-interval I] CSV...
                                              build a snapshot from CSV files; liquidation-order
                                              files are summed per --liq-interval (default 5m)
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
            series[name] = {{"rows", t.size()}, {"first", formatTimeIso(t.front())}, {"last", formatTimeIso(t.back())}};
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
        out["last_time"] = formatTimeIso(d.candles.time.back());
    }
    if (!d.liquidations.empty()) {
        out["series"]["liquidations"]["interval"] = formatInterval(d.liquidationIntervalMs());
    }
    std::cout << dump(out);
    return 0;
}

int cmdImport(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o", "--symbol", "--exchange", "--interval", "--from", "--to", "--map", "--liq-symbol", "--liq-interval"}, {}, true);
    const auto out = args.value("-o");
    if (!out) {
        usage("import needs -o OUT");
    }
    if (args.positionals().empty()) {
        usage("import needs at least one CSV file");
    }
    CsvImportOptions options;
    for (const auto& m : args.values("--map")) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
            usage("--map takes SRC=DST, got '" + m + "'");
        }
        options.columnMap.emplace_back(m.substr(0, eq), m.substr(eq + 1));
    }
    options.from = timeOption(args, "--from");
    options.to = timeOption(args, "--to");
    options.liquidationSymbol = args.value("--liq-symbol").value_or("");
    if (const auto liqInterval = args.value("--liq-interval")) {
        options.liquidationIntervalMs = parseInterval(*liqInterval);
        if (options.liquidationIntervalMs <= 0) {
            usage("--liq-interval: '" + *liqInterval + "' is not an interval like 5m or 1h");
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
            usage("--interval: '" + *interval + "' is not an interval like 5m or 1h");
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
        usage("--format must be json or csv");
    }
    const auto columns = number(args, "--columns");
    if (columns && (*columns < 0 || *columns != std::floor(*columns))) {
        usage("--columns must be a whole number >= 0");
    }
    const Estimated loaded = loadAndEstimate(args, columns ? static_cast<std::size_t>(*columns) : 0);
    const EstimateResult& r = loaded.result;
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
    const Estimated loaded = loadAndEstimate(args, 1);
    const EstimateResult& r = loaded.result;
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

int cmdMap(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"--range", "--format", "--rows", "-o"}, {}, true);
    const std::string format = args.value("--format").value_or("text");
    if (format != "text" && format != "csv" && format != "json") {
        usage("--format must be text, csv or json");
    }
    const double range = number(args, "--range").value_or(8.0);
    if (!(range > 0.0) || range > 100.0) {
        usage("--range must be a percentage in (0, 100]");
    }
    const int rows = static_cast<int>(number(args, "--rows").value_or(30));
    if (rows < 2 || rows > 1000) {
        usage("--rows must be within 2..1000");
    }
    const Estimated loaded = loadAndEstimate(args, 1);
    const EstimateResult& r = loaded.result;
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
                         {"time", formatTimeIso(m.time)},
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
    text << "Estimated liquidation map, " << s.data.source.symbol << " at " << m.price << " (" << formatTimeIso(m.time)
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
    const double top = number(args, "--top").value_or(10);
    if (top < 1 || top != std::floor(top)) {
        usage("--top must be a whole number >= 1");
    }
    const Estimated loaded = loadAndEstimate(args, 1);
    const EstimateResult& r = loaded.result;
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
                     {"time", formatTimeIso(r.map.time)},
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
        usage("liqprice takes no positional arguments");
    }
    const std::string exchangeName = args.value("--exchange").value_or("");
    if (exchangeName != "binance" && exchangeName != "bybit") {
        usage("--exchange must be binance or bybit");
    }
    const std::string side = args.value("--side").value_or("");
    if (side != "long" && side != "short") {
        usage("--side must be long or short");
    }
    PositionSpec p;
    p.exchange = exchangeName == "binance" ? Exchange::Binance : Exchange::Bybit;
    p.side = side == "long" ? Side::Long : Side::Short;
    const auto entry = number(args, "--entry");
    const auto qty = number(args, "--qty");
    const auto leverage = number(args, "--leverage");
    const auto margin = number(args, "--margin");
    if (!entry || !qty) {
        usage("liqprice needs --entry and --qty");
    }
    if (leverage.has_value() == margin.has_value()) {
        usage("give exactly one of --leverage or --margin");
    }
    p.entryPrice = *entry;
    p.quantity = *qty;
    p.leverage = leverage.value_or(0.0);
    p.margin = margin.value_or(0.0);
    if (margin && *margin <= 0.0) {
        usage("--margin must be positive");
    }
    p.topUp = number(args, "--topup").value_or(0.0);

    MaintenanceTable table;
    if (const auto mmr = number(args, "--mmr")) {
        if (*mmr < 0.0 || *mmr >= 0.5) {
            usage("--mmr must be within [0, 0.5)");
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
            usage("unknown --table '" + name + "' (known: " + names + ")");
        }
        table = *found;
    }
    const LiquidationQuote q =
        take(p.exchange == Exchange::Binance ? binanceLiquidation(p, table) : bybitLiquidation(p, table));
    json out = quoteJson(q);
    out.update({{"exchange", exchangeName},
                {"side", side},
                {"entry_price", p.entryPrice},
                {"quantity", p.quantity},
                {"notional", p.entryPrice * p.quantity},
                {"maintenance_table", table.name}});
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
    // A dated table may list only the first tiers; say so instead of silently stretching the last.
    const double cap = table.tiers.back().notionalCap;
    if (std::isfinite(cap) && std::max(p.entryPrice, q.liquidationPrice) * p.quantity > cap) {
        out["warning"] = "the notional exceeds the last tier of " + table.name + " (cap " +
                         std::to_string(static_cast<long long>(cap)) +
                         "): its last tier was used; choose a fuller table with --table";
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
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    return guarded([&] { return it->second(rest); });
}

}  // namespace liqheat::cli
