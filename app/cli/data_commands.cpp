#include "data_commands.h"

#include "cli_support.h"
#include "model_options.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/io/csv_import.h"
#include "liqheat/io/export.h"
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/model/format.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <memory>

namespace liqheat::cli {
namespace {

using nlohmann::json;

// --- info -------------------------------------------------------------------------------------

json seriesSpanJson(const std::vector<TimeMs>& time)
{
    if (time.empty()) {
        return {{"rows", 0}};
    }
    return {{"rows", time.size()}, {"first", formatTimeIso(time.front())}, {"last", formatTimeIso(time.back())}};
}

int runInfo(const std::string& path)
{
    const Snapshot s = take(readSnapshot(path));
    const MarketData& d = s.data;
    json series = {{"candles", seriesSpanJson(d.candles.time)},
                   {"open_interest", seriesSpanJson(d.openInterest.time)},
                   {"funding_rate", seriesSpanJson(d.fundingRate.time)},
                   {"long_short_ratio", seriesSpanJson(d.longShortRatio.time)},
                   {"top_trader_account_ratio", seriesSpanJson(d.topTraderAccountRatio.time)},
                   {"top_trader_position_ratio", seriesSpanJson(d.topTraderPositionRatio.time)},
                   {"taker_buy_sell_ratio", seriesSpanJson(d.takerBuySellRatio.time)},
                   {"liquidations", seriesSpanJson(d.liquidations.time)}};
    json out = {{"file", displayPath(path)},
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

// --- import -----------------------------------------------------------------------------------

struct ImportOptions {
    std::string output;
    std::vector<std::string> files;
    std::string symbol = "UNKNOWN";
    std::string exchange = "unknown";
    std::string interval;  ///< empty: the candles' median spacing
    std::string from;
    std::string to;
    std::vector<std::string> columnMap;
    std::string liquidationSymbol;
    std::string liquidationInterval;
    ModelOptions model;
};

CLI::Validator columnMapping()
{
    return CLI::Validator(
        [](std::string& m) -> std::string {
            const auto eq = m.find('=');
            return eq == std::string::npos || eq == 0 || eq + 1 == m.size() ? "must be SRC=DST (got '" + m + "')"
                                                                            : std::string{};
        },
        "");
}

CsvImportOptions csvOptions(const ImportOptions& o)
{
    CsvImportOptions options;
    for (const auto& m : o.columnMap) {
        const auto eq = m.find('=');
        options.columnMap.emplace_back(m.substr(0, eq), m.substr(eq + 1));
    }
    options.from = optionalTime(o.from);
    options.to = optionalTime(o.to);
    options.liquidationSymbol = o.liquidationSymbol;
    if (!o.liquidationInterval.empty()) {
        options.liquidationIntervalMs = parseInterval(o.liquidationInterval);
    }
    return options;
}

json importSummary(const std::string& output, const CsvImportResult& imported, const MarketData& d)
{
    json files = json::array();
    for (const auto& f : imported.files) {
        files.push_back({{"path", f.path},
                         {"format", toString(f.format)},
                         {"rows", f.rows},
                         {"series", f.seriesFound},
                         {"ignored_columns", f.ignoredColumns}});
    }
    return {{"output", displayPath(output)}, {"files", files}, {"rows", rowCounts(d, true)}};
}

int runImport(const ImportOptions& o)
{
    const ModelSettings model = take(applyModelOptions(o.model, ModelSettings{}));
    CsvImportResult imported = take(importCsvFiles(o.files, csvOptions(o)));
    Snapshot snapshot;
    snapshot.data = std::move(imported.data);
    snapshot.model = model;
    snapshot.data.source.symbol = o.symbol;
    snapshot.data.source.exchanges = {o.exchange};
    snapshot.data.source.intervalMs =
        o.interval.empty() ? medianSpacing(snapshot.data.candles.time) : parseInterval(o.interval);
    if (snapshot.data.candles.empty()) {
        fail("no candles in the imported files (the estimator needs open, high, low, close)");
    }
    // Everything that can fail is done before the output is replaced.
    const std::string summary = dump(importSummary(o.output, imported, snapshot.data));
    check(writeSnapshot(snapshot, o.output));

    for (const auto& w : imported.warnings) {
        std::cerr << "liqheat-cli: warning: " << printableText(w) << "\n";
    }
    std::cout << summary;
    return 0;
}

// --- estimate ---------------------------------------------------------------------------------

struct EstimateCommandOptions {
    std::string snapshot;
    std::string output;
    std::string format = "json";
    int columns = 0;
    ModelOptions model;
};

/// Cell values rounded to cents: float noise below that means nothing and bloats the JSON.
json centsRows(const HeatmapGrid& h, const std::vector<float>& cells)
{
    const auto count = static_cast<std::size_t>(h.grid.count);
    json rows = json::array();
    for (std::size_t c = 0; c < h.columns(); ++c) {
        json row = json::array();
        for (std::size_t b = 0; b < count; ++b) {
            row.push_back(std::round(static_cast<double>(cells[c * count + b]) * 100.0) / 100.0);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

int runEstimate(const EstimateCommandOptions& o)
{
    EstimateOptions options;
    options.maxColumns = static_cast<std::size_t>(o.columns);
    const Estimated loaded = loadAndEstimate(o.snapshot, o.model, options);
    const HeatmapGrid& h = loaded.result.heatmap;
    if (o.format == "csv") {
        emit(o.output, heatmapCsv(h));
        return 0;
    }
    const json out = {{"model", modelJson(loaded.model)},
                      {"bucket_size", h.grid.size},
                      {"price_origin", h.grid.origin},
                      {"buckets", h.grid.count},
                      {"note",
                       "cell [c][b] is resting notional (USD) with a liquidation price in "
                       "[price_origin + b*bucket_size, +bucket_size) after column c's candle"},
                      {"time", h.columnTime},
                      {"long_usd", centsRows(h, h.longUsd)},
                      {"short_usd", centsRows(h, h.shortUsd)}};
    emit(o.output, out.dump() + "\n");
    return 0;
}

// --- sweep ------------------------------------------------------------------------------------

struct SweepOptions {
    std::string snapshot;
    std::string output;
    ModelOptions model;
};

int runSweep(const SweepOptions& o)
{
    EstimateOptions options;
    options.maxColumns = 1;  // only the sweep series is printed
    emit(o.output, sweepCsv(loadAndEstimate(o.snapshot, o.model, options).result.sweep));
    return 0;
}

// --- clusters ---------------------------------------------------------------------------------

struct ClustersOptions {
    std::string snapshot;
    std::string output;
    int top = 10;
    ModelOptions model;
};

int runClusters(const ClustersOptions& o)
{
    EstimateOptions options;
    options.maxColumns = 1;
    const Estimated loaded = loadAndEstimate(o.snapshot, o.model, options);
    const LiquidationMap& map = loaded.result.map;
    auto clusters = findClusters(map);
    if (clusters.size() > static_cast<std::size_t>(o.top)) {
        clusters.resize(static_cast<std::size_t>(o.top));
    }
    json list = json::array();
    const SignificanceOptions significance;  // the stop advisor's notion (clusters.h)
    for (const auto& c : clusters) {
        json item = clusterJson(c);
        item["significant"] = isSignificant(c, visibleSideUsd(map, c.side, significance.rangePercent), significance);
        list.push_back(std::move(item));
    }
    emit(o.output, dump({{"price", map.price},
                         {"time", formatTimeIso(map.time)},
                         {"bucket_size", map.grid.size},
                         {"model", modelJson(loaded.model)},
                         {"clusters", list}}));
    return 0;
}

}  // namespace

Command addInfoCommand(CLI::App& root)
{
    auto path = std::make_shared<std::string>();
    CLI::App* app = root.add_subcommand("info", "JSON summary of a snapshot");
    addSnapshotArgument(*app, *path);
    return {app, [path] { return runInfo(*path); }};
}

Command addImportCommand(CLI::App& root)
{
    auto o = std::make_shared<ImportOptions>();
    CLI::App* app = root.add_subcommand(
        "import", "build a snapshot from CSV files or Binance archive zips (see README: CSV import)");
    addOutputOption(*app, o->output, "the snapshot to write")->required();
    app->add_option("CSV", o->files, "CSV files or Binance archive zips (X.zip.CHECKSUM checked when present)")
        ->required()
        ->check(existingFile())
        ->type_name("FILE");
    app->add_option("--symbol", o->symbol, "symbol recorded in the snapshot")->type_name("S");
    app->add_option("--exchange", o->exchange, "exchange recorded in the snapshot")->type_name("E");
    app->add_option("--interval", o->interval, "candle interval (default: the candles' spacing)")
        ->check(intervalValue())
        ->type_name("I");
    app->add_option("--from", o->from, "keep rows from this time (ms or ISO 8601)")->check(timeValue())->type_name("T");
    app->add_option("--to", o->to, "keep rows before this time")->check(timeValue())->type_name("T");
    app->add_option("--map", o->columnMap, "rename column SRC to DST (repeatable)")
        ->check(columnMapping())
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("SRC=DST");
    app->add_option("--liq-symbol", o->liquidationSymbol, "symbol of the liquidation orders to keep")->type_name("S");
    app->add_option("--liq-interval", o->liquidationInterval, "liquidation orders are summed per interval (default 5m)")
        ->check(intervalValue())
        ->type_name("I");
    addModelOptions(*app, o->model);
    return {app, [o] { return runImport(*o); }};
}

Command addEstimateCommand(CLI::App& root)
{
    auto o = std::make_shared<EstimateCommandOptions>();
    CLI::App* app = root.add_subcommand("estimate", "heatmap grid: resting long/short USD per bucket and column");
    addSnapshotArgument(*app, o->snapshot);
    app->add_option("--format", o->format, "json (default) or csv")
        ->check(CLI::IsMember({"json", "csv"}).description(""))
        ->type_name("json|csv");
    app->add_option("--columns", o->columns, "at most N columns (0: one per candle)")
        ->check(wholeNumberWithin(0, 1'000'000))
        ->type_name("N");
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runEstimate(*o); }};
}

Command addSweepCommand(CLI::App& root)
{
    auto o = std::make_shared<SweepOptions>();
    CLI::App* app = root.add_subcommand("sweep", "CSV time,long_usd,short_usd liquidated per candle");
    addSnapshotArgument(*app, o->snapshot);
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runSweep(*o); }};
}

Command addClustersCommand(CLI::App& root)
{
    auto o = std::make_shared<ClustersOptions>();
    CLI::App* app = root.add_subcommand("clusters", "JSON liquidation clusters, strongest first");
    addSnapshotArgument(*app, o->snapshot);
    app->add_option("--top", o->top, "at most N clusters (default 10)")
        ->check(wholeNumberWithin(1, 100'000))
        ->type_name("N");
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runClusters(*o); }};
}

}  // namespace liqheat::cli
