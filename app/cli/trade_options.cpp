#include "trade_options.h"

#include "cli_options.h"
#include "cli_support.h"

#include "liqheat/model/format.h"

#include <vector>

namespace liqheat::cli {
namespace {

std::vector<std::string> tableNames()
{
    std::vector<std::string> names;
    for (const auto& t : maintenanceTables()) {
        names.push_back(t.name);
    }
    return names;
}

}  // namespace

PositionOptionHandles addPositionOptions(CLI::App& app, PositionOptions& o, QuantityOption quantity)
{
    PositionOptionHandles handles;
    handles.exchange = app.add_option("--exchange", o.exchange, "liquidation formula: binance (default) or bybit")
                           ->check(CLI::IsMember({"binance", "bybit"}).description(""))
                           ->type_name("binance|bybit");
    CLI::Option* table = app.add_option("--table", o.table, "dated maintenance margin table (default: the exchange's)")
                             ->check(CLI::IsMember(tableNames()).description(""))
                             ->type_name("NAME");
    app.add_option("--mmr", o.maintenanceRate, "one maintenance margin rate instead of a table")
        ->check(numberCheck([](double v) { return v >= 0.0 && v < 0.5; }, "within [0, 0.5)"))
        ->excludes(table)
        ->type_name("R");
    handles.side = app.add_option("--side", o.side, "long or short")
                       ->check(CLI::IsMember({"long", "short"}).description(""))
                       ->type_name("long|short");
    app.add_option("--entry", o.entryPrice, "entry price")->required()->check(positiveNumber())->type_name("P");
    CLI::Option* leverage = app.add_option("--leverage", o.leverage, "isolated margin at this leverage (1..1000)")
                                ->check(numberWithin(1.0, 1000.0))
                                ->type_name("L");
    app.add_option("--margin", o.margin, "isolated margin of this amount")
        ->check(positiveNumber())
        ->excludes(leverage)
        ->type_name("M");
    if (quantity == QuantityOption::Declared) {
        handles.quantity =
            app.add_option("--qty", o.quantity, "position size in base units")->check(positiveNumber())->type_name("Q");
    }
    app.add_option("--topup", o.topUp, "margin added after opening (negative: funding or fees deducted)")
        ->check(finiteNumber())
        ->type_name("X");
    return handles;
}

LiquidationRules liquidationRules(const PositionOptions& o)
{
    LiquidationRules rules;
    rules.exchange = o.exchange == "bybit" ? Exchange::Bybit : Exchange::Binance;
    rules.tableName = o.table;
    rules.maintenanceRate = o.maintenanceRate;
    return rules;
}

TradeRequest tradeRequest(const PositionOptions& o)
{
    TradeRequest r;
    r.side = o.side == "short" ? Side::Short : Side::Long;
    r.entryPrice = o.entryPrice;
    r.leverage = o.leverage.value_or(0.0);
    r.margin = o.margin.value_or(0.0);
    r.quantity = o.quantity.value_or(0.0);
    r.topUp = o.topUp;
    r.rules = liquidationRules(o);
    return r;
}

void checkStopSide(const std::string& command, Side side, double entryPrice, double stop)
{
    const std::string prefix = command + ": --stop " + formatPrice(stop) + ": ";
    if (stop == entryPrice) {
        usage(prefix + "the stop must differ from the entry");
    }
    const bool lossSide = side == Side::Long ? stop < entryPrice : stop > entryPrice;
    if (!lossSide) {
        usage(prefix + "a " + toString(side) + "'s stop must lie " + (side == Side::Long ? "below" : "above") +
              " the entry " + formatPrice(entryPrice));
    }
}

}  // namespace liqheat::cli
