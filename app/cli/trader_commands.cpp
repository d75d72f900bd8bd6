#include "trader_commands.h"

#include "cli_support.h"
#include "model_options.h"
#include "trade_options.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/trade_plan.h"
#include "liqheat/model/format.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

namespace liqheat::cli {
namespace {

using nlohmann::json;

// --- liqprice ---------------------------------------------------------------------------------

json liquidationPriceJson(const PositionOptions& o, const LiquidationQuote& q, const MaintenanceTable& table)
{
    json out = quoteJson(q);
    out.update({{"exchange", o.exchange},
                {"side", o.side},
                {"entry_price", o.entryPrice},
                {"quantity", *o.quantity},
                {"notional", o.entryPrice * *o.quantity},
                {"maintenance_table", table.name}});
    if (o.leverage) {
        out["leverage"] = *o.leverage;
    } else {
        out["margin"] = *o.margin;
    }
    if (o.topUp != 0.0) {
        out["topup"] = o.topUp;
    }
    if (q.liquidationPrice <= 0.0) {
        out["note"] = "no liquidation price: the margin covers a fall to zero";
    }
    // The same leverage check as the trade plan's, for this exact position.
    const auto check = checkLeverage(q, o.entryPrice, *o.quantity, o.leverage.value_or(0.0));
    out["liquidation_move_percent"] = check ? json(check->movePercent) : json(nullptr);
    out["leverage_note"] = check ? json(check->note) : json(nullptr);
    out["leverage_warning"] = check && check->warning ? json(*check->warning) : json(nullptr);
    // A dated table may list only the first tiers; say so instead of silently stretching the last.
    const double cap = table.tiers.back().notionalCap;
    if (std::isfinite(cap) && std::max(o.entryPrice, q.liquidationPrice) * *o.quantity > cap) {
        out["warning"] = "the notional exceeds the last tier of " + table.name + " (cap " +
                         std::to_string(static_cast<long long>(cap)) +
                         "): its last tier was used; choose a fuller table with --table";
    }
    return out;
}

int runLiqprice(const PositionOptions& o)
{
    if (!o.leverage && !o.margin) {
        usage("liqprice needs --leverage L or --margin M");
    }
    const TradeRequest request = tradeRequest(o);
    const PositionSpec position = positionSpec(request, request.quantity);
    const MaintenanceTable table = take(resolveMaintenanceTable(request.rules));
    const LiquidationQuote quote = take(quoteLiquidation(position, request.rules));
    std::cout << dump(liquidationPriceJson(o, quote, table));
    return 0;
}

// --- the plan as JSON -------------------------------------------------------------------------

/// The sized position, as `size` prints it and `stop` nests it under "sizing".
json sizingJson(const TradePlan& plan, const TradeRequest& request)
{
    const PositionSize& s = *plan.size;
    return {{"side", toString(plan.side)},
            {"account", request.sizing->accountSize},
            {"risk_percent", request.sizing->riskPercent},
            {"risk_usd", s.riskUsd},
            {"entry_price", plan.entryPrice},
            {"stop_price", plan.stopPrice},
            {"stop_distance_percent", s.stopDistancePercent},
            {"quantity", s.quantity},
            {"notional", s.notional},
            {"margin_mode", toString(s.marginMode)},
            {"margin", s.margin},
            {"leverage", s.leverage > 0.0 ? json(s.leverage) : json(nullptr)},
            {"implied_leverage", s.impliedLeverage},
            {"exchange", toString(request.rules.exchange)},
            {"maintenance_table", plan.maintenanceTable},
            {"liquidation", quoteJson(s.liquidation)},  // planTrade prices the sized position with it
            {"liquidation_beyond_stop", s.liquidationBeyondStop},
            {"warnings", plan.warnings}};
}

json bufferJson(const TradeRequest& request, const TradePlan& plan)
{
    const StopBuffer& b = request.buffer;
    json j;
    switch (b.mode) {
    case BufferMode::Ticks: j = {{"mode", "ticks"}, {"ticks", b.ticks}, {"tick_size", b.tickSize}}; break;
    case BufferMode::Atr:
        j = {{"mode", "atr"}, {"multiple", b.atrMultiple}, {"atr", plan.atr}, {"atr_period", request.atrPeriod}};
        break;
    case BufferMode::Percent: j = {{"mode", "percent"}, {"percent", b.percent}}; break;
    }
    j["price_units"] = plan.advice ? json(plan.advice->buffer) : json(nullptr);
    return j;
}

json adviceClusterJson(const TradePlan& plan)
{
    if (!plan.advice || !plan.advice->cluster) {
        return nullptr;
    }
    json j = clusterJson(*plan.advice->cluster);
    j["share_of_side"] = plan.advice->clusterShareOfSide;
    j["distance_from_entry_percent"] = plan.advice->clusterDistancePercent;
    return j;
}

json alsoClearedJson(const TradePlan& plan)
{
    json cleared = json::array();
    if (plan.advice) {
        for (const auto& c : plan.advice->alsoCleared) {
            cleared.push_back(clusterJson(c));
        }
    }
    return cleared;
}

json stopPlanJson(const TradePlan& plan, const TradeRequest& request, const Estimated& e)
{
    const LiquidationMap& map = e.result.map;
    const SignificanceOptions& significance = request.significance;
    json out = {{"price", map.price},
                {"time", formatTimeIso(map.time)},
                {"side", toString(plan.side)},
                {"entry_price", plan.entryPrice},
                {"exchange", toString(request.rules.exchange)},
                {"maintenance_table", plan.maintenanceTable},
                {"cluster", adviceClusterJson(plan)},
                {"fallback", plan.advice && plan.advice->fallback},
                {"buffer", bufferJson(request, plan)},
                {"stop_price", plan.stopPrice},
                {"manual_stop", plan.manualStop},
                {"advised_stop_price", plan.advice ? json(plan.advice->stopPrice) : json(nullptr)},
                {"risk_percent", plan.riskPercent},
                {"quantity", plan.quantity},
                {"small_position", plan.smallPosition},
                {"top_up", request.topUp},
                {"liquidation", plan.liquidation ? quoteJson(*plan.liquidation) : json(nullptr)},
                {"quoted_quantity", plan.liquidation ? json(plan.quantity) : json(nullptr)},
                {"liquidation_before_stop", plan.liquidationBeforeStop},
                {"liquidation_move_percent", nullable(plan.liquidationMovePercent)},
                {"max_leverage_before_stop",
                 plan.maxLeverageBeforeStop > 0.0 ? json(plan.maxLeverageBeforeStop) : json(nullptr)},
                {"notes", plan.notes},
                {"warnings", plan.warnings},
                {"significance",
                 {{"range_percent", significance.rangePercent},
                  {"min_share_of_side", significance.minShareOfSide},
                  {"min_strength", significance.minStrength}}},
                {"model", traderModelJson(e.model, map.grid.size)},
                {"also_cleared", alsoClearedJson(plan)}};
    if (request.buffer.mode == BufferMode::Atr) {
        out["atr"] = plan.atr;
    }
    if (request.leverage > 0.0) {
        out["leverage"] = request.leverage;
    } else if (request.margin > 0.0) {
        out["margin"] = request.margin;
    }
    if (plan.size) {
        out["sizing"] = sizingJson(plan, request);
    }
    return out;
}

// --- stop -------------------------------------------------------------------------------------

struct StopOptions {
    std::string snapshot;
    std::string output;
    PositionOptions position;
    std::optional<double> bufferTicks;
    std::optional<double> bufferPercent;
    std::optional<double> bufferAtr;
    int atrPeriod = 14;
    double tick = 0.0;
    double fallbackPercent = 2.0;
    std::optional<double> account;
    std::optional<double> riskPercent;
    std::optional<double> stop;
    ModelOptions model;
};

StopBuffer stopBuffer(const StopOptions& o)
{
    StopBuffer b;
    b.tickSize = o.tick;
    if (o.bufferTicks) {
        b.mode = BufferMode::Ticks;
        b.ticks = *o.bufferTicks;
    } else if (o.bufferAtr) {
        b.mode = BufferMode::Atr;
        b.atrMultiple = *o.bufferAtr;
    } else {
        b.mode = BufferMode::Percent;
        b.percent = o.bufferPercent.value_or(b.percent);
    }
    return b;
}

/// The combinations CLI11 cannot express; checked before any work.
void checkStopOptions(const StopOptions& o, const TradeRequest& request)
{
    const bool quantityKnown = o.position.quantity || o.account;
    if (o.position.margin && !quantityKnown) {
        usage("stop: --margin needs --qty Q (or --account A and --risk-pct R to size the position)");
    }
    if (o.position.topUp != 0.0 && !quantityKnown) {
        usage("stop: --topup needs --qty Q (or --account A and --risk-pct R to size the position)");
    }
    if (o.stop) {
        checkStopSide("stop", request.side, request.entryPrice, *o.stop);
    }
}

TradeRequest stopRequest(const StopOptions& o)
{
    TradeRequest request = tradeRequest(o.position);
    request.buffer = stopBuffer(o);
    request.atrPeriod = o.atrPeriod;
    request.fallbackPercent = o.fallbackPercent;
    request.manualStop = o.stop;
    if (o.account) {
        request.sizing = SizingInputs{*o.account, *o.riskPercent};
    }
    return request;
}

int runStop(const StopOptions& o)
{
    const TradeRequest request = stopRequest(o);
    checkStopOptions(o, request);
    EstimateOptions options;
    options.maxColumns = 1;
    const Estimated e = loadAndEstimate(o.snapshot, o.model, options);
    const LiquidationMap& map = e.result.map;
    const TradePlan plan = take(planTrade(map, findClusters(map), e.snapshot.data.candles, request));
    emit(o.output, dump(stopPlanJson(plan, request, e)));
    return 0;
}

void addBufferOptions(CLI::App& app, StopOptions& o)
{
    CLI::Option* tick = app.add_option("--tick", o.tick, "price step; the stop is rounded to it")
                            ->check(positiveNumber())
                            ->type_name("T");
    CLI::Option* ticks = app.add_option("--buffer-ticks", o.bufferTicks, "buffer of N ticks beyond the cluster")
                             ->check(numberWithin(0.0))
                             ->needs(tick)
                             ->type_name("N");
    CLI::Option* percent =
        app.add_option("--buffer-pct", o.bufferPercent, "buffer in percent of the cluster edge (default 0.1)")
            ->check(numberWithin(0.0, 100.0))
            ->excludes(ticks)
            ->type_name("P");
    CLI::Option* atr = app.add_option("--buffer-atr", o.bufferAtr, "buffer of K average true ranges")
                           ->check(numberWithin(0.0))
                           ->excludes(ticks)
                           ->excludes(percent)
                           ->type_name("K");
    app.add_option("--atr-period", o.atrPeriod, "candles of the ATR (default 14)")
        ->check(wholeNumberWithin(1, 10'000))
        ->needs(atr)
        ->type_name("N");
    app.add_option("--fallback-pct", o.fallbackPercent, "stop distance without an adverse cluster (default 2)")
        ->check(numberCheck([](double v) { return v > 0.0 && v < 100.0; }, "within (0, 100)"))
        ->type_name("P");
}

/// --account and --risk-pct, each needing the other.
void addSizingOptions(CLI::App& app, std::optional<double>& account, std::optional<double>& riskPercent)
{
    CLI::Option* a =
        app.add_option("--account", account, "account size (quote currency)")->check(positiveNumber())->type_name("A");
    CLI::Option* r = app.add_option("--risk-pct", riskPercent, "percent of the account lost at the stop")
                         ->check(numberAbove(0.0, 100.0))
                         ->type_name("R");
    a->needs(r);
    r->needs(a);
}

// --- size -------------------------------------------------------------------------------------

struct SizeOptions {
    std::string output;
    PositionOptions position;
    std::optional<double> account;
    std::optional<double> riskPercent;
    double stop = 0.0;
};

int runSize(const SizeOptions& o)
{
    TradeRequest request = tradeRequest(o.position);
    if (o.position.side.empty()) {
        request.side = o.stop < o.position.entryPrice ? Side::Long : Side::Short;
    }
    checkStopSide("size", request.side, request.entryPrice, o.stop);
    request.manualStop = o.stop;
    request.sizing = SizingInputs{*o.account, *o.riskPercent};
    // No map: the stop is the trader's, so the plan only sizes and prices the position.
    const TradePlan plan = take(planTrade(LiquidationMap{}, {}, CandleSeries{}, request));
    emit(o.output, dump(sizingJson(plan, request)));
    return 0;
}

}  // namespace

Command addLiqpriceCommand(CLI::App& root)
{
    auto o = std::make_shared<PositionOptions>();
    CLI::App* app = root.add_subcommand("liqprice", "JSON liquidation and bankruptcy price of one position");
    const PositionOptionHandles handles = addPositionOptions(*app, *o);
    handles.exchange->required();
    handles.side->required();
    handles.quantity->required();
    return {app, [o] { return runLiqprice(*o); }};
}

Command addStopCommand(CLI::App& root)
{
    auto o = std::make_shared<StopOptions>();
    CLI::App* app = root.add_subcommand(
        "stop", "JSON trade plan: a stop beyond the nearest adverse cluster (or --stop), size and liquidation");
    addSnapshotArgument(*app, o->snapshot);
    addPositionOptions(*app, o->position).side->required();
    app->add_option("--stop", o->stop, "your own stop instead of the advisor's (rounded to --tick)")
        ->check(positiveNumber())
        ->type_name("P");
    addBufferOptions(*app, *o);
    addSizingOptions(*app, o->account, o->riskPercent);
    addOutputOption(*app, o->output);
    addModelOptions(*app, o->model, EntryPlacementName::EntryPlacementOnly);
    return {app, [o] { return runStop(*o); }};
}

Command addSizeCommand(CLI::App& root)
{
    auto o = std::make_shared<SizeOptions>();
    CLI::App* app = root.add_subcommand("size", "JSON risk-based position size, its margin and liquidation");
    addSizingOptions(*app, o->account, o->riskPercent);
    app->get_option("--account")->required();
    app->get_option("--risk-pct")->required();
    addPositionOptions(*app, o->position, QuantityOption::Absent);
    app->add_option("--stop", o->stop, "stop price")->required()->check(positiveNumber())->type_name("S");
    addOutputOption(*app, o->output);
    return {app, [o] { return runSize(*o); }};
}

}  // namespace liqheat::cli
