#include "liqheat/estimate/calibration.h"
#include "liqheat/estimate/estimator.h"

#include "random_market.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace liqheat;

namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kT0 = 1'780'000'200'000;  // a multiple of 5 minutes (2026-05-28)

void addCandle(MarketData& d, TimeMs t, double o, double h, double l, double c)
{
    d.candles.time.push_back(t);
    d.candles.open.push_back(o);
    d.candles.high.push_back(h);
    d.candles.low.push_back(l);
    d.candles.close.push_back(c);
}

/// The estimator tests' random walk, from kT0.
MarketData randomMarket(unsigned seed, int n) { return test::randomMarket(seed, n, kT0); }

/// Realized liquidations equal to the estimate summed per 30 minutes: a perfect estimate.
void realizeFromSweep(MarketData& d, const SweepSeries& sweep)
{
    d.liquidations = {};
    d.liquidations.intervalMs = 30 * kMinute;
    for (std::size_t i = 0; i + 6 <= sweep.time.size(); i += 6) {
        double l = 0.0;
        double s = 0.0;
        for (std::size_t k = i; k < i + 6; ++k) {
            l += sweep.longUsd[k];
            s += sweep.shortUsd[k];
        }
        d.liquidations.time.push_back(sweep.time[i]);
        d.liquidations.longUsd.push_back(l);
        d.liquidations.shortUsd.push_back(s);
    }
}

SweepSeries sweepOf(const MarketData& d, std::vector<double> longUsd, std::vector<double> shortUsd)
{
    return SweepSeries{d.candles.time, std::move(longUsd), std::move(shortUsd)};
}

/// Candles at minutes 0,5,10 | 15,20,25 | 30,_,40 | 45 after kT0 (35 is missing) and realized
/// rows every 15 minutes from -15 to 45.
MarketData gappyMarket()
{
    MarketData d;
    d.source.intervalMs = 5 * kMinute;
    addCandle(d, kT0 + 0 * kMinute, 100, 102, 99, 101);
    addCandle(d, kT0 + 5 * kMinute, 101, 104, 97, 98);
    addCandle(d, kT0 + 10 * kMinute, 98, 101, 98, 100);
    addCandle(d, kT0 + 15 * kMinute, 100, 100, 90, 95);
    addCandle(d, kT0 + 20 * kMinute, 95, 96, 94, 95);
    addCandle(d, kT0 + 25 * kMinute, 95, 110, 95, 108);
    addCandle(d, kT0 + 30 * kMinute, 108, 109, 107, 108);
    addCandle(d, kT0 + 40 * kMinute, 108, 109, 107, 108);
    addCandle(d, kT0 + 45 * kMinute, 108, 109, 107, 108);
    d.liquidations.intervalMs = 15 * kMinute;
    for (int m = -15; m <= 45; m += 15) {
        d.liquidations.time.push_back(kT0 + m * kMinute);
        d.liquidations.longUsd.push_back(1000.0 + m);
        d.liquidations.shortUsd.push_back(2000.0 + m);
    }
    return d;
}

const std::vector<double> kGappyLong{1, 2, 3, 10, 20, 30, 100, 200, 1000};
const std::vector<double> kGappyShort{4, 5, 6, 40, 50, 60, 400, 500, 4000};

}  // namespace

// --- rank statistics ----------------------------------------------------------------------------

TEST(Calibration, AverageRanksShareTies)
{
    EXPECT_EQ(averageRanks({10, 20, 20, 30}), (std::vector<double>{1, 2.5, 2.5, 4}));
    EXPECT_EQ(averageRanks({3, 1, 4, 1, 5}), (std::vector<double>{3, 1.5, 4, 1.5, 5}));
    EXPECT_EQ(averageRanks({7, 7, 7}), (std::vector<double>{2, 2, 2}));
    // Ranks 2..4 tied: (2 + 3 + 4) / 3 = 3.
    EXPECT_EQ(averageRanks({0, 5, 5, 5, 9}), (std::vector<double>{1, 3, 3, 3, 5}));
    EXPECT_TRUE(averageRanks({}).empty());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(averageRanks({nan, 2, 1}), (std::vector<double>{3, 2, 1}));  // NaN ranks last, no crash
}

TEST(Calibration, SpearmanByHand)
{
    // No ties: d = rank differences {-1, 1, -1, 1, 0}, 1 - 6 * 4 / (5 * 24) = 0.8.
    EXPECT_NEAR(*spearman({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}), 0.8, 1e-12);
    // Monotone but not linear: ranks agree exactly.
    EXPECT_NEAR(*spearman({1, 2, 3, 4}, {1, 8, 27, 64}), 1.0, 1e-12);
    EXPECT_NEAR(*spearman({1, 2, 3, 4}, {64, 27, 8, 1}), -1.0, 1e-12);
    // Ties: y ranks {1, 2, 3.5, 5, 3.5}; deviations from 3: x {-2,-1,0,1,2}, y {-2,-1,0.5,2,0.5};
    // sum xy = 8, sum xx = 10, sum yy = 9.5 -> 8 / sqrt(95). (The no-tie shortcut would give 0.825.)
    EXPECT_NEAR(*spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}), 8.0 / std::sqrt(95.0), 1e-12);
}

TEST(Calibration, UndefinedCorrelationsAreEmptyNotNaN)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(spearman({1, 2, 3}, {4, 4, 4}).has_value());    // constant
    EXPECT_FALSE(spearman({1, 2, 3}, {1, 2}).has_value());       // sizes differ
    EXPECT_FALSE(spearman({1, 2}, {1, 2}).has_value());          // too few points
    EXPECT_FALSE(spearman({1, nan, 3}, {1, 2, 3}).has_value());  // not finite
    EXPECT_FALSE(spearman({}, {}).has_value());
    EXPECT_FALSE(pearson({1, 2, 3}, {1, 2, std::numeric_limits<double>::infinity()}).has_value());
}

TEST(Calibration, PartialCorrelationByHand)
{
    // (0.5 - 0.25) / sqrt(0.75 * 0.75) = 1/3.
    EXPECT_NEAR(*partialCorrelation(0.5, 0.5, 0.5), 1.0 / 3.0, 1e-12);
    // No relation to the control: the partial is the plain correlation.
    EXPECT_NEAR(*partialCorrelation(0.4, 0.0, 0.0), 0.4, 1e-12);
    // x and y only related through z: nothing left.
    EXPECT_NEAR(*partialCorrelation(0.25, 0.5, 0.5), 0.0, 1e-12);
    EXPECT_FALSE(partialCorrelation(0.5, 1.0, 0.3).has_value());
    EXPECT_FALSE(partialCorrelation(std::nullopt, 0.2, 0.3).has_value());

    // Deviations from the mean rank 3: x {-2,-1,0,1,2}, y {-1,-2,1,0,2}, z {-2,0,-1,2,1}, each with
    // sum of squares 10: r_xy = 8/10, r_xz = 8/10, r_yz = 3/10.
    const std::vector<double> x{1, 2, 3, 4, 5};
    const std::vector<double> y{2, 1, 4, 3, 5};
    const std::vector<double> z{1, 3, 2, 5, 4};
    const double expected = (0.8 - 0.8 * 0.3) / std::sqrt((1 - 0.64) * (1 - 0.09));
    EXPECT_NEAR(*partialSpearman(x, y, z), expected, 1e-12);
    // Ranks only: monotone transforms change nothing.
    std::vector<double> x3;
    std::vector<double> zExp;
    for (std::size_t i = 0; i < x.size(); ++i) {
        x3.push_back(x[i] * x[i] * x[i]);
        zExp.push_back(std::exp(z[i]));
    }
    EXPECT_NEAR(*partialSpearman(x3, y, zExp), expected, 1e-12);
    EXPECT_FALSE(partialSpearman(x, y, x).has_value());  // the control is x itself
}

TEST(Calibration, TopShareByHandWithTies)
{
    const std::vector<double> realized{10, 0, 0, 0, 0, 0, 0, 0, 0, 30};
    EXPECT_NEAR(*topShare({9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, realized, 0.1), 10.0 / 40.0, 1e-12);
    EXPECT_NEAR(*topShare({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, realized, 0.1), 30.0 / 40.0, 1e-12);
    EXPECT_NEAR(*topShare(realized, realized, 0.2), 1.0, 1e-12);
    // k = 2 of 5: the 5 is in, one of the three tied 3s: (1 + 9 / 3) / 20.
    EXPECT_NEAR(*topShare({5, 3, 3, 3, 1}, {1, 2, 3, 4, 10}, 0.4), 0.2, 1e-12);
    // All tied: the random-ranking expectation, the fraction itself.
    EXPECT_NEAR(*topShare({1, 1, 1, 1}, {4, 0, 0, 0}, 0.25), 0.25, 1e-12);
    EXPECT_FALSE(topShare({1, 2, 3}, {0, 0, 0}, 0.1).has_value());
    EXPECT_FALSE(topShare({1, 2, 3}, {1, 2, 3}, 0.0).has_value());
    EXPECT_FALSE(topShare({1, 2}, {1, 2, 3}, 0.1).has_value());
}

// --- aggregation ---------------------------------------------------------------------------------

TEST(Calibration, AggregatesCandlesToCoarserIntervalsAndDropsIncompleteOnes)
{
    const MarketData d = gappyMarket();
    CalibrationOptions options;
    options.warmupHours = 0.0;
    const auto a = alignToRealized(d, sweepOf(d, kGappyLong, kGappyShort), options);
    ASSERT_TRUE(a.ok()) << a.error().message;
    // [-15, 0): no candles; [30, 45): 35 is missing; [45, 60): only one of three candles.
    ASSERT_EQ(a->size(), 2U);
    EXPECT_EQ(a->skippedUncovered, 3U);
    EXPECT_EQ(a->intervalMs, 15 * kMinute);
    EXPECT_EQ(a->time, (std::vector<TimeMs>{kT0, kT0 + 15 * kMinute}));
    EXPECT_EQ(a->estimatedLong, (std::vector<double>{1 + 2 + 3, 10 + 20 + 30}));
    EXPECT_EQ(a->estimatedShort, (std::vector<double>{4 + 5 + 6, 40 + 50 + 60}));
    EXPECT_EQ(a->realizedLong, (std::vector<double>{1000, 1015}));
    EXPECT_EQ(a->realizedShort, (std::vector<double>{2000, 2015}));
    // [0, 15): open 100, high 104, low 97. [15, 30): open 100, high 110, low 90.
    EXPECT_NEAR(a->longExcursion[0], 0.03, 1e-12);
    EXPECT_NEAR(a->shortExcursion[0], 0.04, 1e-12);
    EXPECT_NEAR(a->longExcursion[1], 0.10, 1e-12);
    EXPECT_NEAR(a->shortExcursion[1], 0.10, 1e-12);
}

TEST(Calibration, WarmupAndWindowSkipCoveredIntervals)
{
    const MarketData d = gappyMarket();
    const SweepSeries sweep = sweepOf(d, kGappyLong, kGappyShort);
    CalibrationOptions options;
    options.warmupHours = 0.25;  // the first candle + 15 min: the interval at 0 is warm-up
    auto a = alignToRealized(d, sweep, options);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->time, (std::vector<TimeMs>{kT0 + 15 * kMinute}));
    EXPECT_EQ(a->skippedWarmup, 1U);

    options.warmupHours = 0.0;
    options.to = kT0 + 15 * kMinute;  // [from, to): the interval starting at `to` is out
    a = alignToRealized(d, sweep, options);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->time, (std::vector<TimeMs>{kT0}));
    EXPECT_EQ(a->skippedOutsideWindow, 1U);
}

// --- skill against realized ----------------------------------------------------------------------

TEST(Calibration, PerfectEstimateScoresOne)
{
    MarketData d = randomMarket(11, 3'000);
    const auto est = estimate(d, ModelSettings{});
    ASSERT_TRUE(est.ok()) << est.error().message;
    realizeFromSweep(d, est->sweep);
    CalibrationOptions options;
    options.warmupHours = 0.0;
    const auto r = calibrate(d, *est, options);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->intervals, 500U);
    EXPECT_NEAR(r->noiseLevel, 2.0 / std::sqrt(500.0), 1e-12);
    for (const SideCalibration* s : {&r->longs, &r->shorts}) {
        ASSERT_TRUE(s->spearman && s->partialSpearman && s->topShare && s->bestTopShare);
        EXPECT_NEAR(*s->spearman, 1.0, 1e-12);
        EXPECT_NEAR(*s->partialSpearman, 1.0, 1e-9);
        EXPECT_NEAR(*s->topShare, *s->bestTopShare, 1e-12);
        EXPECT_NEAR(s->estimatedUsd, s->realizedUsd, 1e-9 * s->realizedUsd);
        EXPECT_EQ(s->intervals, 500U);
    }

    // Only the order matters: a monotone distortion of the realized amounts is still perfect.
    for (double& v : d.liquidations.longUsd) {
        v = 3.0 * std::sqrt(v);
    }
    const auto distorted = calibrate(d, *est, options);
    ASSERT_TRUE(distorted.ok());
    EXPECT_NEAR(*distorted->longs.spearman, 1.0, 1e-12);

    const std::string reading = describe(*r);
    EXPECT_EQ(reading.find('\n'), std::string::npos);
    EXPECT_NE(reading.find("Longs: "), std::string::npos) << reading;
    EXPECT_NE(reading.find("Shorts: "), std::string::npos) << reading;
    EXPECT_NE(reading.find("rho 1.00"), std::string::npos) << reading;
}

TEST(Calibration, ShuffledEstimateScoresNearZero)
{
    MarketData d = randomMarket(12, 3'000);
    const auto est = estimate(d, ModelSettings{});
    ASSERT_TRUE(est.ok());
    realizeFromSweep(d, est->sweep);
    // The same amounts in a random order: any remaining correlation is chance, whose standard
    // deviation under independence is 1 / sqrt(n - 1).
    std::mt19937 rng(2026);
    std::shuffle(d.liquidations.longUsd.begin(), d.liquidations.longUsd.end(), rng);
    std::shuffle(d.liquidations.shortUsd.begin(), d.liquidations.shortUsd.end(), rng);
    CalibrationOptions options;
    options.warmupHours = 0.0;
    const auto r = calibrate(d, *est, options);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const double tolerance = 3.0 / std::sqrt(static_cast<double>(r->intervals) - 1.0);
    ASSERT_TRUE(r->longs.spearman && r->shorts.spearman);
    EXPECT_LT(std::abs(*r->longs.spearman), tolerance);
    EXPECT_LT(std::abs(*r->shorts.spearman), tolerance);
    EXPECT_LT(std::abs(*r->longs.partialSpearman), tolerance);
    EXPECT_LT(std::abs(*r->shorts.partialSpearman), tolerance);
}

TEST(Calibration, ConstantEstimateHasNoReadingButNoCrash)
{
    CalibrationOptions options;
    options.warmupHours = 0.0;
    MarketData wider = gappyMarket();
    // Three covered intervals: candles every 5 minutes from 0 to 40.
    wider.candles = {};
    for (int m = 0; m < 45; m += 5) {
        addCandle(wider, kT0 + m * kMinute, 100, 101 + m, 99 - m / 10.0, 100);
    }
    const std::vector<double> zeros(wider.candles.size(), 0.0);
    const auto r = calibrate(wider, sweepOf(wider, zeros, zeros), options);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->intervals, 3U);
    EXPECT_FALSE(r->longs.spearman.has_value());
    EXPECT_FALSE(r->longs.partialSpearman.has_value());
    EXPECT_NEAR(*r->longs.topShare, 1.0 / 3.0, 1e-12);  // k = 1 of 3, all tied: a third of each
    EXPECT_NE(describe(*r).find("no reading"), std::string::npos) << describe(*r);
}

TEST(Calibration, ErrorsAreOneClearLine)
{
    const MarketData d = gappyMarket();
    const SweepSeries sweep = sweepOf(d, kGappyLong, kGappyShort);
    auto expectError = [](const Result<CalibrationReport>& r, Error::Code code, const std::string& words) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, code) << r.error().message;
        EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    };
    CalibrationOptions noWarmup;
    noWarmup.warmupHours = 0.0;

    MarketData noRealized = d;
    noRealized.liquidations = {};
    expectError(calibrate(noRealized, sweep, noWarmup), Error::Code::NotFound, "no realized liquidations");

    MarketData before = d;
    for (TimeMs& t : before.liquidations.time) {
        t -= 24 * 60 * kMinute;  // a day before the candles
    }
    expectError(calibrate(before, sweep, noWarmup), Error::Code::InvalidData, "no overlap");

    expectError(calibrate(d, sweep, CalibrationOptions{}), Error::Code::InvalidData, "warm-up");
    expectError(calibrate(d, sweep, noWarmup), Error::Code::InvalidData, "only 2 realized intervals");

    MarketData oddInterval = d;
    oddInterval.liquidations.intervalMs = 7 * kMinute;
    expectError(calibrate(oddInterval, sweep, noWarmup), Error::Code::InvalidData, "whole number of candle");

    expectError(calibrate(d, SweepSeries{}, noWarmup), Error::Code::InvalidArgument, "0 rows for 9 candles");

    MarketData noCandles = d;
    noCandles.candles = {};
    expectError(calibrate(noCandles, SweepSeries{}, noWarmup), Error::Code::InvalidData, "no candles");

    MarketData nan = d;
    nan.liquidations.longUsd[1] = std::numeric_limits<double>::quiet_NaN();
    expectError(calibrate(nan, sweep, noWarmup), Error::Code::InvalidData, "row 2: not a finite number");

    CalibrationOptions bad = noWarmup;
    bad.warmupHours = -1.0;
    expectError(calibrate(d, sweep, bad), Error::Code::InvalidArgument, "warm-up");
    bad = noWarmup;
    bad.from = kT0;
    bad.to = kT0;
    expectError(calibrate(d, sweep, bad), Error::Code::InvalidArgument, "window is empty");
    bad = noWarmup;
    bad.topFraction = 1.5;
    expectError(calibrate(d, sweep, bad), Error::Code::InvalidArgument, "top fraction");
}
