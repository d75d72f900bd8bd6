#include "backfill_command.h"

#include "cli_support.h"
#include "interrupt_guard.h"
#include "market_options.h"
#include "model_options.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/live/binance_archive.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <memory>

namespace liqheat::cli {
namespace {

using nlohmann::json;

constexpr int kExitCancelled = 130;  // as a shell reports a process stopped by SIGINT

struct BackfillOptions {
    std::string output;
    std::string symbol;
    std::string from;
    std::string to;
    std::string interval = "5m";
    std::string baseUrl;  ///< empty: LIQHEAT_BINANCE_ARCHIVE_URL or data.binance.vision
    RequestLimits limits;
    bool quiet = false;
    ModelOptions model;
};

CLI::Validator archiveDay()
{
    return CLI::Validator(
        [](std::string& value) -> std::string {
            return parseArchiveDay(value) ? std::string{} : "must be a date YYYY-MM-DD (got '" + value + "')";
        },
        "");
}

BackfillRequest backfillRequest(const BackfillOptions& o)
{
    BackfillRequest request;
    request.span.symbol = o.symbol;
    request.span.firstDay = *parseArchiveDay(o.from);
    request.span.lastDay = *parseArchiveDay(o.to);
    request.span.interval = o.interval;
    request.baseUrl = o.baseUrl.empty() ? defaultArchiveBaseUrl() : o.baseUrl;
    // A monthly 1 min klines zip is a few MB; a 1 s one could be far larger.
    request.http.maxBodyBytes = std::size_t{1} << 30;
    request.http.totalTimeout = std::chrono::milliseconds{300'000};
    o.limits.applyTo(request.http);
    request.http.userAgent = std::string("liqheat-cli/") + LIQHEAT_VERSION;
    return request;
}

json backfillSummary(const BackfillOptions& o, const BackfillResult& result)
{
    const MarketData& d = result.imported.data;
    return {{"output", o.output},
            {"symbol", d.source.symbol},
            {"interval", formatInterval(d.source.intervalMs)},
            {"from", o.from},
            {"to", o.to},
            {"files_read", result.filesRead},
            {"files_missing", result.filesMissing},
            {"bytes_downloaded", result.bytesDownloaded},
            {"rows", rowCounts(d)},
            {"notes", result.notes}};
}

int runBackfill(const BackfillOptions& o)
{
    BackfillRequest request = backfillRequest(o);
    if (auto status = validateArchiveSpan(request.span); !status) {
        usage("backfill: " + status.error().message);
    }
    const ModelSettings model = take(applyModelOptions(o.model, ModelSettings{}), {}, kExitUsage);

    CancelToken interrupt;
    const InterruptGuard guard(interrupt);
    request.http.cancel = &interrupt;
    request.onProgress = [&o](const BackfillProgress& p) {
        if (!o.quiet) {
            std::cerr << "liqheat-cli: [" << p.done << "/" << p.total << "] " << p.message << "\n";
        }
    };

    auto result = backfillFromArchive(request);
    if (!result) {
        const bool cancelled = result.error().code == Error::Code::Cancelled;
        fail(result.error().message + "; " + o.output + " was not written", cancelled ? kExitCancelled : kExitError);
    }
    if (result->imported.data.candles.empty()) {
        fail("no klines in the archive for the span (the estimator needs candles); " + o.output + " was not written");
    }
    // The MarketData is the whole result: a snapshot now, one write into the local store later.
    Snapshot snapshot;
    snapshot.data = result->imported.data;
    snapshot.model = model;
    check(writeSnapshot(snapshot, o.output), o.output);

    if (!o.quiet) {
        for (const std::string& warning : result->imported.warnings) {
            std::cerr << "liqheat-cli: warning: " << warning << "\n";
        }
        for (const std::string& note : result->notes) {
            std::cerr << "liqheat-cli: note: " << note << "\n";
        }
    }
    std::cout << backfillSummary(o, *result).dump(2) << "\n";
    return 0;
}

}  // namespace

Command addBackfillCommand(CLI::App& root)
{
    auto o = std::make_shared<BackfillOptions>();
    CLI::App* app = root.add_subcommand(
        "backfill", "Binance's public data archive (klines, 5 min OI and ratios, funding) into a snapshot");
    addOutputOption(*app, o->output, "the snapshot to write")->required();
    app->add_option("--symbol", o->symbol, "USD-M futures symbol, e.g. BTCUSDT")->required()->type_name("S");
    app->add_option("--from", o->from, "first day (UTC)")->required()->check(archiveDay())->type_name("YYYY-MM-DD");
    app->add_option("--to", o->to, "last day, included")->required()->check(archiveDay())->type_name("YYYY-MM-DD");
    app->add_option("--interval", o->interval, "kline interval, 1m to 1d (default 5m)")->type_name("I");
    app->add_option("--base-url", o->baseUrl,
                    "archive URL (default: LIQHEAT_BINANCE_ARCHIVE_URL or data.binance.vision)")
        ->type_name("URL");
    addRequestLimitOptions(*app, o->limits, "file", " (default 300)");
    app->add_flag("--quiet", o->quiet, "no progress on stderr");
    addModelOptions(*app, o->model);
    return {app, [o] { return runBackfill(*o); }};
}

}  // namespace liqheat::cli
