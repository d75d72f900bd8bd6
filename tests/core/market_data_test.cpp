#include "liqheat/model/market_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace liqheat;

namespace {

MarketData twoCandles()
{
    MarketData d;
    d.candles.time = {0, 300'000};
    d.candles.open = {100, 101};
    d.candles.high = {102, 103};
    d.candles.low = {99, 100};
    d.candles.close = {101, 102};
    d.openInterest.time = {0, 300'000};
    d.openInterest.base = {10, 11};
    return d;
}

std::string messageOf(const MarketData& d)
{
    const auto s = validate(d);
    return s.ok() ? std::string("ok") : s.error().message;
}

}  // namespace

TEST(MarketData, ValidDataPasses) { EXPECT_EQ(messageOf(twoCandles()), "ok"); }

TEST(MarketData, ErrorsNameSeriesRowAndField)
{
    auto d = twoCandles();
    d.candles.high[1] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(messageOf(d), "candles row 1 (high): not a finite number");

    d = twoCandles();
    d.candles.low[0] = -1;
    EXPECT_EQ(messageOf(d), "candles row 0 (low): must be positive, got -1.000000");

    d = twoCandles();
    d.candles.time[1] = 0;
    EXPECT_EQ(messageOf(d), "candles row 1 (time): duplicate timestamp 0");

    d = twoCandles();
    d.openInterest.time = {300'000, 0};
    EXPECT_NE(messageOf(d).find("open_interest row 1 (time): time goes backwards"), std::string::npos);

    d = twoCandles();
    d.openInterest.base = {10, -1};
    EXPECT_NE(messageOf(d).find("open_interest row 1 (base): negative"), std::string::npos);

    d = twoCandles();
    d.candles.close[0] = 150;
    EXPECT_EQ(messageOf(d), "candles row 0 (close): close outside [low, high]");

    d = twoCandles();
    d.candles.open.pop_back();
    EXPECT_EQ(messageOf(d), "candles.open has 1 values but 2 timestamps");

    d = twoCandles();
    d.fundingRate.time = {0};
    d.fundingRate.value = {std::numeric_limits<double>::infinity()};
    EXPECT_EQ(messageOf(d), "funding_rate row 0 (value): not a finite number");

    d = twoCandles();
    d.liquidations.time = {0};
    d.liquidations.longUsd = {5};
    d.liquidations.shortUsd = {-5};
    EXPECT_NE(messageOf(d).find("liquidations row 0 (short_usd)"), std::string::npos);
}

TEST(MarketData, NegativeFundingIsAllowed)
{
    auto d = twoCandles();
    d.fundingRate.time = {0, 28'800'000};
    d.fundingRate.value = {-0.0001, 0.0001};
    EXPECT_EQ(messageOf(d), "ok");
}

TEST(MarketData, IntervalsParseAndFormat)
{
    EXPECT_EQ(parseInterval("5m"), 300'000);
    EXPECT_EQ(parseInterval("8h"), 28'800'000);
    EXPECT_EQ(parseInterval("1d"), 86'400'000);
    EXPECT_EQ(parseInterval("5x"), 0);
    EXPECT_EQ(parseInterval("m"), 0);
    EXPECT_EQ(parseInterval("-5m"), 0);
    EXPECT_EQ(formatInterval(300'000), "5m");
    EXPECT_EQ(formatInterval(1'800'000), "30m");
    EXPECT_EQ(formatInterval(86'400'000), "1d");
    EXPECT_EQ(medianSpacing({0, 5, 10, 100, 105}), 5);
    auto d = twoCandles();
    EXPECT_EQ(d.candleIntervalMs(), 300'000);
}

TEST(MarketData, AppendNewerReplacesTheFormingCandleAndKeepsHistory)
{
    MarketData base = twoCandles();
    base.fundingRate.time = {0};
    base.fundingRate.value = {0.0001};
    MarketData newer;
    // Re-fetch of the second candle (it was still forming) plus a third one.
    newer.candles.time = {300'000, 600'000};
    newer.candles.open = {101, 102};
    newer.candles.high = {104, 103};
    newer.candles.low = {100, 101};
    newer.candles.close = {103, 102.5};
    newer.openInterest.time = {300'000, 600'000};
    newer.openInterest.base = {12, 13};
    const MarketData merged = appendNewer(base, newer);
    EXPECT_EQ(merged.candles.time, (std::vector<TimeMs>{0, 300'000, 600'000}));
    EXPECT_EQ(merged.candles.high, (std::vector<double>{102, 104, 103}));
    EXPECT_EQ(merged.candles.close, (std::vector<double>{101, 103, 102.5}));
    EXPECT_EQ(merged.openInterest.base, (std::vector<double>{10, 12, 13}));
    EXPECT_EQ(merged.fundingRate.value, base.fundingRate.value);  // newer had none: kept
    EXPECT_TRUE(validate(merged).ok());
    // Nothing new: unchanged.
    EXPECT_EQ(appendNewer(base, MarketData{}).candles.time, base.candles.time);
}

TEST(MarketData, TopTraderRatiosAreValidatedAndAppended)
{
    auto d = twoCandles();
    d.topTraderAccountRatio.time = {0, 3'600'000};
    d.topTraderAccountRatio.value = {2.18744443, 1.5};
    d.topTraderPositionRatio.time = {0};
    d.topTraderPositionRatio.value = {1.551018};
    EXPECT_EQ(messageOf(d), "ok");

    auto bad = d;
    bad.topTraderPositionRatio.value = {-0.5};
    EXPECT_NE(messageOf(bad).find("top_trader_position_ratio row 0 (value): negative"), std::string::npos)
        << messageOf(bad);
    bad = d;
    bad.topTraderAccountRatio.time = {3'600'000, 0};
    EXPECT_NE(messageOf(bad).find("top_trader_account_ratio row 1 (time)"), std::string::npos) << messageOf(bad);

    // A refresh replaces the hour that was re-fetched and keeps the older rows.
    MarketData newer;
    newer.topTraderAccountRatio.time = {3'600'000, 7'200'000};
    newer.topTraderAccountRatio.value = {1.6, 1.7};
    const MarketData merged = appendNewer(d, newer);
    EXPECT_EQ(merged.topTraderAccountRatio.time, (std::vector<TimeMs>{0, 3'600'000, 7'200'000}));
    EXPECT_EQ(merged.topTraderAccountRatio.value, (std::vector<double>{2.18744443, 1.6, 1.7}));
    EXPECT_EQ(merged.topTraderPositionRatio.value, d.topTraderPositionRatio.value);  // newer had none: kept
}
