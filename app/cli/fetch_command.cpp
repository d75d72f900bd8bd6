#include "fetch_command.h"

#include "cli_support.h"
#include "interrupt_guard.h"
#include "market_options.h"
#include "model_options.h"
#include "store_commands.h"

#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/live/fetch.h"
#include "liqheat/model/time.h"
#include "liqheat/sync/stored_fetch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>

namespace liqheat::cli {
namespace {

using nlohmann::json;

constexpr int kExitCancelled = 130;  // as a shell reports a process stopped by SIGINT
constexpr double kDayMs = 86'400'000.0;

json tickerJson(const Ticker& t)
{
    return {{"mark_price", t.markPrice},
            {"funding_rate", t.fundingRate},
            {"next_funding_time", t.nextFundingTime > 0 ? json(formatTimeIso(t.nextFundingTime)) : json(nullptr)}};
}

struct FetchOptions : MarketOptions {
    std::string output;
    double days = 7.0;
    std::vector<std::string> baseUrls;
    std::string end;
    RequestLimits limits;
    bool strict = false;
    bool quiet = false;
    std::string store;
    bool noStore = false;
    ModelOptions model;
};

/// --base-url URL sets the chosen exchange (all three for `all`); NAME=URL sets one.
void applyBaseUrls(const FetchOptions& o, FetchRequest& request)
{
    for (const std::string& value : o.baseUrls) {
        const auto eq = value.find('=');
        const auto scheme = value.find("://");
        if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
            request.baseUrls[value.substr(0, eq)] = value.substr(eq + 1);
        } else if (o.exchange == "all") {
            for (const Exchange id : allExchanges()) {
                request.baseUrls[toString(id)] = value;
            }
        } else {
            request.baseUrls[o.exchange] = value;
        }
    }
}

FetchRequest fetchRequest(const FetchOptions& o)
{
    FetchRequest request;
    request.exchange = o.exchange;
    request.symbol = o.symbol;
    request.interval = o.interval;
    request.allowPartial = !o.strict;
    request.reference = o.referenceOrDefault();
    request.spanMs = static_cast<TimeMs>(std::llround(o.days * kDayMs));
    if (const auto end = optionalTime(o.end)) {
        request.end = *end;
    }
    o.limits.applyTo(request.http);
    request.http.userAgent = std::string("liqheat-cli/") + LIQHEAT_VERSION;
    applyBaseUrls(o, request);
    return request;
}

json fetchSummary(const FetchOptions& o, const FetchResult& result)
{
    json perExchange = json::object();
    for (const auto& [name, data] : result.perExchange) {
        json entry = {{"rows", rowCounts(data)}};
        if (const auto it = result.tickers.find(name); it != result.tickers.end()) {
            entry.update(tickerJson(it->second));
        }
        perExchange[name] = entry;
    }
    json summary = {{"output", displayPath(o.output)},
                    {"exchange", o.exchange},
                    {"symbol", result.merged.source.symbol},
                    {"interval", formatInterval(result.merged.source.intervalMs)},
                    {"from", formatTimeIso(result.from)},
                    {"to", formatTimeIso(result.to)},
                    {"exchanges", result.merged.source.exchanges},
                    {"reference", result.reference},
                    {"rows", rowCounts(result.merged)},
                    {"per_exchange", perExchange},
                    {"requests", result.requests},
                    {"notes", result.notes}};
    summary.update(tickerJson(result.ticker));
    if (!result.merged.candles.empty()) {
        summary["last_price"] = result.merged.candles.close.back();
        summary["last_time"] = formatTimeIso(result.merged.candles.time.back());
    }
    return summary;
}

int runFetch(const FetchOptions& o)
{
    checkReference("fetch", o);
    FetchRequest request = fetchRequest(o);
    const ModelSettings model = take(applyModelOptions(o.model, ModelSettings{}), {}, kExitUsage);

    CancelToken interrupt;
    const InterruptGuard guard(interrupt);
    request.cancel = &interrupt;
    int lastDone = -1;
    const auto progress = [&](int done, int total, const std::string& message) {
        // One line per finished step, plus every retry or wait, so a slow fetch explains itself.
        const bool notable =
            message.find("retrying") != std::string::npos || message.find("waiting") != std::string::npos;
        if (!o.quiet && (done != lastDone || notable)) {
            std::cerr << "liqheat-cli: [" << done << "/" << total << "] " << message << "\n";
            lastDone = done;
        }
        return true;
    };

    // With the store (the default): only what it lacks is fetched, and the snapshot is the
    // stored span, which may reach further back than the exchanges serve.
    std::optional<MarketStore> store;
    if (!o.noStore) {
        store.emplace(openStoreOrFail(o.store));
    }
    std::optional<StoredFetchResult> stored;
    Result<FetchResult> result = makeError(Error::Code::Cancelled, "not fetched");
    if (store) {
        auto through = fetchThroughStore(*store, request, progress);
        if (through) {
            stored = std::move(*through);
            result = stored->fetch;
        } else {
            result = through.error();
        }
    } else {
        result = fetchMarket(request, progress);
    }
    if (!result) {
        const bool cancelled = result.error().code == Error::Code::Cancelled;
        fail(result.error().message + "; " + displayPath(o.output) + " was not written",
             cancelled ? kExitCancelled : kExitError);
    }

    Snapshot snapshot;
    snapshot.data = result->merged;
    if (o.exchange == "all") {
        snapshot.perExchange = result->perExchange;
    }
    snapshot.model = model;
    // The summary is made before the output is replaced: a failure here leaves the old file.
    json summary = fetchSummary(o, *result);
    if (stored) {
        json pieces = json::array();
        for (const FetchedPiece& piece : stored->pieces) {
            pieces.push_back(
                {{"span", piece.why}, {"from", formatTimeIso(piece.from)}, {"to", formatTimeIso(piece.to)}});
        }
        summary["store"] = {{"path", store->path()},
                            {"fetched", pieces},
                            {"inserted", stored->written.inserted},
                            {"updated", stored->written.updated},
                            {"unchanged", stored->written.unchanged}};
    }
    const std::string summaryText = dump(summary);
    check(writeSnapshot(snapshot, o.output));

    if (!o.quiet) {
        for (const std::string& note : result->notes) {
            std::cerr << "liqheat-cli: note: " << note << "\n";
        }
    }
    std::cout << summaryText;
    return 0;
}

}  // namespace

Command addFetchCommand(CLI::App& root)
{
    auto o = std::make_shared<FetchOptions>();
    CLI::App* app = root.add_subcommand("fetch", "live exchange data into a snapshot (written atomically)");
    addOutputOption(*app, o->output, "the snapshot to write")->required();
    addMarketOptions(*app, *o);
    app->add_option("--days", o->days, "days of history (default 7)")->check(numberAbove(0.0, 1000.0))->type_name("N");
    app->add_option("--base-url", o->baseUrls, "[NAME=]URL instead of the exchange's API (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("[NAME=]URL");
    addReferenceOption(*app, *o);
    app->add_option("--end", o->end, "end time (ms or ISO 8601; default now)")->check(timeValue())->type_name("T");
    addRequestLimitOptions(*app, o->limits, "request");
    app->add_flag("--strict", o->strict, "fail when any exchange fails (default: leave it out)");
    app->add_flag("--quiet", o->quiet, "no progress on stderr");
    addStoreOption(*app, o->store);
    app->add_flag("--no-store", o->noStore, "fetch the whole span and leave the local store alone");
    addModelOptions(*app, o->model);
    return {app, [o] { return runFetch(*o); }};
}

}  // namespace liqheat::cli
