// The options of issue 16 (docs/MODEL.md, section 7): each off by default and then identical to
// the plain model bit for bit; closes remove exactly what was asked; the learned mix is causal.

#include "side_book.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

using namespace liqheat;

namespace {

constexpr TimeMs kMinute = 60'000;

/// A random walk with open interest that rises and falls, hourly positioning ratios and 30 minute
/// realized liquidations.
MarketData randomMarket(unsigned seed, int n)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> step(0.0, 0.004);
    std::normal_distribution<double> oiStep(0.0, 0.01);
    std::lognormal_distribution<double> ratio(0.0, 0.3);
    std::exponential_distribution<double> liquidated(1e-5);
    MarketData d;
    d.source.intervalMs = 5 * kMinute;
    double price = 30'000;
    double oi = 1'000;
    for (int i = 0; i < n; ++i) {
        const TimeMs t = static_cast<TimeMs>(i) * 5 * kMinute;
        const double open = price;
        price *= std::exp(step(rng));
        const double wick = std::abs(step(rng)) * price;
        d.candles.time.push_back(t);
        d.candles.open.push_back(open);
        d.candles.high.push_back(std::max(open, price) + wick);
        d.candles.low.push_back(std::min(open, price) - wick);
        d.candles.close.push_back(price);
        oi = std::max(10.0, oi * (1.0 + oiStep(rng)));
        d.openInterest.time.push_back(t);
        d.openInterest.base.push_back(oi);
        if (i % 12 == 0) {
            for (ValueSeries* s :
                 {&d.takerBuySellRatio, &d.longShortRatio, &d.topTraderAccountRatio, &d.topTraderPositionRatio}) {
                s->time.push_back(t);
                s->value.push_back(ratio(rng));
            }
        }
        if (i % 6 == 0) {
            d.liquidations.time.push_back(t);
            d.liquidations.longUsd.push_back(liquidated(rng));
            d.liquidations.shortUsd.push_back(liquidated(rng));
        }
    }
    d.liquidations.intervalMs = 30 * kMinute;
    return d;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) {
            return false;
        }
    }
    return true;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](float x, float y) {
               return std::bit_cast<std::uint32_t>(x) == std::bit_cast<std::uint32_t>(y);
           });
}

EstimateResult run(const MarketData& data, const ModelSettings& settings)
{
    auto r = estimate(data, settings);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return std::move(r).value();
}

}  // namespace

TEST(ModelOptions, TiltZeroIsTodaysModelBitForBit)
{
    const MarketData data = randomMarket(3, 2'000);
    const EstimateResult plain = run(data, ModelSettings{});
    for (const TiltSource source :
         {TiltSource::Taker, TiltSource::Accounts, TiltSource::TopAccounts, TiltSource::TopPositions}) {
        ModelSettings settings;
        settings.sideTilt = 0.0;
        settings.tiltSource = source;
        const EstimateResult tilted = run(data, settings);
        EXPECT_TRUE(sameBits(plain.sweep.longUsd, tilted.sweep.longUsd));
        EXPECT_TRUE(sameBits(plain.sweep.shortUsd, tilted.sweep.shortUsd));
        EXPECT_TRUE(sameBits(plain.heatmap.longUsd, tilted.heatmap.longUsd));
        EXPECT_TRUE(sameBits(plain.heatmap.shortUsd, tilted.heatmap.shortUsd));
    }
}

TEST(ModelOptions, TiltMovesLevelsButBothSidesStillHoldEveryContract)
{
    const MarketData data = randomMarket(4, 2'000);
    ModelSettings settings;
    settings.decayHalfLifeHours = 0.0;
    const EstimateResult plain = run(data, settings);
    settings.sideTilt = 1.0;
    const EstimateResult tilted = run(data, settings);
    EXPECT_FALSE(sameBits(plain.sweep.longUsd, tilted.sweep.longUsd));
    // Opened notional does not depend on the leverage mix: every contract has one long and one
    // short holder, and each side opens dOI x entry.
    EXPECT_NEAR(tilted.longFlow.opened, plain.longFlow.opened, 1e-9 * plain.longFlow.opened);
    EXPECT_NEAR(tilted.shortFlow.opened, plain.shortFlow.opened, 1e-9 * plain.shortFlow.opened);
    EXPECT_NEAR(tilted.longFlow.opened, tilted.shortFlow.opened, 1e-9 * plain.longFlow.opened);
}

TEST(ModelOptions, ClosingWinnersFirstRemovesExactlyTheRequestedAmount)
{
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> units(0.0, 5.0);
    std::uniform_real_distribution<double> entry(90.0, 110.0);
    for (const double blend : {0.0, 0.3, 1.0}) {
        sweep::SideBook book(200);
        for (int k = 0; k < 400; ++k) {
            const double u = units(rng);
            const double e = entry(rng);
            book.add(static_cast<int>(e) + 50, u * e, u, 0);  // level index stands for any level
        }
        book.addOutside(50.0, 0.5);
        book.decay(0.7);  // exercise the per-side scale
        const double before = book.restingBase();
        for (const double request : {1.0, 37.5, 0.25 * before}) {
            const double start = book.restingBase();
            book.closeWinnersFirst(request, 100.0, blend > 0.5, blend, 2.0);
            EXPECT_NEAR(start - book.restingBase(), request, 1e-9 * start) << "blend " << blend;
        }
        // Flow conservation in quote: opened = resting + swept + closed + decayed.
        const FlowTotals flow = book.finish();
        EXPECT_NEAR(flow.opened, flow.resting + flow.swept + flow.closed + flow.decayed, 1e-9 * flow.opened);
    }
}

TEST(ModelOptions, ClosingWinnersFirstKeepsLosersLonger)
{
    // Two long levels of equal size: one entered at 90 (winning at 100), one at 110 (losing 9 %).
    sweep::SideBook book(10);
    book.add(1, 90.0 * 10.0, 10.0, 0);
    book.add(2, 110.0 * 10.0, 10.0, 0);
    book.closeWinnersFirst(5.0, 100.0, true, 1.0, 2.0);
    EXPECT_NEAR(book.restingBase(), 15.0, 1e-12);
    EXPECT_LT(book.quoteAt(1) / 90.0, book.quoteAt(2) / 110.0);  // fewer winners remain
    // Blend 0 is the proportional close.
    sweep::SideBook even(10);
    even.add(1, 90.0 * 10.0, 10.0, 0);
    even.add(2, 110.0 * 10.0, 10.0, 0);
    even.closeWinnersFirst(5.0, 100.0, true, 0.0, 2.0);
    EXPECT_NEAR(even.quoteAt(1) / 90.0, 7.5, 1e-12);
    EXPECT_NEAR(even.quoteAt(2) / 110.0, 7.5, 1e-12);
}

TEST(ModelOptions, EstimateWithEveryOptionKeepsFlowConservationPerSide)
{
    ModelSettings settings;
    settings.entry = EntryPlacement::Profile;
    settings.sideTilt = -1.5;
    settings.tiltSource = TiltSource::Accounts;
    settings.closeWinnersFirst = 0.7;
    settings.learnMix = 0.5;
    settings.learnWindowHours = 48.0;
    settings.learnEveryHours = 6.0;
    const EstimateResult r = run(randomMarket(5, 3'000), settings);
    for (const FlowTotals& f : {r.longFlow, r.shortFlow}) {
        EXPECT_GT(f.closed, 0.0);
        EXPECT_NEAR(f.opened, f.resting + f.swept + f.closed + f.decayed, 1e-9 * f.opened);
    }
}

TEST(ModelOptions, LearnedMixNeverReadsTheFuture)
{
    const MarketData data = randomMarket(6, 3'000);
    ModelSettings settings;
    settings.learnMix = 1.0;
    settings.learnWindowHours = 48.0;
    settings.learnEveryHours = 4.0;
    const EstimateResult learned = run(data, settings);
    ModelSettings off = settings;
    off.learnMix = 0.0;
    EXPECT_FALSE(sameBits(learned.sweep.longUsd, run(data, off).sweep.longUsd)) << "the test needs a mix that moves";

    // Change every realized value from `cut` on: nothing before `cut` may change.
    const TimeMs cut = data.candles.time[1'800];
    MarketData changed = data;
    for (std::size_t k = 0; k < changed.liquidations.size(); ++k) {
        if (changed.liquidations.time[k] >= cut) {
            changed.liquidations.longUsd[k] = 1e9 * static_cast<double>(k % 7);
            changed.liquidations.shortUsd[k] = 1e3 * static_cast<double>(k % 3);
        }
    }
    const EstimateResult future = run(changed, settings);
    const std::size_t buckets = static_cast<std::size_t>(learned.heatmap.grid.count);
    std::size_t differsFrom = data.candles.size();
    for (std::size_t c = 0; c < learned.heatmap.columns(); ++c) {
        const auto at = static_cast<std::ptrdiff_t>(c * buckets);
        const bool same = std::equal(learned.heatmap.longUsd.begin() + at,
                                     learned.heatmap.longUsd.begin() + at + static_cast<std::ptrdiff_t>(buckets),
                                     future.heatmap.longUsd.begin() + at) &&
                          std::equal(learned.heatmap.shortUsd.begin() + at,
                                     learned.heatmap.shortUsd.begin() + at + static_cast<std::ptrdiff_t>(buckets),
                                     future.heatmap.shortUsd.begin() + at);
        if (!same) {
            differsFrom = std::min(differsFrom, learned.heatmap.columnCandle[c]);
        }
    }
    ASSERT_LT(differsFrom, data.candles.size()) << "the changed future must matter later on";
    EXPECT_GE(data.candles.time[differsFrom], cut);
}

TEST(ModelOptions, RoundTripThroughSnapshotJson)
{
    Snapshot snapshot;
    snapshot.data = randomMarket(8, 50);
    snapshot.data.source.symbol = "BTCUSDT";
    snapshot.data.source.exchanges = {"binance"};
    const std::string plainJson = toJson(snapshot);
    EXPECT_EQ(plainJson.find("side_tilt"), std::string::npos) << "options off are not written";
    EXPECT_EQ(plainJson.find(R"("minor":3)"), std::string::npos);

    ModelSettings& m = snapshot.model;
    m.entry = EntryPlacement::Profile;
    m.sideTilt = 0.75;
    m.tiltSource = TiltSource::TopPositions;
    m.closeWinnersFirst = 0.4;
    m.closeLoserScalePercent = 3.5;
    m.learnMix = 0.25;
    m.learnWindowHours = 96.0;
    m.learnEveryHours = 12.0;
    const std::string json = toJson(snapshot);
    EXPECT_NE(json.find(R"("minor":3)"), std::string::npos);
    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->model, m);

    // A 1.2 document may not carry them.
    std::string older = json;
    older.replace(older.find(R"("minor":3)"), 9, R"("minor":2)");
    EXPECT_FALSE(snapshotFromJson(older).ok());
}

TEST(ModelOptions, SettingsOutOfRangeAreRefused)
{
    for (auto change : std::vector<void (*)(ModelSettings&)>{
             [](ModelSettings& s) { s.sideTilt = 9.0; }, [](ModelSettings& s) { s.closeWinnersFirst = 1.5; },
             [](ModelSettings& s) { s.closeLoserScalePercent = 0.0; }, [](ModelSettings& s) { s.learnMix = -0.1; },
             [](ModelSettings& s) { s.learnWindowHours = 0.0; }}) {
        ModelSettings s;
        change(s);
        EXPECT_FALSE(validate(s).ok());
    }
}
