#include "calibrate_command.h"

#include "arguments.h"
#include "cli_support.h"

#include "liqheat/estimate/calibration.h"
#include "liqheat/io/csv_import.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace liqheat::cli {
namespace {

using nlohmann::json;

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

int calibrateBody(const std::vector<std::string>& raw)
{
    const Arguments args =
        parseArgs(raw, {"-o", "--warmup-hours", "--from", "--to", "--top-fraction"}, {}, true);
    const std::string path = onePositional(args, "SNAPSHOT");
    CalibrationOptions options;
    options.warmupHours = number(args, "--warmup-hours").value_or(options.warmupHours);
    options.topFraction = number(args, "--top-fraction").value_or(options.topFraction);
    options.from = timeOption(args, "--from");
    options.to = timeOption(args, "--to");

    const Estimated estimated = loadAndEstimate(args, 1);  // only the sweep series is needed
    const CalibrationReport r = take(calibrate(estimated.snapshot.data, estimated.result, options), "calibrate");
    auto timeOrNull = [](const std::optional<TimeMs>& t) { return t ? json(formatTimeIso(*t)) : json(nullptr); };
    const json out = {
        {"snapshot", path},
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
    emit(args, dump(out));
    return 0;
}

}  // namespace

int runCalibrate(const std::vector<std::string>& args)
{
    return guarded([&] { return calibrateBody(args); });
}

}  // namespace liqheat::cli
