#include "store_commands.h"

#include "cli_support.h"
#include "market_options.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/sync/stored_fetch.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <limits>
#include <memory>

namespace liqheat::cli {
namespace {

using nlohmann::json;

struct ExportOptions : MarketOptions {
    std::string output;
    std::string from;
    std::string to;
    std::string store;
    ModelOptions model;
};

int runExport(const ExportOptions& o)
{
    checkReference("export-snapshot", o);
    const TimeMs from = optionalTime(o.from).value_or(std::numeric_limits<TimeMs>::min());
    const TimeMs to = optionalTime(o.to).value_or(std::numeric_limits<TimeMs>::max());
    if (from >= to) {
        usage("export-snapshot: --from must be before --to");
    }
    const ModelSettings model = take(applyModelOptions(o.model, ModelSettings{}), {}, kExitUsage);
    MarketStore store = openStoreOrFail(o.store);
    auto span =
        take(readStoredMarket(store, o.exchange, o.symbol, parseInterval(o.interval), from, to, o.referenceOrDefault()),
             "export-snapshot: " + store.path());
    Snapshot snapshot;
    snapshot.data = span.merged;
    if (o.exchange == "all") {
        snapshot.perExchange = span.perExchange;
    }
    snapshot.model = model;
    check(writeSnapshot(snapshot, o.output), o.output);
    for (const std::string& note : span.notes) {
        std::cerr << "liqheat-cli: note: " << note << "\n";
    }
    const CandleSeries& c = span.merged.candles;
    json summary = {{"output", o.output},
                    {"store", store.path()},
                    {"exchange", o.exchange},
                    {"symbol", span.merged.source.symbol},
                    {"interval", formatInterval(span.merged.source.intervalMs)},
                    {"first_candle", formatTimeIso(c.time.front())},
                    {"last_candle", formatTimeIso(c.time.back())},
                    {"rows", rowCounts(span.merged, true)},
                    {"notes", span.notes}};
    std::cout << summary.dump(2) << "\n";
    return 0;
}

}  // namespace

CLI::Option* addStoreOption(CLI::App& app, std::string& path)
{
    return app
        .add_option("--store", path,
                    "the local store (default $LIQHEAT_STORE, else ~/.local/share/liqheat/market.sqlite)")
        ->type_name("PATH");
}

MarketStore openStoreOrFail(const std::string& path)
{
    const std::string where = path.empty() ? take(defaultStorePath()) : path;
    MarketStore store = take(MarketStore::open(where));
    if (!store.notice().empty()) {
        std::cerr << "liqheat-cli: warning: " << store.notice() << "\n";
    }
    return store;
}

Command addExportSnapshotCommand(CLI::App& root)
{
    auto o = std::make_shared<ExportOptions>();
    CLI::App* app =
        root.add_subcommand("export-snapshot", "a span of the local store as a snapshot (written atomically)");
    addOutputOption(*app, o->output, "the snapshot to write")->required();
    addMarketOptions(*app, *o)->check(intervalValue());
    app->add_option("--from", o->from, "first time (ms or ISO 8601; default the first stored)")
        ->check(timeValue())
        ->type_name("T");
    app->add_option("--to", o->to, "end time, exclusive (ms or ISO 8601; default after the last stored)")
        ->check(timeValue())
        ->type_name("T");
    addReferenceOption(*app, *o);
    addStoreOption(*app, o->store);
    addModelOptions(*app, o->model);
    return {app, [o] { return runExport(*o); }};
}

}  // namespace liqheat::cli
