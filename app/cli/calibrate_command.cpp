#include "calibrate_command.h"

#include "cli_support.h"
#include "model_options.h"

#include "liqheat/estimate/calibration.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace liqheat::cli {
namespace {

using nlohmann::json;

struct CalibrateOptions {
    std::string snapshot;
    std::string output;
    CalibrationOptions calibration;
    std::string from;
    std::string to;
    ModelOptions model;
};

json sideJson(const SideCalibration& s)
{
    return {{"intervals", s.intervals},
            {"realized_usd", s.realizedUsd},
            {"estimated_usd", s.estimatedUsd},
            {"spearman", nullable(s.spearman)},
            {"baseline_spearman", nullable(s.baselineSpearman)},
            {"partial_spearman", nullable(s.partialSpearman)},
            {"estimate_vs_baseline_spearman", nullable(s.estimateVsBaseline)},
            {"top_share", nullable(s.topShare)},
            {"baseline_top_share", nullable(s.baselineTopShare)},
            {"best_top_share", nullable(s.bestTopShare)}};
}

/// The common model JSON plus what calibration adds: the bucket actually used and the spread.
json calibrationModelJson(const ModelSettings& m, double bucketUsed)
{
    json j = modelJson(m);
    j["bucket_size_used"] = bucketUsed;
    j["entry_spread_points"] = m.entrySpreadPoints;
    return j;
}

int runCalibrate(const CalibrateOptions& o)
{
    CalibrationOptions options = o.calibration;
    options.from = optionalTime(o.from);
    options.to = optionalTime(o.to);
    EstimateOptions estimateOptions;
    estimateOptions.maxColumns = 1;  // only the sweep series is needed
    const Estimated estimated = loadAndEstimate(o.snapshot, o.model, estimateOptions);
    const CalibrationReport r = take(calibrate(estimated.snapshot.data, estimated.result, options), "calibrate");
    auto timeOrNull = [](const std::optional<TimeMs>& t) { return t ? json(formatTimeIso(*t)) : json(nullptr); };
    const json out = {
        {"snapshot", displayPath(o.snapshot)},
        {"symbol", estimated.snapshot.data.source.symbol},
        {"model", calibrationModelJson(estimated.model, estimated.result.bucketSize)},
        {"interval", formatInterval(r.intervalMs)},
        {"warmup_hours", r.warmupHours},
        {"window", {{"from", timeOrNull(options.from)}, {"to", timeOrNull(options.to)}}},
        {"first_interval", formatTimeIso(r.firstInterval)},
        {"last_interval", formatTimeIso(r.lastInterval)},
        {"intervals",
         {{"used", r.intervals},
          {"skipped_uncovered", r.skippedUncovered},
          {"skipped_warmup", r.skippedWarmup},
          {"outside_window", r.skippedOutsideWindow}}},
        {"top_fraction", r.topFraction},
        {"noise_level", r.noiseLevel},
        {"baseline", "price excursion of the interval: (open - low) / open for longs, (high - open) / open for shorts"},
        {"long", sideJson(r.longs)},
        {"short", sideJson(r.shorts)},
        {"reading", describe(r)},
    };
    emit(o.output, dump(out));
    return 0;
}

}  // namespace

Command addCalibrateCommand(CLI::App& root)
{
    auto o = std::make_shared<CalibrateOptions>();
    CLI::App* app = root.add_subcommand("calibrate", "JSON skill of the estimate vs realized liquidations");
    addSnapshotArgument(*app, o->snapshot);
    app->add_option("--warmup-hours", o->calibration.warmupHours, "skip the first H hours (default 24)")
        ->check(numberWithin(0.0, 1e6))
        ->type_name("H");
    app->add_option("--from", o->from, "score intervals from this time (ms or ISO 8601)")
        ->check(timeValue())
        ->type_name("T");
    app->add_option("--to", o->to, "score intervals before this time")->check(timeValue())->type_name("T");
    app->add_option("--top-fraction", o->calibration.topFraction, "share of top intervals (default 0.1)")
        ->check(numberAbove(0.0, 1.0))
        ->type_name("F");
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runCalibrate(*o); }};
}

}  // namespace liqheat::cli
