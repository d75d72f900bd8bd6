#include "liqheat/estimate/estimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace liqheat;

namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kStep = 5 * kMinute;

/// Appends a random-walk candle and its open interest, continuing from the last one.
void addRandomCandle(MarketData& d, std::mt19937& rng, double drift = 0.0)
{
    std::normal_distribution<double> step(drift, 0.004);
    std::normal_distribution<double> oiStep(0.0, 0.01);
    const TimeMs t = d.candles.empty() ? 0 : d.candles.time.back() + kStep;
    const double open = d.candles.empty() ? 30'000 : d.candles.close.back();
    const double close = open * std::exp(step(rng));
    const double wick = std::abs(step(rng) - drift) * close;
    d.candles.time.push_back(t);
    d.candles.open.push_back(open);
    d.candles.high.push_back(std::max(open, close) + wick);
    d.candles.low.push_back(std::min(open, close) - wick);
    d.candles.close.push_back(close);
    const double oi = d.openInterest.empty() ? 1'000 : d.openInterest.base.back();
    d.openInterest.time.push_back(t);
    d.openInterest.base.push_back(std::max(10.0, oi * (1.0 + oiStep(rng))));
}

MarketData randomMarket(std::mt19937& rng, int n)
{
    MarketData d;
    d.source.intervalMs = kStep;
    for (int i = 0; i < n; ++i) {
        addRandomCandle(d, rng);
    }
    return d;
}

/// Drops the last `replace` rows (the forming candle and a few before it) and appends
/// `replace + added` fresh ones, as a live refresh through appendNewer would.
MarketData refreshed(const MarketData& base, std::mt19937& rng, int replace, int added, double drift = 0.0)
{
    MarketData d = base;
    const auto keep = d.candles.size() - static_cast<std::size_t>(replace);
    for (auto* v : {&d.candles.open, &d.candles.high, &d.candles.low, &d.candles.close}) {
        v->resize(keep);
    }
    d.candles.time.resize(keep);
    d.openInterest.time.resize(keep);
    d.openInterest.base.resize(keep);
    for (int i = 0; i < replace + added; ++i) {
        addRandomCandle(d, rng, drift);
    }
    return d;
}

ModelSettings settingsFor(EntryPlacement entry, double decay)
{
    ModelSettings s;
    s.entry = entry;
    s.decayHalfLifeHours = decay;
    return s;
}

template <typename T>
bool sameBytes(const std::vector<T>& a, const std::vector<T>& b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expectSameFlow(const FlowTotals& a, const FlowTotals& b)
{
    EXPECT_TRUE(sameBits(a.opened, b.opened));
    EXPECT_TRUE(sameBits(a.swept, b.swept));
    EXPECT_TRUE(sameBits(a.closed, b.closed));
    EXPECT_TRUE(sameBits(a.decayed, b.decayed));
    EXPECT_TRUE(sameBits(a.resting, b.resting));
    EXPECT_TRUE(sameBits(a.outsideGrid, b.outsideGrid));
}

/// Bit-for-bit equality of everything an estimate reports.
void expectIdentical(const EstimateResult& a, const EstimateResult& b)
{
    EXPECT_TRUE(sameBits(a.heatmap.grid.origin, b.heatmap.grid.origin));
    EXPECT_TRUE(sameBits(a.heatmap.grid.size, b.heatmap.grid.size));
    EXPECT_EQ(a.heatmap.grid.count, b.heatmap.grid.count);
    EXPECT_EQ(a.heatmap.columnTime, b.heatmap.columnTime);
    EXPECT_EQ(a.heatmap.columnCandle, b.heatmap.columnCandle);
    EXPECT_TRUE(sameBytes(a.heatmap.longUsd, b.heatmap.longUsd));
    EXPECT_TRUE(sameBytes(a.heatmap.shortUsd, b.heatmap.shortUsd));
    EXPECT_EQ(a.sweep.time, b.sweep.time);
    EXPECT_TRUE(sameBytes(a.sweep.longUsd, b.sweep.longUsd));
    EXPECT_EQ(a.nearPrice.time, b.nearPrice.time);
    EXPECT_TRUE(sameBytes(a.nearPrice.usd, b.nearPrice.usd));
    EXPECT_TRUE(sameBytes(a.sweep.shortUsd, b.sweep.shortUsd));
    EXPECT_TRUE(sameBits(a.map.price, b.map.price));
    EXPECT_EQ(a.map.time, b.map.time);
    EXPECT_TRUE(sameBytes(a.map.longUsd, b.map.longUsd));
    EXPECT_TRUE(sameBytes(a.map.shortUsd, b.map.shortUsd));
    EXPECT_TRUE(sameBytes(a.map.cumulativeLong, b.map.cumulativeLong));
    EXPECT_TRUE(sameBytes(a.map.cumulativeShort, b.map.cumulativeShort));
    EXPECT_TRUE(sameBits(a.map.totalLongUsd, b.map.totalLongUsd));
    EXPECT_TRUE(sameBits(a.map.totalShortUsd, b.map.totalShortUsd));
    expectSameFlow(a.longFlow, b.longFlow);
    expectSameFlow(a.shortFlow, b.shortFlow);
    EXPECT_TRUE(sameBits(a.bucketSize, b.bucketSize));
}

EstimateOptions withGrid(EstimateOptions options, const PriceGrid& grid)
{
    options.grid = grid;
    return options;
}

}  // namespace

TEST(EstimatorIncremental, ResumedEqualsFullRunOnThePreviousGrid)
{
    struct Case {
        EntryPlacement entry;
        double decay;
        std::size_t maxColumns;
        std::size_t lag;
    };
    // One column per candle, and a stride of 2 (the checkpoint candle must end a column).
    for (const Case& c : {Case{EntryPlacement::Spread, 0.0, 0, 48}, Case{EntryPlacement::Close, 6.0, 0, 48},
                          Case{EntryPlacement::Typical, 2.0, 1'000, 48}, Case{EntryPlacement::Spread, 6.0, 0, 0}}) {
        std::mt19937 rng(11);
        const MarketData first = randomMarket(rng, 1'500);
        const ModelSettings settings = settingsFor(c.entry, c.decay);
        EstimateOptions options;
        options.maxColumns = c.maxColumns;
        options.checkpointLag = c.lag;
        const auto previous = estimate(first, settings, options);
        ASSERT_TRUE(previous.ok()) << previous.error().message;
        ASSERT_NE(previous->checkpoint, nullptr);

        // Re-write the last 3 candles (the forming one and two more) and append a few. With a
        // stride of 2 the new count must keep it: 1500 -> 1501 candles. With no lag the checkpoint
        // is the last candle, so nothing may be re-written.
        const int replace = c.lag > 0 ? 3 : 0;
        const int added = c.maxColumns > 0 ? 1 : 7;
        const MarketData second = refreshed(first, rng, replace, added);
        bool resumed = false;
        const auto incremental = estimateIncremental(second, settings, *previous, options, &resumed);
        ASSERT_TRUE(incremental.ok()) << incremental.error().message;
        EXPECT_TRUE(resumed) << "entry " << toString(c.entry) << " decay " << c.decay;
        const auto full = estimate(second, settings, withGrid(options, previous->heatmap.grid));
        ASSERT_TRUE(full.ok()) << full.error().message;
        expectIdentical(*incremental, *full);

        // Again from the incremental result's own checkpoint. That resumes with one column per
        // candle and a lag; with a stride of 2 its checkpoint candle (1452) does not end a column,
        // and with no lag the re-written candle is the checkpoint's, so those run in full.
        const MarketData third = refreshed(second, rng, 2, 5);
        bool again = false;
        const auto next = estimateIncremental(third, settings, *incremental, options, &again);
        ASSERT_TRUE(next.ok()) << next.error().message;
        EXPECT_EQ(again, c.maxColumns == 0 && c.lag > 0);
        const auto nextFull = estimate(third, settings, again ? withGrid(options, previous->heatmap.grid) : options);
        ASSERT_TRUE(nextFull.ok());
        expectIdentical(*next, *nextFull);
    }
}

TEST(EstimatorIncremental, CheckpointFollowsTheLag)
{
    std::mt19937 rng(3);
    const MarketData data = randomMarket(rng, 200);
    EstimateOptions options;
    options.checkpointLag = 48;
    const auto r = estimate(data, ModelSettings{}, options);
    ASSERT_TRUE(r.ok());
    ASSERT_NE(r->checkpoint, nullptr);
    // Resuming with nothing new reproduces the run exactly.
    bool resumed = false;
    const auto same = estimateIncremental(data, ModelSettings{}, *r, options, &resumed);
    ASSERT_TRUE(same.ok());
    EXPECT_TRUE(resumed);
    expectIdentical(*same, *r);

    // Fewer candles than the lag: the checkpoint is after the first candle.
    const MarketData shortData = randomMarket(rng, 10);
    const auto s = estimate(shortData, ModelSettings{}, options);
    ASSERT_TRUE(s.ok());
    ASSERT_NE(s->checkpoint, nullptr);
    // New candles inside the range seen so far (repeats of candle 5), so their levels fit the grid.
    MarketData longer = shortData;
    for (int i = 0; i < 3; ++i) {
        longer.candles.time.push_back(longer.candles.time.back() + kStep);
        longer.candles.open.push_back(shortData.candles.open[5]);
        longer.candles.high.push_back(shortData.candles.high[5]);
        longer.candles.low.push_back(shortData.candles.low[5]);
        longer.candles.close.push_back(shortData.candles.close[5]);
        longer.openInterest.time.push_back(longer.candles.time.back());
        longer.openInterest.base.push_back(longer.openInterest.base.back() * (i == 1 ? 0.97 : 1.02));
    }
    const auto inc = estimateIncremental(longer, ModelSettings{}, *s, options, &resumed);
    ASSERT_TRUE(inc.ok());
    EXPECT_TRUE(resumed);
    expectIdentical(*inc, *estimate(longer, ModelSettings{}, withGrid(options, s->heatmap.grid)));
}

TEST(EstimatorIncremental, FallsBackToAFullRunWhenTheResumeWouldNotBeExact)
{
    std::mt19937 rng(5);
    const MarketData first = randomMarket(rng, 1'000);
    const ModelSettings settings = settingsFor(EntryPlacement::Spread, 6.0);
    EstimateOptions options;
    const auto previous = estimate(first, settings, options);
    ASSERT_TRUE(previous.ok());
    const MarketData appended = refreshed(first, rng, 2, 4);

    const auto expectFallback = [&](const MarketData& data, const ModelSettings& s, const char* why) {
        SCOPED_TRACE(why);
        bool resumed = true;
        const auto inc = estimateIncremental(data, s, *previous, options, &resumed);
        ASSERT_TRUE(inc.ok()) << inc.error().message;
        EXPECT_FALSE(resumed);
        const auto full = estimate(data, s, options);
        ASSERT_TRUE(full.ok());
        expectIdentical(*inc, *full);
    };

    ModelSettings changed = settings;
    changed.decayHalfLifeHours = 12.0;
    expectFallback(appended, changed, "settings changed");

    MarketData early = appended;
    early.candles.close[10] *= 1.0001;
    early.candles.high[10] = std::max(early.candles.high[10], early.candles.close[10]);
    expectFallback(early, settings, "an early candle's price changed");

    MarketData earlyOi = appended;
    earlyOi.openInterest.base[20] *= 1.01;
    expectFallback(earlyOi, settings, "an early open interest sample changed");

    MarketData shifted = appended;
    for (auto& t : shifted.candles.time) {
        t += kStep;
    }
    expectFallback(shifted, settings, "candle times changed");

    // A crash far below anything seen: its levels would fall off the previous grid.
    expectFallback(refreshed(first, rng, 2, 200, -0.01), settings, "new prices outside the grid");

    // No checkpoint (e.g. a default-constructed previous result).
    bool resumed = true;
    const auto none = estimateIncremental(appended, settings, EstimateResult{}, options, &resumed);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(resumed);
    expectIdentical(*none, *estimate(appended, settings, options));
}

TEST(EstimatorIncremental, ForcedGridIsValidatedAndUsed)
{
    std::mt19937 rng(9);
    const MarketData data = randomMarket(rng, 300);
    EstimateOptions options;
    options.grid = PriceGrid{20'000.0, 0.0, 100};
    EXPECT_EQ(estimate(data, ModelSettings{}, options).error().code, Error::Code::InvalidArgument);
    options.grid = PriceGrid{20'000.0, -5.0, 100};
    EXPECT_EQ(estimate(data, ModelSettings{}, options).error().code, Error::Code::InvalidArgument);
    options.grid = PriceGrid{20'000.0, 10.0, 0};
    EXPECT_EQ(estimate(data, ModelSettings{}, options).error().code, Error::Code::InvalidArgument);
    options.grid = PriceGrid{20'000.0, 10.0, options.maxBuckets + 1};
    EXPECT_EQ(estimate(data, ModelSettings{}, options).error().code, Error::Code::InvalidArgument);

    // A valid grid is used as given; levels beyond it count as outside.
    options.grid = PriceGrid{29'000.0, 10.0, 200};
    const auto r = estimate(data, ModelSettings{}, options);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->heatmap.grid.count, 200);
    EXPECT_EQ(r->heatmap.grid.origin, 29'000.0);
    EXPECT_EQ(r->bucketSize, 10.0);
    EXPECT_GT(r->longFlow.outsideGrid, 0.0);
}
