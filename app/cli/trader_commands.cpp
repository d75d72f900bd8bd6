#include "trader_commands.h"

#include "arguments.h"
#include "cli_support.h"

#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/clusters.h"
#include "liqheat/io/csv_import.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/analysis/position_sizer.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/analysis/stop_advisor.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace liqheat::cli {
namespace {

using nlohmann::json;

double required(const Arguments& args, const std::string& name, const std::string& command)
{
    const auto n = number(args, name);
    if (!n) {
        usage(command + " needs " + name);
    }
    return *n;
}

Side parseSide(const Arguments& args)
{
    const std::string side = args.value("--side").value_or("");
    if (side != "long" && side != "short") {
        usage("--side must be long or short");
    }
    return side == "long" ? Side::Long : Side::Short;
}

/// At most one of --leverage and --margin, positive; {leverage, margin} with 0 for the one not given.
std::pair<double, double> parseLeverageOrMargin(const Arguments& args)
{
    const auto leverage = number(args, "--leverage");
    const auto margin = number(args, "--margin");
    if (leverage && margin) {
        usage("give --leverage or --margin, not both");
    }
    if ((leverage && *leverage <= 0.0) || (margin && *margin <= 0.0)) {
        usage("--leverage and --margin must be positive");
    }
    return {leverage.value_or(0.0), margin.value_or(0.0)};
}

LiquidationRules parseRules(const Arguments& args)
{
    LiquidationRules rules;
    const std::string exchange = args.value("--exchange").value_or("binance");
    if (exchange != "binance" && exchange != "bybit") {
        usage("--exchange must be binance or bybit");
    }
    rules.exchange = exchange == "binance" ? Exchange::Binance : Exchange::Bybit;
    rules.tableName = args.value("--table").value_or("");
    rules.maintenanceRate = number(args, "--mmr");
    (void)take(resolveMaintenanceTable(rules));  // reject a bad table or rate before any work
    return rules;
}

std::string tableName(const LiquidationRules& rules)
{
    return take(resolveMaintenanceTable(rules)).name;
}

/// The trader tools print a shorter model: what produced the clusters, at the bucket used.
json traderModelJson(const ModelSettings& m, double bucketSize)
{
    return {{"preset", m.preset}, {"tiers", tiersJson(m)}, {"bucket_size", bucketSize}};
}

json sizingJson(const PositionSize& s, const SizingRequest& r)
{
    json j = {{"side", toString(s.side)},
              {"account", r.accountSize},
              {"risk_percent", r.riskPercent},
              {"risk_usd", s.riskUsd},
              {"entry_price", r.entryPrice},
              {"stop_price", r.stopPrice},
              {"stop_distance_percent", s.stopDistancePercent},
              {"quantity", s.quantity},
              {"notional", s.notional},
              {"margin_mode", toString(s.marginMode)},
              {"margin", s.margin},
              {"leverage", s.leverage > 0.0 ? json(s.leverage) : json(nullptr)},
              {"implied_leverage", s.impliedLeverage},
              {"exchange", toString(r.rules.exchange)},
              {"maintenance_table", tableName(r.rules)},
              {"liquidation", quoteJson(s.liquidation)},
              {"liquidation_beyond_stop", s.liquidationBeyondStop},
              {"warnings", s.warnings}};
    return j;
}

// --- stop -------------------------------------------------------------------------------------

StopBuffer parseBuffer(const Arguments& args, const CandleSeries& candles, json& bufferInfo)
{
    StopBuffer b;
    const auto ticks = number(args, "--buffer-ticks");
    const auto pct = number(args, "--buffer-pct");
    const auto atrK = number(args, "--buffer-atr");
    if (static_cast<int>(ticks.has_value()) + static_cast<int>(pct.has_value()) + static_cast<int>(atrK.has_value()) >
        1) {
        usage("give one of --buffer-ticks, --buffer-pct or --buffer-atr");
    }
    b.tickSize = number(args, "--tick").value_or(0.0);
    if (b.tickSize < 0.0) {
        usage("--tick must be positive");
    }
    if (ticks) {
        if (!(b.tickSize > 0.0)) {
            usage("--buffer-ticks needs --tick SIZE");
        }
        b.mode = BufferMode::Ticks;
        b.ticks = *ticks;
        bufferInfo = {{"mode", "ticks"}, {"ticks", *ticks}, {"tick_size", b.tickSize}};
    } else if (atrK) {
        const double period = number(args, "--atr-period").value_or(14.0);
        if (period < 1 || period > 10'000 || period != std::floor(period)) {
            usage("--atr-period must be a whole number within 1..10000");
        }
        b.mode = BufferMode::Atr;
        b.atrMultiple = *atrK;
        b.atr = take(averageTrueRange(candles, static_cast<int>(period)), "ATR");
        bufferInfo = {{"mode", "atr"}, {"multiple", *atrK}, {"atr", b.atr}, {"atr_period", period}};
    } else {
        b.mode = BufferMode::Percent;
        b.percent = pct.value_or(0.1);
        bufferInfo = {{"mode", "percent"}, {"percent", b.percent}};
    }
    return b;
}

/// `--entry` is the entry price here, but also a MODEL option (entry placement): take it out of
/// the arguments before the model options see them.
std::vector<std::string> takeEntryPrice(const std::vector<std::string>& raw, std::optional<std::string>& entry)
{
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == "--entry") {
            if (i + 1 == raw.size()) {
                usage("option --entry needs a value");
            }
            entry = raw[++i];
        } else if (raw[i].rfind("--entry=", 0) == 0) {
            entry = raw[i].substr(8);
        } else {
            rest.push_back(raw[i]);
        }
    }
    return rest;
}

int stopBody(const std::vector<std::string>& rawWithEntry)
{
    std::optional<std::string> entryText;
    const std::vector<std::string> raw = takeEntryPrice(rawWithEntry, entryText);
    const auto args = parseArgs(raw,
                                {"-o", "--side", "--leverage", "--margin", "--qty", "--topup", "--buffer-ticks",
                                 "--tick", "--buffer-pct", "--buffer-atr", "--atr-period", "--exchange", "--table",
                                 "--mmr", "--fallback-pct", "--account", "--risk-pct"},
                                {}, true);
    StopRequest request;
    request.side = parseSide(args);
    if (!entryText) {
        usage("stop needs --entry");
    }
    const auto entry = parseNumber(*entryText);
    if (!entry) {
        usage("option --entry: '" + *entryText + "' is not a number");
    }
    request.entryPrice = *entry;
    std::tie(request.leverage, request.margin) = parseLeverageOrMargin(args);
    request.quantity = number(args, "--qty").value_or(0.0);
    if (args.has("--qty") && !(request.quantity > 0.0)) {
        usage("--qty must be positive");
    }
    request.topUp = number(args, "--topup").value_or(0.0);
    request.fallbackPercent = number(args, "--fallback-pct").value_or(request.fallbackPercent);
    request.rules = parseRules(args);
    const auto account = number(args, "--account");
    const auto riskPct = number(args, "--risk-pct");
    if (account.has_value() != riskPct.has_value()) {
        usage("sizing needs both --account and --risk-pct");
    }
    const bool sizing = account.has_value();
    if (request.margin > 0.0 && request.quantity <= 0.0 && !sizing) {
        usage("--margin needs --qty (or --account and --risk-pct to size the position)");
    }

    const Estimated e = loadAndEstimate(args, 1);
    const LiquidationMap& map = e.result.map;
    json bufferInfo;
    request.buffer = parseBuffer(args, e.snapshot.data.candles, bufferInfo);
    const std::vector<Cluster> clusters = findClusters(map);

    // The stop does not depend on the margin, so a margin waiting for the sized quantity is left
    // out of the first pass; the second prices the position that will actually be opened.
    StopRequest first = request;
    if (sizing && first.quantity <= 0.0) {
        first.margin = 0.0;
        first.topUp = 0.0;
    }
    StopAdvice advice = take(adviseStop(map, clusters, first));
    std::optional<SizingRequest> sizingRequest;
    std::optional<PositionSize> size;
    if (sizing) {
        SizingRequest s;
        s.accountSize = *account;
        s.riskPercent = *riskPct;
        s.entryPrice = request.entryPrice;
        s.stopPrice = advice.stopPrice;
        s.side = request.side;
        s.leverage = request.leverage;
        s.margin = request.margin;
        s.topUp = request.topUp;
        s.rules = request.rules;
        size = take(sizePosition(s), "size");
        sizingRequest = s;
        if (request.quantity <= 0.0) {
            request.quantity = size->quantity;
            advice = take(adviseStop(map, clusters, request));
        }
    }

    json out = {{"price", map.price},
                {"time", formatTimeIso(map.time)},
                {"side", toString(advice.side)},
                {"entry_price", advice.entryPrice},
                {"exchange", toString(request.rules.exchange)},
                {"maintenance_table", tableName(request.rules)},
                {"cluster", advice.cluster ? clusterJson(*advice.cluster) : json(nullptr)},
                {"fallback", advice.fallback},
                {"buffer", bufferInfo},
                {"stop_price", advice.stopPrice},
                {"risk_percent", advice.riskPercent},
                {"liquidation", advice.liquidation ? quoteJson(*advice.liquidation) : json(nullptr)},
                {"quoted_quantity", advice.liquidation ? json(advice.quotedQuantity) : json(nullptr)},
                {"liquidation_before_stop", advice.liquidationBeforeStop},
                {"max_leverage_before_stop",
                 advice.maxLeverageBeforeStop > 0.0 ? json(advice.maxLeverageBeforeStop) : json(nullptr)},
                {"notes", advice.notes},
                {"warnings", advice.warnings},
                {"significance",
                 {{"range_percent", request.significance.rangePercent},
                  {"min_share_of_side", request.significance.minShareOfSide},
                  {"min_strength", request.significance.minStrength}}},
                {"model", traderModelJson(e.model, map.grid.size)}};
    out["buffer"]["price_units"] = advice.buffer;
    if (advice.cluster) {
        out["cluster"]["share_of_side"] = advice.clusterShareOfSide;
        out["cluster"]["distance_from_entry_percent"] = advice.clusterDistancePercent;
    }
    json cleared = json::array();
    for (const auto& c : advice.alsoCleared) {
        cleared.push_back(clusterJson(c));
    }
    out["also_cleared"] = cleared;
    if (request.leverage > 0.0) {
        out["leverage"] = request.leverage;
    } else if (request.margin > 0.0) {
        out["margin"] = request.margin;
    }
    if (size) {
        out["sizing"] = sizingJson(*size, *sizingRequest);
    }
    emit(args, dump(out));
    return 0;
}

// --- size -------------------------------------------------------------------------------------

int sizeBody(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw,
                                {"-o", "--account", "--risk-pct", "--entry", "--stop", "--side", "--leverage",
                                 "--margin", "--exchange", "--table", "--mmr"},
                                {}, false);
    if (!args.positionals().empty()) {
        usage("size takes no positional arguments");
    }
    SizingRequest r;
    r.accountSize = required(args, "--account", "size");
    r.riskPercent = required(args, "--risk-pct", "size");
    r.entryPrice = required(args, "--entry", "size");
    r.stopPrice = required(args, "--stop", "size");
    if (args.has("--side")) {
        r.side = parseSide(args);
    }
    std::tie(r.leverage, r.margin) = parseLeverageOrMargin(args);
    r.rules = parseRules(args);
    const PositionSize s = take(sizePosition(r));
    emit(args, dump(sizingJson(s, r)));
    return 0;
}

// --- signals ----------------------------------------------------------------------------------

json conditionJson(const SignalCondition& c)
{
    return {{"name", c.name},         {"comparison", c.comparison}, {"value", nullable(c.value)},
            {"threshold", c.threshold}, {"available", c.available}, {"required", c.required},
            {"met", c.met}};
}

int signalsBody(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o"}, {}, true);
    // Enough columns for the near-price history to resolve the lookback (5m data: one per candle
    // up to ~3.5 days of 5m candles, coarser beyond).
    const Estimated e = loadAndEstimate(args, 1000);
    const SignalThresholds t;
    const NearPriceHistory history =
        nearPriceHistory(e.result.heatmap, e.snapshot.data.candles, t.overheatRangePercent);
    const SignalReport report =
        take(evaluateSignals(e.snapshot.data, e.result.map, findClusters(e.result.map), history, t));

    json signals = json::array();
    int fired = 0;
    for (const auto& s : report.results) {
        json conditions = json::array();
        for (const auto& c : s.conditions) {
            conditions.push_back(conditionJson(c));
        }
        signals.push_back({{"id", s.id},
                           {"fired", s.fired},
                           {"severity", toString(s.severity)},
                           {"message", s.message},
                           {"conditions", conditions},
                           {"cluster", s.cluster ? clusterJson(*s.cluster) : json(nullptr)},
                           {"notes", s.notes}});
        fired += s.fired ? 1 : 0;
    }
    const MarketInputs& in = report.inputs;
    json out = {
        {"price", report.price},
        {"time", formatTimeIso(report.time)},
        {"inputs",
         {{"funding_latest", nullable(in.fundingLatest)},
          {"funding_time", in.fundingLatest ? json(formatTimeIso(in.fundingTime)) : json(nullptr)},
          {"funding_average", nullable(in.fundingAverage)},
          {"funding_average_count", in.fundingCount},
          {"long_short_ratio", nullable(in.longShortRatio)},
          {"long_short_ratio_time", in.longShortRatio ? json(formatTimeIso(in.longShortRatioTime)) : json(nullptr)},
          {"near_price_usd", report.nearPriceUsd},
          {"near_price_median_usd", nullable(report.nearPriceMedianUsd)}}},
        {"thresholds",
         {{"funding_average_count", t.fundingAverageCount},
          {"max_input_age_hours", t.maxInputAgeHours},
          {"long_crowded_funding", t.longCrowdedFunding},
          {"long_crowded_average_funding", t.longCrowdedAverageFunding},
          {"short_crowded_funding", t.shortCrowdedFunding},
          {"short_crowded_average_funding", t.shortCrowdedAverageFunding},
          {"long_heavy_ratio", t.longHeavyRatio},
          {"short_heavy_ratio", t.shortHeavyRatio},
          {"squeeze_cluster_percent", t.squeezeClusterPercent},
          {"significance_range_percent", t.significance.rangePercent},
          {"significance_min_share_of_side", t.significance.minShareOfSide},
          {"significance_min_strength", t.significance.minStrength},
          {"overheat_range_percent", t.overheatRangePercent},
          {"overheat_median_multiple", t.overheatMedianMultiple},
          {"overheat_lookback_hours", t.overheatLookbackHours},
          {"strong_cluster_strength", t.strongClusterStrength},
          {"strong_cluster_count", t.strongClusterCount},
          {"high_severity_factor", t.highSeverityFactor}}},
        {"fired", fired},
        {"signals", signals},
        {"model", traderModelJson(e.model, e.result.map.grid.size)}};
    emit(args, dump(out));
    return 0;
}

// --- cascade ----------------------------------------------------------------------------------

/// "-3%", "-3", "+2.5 %" -> -3, -3, 2.5.
std::optional<double> parsePercent(std::string text)
{
    while (!text.empty() && (text.back() == '%' || text.back() == ' ')) {
        text.pop_back();
    }
    return parseNumber(text);
}

int cascadeBody(const std::vector<std::string>& raw)
{
    const auto args = parseArgs(raw, {"-o", "--shock", "--impact", "--max-steps"}, {}, true);
    const auto shockText = args.value("--shock");
    if (!shockText) {
        usage("cascade needs --shock PCT (e.g. --shock -3%)");
    }
    const auto shock = parsePercent(*shockText);
    if (!shock) {
        usage("--shock: '" + *shockText + "' is not a percent like -3% or 2.5");
    }
    CascadeOptions options;
    options.shockPercent = *shock;
    const double steps = number(args, "--max-steps").value_or(options.maxSteps);
    if (steps < 1 || steps > 100'000 || steps != std::floor(steps)) {
        usage("--max-steps must be a whole number within 1..100000");
    }
    options.maxSteps = static_cast<int>(steps);
    const std::string impactText = args.value("--impact").value_or("");
    std::string impactSource = "default";
    if (!impactText.empty() && impactText != "fit") {
        const auto impact = parseNumber(impactText);
        if (!impact) {
            usage("--impact: '" + impactText + "' is not a number (fraction of price per 1M USD) or 'fit'");
        }
        options.impactPerMillion = *impact;
        impactSource = "option";
    }

    const Estimated e = loadAndEstimate(args, 1);
    std::optional<ImpactFit> fit;
    if (impactText == "fit") {
        fit = take(fitImpact(e.snapshot.data), "impact fit");
        options.impactPerMillion = fit->impactPerMillion;
        impactSource = "fitted";
    }
    const CascadeResult c = take(simulateCascade(e.result.map, options));

    json stepList = json::array();
    for (const auto& s : c.steps) {
        stepList.push_back({{"step", s.index},
                            {"price_from", s.priceFrom},
                            {"price_to", s.priceTo},
                            {"liquidated_long_usd", s.longUsd},
                            {"liquidated_short_usd", s.shortUsd}});
    }
    json out = {{"price", e.result.map.price},
                {"time", formatTimeIso(e.result.map.time)},
                {"shock_percent", options.shockPercent},
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
                {"steps", stepList},
                {"model", traderModelJson(e.model, e.result.map.grid.size)}};
    if (fit) {
        out["impact_fit"] = {{"impact_per_million", fit->impactPerMillion},
                             {"correlation", fit->correlation},
                             {"intervals", fit->intervals},
                             {"interval", formatInterval(fit->intervalMs)},
                             {"liquidated_usd", fit->liquidatedUsd},
                             {"first", formatTimeIso(fit->first)},
                             {"last", formatTimeIso(fit->last)}};
    }
    emit(args, dump(out));
    return 0;
}

}  // namespace

int runStop(const std::vector<std::string>& args)
{
    return guarded([&] { return stopBody(args); });
}

int runSize(const std::vector<std::string>& args)
{
    return guarded([&] { return sizeBody(args); });
}

int runSignals(const std::vector<std::string>& args)
{
    return guarded([&] { return signalsBody(args); });
}

int runCascade(const std::vector<std::string>& args)
{
    return guarded([&] { return cascadeBody(args); });
}

}  // namespace liqheat::cli
