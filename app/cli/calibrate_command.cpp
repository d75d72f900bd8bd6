#include "calibrate_command.h"

#include "arguments.h"
#include "model_options.h"

#include "liqheat/calibration.h"
#include "liqheat/csv_import.h"
#include "liqheat/estimator.h"
#include "liqheat/file_io.h"
#include "liqheat/snapshot.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

namespace liqheat::cli {
namespace {

using nlohmann::json;

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

int fail(const std::string& message, int code = kExitError)
{
    std::cerr << "liqheat-cli: error: " << message << "\n";
    return code;
}

json optionalJson(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json sideJson(const SideCalibration& s)
{
    return {{"intervals", s.intervals},
            {"realized_usd", s.realizedUsd},
            {"estimated_usd", s.estimatedUsd},
            {"spearman", optionalJson(s.spearman)},
            {"baseline_spearman", optionalJson(s.baselineSpearman)},
            {"partial_spearman", optionalJson(s.partialSpearman)},
            {"estimate_vs_baseline_spearman", optionalJson(s.estimateVsBaseline)},
            {"top_share", optionalJson(s.topShare)},
            {"baseline_top_share", optionalJson(s.baselineTopShare)},
            {"best_top_share", optionalJson(s.bestTopShare)}};
}

json modelJson(const ModelSettings& m, double bucketUsed)
{
    json tiers = json::array();
    for (const auto& t : m.effectiveTiers()) {
        // Normalised weights carry float noise (0.15000000000000002); 1e-12 is far below meaning.
        tiers.push_back({{"leverage", t.leverage}, {"weight", std::round(t.weight * 1e12) / 1e12}});
    }
    return {{"preset", m.preset},
            {"tiers", tiers},
            {"bucket_size", m.bucketSize},
            {"bucket_size_used", bucketUsed},
            {"decay_half_life_hours", m.decayHalfLifeHours},
            {"entry", toString(m.entry)},
            {"entry_spread_points", m.entrySpreadPoints},
            {"maintenance_margin_rate", m.maintenanceMarginRate}};
}

}  // namespace

int runCalibrate(const std::vector<std::string>& raw)
{
    std::set<std::string> valued{"-o", "--warmup-hours", "--from", "--to", "--top-fraction"};
    valued.insert(modelOptionNames().begin(), modelOptionNames().end());
    auto parsed = Arguments::parse(raw, valued, {});
    if (!parsed) {
        return fail(parsed.error().message, kExitUsage);
    }
    const Arguments& args = parsed.value();
    if (args.positionals().size() != 1) {
        return fail("expected exactly one SNAPSHOT argument", kExitUsage);
    }
    CalibrationOptions options;
    const auto warmup = args.number("--warmup-hours");
    const auto top = args.number("--top-fraction");
    if (!warmup || !top) {
        return fail(!warmup ? warmup.error().message : top.error().message, kExitUsage);
    }
    options.warmupHours = warmup->value_or(options.warmupHours);
    options.topFraction = top->value_or(options.topFraction);
    for (const auto& [flag, target] : {std::pair{"--from", &options.from}, std::pair{"--to", &options.to}}) {
        if (const auto text = args.value(flag)) {
            const auto t = parseTime(*text);
            if (!t) {
                return fail(std::string(flag) + ": '" + *text + "' is not a time (ms or ISO 8601)", kExitUsage);
            }
            *target = *t;
        }
    }

    const std::string path = args.positionals().front();
    auto snapshot = readSnapshot(path);
    if (!snapshot) {
        return fail(snapshot.error().message);
    }
    auto model = applyModelOptions(args, snapshot->model);
    if (!model) {
        return fail(model.error().message);
    }
    EstimateOptions estimateOptions;
    estimateOptions.maxColumns = 1;  // only the sweep series is needed
    auto estimated = estimate(snapshot->data, *model, estimateOptions);
    if (!estimated) {
        return fail("estimate: " + estimated.error().message);
    }
    auto report = calibrate(snapshot->data, *estimated, options);
    if (!report) {
        return fail("calibrate: " + report.error().message);
    }
    const CalibrationReport& r = report.value();
    auto timeOrNull = [](const std::optional<TimeMs>& t) { return t ? json(formatTimeIso(*t)) : json(nullptr); };
    const json out = {
        {"snapshot", path},
        {"symbol", snapshot->data.source.symbol},
        {"model", modelJson(*model, estimated->bucketSize)},
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
    const std::string text = out.dump(2) + "\n";
    if (const auto file = args.value("-o")) {
        if (auto s = writeFileAtomic(*file, text); !s) {
            return fail(s.error().message);
        }
    } else {
        std::cout << text;
        std::cout.flush();
    }
    return 0;
}

}  // namespace liqheat::cli
