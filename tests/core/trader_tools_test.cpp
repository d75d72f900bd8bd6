// Trader tools: cluster significance, stop advisor, position sizer, signals, cascade.
// Expected numbers come from the formulas in the headers, worked by hand in the comments.
#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/indicators.h"
#include "liqheat/analysis/liquidation_prints.h"
#include "liqheat/analysis/position_sizer.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/analysis/stop_advisor.h"
#include "liqheat/analysis/tier_breakdown.h"
#include "liqheat/io/snapshot.h"

#include "trader_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace liqheat;

using namespace liqheat::fixtures;

// --- significance -------------------------------------------------------------------------------

TEST(ClusterSignificance, VisibleSideAndShareFollowTheMap)
{
    const LiquidationMap m = btcMap();
    // Longs within 10 % of 43,500: buckets indexOf(39,150) = 91 .. indexOf(43,500) = 135, i.e.
    // 91..134 hold longs: 43 x 10k + 5M.
    EXPECT_DOUBLE_EQ(visibleSideUsd(m, Side::Long, 10.0), 43 * 10'000.0 + 5e6);
    // Shorts: buckets 135 .. indexOf(47,850) = 178; 136..178 hold shorts: 42 x 10k + 5M.
    EXPECT_DOUBLE_EQ(visibleSideUsd(m, Side::Short, 10.0), 42 * 10'000.0 + 5e6);

    const auto clusters = findClusters(m);
    ASSERT_EQ(clusters.size(), 2U);
    EXPECT_EQ(significantClusters(m, clusters).size(), 2U);
    EXPECT_DOUBLE_EQ(shareOfSide(clusters[0], 0.0), 0.0);
}

TEST(ClusterSignificance, ShareOrStrengthWithinRange)
{
    struct Case {
        const char* name;
        double total, strength, distance;
        bool expected;
    };
    // Visible side 1,000 USD; defaults: 10 % share, strength 8, range 10 %.
    const std::vector<Case> cases{
        {"big share", 100.0, 2.0, 3.0, true},       {"just under share, weak", 99.0, 7.9, 3.0, false},
        {"small but sharp", 10.0, 8.0, 3.0, true},  {"big but out of range", 500.0, 20.0, 10.5, false},
        {"NaN distance", 500.0, 20.0, kNaN, false},
    };
    for (const auto& c : cases) {
        Cluster cl;
        cl.totalUsd = c.total;
        cl.strength = c.strength;
        cl.distancePercent = c.distance;
        EXPECT_EQ(isSignificant(cl, 1'000.0), c.expected) << c.name;
    }
}

TEST(ClusterSignificance, MalformedMapsAreRejectedNotRead)
{
    LiquidationMap m = btcMap();
    EXPECT_TRUE(checkLiquidationMap(m).ok());
    m.longUsd.pop_back();
    EXPECT_FALSE(checkLiquidationMap(m).ok());
    EXPECT_EQ(visibleSideUsd(m, Side::Long, 10.0), 0.0);
    m = btcMap();
    m.shortUsd[3] = -1.0;
    EXPECT_FALSE(checkLiquidationMap(m).ok());
    m = btcMap();
    m.price = kNaN;
    EXPECT_FALSE(checkLiquidationMap(m).ok());
    EXPECT_TRUE(checkLiquidationMap(makeLiquidationMap(PriceGrid{0, 1, 0}, 10, 0, {}, {})).ok());
}

// --- ATR --------------------------------------------------------------------------------------

TEST(AverageTrueRange, WilderSmoothingByHand)
{
    // (high, low, close): (10, 8, 9) (11, 9, 10) (14, 10, 13) (12, 11, 11.5).
    // TR1 = max(2, |11-9|, |9-9|) = 2; TR2 = max(4, |14-10|, |10-10|) = 4;
    // TR3 = max(1, |12-13|, |11-13|) = 2 (the gap down counts).
    CandleSeries c;
    c.time = {0, 1, 2, 3};
    c.open = {9, 9, 10, 12};
    c.high = {10, 11, 14, 12};
    c.low = {8, 9, 10, 11};
    c.close = {9, 10, 13, 11.5};
    struct Case {
        int period;
        double expected;
    };
    for (const auto& k : std::vector<Case>{{1, 2.0},           // (2*0+4)/1 then (4*0+2)/1
                                           {2, 2.5},           // seed (2+4)/2 = 3, then (3*1 + 2)/2
                                           {3, 8.0 / 3.0}}) {  // seed only
        const auto a = averageTrueRange(c, k.period);
        ASSERT_TRUE(a.ok()) << a.error().message;
        EXPECT_NEAR(*a, k.expected, 1e-12) << "period " << k.period;
    }
    EXPECT_FALSE(averageTrueRange(c, 4).ok());  // needs 5 candles
    EXPECT_FALSE(averageTrueRange(c, 0).ok());
    EXPECT_FALSE(averageTrueRange(CandleSeries{}, 14).ok());
}

// --- stop advisor -------------------------------------------------------------------------------

// The example: a long above a dense long cluster at 40,000 gets its stop a little under
// 40,000 (39,950), never above it. Shorts mirror it over the 46,000-46,100 cluster.
TEST(StopAdvisor, StopGoesJustBeyondTheNearestAdverseCluster)
{
    struct Case {
        const char* name;
        Side side;
        StopBuffer buffer;
        double expectedStop;
    };
    const std::vector<Case> cases{
        {"long, 50 ticks of 1", Side::Long, ticks(50, 1), 39'950.0},
        {"long, 500 ticks of 0.1", Side::Long, ticks(500, 0.1), 39'950.0},
        {"long, 0.125 % of 40,000 = 50", Side::Long, percent(0.125), 39'950.0},
        {"long, 2 x ATR 25", Side::Long, atr(2, 25), 39'950.0},
        // 0.13 % of 40,000 = 52 -> 39,948, rounded down (away from the cluster) to a tick of 10.
        {"long, percent rounded to tick", Side::Long, percent(0.13, 10), 39'940.0},
        {"short, 50 ticks of 1", Side::Short, ticks(50, 1), 46'150.0},
        {"short, 0.1 % of 46,100", Side::Short, percent(0.1), 46'146.1},
        // 46,146.1 rounded up to a tick of 5.
        {"short, percent rounded to tick", Side::Short, percent(0.1, 5), 46'150.0},
    };
    const LiquidationMap m = btcMap();
    const auto clusters = findClusters(m);
    for (const auto& c : cases) {
        const auto advice = adviseStop(m, clusters, stopRequest(c.side, 43'500, c.buffer));
        ASSERT_TRUE(advice.ok()) << c.name << ": " << advice.error().message;
        ASSERT_TRUE(advice->cluster.has_value()) << c.name;
        EXPECT_FALSE(advice->fallback);
        EXPECT_NEAR(advice->stopPrice, c.expectedStop, 1e-6) << c.name;
        if (c.side == Side::Long) {
            EXPECT_DOUBLE_EQ(advice->cluster->priceLow, 40'000.0);
            EXPECT_LT(advice->stopPrice, advice->cluster->priceLow) << c.name;
        } else {
            EXPECT_DOUBLE_EQ(advice->cluster->priceHigh, 46'100.0);
            EXPECT_GT(advice->stopPrice, advice->cluster->priceHigh) << c.name;
        }
        EXPECT_NEAR(advice->riskPercent, std::abs(43'500 - c.expectedStop) / 43'500 * 100, 1e-9) << c.name;
    }
}

TEST(StopAdvisor, ChoosesTheNearestClusterAndStepsOutOfTheNextOne)
{
    // A second long cluster at 39,700-39,800 (bucket 97; two quiet buckets keep it separate).
    const LiquidationMap m = btcMap({{97, 3e6}});
    const auto clusters = findClusters(m);
    ASSERT_EQ(clusters.size(), 3U);
    // 250 ticks of 1 below 40,000 is 39,750, inside 39,700-39,800: the stop moves to 39,450.
    const auto advice = adviseStop(m, clusters, stopRequest(Side::Long, 43'500, ticks(250, 1)));
    ASSERT_TRUE(advice.ok()) << advice.error().message;
    EXPECT_DOUBLE_EQ(advice->cluster->priceLow, 40'000.0);  // nearest, not the other one
    ASSERT_EQ(advice->alsoCleared.size(), 1U);
    EXPECT_DOUBLE_EQ(advice->alsoCleared[0].priceLow, 39'700.0);
    EXPECT_NEAR(advice->stopPrice, 39'450.0, 1e-9);
    // 50 ticks land between the clusters: no stepping.
    const auto small = adviseStop(m, clusters, stopRequest(Side::Long, 43'500, ticks(50, 1)));
    ASSERT_TRUE(small.ok());
    EXPECT_TRUE(small->alsoCleared.empty());
    EXPECT_NEAR(small->stopPrice, 39'950.0, 1e-9);
}

TEST(StopAdvisor, FallsBackToAPercentStopWithoutAnAdverseCluster)
{
    const LiquidationMap m = btcMap();
    const auto clusters = findClusters(m);
    struct Case {
        Side side;
        double entry;
        double expected;
    };
    // Long at 39,000: the only long cluster is above it. Short at 47,000: the short cluster is below.
    for (const auto& c : std::vector<Case>{{Side::Long, 39'000, 39'000 * 0.98}, {Side::Short, 47'000, 47'000 * 1.02}}) {
        const auto advice = adviseStop(m, clusters, stopRequest(c.side, c.entry, percent(0.1)));
        ASSERT_TRUE(advice.ok()) << advice.error().message;
        EXPECT_TRUE(advice->fallback);
        EXPECT_FALSE(advice->cluster.has_value());
        EXPECT_NEAR(advice->stopPrice, c.expected, 1e-9);
        EXPECT_NEAR(advice->riskPercent, 2.0, 1e-9);
        EXPECT_TRUE(contains(advice->notes, "fallback stop")) << advice->notes.front();
    }
    // An empty map is valid: nothing rests, so the fallback applies.
    const LiquidationMap empty = makeLiquidationMap(PriceGrid{0, 1, 0}, 43'500, 0, {}, {});
    const auto advice = adviseStop(empty, {}, stopRequest(Side::Long, 43'500, percent(0.1)));
    ASSERT_TRUE(advice.ok());
    EXPECT_TRUE(advice->fallback);
}

TEST(StopAdvisor, RejectsBadInput)
{
    const LiquidationMap m = btcMap();
    const auto clusters = findClusters(m);
    std::vector<std::pair<const char*, StopRequest>> cases;
    cases.emplace_back("NaN entry", stopRequest(Side::Long, kNaN, ticks(50, 1)));
    cases.emplace_back("negative entry", stopRequest(Side::Long, -5, ticks(50, 1)));
    cases.emplace_back("ticks without size", stopRequest(Side::Long, 43'500, ticks(50, 0)));
    cases.emplace_back("ATR of zero", stopRequest(Side::Long, 43'500, atr(2, 0)));
    cases.emplace_back("negative percent", stopRequest(Side::Long, 43'500, percent(-1)));
    // A buffer larger than the cluster's price would put the stop below zero.
    cases.emplace_back("stop below zero", stopRequest(Side::Long, 43'500, ticks(50'000, 1)));
    for (const auto& [name, request] : cases) {
        EXPECT_FALSE(adviseStop(m, clusters, request).ok()) << name;
    }
    LiquidationMap broken = m;
    broken.shortUsd.resize(3);
    EXPECT_FALSE(adviseStop(broken, clusters, stopRequest(Side::Long, 43'500, ticks(50, 1))).ok());
}

// --- position sizer -----------------------------------------------------------------------------

TEST(PositionSizer, RiskArithmeticAndLiquidationCheck)
{
    struct Case {
        const char* name;
        double account, risk, entry, stop, leverage, margin;
        Side side;
        double quantity, notional, margin_, implied, lp;
        MarginMode mode;
        bool beyond;
    };
    // Binance 2026-08 tier 1 (0.4 %, no amount) unless the notional says otherwise.
    const std::vector<Case> cases{
        // risk 100 / distance 1,000 = 0.1 BTC; 5,000 notional, 500 margin; 5,000 / 10,000 = 0.5.
        // LP = 50,000 * 0.9 / 0.996 = 45,180.7 < 49,000.
        {"long 10x", 10'000, 1, 50'000, 49'000, 10, 0, Side::Long, 0.1, 5'000, 500, 0.5, 50'000 * 0.9 / 0.996,
         MarginMode::Isolated, true},
        // LP = 50,000 * 0.98 / 0.996 = 49,196.8 >= 49,000: liquidated first.
        {"long 50x", 10'000, 1, 50'000, 49'000, 50, 0, Side::Long, 0.1, 5'000, 100, 0.5, 50'000 * 0.98 / 0.996,
         MarginMode::Isolated, false},
        // risk 2 % of 5,000 = 100 over 1,000 -> 0.1 BTC; margin 1,000 -> implied 5,000 / 1,000 = 5;
        // LP = (5,000 + 1,000) / (0.1 * 1.004) = 59,760.96 > 51,000.
        {"short with margin", 5'000, 2, 50'000, 51'000, 0, 1'000, Side::Short, 0.1, 5'000, 1'000, 5.0,
         6'000 / (0.1 * 1.004), MarginMode::Isolated, true},
        // Cross: 100 / 500 = 0.2 BTC = 10,000 notional on a 10,000 account: WB = Q * EP, so LP = 0.
        {"long cross 1x", 10'000, 1, 50'000, 49'500, 0, 0, Side::Long, 0.2, 10'000, 10'000, 1.0, 0.0, MarginMode::Cross,
         true},
    };
    for (const auto& c : cases) {
        SizingRequest r;
        r.accountSize = c.account;
        r.riskPercent = c.risk;
        r.entryPrice = c.entry;
        r.stopPrice = c.stop;
        r.leverage = c.leverage;
        r.margin = c.margin;
        const auto s = sizePosition(r);
        ASSERT_TRUE(s.ok()) << c.name << ": " << s.error().message;
        EXPECT_EQ(s->side, c.side) << c.name;
        EXPECT_NEAR(s->quantity, c.quantity, 1e-12) << c.name;
        EXPECT_NEAR(s->notional, c.notional, 1e-8) << c.name;
        EXPECT_NEAR(s->riskUsd, c.account * c.risk / 100, 1e-12) << c.name;
        EXPECT_NEAR(s->margin, c.margin_, 1e-9) << c.name;
        EXPECT_NEAR(s->impliedLeverage, c.implied, 1e-12) << c.name;
        EXPECT_EQ(s->marginMode, c.mode) << c.name;
        EXPECT_NEAR(s->liquidation.liquidationPrice, c.lp, 1e-6) << c.name;
        EXPECT_EQ(s->liquidationBeyondStop, c.beyond) << c.name;
        EXPECT_EQ(contains(s->warnings, "comes before the stop"), !c.beyond) << c.name;
        EXPECT_NEAR(s->stopDistancePercent, std::abs(c.entry - c.stop) / c.entry * 100, 1e-12) << c.name;
    }
}

TEST(PositionSizer, WarnsAboutMarginAndTierLimits)
{
    // 1 % of 1,000 over a 50 distance: 0.2 BTC, 10,000 notional; 5x needs 2,000 > 1,000.
    SizingRequest r;
    r.accountSize = 1'000;
    r.riskPercent = 1;
    r.entryPrice = 50'000;
    r.stopPrice = 49'950;
    r.leverage = 5;
    auto s = sizePosition(r);
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(contains(s->warnings, "exceeds the account"));
    // 1 % of 10,000 over 10: 10 BTC = 500,000 notional at 200x; tier 2 allows 100x.
    r.accountSize = 10'000;
    r.stopPrice = 49'990;
    r.leverage = 200;
    s = sizePosition(r);
    ASSERT_TRUE(s.ok());
    EXPECT_NEAR(s->quantity, 10.0, 1e-9);
    EXPECT_EQ(s->liquidation.tierIndex, 2);
    EXPECT_TRUE(contains(s->warnings, "exceeds the maximum 100x"));
}

TEST(PositionSizer, RejectsBadInput)
{
    SizingRequest base;
    base.accountSize = 10'000;
    base.riskPercent = 1;
    base.entryPrice = 50'000;
    base.stopPrice = 49'000;
    ASSERT_TRUE(sizePosition(base).ok());
    std::vector<std::pair<const char*, SizingRequest>> cases;
    auto with = [&](const char* name, auto change) {
        SizingRequest r = base;
        change(r);
        cases.emplace_back(name, r);
    };
    with("stop at entry", [](SizingRequest& r) { r.stopPrice = r.entryPrice; });
    with("long with stop above", [](SizingRequest& r) {
        r.side = Side::Long;
        r.stopPrice = 51'000;
    });
    with("zero risk", [](SizingRequest& r) { r.riskPercent = 0; });
    with("risk over 100", [](SizingRequest& r) { r.riskPercent = 150; });
    with("NaN account", [](SizingRequest& r) { r.accountSize = kNaN; });
    with("negative stop", [](SizingRequest& r) { r.stopPrice = -1; });
    with("leverage and margin", [](SizingRequest& r) {
        r.leverage = 10;
        r.margin = 100;
    });
    with("MMR 60 %", [](SizingRequest& r) { r.rules.maintenanceRate = 0.6; });
    for (const auto& [name, request] : cases) {
        EXPECT_FALSE(sizePosition(request).ok()) << name;
    }
}

// --- cascade ------------------------------------------------------------------------------------

namespace {

/// Buckets of 1 from 0 to 200, price 100.5 (bucket 100): 1M of longs in each bucket 90..99 and
/// 1M of shorts in each bucket 101..110.
LiquidationMap ladderMap()
{
    std::vector<double> longs(200, 0.0);
    std::vector<double> shorts(200, 0.0);
    for (int b = 90; b < 100; ++b) {
        longs[static_cast<std::size_t>(b)] = 1e6;
        shorts[static_cast<std::size_t>(b + 11)] = 1e6;
    }
    return makeLiquidationMap(PriceGrid{0.0, 1.0, 200}, 100.5, 0, longs, shorts);
}

/// The map's notional on the shock's side between the start and the final price's buckets.
double mapNotionalBetween(const LiquidationMap& m, double start, double final, bool down)
{
    const int a = std::clamp(m.grid.indexOf(std::min(start, final)), 0, m.grid.count - 1);
    const int b = std::clamp(m.grid.indexOf(std::max(start, final)), 0, m.grid.count - 1);
    double sum = 0.0;
    for (int i = a; i <= b; ++i) {
        sum += (down ? m.longUsd : m.shortUsd)[static_cast<std::size_t>(i)];
    }
    return sum;
}

}  // namespace

TEST(Cascade, StepsByHand)
{
    struct Case {
        const char* name;
        double shock, impact;
        int maxSteps;
        std::vector<double> stepUsd;  ///< liquidated per step, millions
        std::vector<double> prices;   ///< priceTo per step
        CascadeEnd end;
    };
    const double p = 100.5;
    // Down 3 %: 97.485 is in bucket 97 -> buckets 97..99 = 3M. At 1 % per 1M each 3M moves price
    // 3 %: 94.56 (94..96), 91.72 (91..93), 88.97 (bucket 88: only 90 is left, 1M), then 1 % more
    // to 88.08 crosses nothing.
    const std::vector<Case> cases{
        {"no impact", -3, 0.0, 100, {3}, {p * 0.97}, CascadeEnd::Exhausted},
        {"down with impact",
         -3,
         0.01,
         100,
         {3, 3, 3, 1, 0},
         {p * 0.97, p * std::pow(0.97, 2), p * std::pow(0.97, 3), p * std::pow(0.97, 4), p * std::pow(0.97, 4) * 0.99},
         CascadeEnd::Exhausted},
        {"down, two steps", -3, 0.01, 2, {3, 3}, {p * 0.97, p * std::pow(0.97, 2)}, CascadeEnd::MaxSteps},
        // Up 3 %: 103.515 (101..103), 106.62 (104..106), 109.82 (107..109), 113.11 (110), +1 %.
        {"up with impact",
         3,
         0.01,
         100,
         {3, 3, 3, 1, 0},
         {p * 1.03, p * std::pow(1.03, 2), p * std::pow(1.03, 3), p * std::pow(1.03, 4), p * std::pow(1.03, 4) * 1.01},
         CascadeEnd::Exhausted},
        {"shock crossing nothing", 0.2, 0.01, 100, {0}, {p * 1.002}, CascadeEnd::Exhausted},
    };
    const LiquidationMap m = ladderMap();
    for (const auto& c : cases) {
        CascadeOptions o;
        o.shockPercent = c.shock;
        o.impactPerMillion = c.impact;
        o.maxSteps = c.maxSteps;
        const auto r = simulateCascade(m, o);
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().message;
        ASSERT_EQ(r->steps.size(), c.stepUsd.size()) << c.name;
        double previous = p;
        for (std::size_t i = 0; i < c.stepUsd.size(); ++i) {
            const CascadeStep& s = r->steps[i];
            EXPECT_EQ(s.index, static_cast<int>(i) + 1);
            EXPECT_NEAR(s.priceFrom, previous, 1e-9) << c.name << " step " << i;
            EXPECT_NEAR(s.priceTo, c.prices[i], 1e-9) << c.name << " step " << i;
            EXPECT_NEAR(c.shock < 0 ? s.longUsd : s.shortUsd, c.stepUsd[i] * 1e6, 1e-6) << c.name << " step " << i;
            EXPECT_EQ(c.shock < 0 ? s.shortUsd : s.longUsd, 0.0);
            previous = s.priceTo;
        }
        EXPECT_EQ(r->end, c.end) << c.name;
        EXPECT_NEAR(r->shockPrice, p * (1 + c.shock / 100), 1e-9);
        EXPECT_NEAR(r->finalPrice, c.prices.back(), 1e-9);
        EXPECT_NEAR(r->totalMovePercent, (c.prices.back() / p - 1) * 100, 1e-9);
    }
}

TEST(Cascade, RunsOffTheMapAndStops)
{
    // 1M of longs in every bucket 0..49, price 50.5. -10 % reaches bucket 45 (5M: 45..49). At 100 %
    // per 1M every step hits the 50 % cap and halves price: 22.7 (22..44), 11.4 (11..21), 5.7,
    // 2.8, 1.4, 0.71 (bucket 0) and one more halving below the grid, where nothing is left.
    std::vector<double> longs(100, 0.0);
    for (int b = 0; b < 50; ++b) {
        longs[static_cast<std::size_t>(b)] = 1e6;
    }
    const LiquidationMap m = makeLiquidationMap(PriceGrid{0, 1, 100}, 50.5, 0, longs, std::vector<double>(100, 0.0));
    CascadeOptions o;
    o.shockPercent = -10;
    o.impactPerMillion = 1.0;
    const auto r = simulateCascade(m, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->end, CascadeEnd::LeftMap);
    EXPECT_EQ(r->steps.size(), 8U);
    EXPECT_NEAR(r->totalLongUsd, 50e6, 1e-3);
    EXPECT_NEAR(r->steps[1].priceTo, 50.5 * 0.9 * 0.5, 1e-12);
    EXPECT_GT(r->finalPrice, 0.0);
    EXPECT_EQ(r->steps.back().longUsd, 0.0);
}

TEST(Cascade, ConservesTheMapsNotional)
{
    // A lumpy map: values vary by bucket on both sides of 43,500.
    const PriceGrid grid{30'000.0, 100.0, 200};
    std::vector<double> longs(200, 0.0);
    std::vector<double> shorts(200, 0.0);
    for (int b = 0; b < 200; ++b) {
        const double v = 2e5 * (1 + (b * 7919) % 13) + ((b % 17 == 0) ? 8e6 : 0.0);
        (b < 135 ? longs : shorts)[static_cast<std::size_t>(b)] = b == 135 ? 0.0 : v;
    }
    const LiquidationMap m = makeLiquidationMap(grid, 43'500.0, 0, longs, shorts);
    for (const double shock : {-0.5, -1.0, -3.0, -8.0, -40.0, 0.5, 2.0, 5.0, 30.0}) {
        for (const double impact : {0.0, kDefaultImpactPerMillion, 1e-3, 5e-3}) {
            CascadeOptions o;
            o.shockPercent = shock;
            o.impactPerMillion = impact;
            const auto r = simulateCascade(m, o);
            ASSERT_TRUE(r.ok()) << r.error().message;
            const bool down = shock < 0;
            const double total = down ? r->totalLongUsd : r->totalShortUsd;
            double steps = 0.0;
            for (const auto& s : r->steps) {
                steps += s.longUsd + s.shortUsd;
            }
            EXPECT_NEAR(steps, total, 1e-6 * total + 1e-6);
            EXPECT_NEAR(total, mapNotionalBetween(m, r->startPrice, r->finalPrice, down), 1e-9 * total + 1e-6)
                << "shock " << shock << " impact " << impact;
            EXPECT_EQ(down ? r->totalShortUsd : r->totalLongUsd, 0.0);
            EXPECT_TRUE(down ? r->finalPrice <= r->shockPrice : r->finalPrice >= r->shockPrice);
            EXPECT_LE(static_cast<int>(r->steps.size()), o.maxSteps);
        }
    }
}

TEST(Cascade, RejectsBadInput)
{
    const LiquidationMap m = ladderMap();
    for (const double shock : {0.0, -100.0, -150.0, kNaN, 5000.0}) {
        CascadeOptions o;
        o.shockPercent = shock;
        EXPECT_FALSE(simulateCascade(m, o).ok()) << shock;
    }
    CascadeOptions o;
    o.impactPerMillion = -1e-4;
    EXPECT_FALSE(simulateCascade(m, o).ok());
    o = {};
    o.maxSteps = 0;
    EXPECT_FALSE(simulateCascade(m, o).ok());
    LiquidationMap broken = m;
    broken.longUsd[95] = kNaN;
    EXPECT_FALSE(simulateCascade(broken, {}).ok());
    // An empty map is fine: the shock moves price and nothing is liquidated.
    const auto empty = simulateCascade(makeLiquidationMap(PriceGrid{0, 1, 0}, 100, 0, {}, {}), {});
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(empty->totalLongUsd, 0.0);
    EXPECT_NEAR(empty->finalPrice, 97.0, 1e-12);
}

// --- impact fit ---------------------------------------------------------------------------------

namespace {

/// 30 intervals of 30 min over 5 min candles, net liquidations x_i (millions) moving price by
/// exactly k x_i over each interval.
MarketData impactData(double k, int intervals)
{
    MarketData d;
    d.source.intervalMs = 300'000;
    const TimeMs start = 1'700'000'000'000;
    for (int i = 0; i < intervals; ++i) {
        const double x = (i % 2 == 0 ? 1.0 : -1.0) * (1 + i % 7);  // -7..7 M
        const TimeMs t0 = start + i * 1'800'000LL;
        d.liquidations.time.push_back(t0);
        d.liquidations.longUsd.push_back(x < 0 ? -x * 1e6 : 0.5e6);
        d.liquidations.shortUsd.push_back(x > 0 ? x * 1e6 + 0.5e6 : 0.0);
        const double net = (d.liquidations.shortUsd.back() - d.liquidations.longUsd.back()) / 1e6;
        const double close = 100.0 * (1.0 + k * net);
        for (int c = 0; c < 6; ++c) {
            const double o = c == 0 ? 100.0 : 100.0 + (close - 100.0) * c / 6.0;
            const double cl = 100.0 + (close - 100.0) * (c + 1) / 6.0;
            d.candles.time.push_back(t0 + c * 300'000LL);
            d.candles.open.push_back(o);
            d.candles.close.push_back(cl);
            d.candles.high.push_back(std::max(o, cl) + 0.01);
            d.candles.low.push_back(std::min(o, cl) - 0.01);
        }
    }
    d.liquidations.intervalMs = 1'800'000;
    return d;
}

}  // namespace

TEST(ImpactFit, RecoversAKnownSlope)
{
    const auto fit = fitImpact(impactData(2e-4, 30));
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    EXPECT_NEAR(fit->impactPerMillion, 2e-4, 1e-12);
    EXPECT_NEAR(fit->correlation, 1.0, 1e-9);
    EXPECT_EQ(fit->intervals, 30U);
    EXPECT_EQ(fit->intervalMs, 1'800'000);

    EXPECT_FALSE(fitImpact(impactData(2e-4, 10)).ok());  // too few intervals
    MarketData gap = impactData(2e-4, 30);
    // Dropping a candle leaves that interval uncovered: 29 remain.
    gap.candles.time.erase(gap.candles.time.begin() + 8);
    gap.candles.open.erase(gap.candles.open.begin() + 8);
    gap.candles.high.erase(gap.candles.high.begin() + 8);
    gap.candles.low.erase(gap.candles.low.begin() + 8);
    gap.candles.close.erase(gap.candles.close.begin() + 8);
    const auto fewer = fitImpact(gap);
    ASSERT_TRUE(fewer.ok());
    EXPECT_EQ(fewer->intervals, 29U);
    EXPECT_FALSE(fitImpact(MarketData{}).ok());
}

// The default is the fit on the bundled sample: an independent script over the same CSV rows
// (docs/TRADER_TOOLS.md) gives 672 intervals and 1.5193e-4.
TEST(ImpactFit, DefaultMatchesTheBundledSample)
{
    const auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    const auto fit = fitImpact(snapshot->data);
    ASSERT_TRUE(fit.ok()) << fit.error().message;
    EXPECT_EQ(fit->intervals, 672U);
    EXPECT_NEAR(fit->impactPerMillion, 1.5193e-4, 1e-8);
    EXPECT_GT(fit->correlation, 0.2);
    EXPECT_NEAR(kDefaultImpactPerMillion / fit->impactPerMillion, 1.0, 0.02);
}

// --- signals ------------------------------------------------------------------------------------

namespace {

constexpr TimeMs kMapTime = 1'000LL * 3'600'000;  // hour 1000
constexpr TimeMs kHour = 3'600'000;

/// Buckets of 1 from 0 to 201, price 100.5. Background 0.1M per bucket within 50 buckets of the
/// price; a 5M long cluster at 97-98 (2.49 % below) and, optionally, a 5M short cluster at
/// 103-104 (2.49 % above).
LiquidationMap signalMap(bool shortCluster)
{
    std::vector<double> longs(201, 0.0);
    std::vector<double> shorts(201, 0.0);
    for (int b = 50; b < 100; ++b) {
        longs[static_cast<std::size_t>(b)] = 1e5;
        shorts[static_cast<std::size_t>(b + 51)] = 1e5;
    }
    longs[97] = 5e6;
    if (shortCluster) {
        shorts[103] = 5e6;
    }
    return makeLiquidationMap(PriceGrid{0, 1, 201}, 100.5, kMapTime, longs, shorts);
}

/// Nine 8 h settlements ending `ageHours` before the map, all `rate` except the latest.
MarketData fundingData(double rate, double latest, std::optional<double> ratio, double ageHours = 1)
{
    MarketData d;
    for (int i = 8; i >= 0; --i) {
        d.fundingRate.time.push_back(kMapTime - static_cast<TimeMs>(ageHours * kHour) - i * 8 * kHour);
        d.fundingRate.value.push_back(i == 0 ? latest : rate);
    }
    if (ratio) {
        d.longShortRatio.time.push_back(kMapTime - kHour);
        d.longShortRatio.value.push_back(*ratio);
    }
    return d;
}

const Signal& find(const SignalReport& r, const std::string& id)
{
    for (const auto& s : r.results) {
        if (s.id == id) {
            return s;
        }
    }
    throw std::runtime_error("no signal " + id);
}

}  // namespace

TEST(Signals, SqueezeRulesFireAndStayQuiet)
{
    struct Case {
        const char* name;
        double rate, latest;
        std::optional<double> ratio;
        bool shortCluster;
        bool longFired;
        Severity longSeverity;
        bool shortFired;
        Severity shortSeverity;
    };
    const std::vector<Case> cases{
        // 0.03 % funding (average 0.03 %), ratio 2.5, longs 2.49 % below: every condition holds;
        // 0.03 % < 2 x 0.02 % and 2.49 % > 3 % / 2, so Medium.
        {"long squeeze", 0.0003, 0.0003, 2.5, false, true, Severity::Medium, false, Severity::None},
        // Latest 0.05 % >= 2 x 0.02 %: High.
        {"long squeeze, extreme funding", 0.0003, 0.0005, 2.5, false, true, Severity::High, false, Severity::None},
        // Without a ratio the rule still fires on funding and clusters, but never High.
        {"long squeeze, no ratio", 0.0003, 0.0005, std::nullopt, false, true, Severity::Medium, false, Severity::None},
        // Long-heavy ratio 1.5 < 2: one condition short -> Low.
        {"ratio not long-heavy", 0.0003, 0.0003, 1.5, false, false, Severity::Low, false, Severity::None},
        // Baseline funding 0.01 %: latest below 0.02 % -> Low; the average 0.01 % is still met.
        {"baseline funding", 0.0001, 0.0001, 2.5, false, false, Severity::Low, false, Severity::None},
        // Negative funding (latest -0.008 %, not past 2 x -0.005 %), short-heavy ratio 0.7, shorts
        // 2.49 % above: short squeeze, Medium.
        {"short squeeze", -0.0001, -0.00008, 0.7, true, false, Severity::None, true, Severity::Medium},
        // Latest -0.01 % reaches 2 x -0.005 %: High.
        {"short squeeze, extreme", -0.0001, -0.0001, 0.7, true, false, Severity::None, true, Severity::High},
    };
    for (const auto& c : cases) {
        const LiquidationMap m = signalMap(c.shortCluster);
        const auto report = evaluateSignals(fundingData(c.rate, c.latest, c.ratio), m, findClusters(m), {});
        ASSERT_TRUE(report.ok()) << c.name << ": " << report.error().message;
        ASSERT_EQ(report->results.size(), 4U);  // the two squeezes, overheated, RSI near a cluster
        const Signal& l = find(*report, "long_squeeze_risk");
        const Signal& s = find(*report, "short_squeeze_risk");
        EXPECT_EQ(l.fired, c.longFired) << c.name << ": " << l.message;
        EXPECT_EQ(l.severity, c.longSeverity) << c.name << ": " << l.message;
        EXPECT_EQ(s.fired, c.shortFired) << c.name << ": " << s.message;
        EXPECT_EQ(s.severity, c.shortSeverity) << c.name << ": " << s.message;
        ASSERT_EQ(l.conditions.size(), 4U);
        EXPECT_EQ(l.conditions[0].name, "funding_latest");
        EXPECT_DOUBLE_EQ(*l.conditions[0].value, c.latest);
        EXPECT_DOUBLE_EQ(l.conditions[0].threshold, 0.0002);
        // Average of eight `rate` and the latest.
        EXPECT_NEAR(*l.conditions[1].value, (8 * c.rate + c.latest) / 9, 1e-15);
        EXPECT_EQ(l.conditions[2].available, c.ratio.has_value());
        EXPECT_EQ(contains(l.notes, "ratio not available"), !c.ratio.has_value()) << c.name;
        // The long cluster's edge at 98: (100.5 - 98) / 100.5.
        ASSERT_TRUE(l.cluster.has_value());
        EXPECT_NEAR(*l.conditions[3].value, 2.5 / 100.5 * 100, 1e-9);
        if (c.longFired) {
            EXPECT_NE(l.message.find("Long-squeeze risk"), std::string::npos) << l.message;
            EXPECT_NE(l.message.find("2.49 % below"), std::string::npos) << l.message;
        }
    }
}

TEST(Signals, MissingOrStaleFundingKeepsSqueezesQuiet)
{
    const LiquidationMap m = signalMap(true);
    // Same crowded funding but 30 h old: beyond the 24 h age limit.
    for (const MarketData& d : {fundingData(0.0005, 0.0005, 2.5, 30), MarketData{}}) {
        const auto report = evaluateSignals(d, m, findClusters(m), {});
        ASSERT_TRUE(report.ok());
        EXPECT_FALSE(report->inputs.fundingLatest.has_value());
        for (const char* id : {"long_squeeze_risk", "short_squeeze_risk"}) {
            const Signal& s = find(*report, id);
            EXPECT_FALSE(s.fired) << id;
            EXPECT_EQ(s.severity, Severity::None) << id;
            EXPECT_TRUE(contains(s.notes, "no funding rate")) << id;
        }
    }
}

TEST(Signals, OverheatedByNotionalOrByStrongClusters)
{
    const LiquidationMap m = signalMap(true);
    // Within 5 % of 100.5: buckets indexOf(95.475) = 95 .. indexOf(105.525) = 105. Longs 95..99:
    // 4 x 0.1M + 5M; shorts 101..105: 4 x 0.1M + 5M. Total 10.8M.
    EXPECT_NEAR(nearPriceUsd(m, 5.0), 10.8e6, 1e-6);
    auto history = [](double usd, int columns) {
        NearPriceSeries h;
        for (int i = columns; i >= 1; --i) {
            h.time.push_back(kMapTime - i * kHour);
            h.usd.push_back(usd);
        }
        h.time.push_back(kMapTime);  // the map's own column is not part of its median
        h.usd.push_back(1.0);
        return h;
    };
    std::vector<Cluster> strong(4);
    for (std::size_t i = 0; i < strong.size(); ++i) {
        strong[i].strength = 9.0;
        strong[i].distancePercent = 1.0 + static_cast<double>(i);
    }
    struct Case {
        const char* name;
        NearPriceSeries history;
        std::vector<Cluster> clusters;
        bool fired;
        Severity severity;
        std::optional<double> ratio;
    };
    const std::vector<Case> cases{
        {"twice the median", history(5.4e6, 20), {}, true, Severity::Medium, 2.0},
        {"at the median", history(10.8e6, 20), {}, false, Severity::None, 1.0},
        {"four strong clusters", history(10.8e6, 20), strong, true, Severity::Medium, 1.0},
        {"both", history(5.4e6, 20), strong, true, Severity::High, 2.0},
        // Too little history (< 12 columns): only the clusters count.
        {"short history", history(5.4e6, 5), {}, false, Severity::None, std::nullopt},
        // History older than the 72 h lookback is ignored too.
        {"old history",
         [] {
             NearPriceSeries h;
             for (int i = 0; i < 20; ++i) {
                 h.time.push_back(kMapTime - (100 + i) * kHour);
                 h.usd.push_back(1e6);
             }
             return h;
         }(),
         {},
         false,
         Severity::None,
         std::nullopt},
    };
    for (const auto& c : cases) {
        const auto report = evaluateSignals(fundingData(0.0001, 0.0001, std::nullopt), m, c.clusters, c.history);
        ASSERT_TRUE(report.ok()) << c.name << ": " << report.error().message;
        const Signal& s = find(*report, "overheated");
        EXPECT_EQ(s.fired, c.fired) << c.name << ": " << s.message;
        EXPECT_EQ(s.severity, c.severity) << c.name << ": " << s.message;
        ASSERT_EQ(s.conditions.size(), 2U);
        EXPECT_EQ(s.conditions[0].value.has_value(), c.ratio.has_value()) << c.name;
        if (c.ratio) {
            EXPECT_NEAR(*s.conditions[0].value, *c.ratio, 1e-12) << c.name;
        }
        EXPECT_DOUBLE_EQ(*s.conditions[1].value, static_cast<double>(c.clusters.size()));
    }
}

TEST(Signals, RejectsBadInput)
{
    const LiquidationMap m = signalMap(false);
    SignalThresholds t;
    t.fundingAverageCount = 0;
    EXPECT_FALSE(evaluateSignals({}, m, {}, {}, t).ok());
    t = {};
    t.longCrowdedFunding = kNaN;
    EXPECT_FALSE(evaluateSignals({}, m, {}, {}, t).ok());
    NearPriceSeries ragged;
    ragged.time = {1, 2};
    ragged.usd = {1};
    EXPECT_FALSE(evaluateSignals({}, m, {}, ragged).ok());
    LiquidationMap broken = m;
    broken.price = 0;
    EXPECT_FALSE(evaluateSignals({}, broken, {}, {}).ok());
}

// --- indicators ---------------------------------------------------------------------------------

// Closes 10, 11, 10.5, 12, 11 with period 2: changes +1, -0.5, +1.5, -1.
// Seed: gain (1 + 0)/2 = 0.5, loss (0 + 0.5)/2 = 0.25 -> RSI 100 - 100/3 = 66.67 at candle 2.
// Candle 3: gain (0.5 + 1.5)/2 = 1, loss (0.25 + 0)/2 = 0.125 -> RS 8 -> 88.89.
// Candle 4: gain (1 + 0)/2 = 0.5, loss (0.125 + 1)/2 = 0.5625 -> RS 0.888... -> 47.06.
TEST(Indicators, WilderRsiByHand)
{
    CandleSeries c;
    c.time = {0, 1, 2, 3, 4};
    c.close = {10, 11, 10.5, 12, 11};
    c.open = c.high = c.low = c.close;
    const auto rsi = relativeStrengthIndex(c, 2);
    ASSERT_TRUE(rsi.ok()) << rsi.error().message;
    ASSERT_EQ(rsi->time, (std::vector<TimeMs>{2, 3, 4}));
    EXPECT_NEAR(rsi->value[0], 100.0 - 100.0 / 3.0, 1e-12);
    EXPECT_NEAR(rsi->value[1], 100.0 - 100.0 / 9.0, 1e-12);
    EXPECT_NEAR(rsi->value[2], 100.0 - 100.0 / (1.0 + 0.5 / 0.5625), 1e-12);
    // Only gains: 100; flat: 50; too few candles or a bad period: errors.
    c.close = {1, 2, 3, 4, 5};
    EXPECT_DOUBLE_EQ(relativeStrengthIndex(c, 2)->value.back(), 100.0);
    c.close = {5, 5, 5, 5, 5};
    EXPECT_DOUBLE_EQ(relativeStrengthIndex(c, 2)->value.back(), 50.0);
    EXPECT_FALSE(relativeStrengthIndex(c, 5).ok());
    EXPECT_FALSE(relativeStrengthIndex(c, 0).ok());
}

// --- realized liquidation prints ----------------------------------------------------------------

// 30 minute intervals over 5 minute candles: each side's total sits at the interval's extreme.
TEST(LiquidationPrints, EachSideAtItsIntervalsExtreme)
{
    MarketData d;
    for (int i = 0; i < 12; ++i) {  // two intervals of six candles
        d.candles.time.push_back(i * 300'000LL);
        d.candles.open.push_back(100 + i);
        d.candles.close.push_back(100 + i);
        d.candles.high.push_back(105 + i);
        d.candles.low.push_back(95 + i);
    }
    d.liquidations.time = {0, 1'800'000, 3'600'000};
    d.liquidations.longUsd = {2e6, 0, 1e6};
    d.liquidations.shortUsd = {0, 3e6, 0};
    d.liquidations.intervalMs = 1'800'000;
    const auto prints = liquidationPrints(d);
    ASSERT_EQ(prints.size(), 3U);
    EXPECT_EQ(prints[0].side, Side::Long);
    EXPECT_DOUBLE_EQ(prints[0].price, 95.0);  // lowest low of candles 0-5
    EXPECT_EQ(prints[1].side, Side::Short);
    EXPECT_DOUBLE_EQ(prints[1].price, 116.0);  // highest high of candles 6-11
    EXPECT_DOUBLE_EQ(prints[1].usd, 3e6);
    EXPECT_DOUBLE_EQ(prints[2].price, 0.0);  // no candle inside: no price to show
}

// --- leverage tiers -----------------------------------------------------------------------------

TEST(TierBreakdown, NamesTheTierThatMakesALevel)
{
    // Two candles at 100, open interest 10 -> 12 (2 BTC, 200 USD), tiers 10x (1/4) and 20x (3/4):
    // each tier's long level holds its weight of the 200 USD.
    MarketData d;
    for (int i = 0; i < 2; ++i) {
        d.candles.time.push_back(i * 300'000LL);
        d.candles.open.push_back(100);
        d.candles.high.push_back(100);
        d.candles.low.push_back(100);
        d.candles.close.push_back(100);
        d.openInterest.time.push_back(i * 300'000LL);
        d.openInterest.base.push_back(i == 0 ? 10 : 12);
    }
    ModelSettings s;
    s.tiers = {{10, 1.0}, {20, 3.0}};
    s.bucketSize = 0.5;
    s.entry = EntryPlacement::Close;
    EstimateOptions options;
    options.tierDetail = true;
    const auto e = estimate(d, s, options);
    ASSERT_TRUE(e.ok()) << e.error().message;
    const int b20 = e->map.grid.indexOf(100 * 0.95 / 0.996);
    const auto byTier = mapBucketByTier(*e, b20, Side::Long);
    ASSERT_EQ(byTier.size(), 2U);
    EXPECT_NEAR(byTier[1].usd, 150.0, 1e-9);  // 20x: 3/4 of 200
    EXPECT_NEAR(byTier[0].usd, 0.0, 1e-9);
    Cluster c;
    c.side = Side::Long;
    c.priceLow = e->map.grid.lower(b20);
    c.priceHigh = e->map.grid.upper(b20);
    const auto top = dominantTier(c, *e);
    ASSERT_TRUE(top.has_value());
    EXPECT_EQ(top->leverage, 20.0);
    EXPECT_NEAR(top->share, 1.0, 1e-12);
    const auto cell = cellByTier(*e, e->heatmap.columns() - 1, b20, Side::Long);
    ASSERT_EQ(cell.size(), 2U);
    EXPECT_NEAR(cell[1].usd, 150.0, 150.0 / 255.0);
    // Without tier detail there is nothing to say.
    const auto plain = estimate(d, s);
    EXPECT_FALSE(dominantTier(c, *plain).has_value());
    EXPECT_TRUE(cellByTier(*plain, 1, b20, Side::Long).empty());
}
