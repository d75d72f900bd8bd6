#include "market_commands.h"

#include "cli_support.h"
#include "model_options.h"

#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace liqheat::cli {
namespace {

using nlohmann::json;

// --- signals ----------------------------------------------------------------------------------

struct SignalsOptions {
    std::string snapshot;
    std::string output;
    ModelOptions model;
};

json conditionJson(const SignalCondition& c)
{
    return {{"name", c.name},
            {"comparison", c.comparison},
            {"value", nullable(c.value)},
            {"threshold", c.threshold},
            {"available", c.available},
            {"required", c.required},
            {"met", c.met}};
}

json signalJson(const Signal& s)
{
    json conditions = json::array();
    for (const auto& c : s.conditions) {
        conditions.push_back(conditionJson(c));
    }
    return {{"id", s.id},
            {"fired", s.fired},
            {"severity", toString(s.severity)},
            {"message", s.message},
            {"conditions", conditions},
            {"cluster", s.cluster ? clusterJson(*s.cluster) : json(nullptr)},
            {"notes", s.notes}};
}

json inputsJson(const SignalReport& report)
{
    const MarketInputs& in = report.inputs;
    return {{"funding_latest", nullable(in.fundingLatest)},
            {"funding_time", in.fundingLatest ? json(formatTimeIso(in.fundingTime)) : json(nullptr)},
            {"funding_average", nullable(in.fundingAverage)},
            {"funding_average_count", in.fundingCount},
            {"long_short_ratio", nullable(in.longShortRatio)},
            {"long_short_ratio_time", in.longShortRatio ? json(formatTimeIso(in.longShortRatioTime)) : json(nullptr)},
            {"rsi", nullable(in.rsi)},
            {"rsi_time", in.rsi ? json(formatTimeIso(in.rsiTime)) : json(nullptr)},
            {"near_price_usd", report.nearPriceUsd},
            {"near_price_median_usd", nullable(report.nearPriceMedianUsd)}};
}

json thresholdsJson(const SignalThresholds& t)
{
    return {{"funding_average_count", t.fundingAverageCount},
            {"max_input_age_hours", t.maxInputAgeHours},
            {"long_crowded_funding", t.longCrowdedFunding},
            {"long_crowded_average_funding", t.longCrowdedAverageFunding},
            {"short_crowded_funding", t.shortCrowdedFunding},
            {"short_crowded_average_funding", t.shortCrowdedAverageFunding},
            {"long_heavy_ratio", t.longHeavyRatio},
            {"short_heavy_ratio", t.shortHeavyRatio},
            {"squeeze_cluster_percent", t.squeezeClusterPercent},
            {"rsi_period", t.rsiPeriod},
            {"rsi_overbought", t.rsiOverbought},
            {"rsi_oversold", t.rsiOversold},
            {"significance_range_percent", t.significance.rangePercent},
            {"significance_min_share_of_side", t.significance.minShareOfSide},
            {"significance_min_strength", t.significance.minStrength},
            {"overheat_range_percent", t.overheatRangePercent},
            {"overheat_median_multiple", t.overheatMedianMultiple},
            {"overheat_lookback_hours", t.overheatLookbackHours},
            {"strong_cluster_strength", t.strongClusterStrength},
            {"strong_cluster_count", t.strongClusterCount},
            {"high_severity_factor", t.highSeverityFactor}};
}

int runSignals(const SignalsOptions& o)
{
    const SignalThresholds thresholds;
    EstimateOptions options;
    options.maxColumns = 1;  // the near-price history is sampled hourly whatever the columns
    options.nearPriceRangePercent = thresholds.overheatRangePercent;
    const Estimated e = loadAndEstimate(o.snapshot, o.model, options);
    const SignalReport report = take(signalsFor(e.snapshot.data, e.result, findClusters(e.result.map), thresholds));

    json signals = json::array();
    int fired = 0;
    for (const auto& s : report.results) {
        signals.push_back(signalJson(s));
        fired += s.fired ? 1 : 0;
    }
    const json out = {{"price", report.price},
                      {"time", formatTimeIso(report.time)},
                      {"inputs", inputsJson(report)},
                      {"thresholds", thresholdsJson(thresholds)},
                      {"fired", fired},
                      {"signals", signals},
                      {"model", traderModelJson(e.model, e.result.map.grid.size)}};
    emit(o.output, dump(out));
    return 0;
}

// --- cascade ----------------------------------------------------------------------------------

struct CascadeCommandOptions {
    std::string snapshot;
    std::string output;
    std::string shock;
    std::string impact;  ///< empty: the default, "fit": fitted on the snapshot, else a number
    int maxSteps = CascadeOptions{}.maxSteps;
    ModelOptions model;
};

/// "-3%", "-3", "+2.5 %" -> -3, -3, 2.5.
std::optional<double> parsePercent(std::string text)
{
    while (!text.empty() && (text.back() == '%' || text.back() == ' ')) {
        text.pop_back();
    }
    return parseNumber(text);
}

CLI::Validator shockValue()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const auto shock = parsePercent(text);
            return shock && *shock != 0.0 && *shock > -100.0 && *shock <= 1000.0
                       ? std::string{}
                       : "must be a non-zero percent within (-100, 1000] like -3% or 2.5 (got '" + text + "')";
        },
        "");
}

CLI::Validator impactValue()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const auto impact = parseNumber(text);
            return text == "fit" || (impact && *impact >= 0.0 && *impact <= 1.0)
                       ? std::string{}
                       : "must be 'fit' or a fraction of price per 1M USD within [0, 1] (got '" + text + "')";
        },
        "");
}

json impactFitJson(const ImpactFit& fit)
{
    return {{"impact_per_million", fit.impactPerMillion},
            {"correlation", fit.correlation},
            {"intervals", fit.intervals},
            {"interval", formatInterval(fit.intervalMs)},
            {"liquidated_usd", fit.liquidatedUsd},
            {"first", formatTimeIso(fit.first)},
            {"last", formatTimeIso(fit.last)}};
}

json cascadeJson(const CascadeResult& c, const CascadeOptions& options, const std::string& impactSource)
{
    json steps = json::array();
    for (const auto& s : c.steps) {
        steps.push_back({{"step", s.index},
                         {"price_from", s.priceFrom},
                         {"price_to", s.priceTo},
                         {"liquidated_long_usd", s.longUsd},
                         {"liquidated_short_usd", s.shortUsd}});
    }
    return {{"shock_percent", options.shockPercent},
            {"impact_per_million", c.impactPerMillion},
            {"impact_source", impactSource},
            {"impact_model", "move fraction = impact_per_million * liquidated_usd / 1e6 per step"},
            {"start_price", c.startPrice},
            {"shock_price", c.shockPrice},
            {"final_price", c.finalPrice},
            {"cascade_move_percent", c.cascadeMovePercent},
            {"total_move_percent", c.totalMovePercent},
            {"total_long_usd", c.totalLongUsd},
            {"total_short_usd", c.totalShortUsd},
            {"total_usd", c.totalLongUsd + c.totalShortUsd},
            {"end", toString(c.end)},
            {"steps", steps}};
}

int runCascade(const CascadeCommandOptions& o)
{
    CascadeOptions options;
    options.shockPercent = *parsePercent(o.shock);
    options.maxSteps = o.maxSteps;
    std::string impactSource = "default";
    if (!o.impact.empty() && o.impact != "fit") {
        options.impactPerMillion = *parseNumber(o.impact);
        impactSource = "option";
    }
    EstimateOptions estimateOptions;
    estimateOptions.maxColumns = 1;
    const Estimated e = loadAndEstimate(o.snapshot, o.model, estimateOptions);
    std::optional<ImpactFit> fit;
    if (o.impact == "fit") {
        fit = take(fitImpact(e.snapshot.data), "impact fit");
        options.impactPerMillion = fit->impactPerMillion;
        impactSource = "fitted";
    }
    const CascadeResult c = take(simulateCascade(e.result.map, options));

    json out = {{"price", e.result.map.price}, {"time", formatTimeIso(e.result.map.time)}};
    out.update(cascadeJson(c, options, impactSource));
    out["model"] = traderModelJson(e.model, e.result.map.grid.size);
    if (fit) {
        out["impact_fit"] = impactFitJson(*fit);
    }
    emit(o.output, dump(out));
    return 0;
}

}  // namespace

Command addSignalsCommand(CLI::App& root)
{
    auto o = std::make_shared<SignalsOptions>();
    CLI::App* app = root.add_subcommand("signals", "JSON funding / ratio / cluster confluence rules");
    addSnapshotArgument(*app, o->snapshot);
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runSignals(*o); }};
}

Command addCascadeCommand(CLI::App& root)
{
    auto o = std::make_shared<CascadeCommandOptions>();
    CLI::App* app = root.add_subcommand("cascade", "JSON liquidation cascade after a price shock");
    addSnapshotArgument(*app, o->snapshot);
    app->add_option("--shock", o->shock, "initial move in percent, e.g. -3% or 2.5")
        ->required()
        ->check(shockValue())
        ->type_name("PCT");
    app->add_option("--impact", o->impact, "price move per 1M USD liquidated, or 'fit' it on the snapshot")
        ->check(impactValue())
        ->type_name("X|fit");
    app->add_option("--max-steps", o->maxSteps, "at most N steps (default 100)")
        ->check(wholeNumberWithin(1, 100'000))
        ->type_name("N");
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model);
    return {app, [o] { return runCascade(*o); }};
}

}  // namespace liqheat::cli
