// The trade plan: stop, size and the position's own liquidation, as one answer. Expected numbers
// come from the exchange formulas (exchanges.md), worked by hand in the comments.
#include "liqheat/analysis/trade_plan.h"

#include "trader_fixtures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace liqheat;
using namespace liqheat::fixtures;

namespace {

TradeRequest tradeRequest(Side side, double entry, StopBuffer buffer, double leverage = 0.0)
{
    TradeRequest r;
    r.side = side;
    r.entryPrice = entry;
    r.buffer = buffer;
    r.leverage = leverage;
    return r;
}

Result<TradePlan> plan(const TradeRequest& r)
{
    const LiquidationMap m = btcMap();
    return planTrade(m, findClusters(m), {}, r);
}

}  // namespace

// Binance 2026-08 tier 1 (MMR 0.4 %, no amount) for a small position:
// long LP = 43,500 (1 - 1/L) / 0.996, short LP = 43,500 (1 + 1/L) / 1.004.
TEST(TradePlan, WarnsWhenLiquidationComesBeforeTheStop)
{
    struct Case {
        const char* name;
        Side side;
        double leverage;
        double lp;
        bool before;
    };
    const std::vector<Case> cases{
        {"long 10x", Side::Long, 10, 43'500 * 0.9 / 0.996, false},    // 39,307 < stop 39,950
        {"long 20x", Side::Long, 20, 43'500 * 0.95 / 0.996, true},    // 41,491 >= 39,950
        {"short 10x", Side::Short, 10, 43'500 * 1.1 / 1.004, false},  // 47,659 > stop 46,150
        {"short 20x", Side::Short, 20, 43'500 * 1.05 / 1.004, true},  // 45,493 <= 46,150
    };
    for (const auto& c : cases) {
        const auto p = plan(tradeRequest(c.side, 43'500, ticks(50, 1), c.leverage));
        ASSERT_TRUE(p.ok()) << c.name << ": " << p.error().message;
        ASSERT_TRUE(p->liquidation.has_value());
        EXPECT_TRUE(p->smallPosition);
        EXPECT_NEAR(p->liquidation->liquidationPrice, c.lp, 1e-6) << c.name;
        EXPECT_EQ(p->liquidation->tierIndex, 1);
        EXPECT_EQ(p->liquidationBeforeStop, c.before) << c.name;
        EXPECT_EQ(contains(p->warnings, "comes before the stop"), c.before) << c.name;
    }
    // Highest safe leverage for the long: 43,500 (1 - 1/L) / 0.996 = 39,950
    // -> L = 1 / (1 - 39,950 * 0.996 / 43,500) = 11.7257..., floored to cents.
    const auto p = plan(tradeRequest(Side::Long, 43'500, ticks(50, 1), 20));
    ASSERT_TRUE(p.ok());
    EXPECT_DOUBLE_EQ(p->maxLeverageBeforeStop, std::floor(100.0 / (1.0 - 39'950 * 0.996 / 43'500)) / 100.0);
    EXPECT_TRUE(contains(p->warnings, "at most 11.72x"));
}

TEST(TradePlan, PricesMarginQuantityAndExchange)
{
    // 1 BTC with 4,350 margin (10x) and a 200 top-up: WB 4,550, LP = (43,500 - 4,550) / 0.996.
    TradeRequest r = tradeRequest(Side::Long, 43'500, ticks(50, 1));
    r.margin = 4'350;
    r.quantity = 1;
    r.topUp = 200;
    auto p = plan(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_NEAR(p->liquidation->liquidationPrice, (43'500 - 4'550) / 0.996, 1e-6);
    EXPECT_NEAR(p->liquidation->bankruptcyPrice, 43'500 - 4'550, 1e-9);
    EXPECT_EQ(p->maxLeverageBeforeStop, 0.0);  // a fixed margin: not a leverage question

    // Bybit 2026-10 tier 1 (MMR 0.33 %) at 20x: LP = 43,500 - 2,175 + 43,500 * 0.0033.
    TradeRequest bybit = tradeRequest(Side::Long, 43'500, ticks(50, 1), 20);
    bybit.rules.exchange = Exchange::Bybit;
    p = plan(bybit);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_NEAR(p->liquidation->liquidationPrice, 43'500 - 2'175 + 143.55, 1e-6);
    EXPECT_EQ(p->maintenanceTable, "bybit-btcusdt-2026-10");

    // An MMR override: one tier at 1 %: LP = 43,500 * 0.9 / 0.99.
    TradeRequest mmr = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
    mmr.rules.maintenanceRate = 0.01;
    p = plan(mmr);
    ASSERT_TRUE(p.ok());
    EXPECT_NEAR(p->liquidation->liquidationPrice, 43'500 * 0.9 / 0.99, 1e-6);
}

// The case: with sizing, a top-up must move the liquidation of the sized position.
// Account 10,000 at 1 % risk, stop 39,950 (50 ticks below the 40,000 cluster): Q = 100 / 3,550.
// Binance isolated long, WB = Q*EP/L + topUp: LP = (Q*EP - WB) / (Q*(1 - MMR)).
TEST(TradePlan, TopUpMovesTheLiquidationOfTheSizedPosition)
{
    const double q = 100.0 / 3'550.0;
    for (const double topUp : {0.0, 30.0, -20.0}) {
        TradeRequest r = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
        r.sizing = SizingInputs{10'000, 1};
        r.topUp = topUp;
        const auto p = plan(r);
        ASSERT_TRUE(p.ok()) << p.error().message;
        ASSERT_TRUE(p->size.has_value());
        EXPECT_NEAR(p->quantity, q, 1e-12);
        EXPECT_FALSE(p->smallPosition);
        const double wb = q * 43'500 / 10 + topUp;
        EXPECT_NEAR(p->liquidation->liquidationPrice, (q * 43'500 - wb) / (q * 0.996), 1e-6) << topUp;
        EXPECT_NEAR(p->liquidation->initialMargin, wb, 1e-9) << topUp;
    }
    // Bybit short, 20x, top-up 10: LP = EP + (IM - MM)/Q + topUp/Q with MM = EP*Q*0.0033.
    // Stop 46,150 (50 ticks above 46,100): Q = 100 / 2,650.
    TradeRequest r = tradeRequest(Side::Short, 43'500, ticks(50, 1), 20);
    r.rules.exchange = Exchange::Bybit;
    r.sizing = SizingInputs{10'000, 1};
    r.topUp = 10;
    const auto p = plan(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    const double qs = 100.0 / 2'650.0;
    EXPECT_NEAR(p->quantity, qs, 1e-12);
    EXPECT_NEAR(p->liquidation->liquidationPrice, 43'500 + (43'500 / 20.0 - 43'500 * 0.0033) + 10 / qs, 1e-6);
}

TEST(TradePlan, ManualStopIsRoundedToTheNearestTickAndDrivesTheSize)
{
    TradeRequest r = tradeRequest(Side::Long, 43'500, percent(0.1, 0.5), 10);
    r.manualStop = 41'234.37;
    r.sizing = SizingInputs{10'000, 2};
    const auto p = plan(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_TRUE(p->manualStop);
    EXPECT_DOUBLE_EQ(p->stopPrice, 41'234.5);
    EXPECT_NEAR(p->size->quantity, 200.0 / (43'500 - 41'234.5), 1e-12);
    ASSERT_TRUE(p->advice.has_value());                 // the advisor's stop is still reported beside it
    EXPECT_NEAR(p->advice->stopPrice, 39'960.0, 1e-9);  // 40,000 - 0.1 % = 39,960, on the tick
    // A manual stop on the wrong side is a mistake, not a plan.
    r.manualStop = 44'000;
    EXPECT_FALSE(plan(r).ok());
}

// Binance tier 1 long: LP = EP (1 - 1/L) / (1 - MMR)  =>  L = 1 / (1 - LP (1 - MMR) / EP).
TEST(TradePlan, LeverageForLiquidationInvertsTheFormula)
{
    TradeRequest r = tradeRequest(Side::Long, 43'500, ticks(50, 1));
    auto l = leverageForLiquidation(r, 0.02, 40'000);
    ASSERT_TRUE(l.ok()) << l.error().message;
    EXPECT_NEAR(*l, 1.0 / (1.0 - 40'000 * 0.996 / 43'500), 1e-9);
    // Short mirror: LP = EP (1 + 1/L) / (1 + MMR).
    r.side = Side::Short;
    l = leverageForLiquidation(r, 0.02, 46'000);
    ASSERT_TRUE(l.ok()) << l.error().message;
    EXPECT_NEAR(*l, 1.0 / (46'000 * 1.004 / 43'500 - 1.0), 1e-9);
    // With a top-up the same leverage lands farther away, so reaching 40,000 needs more of it;
    // pricing the answer gives the target back.
    r.side = Side::Long;
    r.topUp = 50;
    l = leverageForLiquidation(r, 0.02, 40'000);
    ASSERT_TRUE(l.ok());
    TradeRequest check = r;
    check.leverage = *l;
    check.quantity = 0.02;
    const auto p = plan(check);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_NEAR(p->liquidation->liquidationPrice, 40'000, 1e-6);
    // Unreachable targets.
    EXPECT_FALSE(leverageForLiquidation(r, 0.02, 44'000).ok());  // above a long's entry
    // A short at 1x: 43,500 * 2 / 1.004 = 86,653; no leverage reaches 100,000.
    r.side = Side::Short;
    r.topUp = 0;
    EXPECT_FALSE(leverageForLiquidation(r, 0.02, 100'000).ok());
}

TEST(TradePlan, RejectsBadInput)
{
    std::vector<std::pair<const char*, TradeRequest>> cases;
    cases.emplace_back("leverage below 1", tradeRequest(Side::Long, 43'500, ticks(50, 1), 0.5));
    TradeRequest marginOnly = tradeRequest(Side::Long, 43'500, ticks(50, 1));
    marginOnly.margin = 1'000;
    cases.emplace_back("margin without quantity", marginOnly);
    TradeRequest topUpOnly = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
    topUpOnly.topUp = 100;
    cases.emplace_back("top-up without quantity", topUpOnly);
    TradeRequest table = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
    table.rules.tableName = "nope";
    cases.emplace_back("unknown table", table);
    TradeRequest okx = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
    okx.rules.exchange = Exchange::Okx;
    cases.emplace_back("no OKX formula", okx);
    TradeRequest risk = tradeRequest(Side::Long, 43'500, ticks(50, 1), 10);
    risk.sizing = SizingInputs{10'000, 150};
    cases.emplace_back("risk over 100 %", risk);
    cases.emplace_back("NaN entry", tradeRequest(Side::Long, kNaN, ticks(50, 1), 10));
    for (const auto& [name, request] : cases) {
        const auto p = plan(request);
        EXPECT_FALSE(p.ok()) << name;
        if (!p.ok()) {
            EXPECT_EQ(p.error().code, Error::Code::InvalidArgument) << name;
        }
    }
}

// The move that liquidates: Binance tier 1 (MMR 0.4 %) for a small long,
// LP = EP (1 - 1/L) / 0.996, so the move is 1 - (1 - 1/L) / 0.996 of the entry.
TEST(TradePlan, StatesTheMoveThatLiquidatesAndWarnsWhenItIsThin)
{
    struct Case {
        double leverage;
        double move;  ///< percent, from the formula
        const char* note;
        bool warned;
    };
    const auto move = [](double l) { return (1.0 - (1.0 - 1.0 / l) / 0.996) * 100.0; };
    const std::vector<Case> cases{
        {10, move(10), "at 10x a 9.6 % move against the position liquidates it", false},  // 9.639 %
        {20, move(20), "at 20x a 4.6 % move against the position liquidates it", false},  // 4.618 %
        {25, move(25), "at 25x a 3.6 % move against the position liquidates it", true},   // >= 25x
        {50, move(50), "at 50x a 1.6 % move against the position liquidates it", true},   // 1.606 %
        {125, move(125), "at 125x a 0.40 % move against the position liquidates it", true},
    };
    for (const auto& c : cases) {
        const auto p = plan(tradeRequest(Side::Long, 43'500, ticks(50, 1), c.leverage));
        ASSERT_TRUE(p.ok()) << p.error().message;
        ASSERT_TRUE(p->liquidationMovePercent.has_value());
        EXPECT_NEAR(*p->liquidationMovePercent, c.move, 1e-9) << c.leverage;
        EXPECT_DOUBLE_EQ(*p->liquidationMovePercent, p->liquidation->distancePercent);
        EXPECT_TRUE(contains(p->notes, c.note)) << c.leverage;
        EXPECT_EQ(contains(p->warnings, "wipes the margin out; most traders stay at 3-10x"), c.warned) << c.leverage;
    }
    // 20x on a short: LP = EP (1 + 1/20) / 1.004, a 4.58 % move, not yet thin.
    const auto s = plan(tradeRequest(Side::Short, 43'500, ticks(50, 1), 20));
    ASSERT_TRUE(s.ok());
    EXPECT_NEAR(*s->liquidationMovePercent, (1.05 / 1.004 - 1.0) * 100.0, 1e-9);
    // 24x on a short: 1.0417 / 1.004 - 1 = 3.75 % <= 4 %: thin, though below 25x.
    const auto thin = plan(tradeRequest(Side::Short, 43'500, ticks(50, 1), 24));
    ASSERT_TRUE(thin.ok());
    EXPECT_TRUE(contains(thin->warnings, "at 24x a 3.8 % move wipes the margin out"));
}

TEST(TradePlan, LeverageCheckDerivesTheLeverageFromTheMargin)
{
    // 1 BTC at 43,500 with 2,175 margin (20x, no top-up): LP = (43,500 - 2,175) / 0.996.
    TradeRequest r = tradeRequest(Side::Long, 43'500, ticks(50, 1));
    r.margin = 2'175;
    r.quantity = 1;
    const auto p = plan(r);
    ASSERT_TRUE(p.ok()) << p.error().message;
    const double lp = (43'500 - 2'175) / 0.996;
    EXPECT_NEAR(*p->liquidationMovePercent, (43'500 - lp) / 43'500 * 100.0, 1e-9);  // 4.618 %
    EXPECT_TRUE(contains(p->notes, "at 20x a 4.6 % move against the position liquidates it"));

    // No liquidation price (the margin covers a fall to zero): no move, no check.
    const auto check = checkLeverage(LiquidationQuote{}, 43'500, 1, 1);
    EXPECT_FALSE(check.has_value());
    // Without a leverage or margin nothing is priced, so there is no move either.
    const auto none = plan(tradeRequest(Side::Long, 43'500, ticks(50, 1)));
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->liquidationMovePercent.has_value());
}
