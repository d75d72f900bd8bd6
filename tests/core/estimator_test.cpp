#include "liqheat/estimate/estimator.h"
#include "liqheat/liquidation/liquidation_price.h"

#include "random_market.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace liqheat;
using liqheat::test::randomMarket;

namespace {

constexpr TimeMs kMinute = 60'000;

void addCandle(MarketData& d, double o, double h, double l, double c)
{
    const TimeMs t = static_cast<TimeMs>(d.candles.size()) * 5 * kMinute;
    d.candles.time.push_back(t);
    d.candles.open.push_back(o);
    d.candles.high.push_back(h);
    d.candles.low.push_back(l);
    d.candles.close.push_back(c);
}

void addOi(MarketData& d, double base)
{
    d.openInterest.time.push_back(d.candles.time.back());
    d.openInterest.base.push_back(base);
}

ModelSettings twoTiers(double bucket = 0.5)
{
    ModelSettings s;
    s.tiers = {{10, 1.0}, {20, 3.0}};  // normalised to 0.25 / 0.75
    s.bucketSize = bucket;
    s.entry = EntryPlacement::Close;
    return s;
}

}  // namespace

TEST(Estimator, OpenedEqualsRestingPlusSweptPlusClosedPerSide)
{
    for (const double decay : {0.0, 6.0}) {
        ModelSettings settings;
        settings.decayHalfLifeHours = decay;
        settings.entry = EntryPlacement::Spread;
        const auto r = estimate(randomMarket(7, 3'000), settings);
        ASSERT_TRUE(r.ok()) << r.error().message;
        for (const FlowTotals& f : {r->longFlow, r->shortFlow}) {
            ASSERT_GT(f.opened, 0.0);
            EXPECT_GT(f.swept, 0.0);
            EXPECT_GT(f.closed, 0.0);
            EXPECT_NEAR(f.opened, f.resting + f.swept + f.closed + f.decayed, 1e-9 * f.opened);
            EXPECT_EQ(f.decayed > 0.0, decay > 0.0);
        }
        // The per-candle sweep series adds up to the swept totals.
        double longSum = 0.0;
        double shortSum = 0.0;
        for (std::size_t i = 0; i < r->sweep.time.size(); ++i) {
            longSum += r->sweep.longUsd[i];
            shortSum += r->sweep.shortUsd[i];
        }
        EXPECT_NEAR(longSum, r->longFlow.swept, 1e-9 * longSum);
        EXPECT_NEAR(shortSum, r->shortFlow.swept, 1e-9 * shortSum);
    }
}

TEST(Estimator, NothingRestsOnTheWrongSideOfTheCandleItFollows)
{
    const MarketData d = randomMarket(11, 800);
    const auto r = estimate(d, twoTiers(10));
    ASSERT_TRUE(r.ok()) << r.error().message;
    const HeatmapGrid& h = r->heatmap;
    ASSERT_EQ(h.columns(), d.candles.size());
    std::size_t checked = 0;
    for (std::size_t c = 0; c < h.columns(); ++c) {
        const double low = d.candles.low[h.columnCandle[c]];
        const double high = d.candles.high[h.columnCandle[c]];
        for (int b = 0; b < h.grid.count; ++b) {
            if (h.longAt(c, b) > 0.0F) {
                ASSERT_LE(h.grid.upper(b), low) << "long resting at/above the low after candle " << c;
                ++checked;
            }
            if (h.shortAt(c, b) > 0.0F) {
                ASSERT_GT(h.grid.lower(b), high) << "short resting at/below the high after candle " << c;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 1000U);
}

// Constant price 100, open interest 10 -> 12 BTC: 2 BTC opened, each side split 25 % at 10x and
// 75 % at 20x, placed at the isolated liquidation prices 100*(1 -/+ 1/L)/(1 -/+ 0.004).
TEST(Estimator, RiseInOpenInterestAddsDeltaTimesWeightAtTheTierLevels)
{
    MarketData d;
    d.source.intervalMs = 5 * kMinute;
    addCandle(d, 100, 100, 100, 100);
    addOi(d, 10);
    addCandle(d, 100, 100, 100, 100);
    addOi(d, 12);
    const auto r = estimate(d, twoTiers());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const LiquidationMap& m = r->map;
    const PriceGrid& g = m.grid;

    const double long10 = 100 * (1 - 1.0 / 10) / (1 - 0.004);
    const double long20 = 100 * (1 - 1.0 / 20) / (1 - 0.004);
    const double short10 = 100 * (1 + 1.0 / 10) / (1 + 0.004);
    const double short20 = 100 * (1 + 1.0 / 20) / (1 + 0.004);
    const double notional = 2 * 100;  // 2 BTC at 100

    EXPECT_NEAR(m.longUsd[static_cast<std::size_t>(g.indexOf(long10))], 0.25 * notional, 1e-9);
    EXPECT_NEAR(m.longUsd[static_cast<std::size_t>(g.indexOf(long20))], 0.75 * notional, 1e-9);
    EXPECT_NEAR(m.shortUsd[static_cast<std::size_t>(g.indexOf(short10))], 0.25 * notional, 1e-9);
    EXPECT_NEAR(m.shortUsd[static_cast<std::size_t>(g.indexOf(short20))], 0.75 * notional, 1e-9);
    EXPECT_NEAR(m.totalLongUsd, notional, 1e-9);
    EXPECT_NEAR(m.totalShortUsd, notional, 1e-9);
    // First candle only sets the baseline: its column is empty.
    double firstColumn = 0.0;
    for (int b = 0; b < g.count; ++b) {
        firstColumn += static_cast<double>(r->heatmap.longAt(0, b) + r->heatmap.shortAt(0, b));
    }
    EXPECT_EQ(firstColumn, 0.0);
}

TEST(Estimator, QuoteValuedOpenInterestIsConvertedToBaseUnits)
{
    // Quote OI 1,000 -> 1,200 at price 100 is 10 -> 12 BTC: the same as the base-unit case.
    MarketData quoteOnly;
    quoteOnly.source.intervalMs = 5 * kMinute;
    addCandle(quoteOnly, 100, 100, 100, 100);
    addCandle(quoteOnly, 100, 100, 100, 100);
    quoteOnly.openInterest.time = quoteOnly.candles.time;
    quoteOnly.openInterest.quote = {1'000, 1'200};
    const auto r = estimate(quoteOnly, twoTiers());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(r->map.totalLongUsd, 200.0, 1e-9);

    // Price up 10 % with quote OI up 10 %: no contract was opened, so nothing is added.
    MarketData repriced;
    repriced.source.intervalMs = 5 * kMinute;
    addCandle(repriced, 100, 100, 100, 100);
    addCandle(repriced, 110, 110, 110, 110);
    repriced.openInterest.time = repriced.candles.time;
    repriced.openInterest.quote = {1'000, 1'100};
    const auto flat = estimate(repriced, twoTiers());
    ASSERT_TRUE(flat.ok()) << flat.error().message;
    EXPECT_NEAR(flat->longFlow.opened, 0.0, 1e-9);
    EXPECT_NEAR(flat->shortFlow.opened, 0.0, 1e-9);
}

TEST(Estimator, FallInOpenInterestClosesProportionallyAfterLiquidations)
{
    MarketData d;
    d.source.intervalMs = 5 * kMinute;
    addCandle(d, 100, 100, 100, 100);
    addOi(d, 10);
    addCandle(d, 100, 100, 100, 100);
    addOi(d, 14);  // +4 BTC = 400 USD each side
    addCandle(d, 100, 100, 100, 100);
    addOi(d, 13);  // -1 BTC: a quarter of each side closes, no liquidation
    const auto r = estimate(d, twoTiers());
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->map.totalLongUsd, 300.0, 1e-9);
    EXPECT_NEAR(r->longFlow.closed, 100.0, 1e-9);
    EXPECT_NEAR(r->shortFlow.closed, 100.0, 1e-9);

    // A drop to 94 sweeps the 20x longs (LP ~95.38) = 3 BTC; OI falls by 3: fully explained,
    // nothing else is closed on the long side, while the short side closes 3 of its 4 BTC.
    MarketData s;
    s.source.intervalMs = 5 * kMinute;
    addCandle(s, 100, 100, 100, 100);
    addOi(s, 10);
    addCandle(s, 100, 100, 100, 100);
    addOi(s, 14);
    addCandle(s, 100, 100, 94, 96);
    addOi(s, 11);
    const auto r2 = estimate(s, twoTiers());
    ASSERT_TRUE(r2.ok());
    EXPECT_NEAR(r2->sweep.longUsd[2], 300.0, 1e-9);
    EXPECT_NEAR(r2->longFlow.closed, 0.0, 1e-9);
    EXPECT_NEAR(r2->shortFlow.closed, 300.0, 1e-9);
    EXPECT_NEAR(r2->map.totalLongUsd, 100.0, 1e-9);
}

TEST(Estimator, DecayHalvesRestingNotionalEveryHalfLife)
{
    MarketData d;
    d.source.intervalMs = 60 * kMinute;
    for (int i = 0; i < 4; ++i) {
        d.candles.time.push_back(i * 60 * kMinute);
        for (auto* v : {&d.candles.open, &d.candles.high, &d.candles.low, &d.candles.close}) {
            v->push_back(100);
        }
    }
    d.openInterest.time = d.candles.time;
    d.openInterest.base = {10, 12, 12, 12};
    ModelSettings s = twoTiers();
    s.decayHalfLifeHours = 2.0;
    const auto r = estimate(d, s);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->map.totalLongUsd, 200.0 * 0.5, 1e-9);  // two hours after opening
}

TEST(Estimator, ColumnsCanBeCoarserThanCandles)
{
    const MarketData d = randomMarket(3, 1'000);
    EstimateOptions options;
    options.maxColumns = 300;
    const auto r = estimate(d, twoTiers(10), options);
    ASSERT_TRUE(r.ok());
    EXPECT_LE(r->heatmap.columns(), 300U);
    EXPECT_EQ(r->heatmap.columnCandle.back(), d.candles.size() - 1);
    const auto full = estimate(d, twoTiers(10));
    ASSERT_TRUE(full.ok());
    // The last column is the same state either way.
    const auto lastCoarse = r->heatmap.columns() - 1;
    const auto lastFull = full->heatmap.columns() - 1;
    for (int b = 0; b < full->heatmap.grid.count; ++b) {
        ASSERT_EQ(r->heatmap.longAt(lastCoarse, b), full->heatmap.longAt(lastFull, b));
    }
}

// A zoomed view asks for columns inside a span only: each is the state after its candle, as in a
// run with one column per candle, and everything else is the whole run's.
TEST(Estimator, ColumnSpanGivesFullDetailInsideTheSpanOnly)
{
    const MarketData d = randomMarket(5, 2'000);
    const auto full = estimate(d, twoTiers(10));
    ASSERT_TRUE(full.ok());
    EstimateOptions options;
    options.maxColumns = 100;
    options.columnSpan = std::make_pair(d.candles.time[1'200], d.candles.time[1'249]);  // 50 candles
    const auto zoomed = estimate(d, twoTiers(10), options);
    ASSERT_TRUE(zoomed.ok());
    const HeatmapGrid& h = zoomed->heatmap;
    ASSERT_EQ(h.columns(), 50U);
    EXPECT_EQ(h.columnCandle.front(), 1'200U);
    EXPECT_EQ(h.columnCandle.back(), 1'249U);
    for (std::size_t c = 0; c < h.columns(); ++c) {
        const std::size_t candle = h.columnCandle[c];
        ASSERT_EQ(h.columnTime[c], d.candles.time[candle]);
        for (int b = 0; b < h.grid.count; ++b) {
            ASSERT_EQ(h.longAt(c, b), full->heatmap.longAt(candle, b)) << c << " " << b;
            ASSERT_EQ(h.shortAt(c, b), full->heatmap.shortAt(candle, b)) << c << " " << b;
        }
    }
    EXPECT_EQ(zoomed->map.longUsd, full->map.longUsd);
    EXPECT_EQ(zoomed->sweep.longUsd, full->sweep.longUsd);
    EXPECT_EQ(zoomed->checkpoint, nullptr);  // a window of columns is never resumed

    // A span wider than maxColumns is strided within the span, ending on its last candle.
    options.maxColumns = 10;
    const auto strided = estimate(d, twoTiers(10), options);
    ASSERT_TRUE(strided.ok());
    EXPECT_EQ(strided->heatmap.columns(), 10U);
    EXPECT_EQ(strided->heatmap.columnCandle.front(), 1'204U);
    EXPECT_EQ(strided->heatmap.columnCandle.back(), 1'249U);

    // A span between candles or beyond the data still gets its nearest candle.
    options.columnSpan = std::make_pair(d.candles.time.back() + 1, d.candles.time.back() + 10 * kMinute);
    const auto beyond = estimate(d, twoTiers(10), options);
    ASSERT_TRUE(beyond.ok());
    ASSERT_EQ(beyond->heatmap.columns(), 1U);
    EXPECT_EQ(beyond->heatmap.columnCandle.front(), d.candles.size() - 1);
}

// The near-price history the signals use is sampled at each candle closing an hour and does not
// depend on how many heatmap columns a view asked for.
TEST(Estimator, NearPriceIsSampledHourlyWhateverTheColumns)
{
    const MarketData d = randomMarket(3, 1'000);  // 5m candles from t = 0
    const auto full = estimate(d, twoTiers(10));
    EstimateOptions coarse;
    coarse.maxColumns = 300;
    const auto r = estimate(d, twoTiers(10), coarse);
    ASSERT_TRUE(full.ok() && r.ok());
    ASSERT_EQ(full->nearPrice.time, r->nearPrice.time);
    ASSERT_EQ(full->nearPrice.usd, r->nearPrice.usd);
    EXPECT_EQ(full->nearPrice.rangePercent, 5.0);
    // Candles 11, 23, ... close on the hour: 1,000 / 12 = 83 samples.
    ASSERT_EQ(full->nearPrice.time.size(), 83U);
    for (std::size_t s = 0; s < full->nearPrice.time.size(); ++s) {
        const std::size_t i = 12 * s + 11;
        ASSERT_EQ(full->nearPrice.time[s], d.candles.time[i]);
        // One column per candle: the sample is that column's notional within 5 % of the close.
        const PriceGrid& g = full->heatmap.grid;
        const int lo = std::max(g.indexOf(d.candles.close[i] * 0.95), 0);
        const int hi = std::min(g.indexOf(d.candles.close[i] * 1.05), g.count - 1);
        double sum = 0.0;
        for (int b = lo; b <= hi; ++b) {
            sum += static_cast<double>(full->heatmap.longAt(i, b)) + static_cast<double>(full->heatmap.shortAt(i, b));
        }
        EXPECT_NEAR(full->nearPrice.usd[s], sum, 1e-5 * std::max(1.0, sum)) << "sample " << s;
    }
}

// Leverage layers: the tiers split the estimate exactly (closes and decay shrink every tier of a
// side alike), a layer view draws only its tiers, and the per-cell shares stay within budget.
TEST(Estimator, LeverageLayersSplitTheEstimateExactly)
{
    const MarketData d = randomMarket(5, 1'500);
    ModelSettings s = twoTiers(10);
    s.decayHalfLifeHours = 24;  // decay and closes both act
    const auto full = estimate(d, s);
    EstimateOptions onlyFirst;
    onlyFirst.visibleTiers = std::vector<bool>{true, false};
    EstimateOptions onlySecond;
    onlySecond.visibleTiers = std::vector<bool>{false, true};
    const auto a = estimate(d, s, onlyFirst);
    const auto b = estimate(d, s, onlySecond);
    ASSERT_TRUE(full.ok() && a.ok() && b.ok());
    ASSERT_TRUE(a->visibleMap.has_value() && b->visibleMap.has_value());
    ASSERT_EQ(a->tiers.leverage, (std::vector<double>{10, 20}));
    const auto& m = full->map;
    for (std::size_t i = 0; i < m.longUsd.size(); ++i) {
        const double tol = 1e-9 * std::max(1.0, m.longUsd[i] + m.shortUsd[i]);
        ASSERT_NEAR(a->visibleMap->longUsd[i] + b->visibleMap->longUsd[i], m.longUsd[i], tol) << i;
        ASSERT_NEAR(a->visibleMap->shortUsd[i] + b->visibleMap->shortUsd[i], m.shortUsd[i], tol) << i;
        ASSERT_NEAR(a->tiers.mapLongUsd[0][i], a->visibleMap->longUsd[i], tol);
    }
    // Everything a trader acts on (map, sweep) is the full model's, whatever the layers show.
    EXPECT_EQ(a->map.longUsd, m.longUsd);
    EXPECT_EQ(a->sweep.longUsd, full->sweep.longUsd);
    // The heatmap of a layer is that layer's: two layers add up to the full heatmap, cell by cell.
    const std::size_t cells = full->heatmap.longUsd.size();
    for (std::size_t c = 0; c < cells; c += 97) {
        const double sum = static_cast<double>(a->heatmap.longUsd[c]) + static_cast<double>(b->heatmap.longUsd[c]);
        ASSERT_NEAR(sum, full->heatmap.longUsd[c], 1e-4 * std::max(1.0, static_cast<double>(full->heatmap.longUsd[c])));
    }
    // Shares: tier 0's share of a cell times the cell is tier 0's part of it (to 1/255).
    const TierDetail& detail = a->tiers;
    ASSERT_EQ(detail.shareStride, 1U);
    const std::size_t buckets = static_cast<std::size_t>(full->heatmap.grid.count);
    const std::size_t last = full->heatmap.columns() - 1;
    for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
        const double total = full->heatmap.longAt(last, static_cast<int>(bucket));
        const double share = detail.longShares[(last * buckets + bucket) * 2] / 255.0;
        EXPECT_NEAR(share * total, a->heatmap.longAt(last, static_cast<int>(bucket)), total / 255.0 + 1e-6) << bucket;
    }
}

TEST(Estimator, TierSharesStayWithinTheirMemoryBudget)
{
    const MarketData d = randomMarket(6, 1'000);
    EstimateOptions options;
    options.tierDetail = true;
    options.tierShareBudgetBytes = 64 * 1024;
    const auto r = estimate(d, twoTiers(10), options);
    ASSERT_TRUE(r.ok());
    const TierDetail& detail = r->tiers;
    EXPECT_GT(detail.shareStride, 1U);
    EXPECT_LE(detail.longShares.size() + detail.shortShares.size(),
              options.tierShareBudgetBytes + 2 * 2 * static_cast<std::size_t>(r->heatmap.grid.count));
    EXPECT_FALSE(r->visibleMap.has_value());  // detail alone changes nothing drawn
    EXPECT_FALSE(estimate(d, twoTiers(10),
                          [] {
                              EstimateOptions wrong;
                              wrong.visibleTiers = std::vector<bool>{true};  // two tiers in the model
                              return wrong;
                          }())
                     .ok());
}

TEST(Estimator, CancelAndBadInputGiveErrors)
{
    EstimateOptions options;
    options.progress = [](std::size_t, std::size_t) { return false; };
    const auto cancelled = estimate(randomMarket(1, 100), ModelSettings{}, options);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().code, Error::Code::Cancelled);

    MarketData noOi = randomMarket(1, 10);
    noOi.openInterest = {};
    const auto missing = estimate(noOi, ModelSettings{});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("open interest"), std::string::npos);

    EXPECT_FALSE(estimate(MarketData{}, ModelSettings{}).ok());

    ModelSettings tiny;
    tiny.bucketSize = 0.0001;
    const auto tooFine = estimate(randomMarket(1, 10), tiny);
    ASSERT_FALSE(tooFine.ok());
    EXPECT_NE(tooFine.error().message.find("buckets"), std::string::npos);
}

TEST(Estimator, AutoBucketIsARoundNumberNearATenthOfAPercent)
{
    EXPECT_DOUBLE_EQ(autoBucketSize(77'000), 100.0);
    EXPECT_DOUBLE_EQ(autoBucketSize(30'000), 25.0);
    EXPECT_DOUBLE_EQ(autoBucketSize(2'000), 2.0);
    EXPECT_DOUBLE_EQ(autoBucketSize(0.5), 0.0005);
}

TEST(LiquidationMap, CumulativeCurvesRunOutwardFromPrice)
{
    PriceGrid g{0.0, 10.0, 6};  // buckets 0-10, ..., 50-60; price 35 in bucket 3
    const auto m = makeLiquidationMap(g, 35.0, 0, {1, 2, 3, 0, 0, 0}, {0, 0, 0, 0, 5, 7});
    EXPECT_EQ(m.cumulativeLong, (std::vector<double>{6, 5, 3, 0, 0, 0}));
    EXPECT_EQ(m.cumulativeShort, (std::vector<double>{0, 0, 0, 0, 5, 12}));
    EXPECT_EQ(m.totalLongUsd, 6.0);
    EXPECT_EQ(m.totalShortUsd, 12.0);
}
