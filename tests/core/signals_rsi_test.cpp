// RSI as a signals input: Wilder's RSI of hand-made closes (worked in the comments) beside a
// hand-made map with a dense cluster on one side.
#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/signals.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace liqheat;

namespace {

constexpr TimeMs kMapTime = 1'000LL * 3'600'000;
constexpr TimeMs kFiveMin = 300'000;

/// Buckets of 1 from 0 to 201, price 100.5, background 0.1M per bucket near the price; a 5M long
/// cluster at 97-98 (2.49 % below) and a 5M short cluster at `shortBucket` (103: 2.49 % above,
/// 101: 0.50 % above; -1: none).
LiquidationMap rsiMap(int shortBucket)
{
    std::vector<double> longs(201, 0.0);
    std::vector<double> shorts(201, 0.0);
    for (int b = 50; b < 100; ++b) {
        longs[static_cast<std::size_t>(b)] = 1e5;
        shorts[static_cast<std::size_t>(b + 51)] = 1e5;
    }
    longs[97] = 5e6;
    if (shortBucket >= 0) {
        shorts[static_cast<std::size_t>(shortBucket)] = 5e6;
    }
    return makeLiquidationMap(PriceGrid{0, 1, 201}, 100.5, kMapTime, longs, shorts);
}

/// Candles whose closes change by `changes` (from 1,000), the last one opening at the map's time.
MarketData closes(const std::vector<double>& changes)
{
    MarketData d;
    double close = 1'000.0;
    const auto n = static_cast<TimeMs>(changes.size());
    for (TimeMs i = 0; i <= n; ++i) {
        const double previous = close;
        if (i > 0) {
            close += changes[static_cast<std::size_t>(i - 1)];
        }
        d.candles.time.push_back(kMapTime - (n - i) * kFiveMin);
        d.candles.open.push_back(previous);
        d.candles.close.push_back(close);
        d.candles.high.push_back(std::max(previous, close) + 0.5);
        d.candles.low.push_back(std::min(previous, close) - 0.5);
    }
    return d;
}

/// Ten gains of 1 and four losses of 1: average gain 10/14, loss 4/14, RS 2.5,
/// RSI = 100 - 100 / 3.5 = 71.43. Mirrored (`up` false): RS 0.4, RSI = 100 - 100 / 1.4 = 28.57.
std::vector<double> tenOfFourteen(bool up)
{
    std::vector<double> c;
    for (int i = 0; i < 14; ++i) {
        c.push_back((i % 7 < 5) == up ? 1.0 : -1.0);  // 5 of every 7 go `up`
    }
    return c;
}

const Signal& rsiSignal(const SignalReport& r)
{
    for (const auto& s : r.results) {
        if (s.id == "rsi_extreme_near_cluster") {
            return s;
        }
    }
    throw std::runtime_error("no rsi_extreme_near_cluster");
}

Result<SignalReport> signals(const MarketData& d, const LiquidationMap& m, const SignalThresholds& t = {})
{
    return evaluateSignals(d, m, findClusters(m), {}, t);
}

}  // namespace

TEST(RsiSignal, OverboughtWithShortsJustAboveFires)
{
    const auto report = signals(closes(tenOfFourteen(true)), rsiMap(103));
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_EQ(report->results.size(), 4U);
    ASSERT_TRUE(report->inputs.rsi.has_value());
    EXPECT_NEAR(*report->inputs.rsi, 100.0 - 100.0 / 3.5, 1e-9);
    EXPECT_EQ(report->inputs.rsiTime, kMapTime);
    const Signal& s = rsiSignal(*report);
    EXPECT_TRUE(s.fired) << s.message;
    EXPECT_EQ(s.severity, Severity::Medium);  // 2.49 % is beyond 3 % / 2
    ASSERT_EQ(s.conditions.size(), 2U);
    EXPECT_EQ(s.conditions[0].name, "rsi");
    EXPECT_EQ(s.conditions[0].comparison, ">=");
    EXPECT_DOUBLE_EQ(s.conditions[0].threshold, 70.0);
    ASSERT_TRUE(s.cluster.has_value());
    EXPECT_EQ(s.cluster->side, Side::Short);
    // The short cluster's edge at 103: (103 - 100.5) / 100.5.
    EXPECT_NEAR(*s.conditions[1].value, 2.5 / 100.5 * 100.0, 1e-9);
    EXPECT_EQ(s.message.rfind("RSI 71.4 >= 70 (overbought) with ", 0), 0U) << s.message;
    EXPECT_NE(s.message.find("short liquidations 2.49 % above the price (103-104)"), std::string::npos) << s.message;
    EXPECT_NE(s.message.find("a further rise would run into them"), std::string::npos) << s.message;
}

TEST(RsiSignal, OversoldWithLongsJustBelowFires)
{
    const auto report = signals(closes(tenOfFourteen(false)), rsiMap(-1));
    ASSERT_TRUE(report.ok());
    EXPECT_NEAR(*report->inputs.rsi, 100.0 - 100.0 / 1.4, 1e-9);
    const Signal& s = rsiSignal(*report);
    EXPECT_TRUE(s.fired) << s.message;
    EXPECT_EQ(s.conditions[0].comparison, "<=");
    EXPECT_DOUBLE_EQ(s.conditions[0].threshold, 30.0);
    EXPECT_EQ(s.cluster->side, Side::Long);
    EXPECT_EQ(s.message.rfind("RSI 28.6 <= 30 (oversold) with ", 0), 0U) << s.message;
    EXPECT_NE(s.message.find("long liquidations 2.49 % below"), std::string::npos) << s.message;
}

TEST(RsiSignal, ClusterWithinHalfTheRangeIsHigh)
{
    // Shorts at 101-102: (101 - 100.5) / 100.5 = 0.50 % <= 3 % / 2.
    const auto report = signals(closes(tenOfFourteen(true)), rsiMap(101));
    ASSERT_TRUE(report.ok());
    const Signal& s = rsiSignal(*report);
    EXPECT_TRUE(s.fired);
    EXPECT_EQ(s.severity, Severity::High);
    EXPECT_NEAR(*s.conditions[1].value, 0.5 / 100.5 * 100.0, 1e-9);
}

TEST(RsiSignal, QuietWhenTheRsiIsNeutralOrTheClusterMissing)
{
    // A 15th change of -2 after the ten-of-fourteen: gain (10/14 x 13) / 14 = 130/196, loss
    // (4/14 x 13 + 2) / 14 = 80/196, RS 1.625, RSI = 100 - 100 / 2.625 = 61.90: neutral, looks up.
    std::vector<double> changes = tenOfFourteen(true);
    changes.push_back(-2.0);
    auto report = signals(closes(changes), rsiMap(103));
    ASSERT_TRUE(report.ok());
    EXPECT_NEAR(*report->inputs.rsi, 100.0 - 100.0 / 2.625, 1e-9);
    const Signal& neutral = rsiSignal(*report);
    EXPECT_FALSE(neutral.fired);
    EXPECT_EQ(neutral.severity, Severity::None);
    EXPECT_EQ(neutral.message, "No RSI extreme near a cluster: RSI 61.9 is not >= 70.");

    // Overbought but no short cluster above: worth a look (Low), not a signal.
    report = signals(closes(tenOfFourteen(true)), rsiMap(-1));
    ASSERT_TRUE(report.ok());
    const Signal& alone = rsiSignal(*report);
    EXPECT_FALSE(alone.fired);
    EXPECT_EQ(alone.severity, Severity::Low);
    EXPECT_EQ(alone.message, "RSI 71.4 >= 70, but no significant short cluster within 10.0 % above the price.");

    // A stricter threshold from SignalThresholds: 71.4 is not >= 75.
    SignalThresholds strict;
    strict.rsiOverbought = 75.0;
    report = signals(closes(tenOfFourteen(true)), rsiMap(103), strict);
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(rsiSignal(*report).fired);
    EXPECT_EQ(rsiSignal(*report).conditions[0].threshold, 75.0);
}

TEST(RsiSignal, UsesOnlyCandlesAtOrBeforeTheMapAndNeedsEnough)
{
    // A candle after the map's time (a +50 jump) does not count.
    MarketData d = closes(tenOfFourteen(true));
    d.candles.time.push_back(kMapTime + kFiveMin);
    d.candles.open.push_back(d.candles.close.back());
    d.candles.close.push_back(d.candles.close.back() + 50.0);
    d.candles.high.push_back(d.candles.close.back() + 0.5);
    d.candles.low.push_back(d.candles.open.back() - 0.5);
    auto report = signals(d, rsiMap(103));
    ASSERT_TRUE(report.ok());
    EXPECT_NEAR(*report->inputs.rsi, 100.0 - 100.0 / 3.5, 1e-9);
    EXPECT_EQ(report->inputs.rsiTime, kMapTime);

    // 14 candles give 13 changes: RSI(14) needs 15 candles.
    std::vector<double> short13 = tenOfFourteen(true);
    short13.pop_back();
    report = signals(closes(short13), rsiMap(103));
    ASSERT_TRUE(report.ok());
    EXPECT_FALSE(report->inputs.rsi.has_value());
    const Signal& s = rsiSignal(*report);
    EXPECT_FALSE(s.fired);
    EXPECT_FALSE(s.conditions[0].available);
    EXPECT_NE(s.notes.front().find("fewer than 15 candles"), std::string::npos) << s.notes.front();
}

TEST(RsiSignal, RejectsThresholdsOutOfRange)
{
    const MarketData d = closes(tenOfFourteen(true));
    for (auto change :
         {+[](SignalThresholds& t) { t.rsiPeriod = 0; }, +[](SignalThresholds& t) { t.rsiOverbought = 40.0; },
          +[](SignalThresholds& t) { t.rsiOversold = 60.0; }, +[](SignalThresholds& t) { t.rsiOverbought = 101.0; }}) {
        SignalThresholds t;
        change(t);
        const auto report = signals(d, rsiMap(103), t);
        ASSERT_FALSE(report.ok());
        EXPECT_NE(report.error().message.find("RSI thresholds"), std::string::npos) << report.error().message;
    }
}
