// The local store: de-duplicating writes, revisions, gaps, every series round-trips exactly,
// liquidation orders, and the place of the file.
#include "store_test_support.h"

#include "liqheat/store/market_store.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace liqheat;
using liqheat::test::candlesBetween;
using liqheat::test::kFiveMinutes;
using liqheat::test::kStart;
using liqheat::test::openOf;
using liqheat::test::TempDir;

namespace {

const MarketKey kKey{Exchange::Binance, "BTCUSDT", kFiveMinutes};

MarketStore openStore(const TempDir& dir)
{
    auto store = MarketStore::open(dir.file("market.sqlite"));
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
}

TEST(MarketStore, OverlappingRewriteAddsNoDuplicates)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    auto first = store.writeMarket(kKey, candlesBetween(0, 100));
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->inserted, 100u);
    auto second = store.writeMarket(kKey, candlesBetween(50, 150));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->inserted, 50u);
    EXPECT_EQ(second->unchanged, 50u);
    EXPECT_EQ(second->updated, 0u);

    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    const CandleSeries& c = span->data.candles;
    ASSERT_EQ(c.size(), 150u);
    for (int i = 0; i < 150; ++i) {
        EXPECT_EQ(c.time[i], kStart + i * kFiveMinutes);
        EXPECT_EQ(c.open[i], openOf(i));
        EXPECT_EQ(c.volume[i], 1.0 + i * 0.25);
    }
    EXPECT_TRUE(validate(span->data).ok());
}

TEST(MarketStore, RevisedCandleReplacesTheStoredOne)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    ASSERT_TRUE(store.writeMarket(kKey, candlesBetween(0, 10)).ok());
    // The last candle was still forming: the next fetch brings its final values.
    MarketData revised = candlesBetween(9, 11);
    revised.candles.close[0] = 40'100.0;
    revised.candles.high[0] = 40'110.0;
    auto counts = store.writeMarket(kKey, revised);
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->updated, 1u);
    EXPECT_EQ(counts->inserted, 1u);

    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    ASSERT_EQ(span->data.candles.size(), 11u);
    EXPECT_EQ(span->data.candles.close[9], 40'100.0);
    EXPECT_EQ(span->data.candles.high[9], 40'110.0);
    EXPECT_EQ(span->data.candles.open[9], openOf(9));
}

TEST(MarketStore, AGapStaysAGap)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    ASSERT_TRUE(store.writeMarket(kKey, candlesBetween(0, 10)).ok());
    ASSERT_TRUE(store.writeMarket(kKey, candlesBetween(20, 30)).ok());

    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    const CandleSeries& c = span->data.candles;
    ASSERT_EQ(c.size(), 20u);  // nothing invented for candles 10..19
    EXPECT_EQ(c.time[9], kStart + 9 * kFiveMinutes);
    EXPECT_EQ(c.time[10], kStart + 20 * kFiveMinutes);

    auto ranges = store.candleRanges(kKey);
    ASSERT_TRUE(ranges.ok());
    ASSERT_EQ(ranges->size(), 2u);
    EXPECT_EQ((*ranges)[0].first, kStart);
    EXPECT_EQ((*ranges)[0].last, kStart + 9 * kFiveMinutes);
    EXPECT_EQ((*ranges)[1].first, kStart + 20 * kFiveMinutes);
    EXPECT_EQ((*ranges)[1].last, kStart + 29 * kFiveMinutes);
}

TEST(MarketStore, EverySeriesRoundTripsExactly)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    MarketData data = candlesBetween(0, 24);
    for (int i = 0; i < 24; ++i) {
        const TimeMs t = kStart + i * kFiveMinutes;
        data.openInterest.time.push_back(t);
        data.openInterest.base.push_back(50'000.0 + i / 3.0);  // not a short decimal: checks every bit
        data.openInterest.quote.push_back((50'000.0 + i / 3.0) * 40'000.0);
        data.longShortRatio.time.push_back(t);
        data.longShortRatio.value.push_back(1.0 + i * 0.01);
        data.topTraderAccountRatio.time.push_back(t);
        data.topTraderAccountRatio.value.push_back(1.5 + i * 0.02);
        data.topTraderPositionRatio.time.push_back(t);
        data.topTraderPositionRatio.value.push_back(0.9 + i * 0.03);
        data.takerBuySellRatio.time.push_back(t);
        data.takerBuySellRatio.value.push_back(0.7 + i * 0.05);
        data.liquidations.time.push_back(t);
        data.liquidations.longUsd.push_back(i * 1000.5);
        data.liquidations.shortUsd.push_back(i * 77.25);
    }
    data.liquidations.intervalMs = kFiveMinutes;
    for (int i = 0; i < 3; ++i) {
        data.fundingRate.time.push_back(kStart + i * 28'800'000LL);
        data.fundingRate.value.push_back(0.0001 * (i - 1));
    }
    auto counts = store.writeMarket(kKey, data);
    ASSERT_TRUE(counts.ok()) << counts.error().message;

    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    const MarketData& back = span->data;
    EXPECT_EQ(back.source.symbol, "BTCUSDT");
    EXPECT_EQ(back.source.exchanges, std::vector<std::string>{"binance"});
    EXPECT_EQ(back.source.intervalMs, kFiveMinutes);
    EXPECT_EQ(back.candles.time, data.candles.time);
    EXPECT_EQ(back.candles.high, data.candles.high);
    EXPECT_EQ(back.candles.low, data.candles.low);
    EXPECT_EQ(back.candles.close, data.candles.close);
    EXPECT_EQ(back.candles.volume, data.candles.volume);
    EXPECT_EQ(back.openInterest.time, data.openInterest.time);
    EXPECT_EQ(back.openInterest.base, data.openInterest.base);
    EXPECT_EQ(back.openInterest.quote, data.openInterest.quote);
    EXPECT_EQ(back.longShortRatio.value, data.longShortRatio.value);
    EXPECT_EQ(back.topTraderAccountRatio.value, data.topTraderAccountRatio.value);
    EXPECT_EQ(back.topTraderPositionRatio.value, data.topTraderPositionRatio.value);
    EXPECT_EQ(back.takerBuySellRatio.time, data.takerBuySellRatio.time);
    EXPECT_EQ(back.takerBuySellRatio.value, data.takerBuySellRatio.value);
    EXPECT_EQ(back.fundingRate.time, data.fundingRate.time);
    EXPECT_EQ(back.fundingRate.value, data.fundingRate.value);
    EXPECT_EQ(back.liquidations.time, data.liquidations.time);
    EXPECT_EQ(back.liquidations.longUsd, data.liquidations.longUsd);
    EXPECT_EQ(back.liquidations.shortUsd, data.liquidations.shortUsd);
    EXPECT_EQ(back.liquidations.intervalMs, kFiveMinutes);

    // A span [from, to) reads only its rows; funding belongs to the symbol, so a 1h market of it
    // reads the same funding.
    auto part = store.read(kKey, kStart + 4 * kFiveMinutes, kStart + 8 * kFiveMinutes);
    ASSERT_TRUE(part.ok());
    EXPECT_EQ(part->data.candles.size(), 4u);
    EXPECT_EQ(part->data.openInterest.size(), 4u);
    auto hourly = store.read({Exchange::Binance, "BTCUSDT", 3'600'000});
    ASSERT_TRUE(hourly.ok());
    EXPECT_TRUE(hourly->data.candles.empty());
    EXPECT_EQ(hourly->data.fundingRate.value, data.fundingRate.value);

    auto markets = store.markets();
    ASSERT_TRUE(markets.ok());
    ASSERT_EQ(markets->size(), 1u);  // the 1h market was only read, never written
    EXPECT_EQ((*markets)[0].key.symbol, "BTCUSDT");
    EXPECT_EQ((*markets)[0].key.intervalMs, kFiveMinutes);
}

TEST(MarketStore, LiquidationOrdersAreKeptOnceAndSummedPerInterval)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    ASSERT_TRUE(store.writeMarket(kKey, candlesBetween(0, 4)).ok());
    std::vector<LiquidationOrder> orders{
        {Exchange::Binance, "BTCUSDT", kStart + 1'000, LiquidatedSide::Long, 40'000.0, 0.5, 20'000.0, ""},
        {Exchange::Binance, "BTCUSDT", kStart + 2'000, LiquidatedSide::Short, 40'010.0, 0.25, 10'002.5, ""},
        {Exchange::Binance, "BTCUSDT", kStart + kFiveMinutes + 5, LiquidatedSide::Long, 39'990.0, 1.0, 39'990.0, ""},
        // Same time, side, price and size, but another trade: two orders, not one.
        {Exchange::Bybit, "BTCUSDT", kStart + 1'000, LiquidatedSide::Long, 40'000.0, 0.5, 20'000.0, "a1"},
        {Exchange::Bybit, "BTCUSDT", kStart + 1'000, LiquidatedSide::Long, 40'000.0, 0.5, 20'000.0, "a2"},
    };
    auto first = store.writeLiquidationOrders(orders);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->inserted, 5u);
    auto again = store.writeLiquidationOrders(orders);  // a stream replayed after a reconnect
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->inserted, 0u);
    EXPECT_EQ(again->unchanged, 5u);

    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    ASSERT_EQ(span->orders.size(), 3u);  // Binance's only
    EXPECT_EQ(span->orders[0].side, LiquidatedSide::Long);
    EXPECT_EQ(span->orders[0].baseQty, 0.5);
    EXPECT_EQ(span->orders[1].usd, 10'002.5);
    const LiquidationSeries& sums = span->data.liquidations;
    ASSERT_EQ(sums.size(), 2u);
    EXPECT_EQ(sums.time[0], kStart);
    EXPECT_EQ(sums.longUsd[0], 20'000.0);
    EXPECT_EQ(sums.shortUsd[0], 10'002.5);
    EXPECT_EQ(sums.time[1], kStart + kFiveMinutes);
    EXPECT_EQ(sums.longUsd[1], 39'990.0);
    EXPECT_EQ(sums.intervalMs, kFiveMinutes);

    auto bybit = store.read({Exchange::Bybit, "BTCUSDT", kFiveMinutes});
    ASSERT_TRUE(bybit.ok());
    EXPECT_EQ(bybit->orders.size(), 2u);
}

TEST(MarketStore, InvalidDataIsRefusedWhole)
{
    TempDir dir;
    MarketStore store = openStore(dir);
    MarketData bad = candlesBetween(0, 10);
    bad.candles.low[7] = bad.candles.high[7] + 1.0;
    auto counts = store.writeMarket(kKey, bad);
    ASSERT_FALSE(counts.ok());
    EXPECT_NE(counts.error().message.find("not stored"), std::string::npos);
    auto span = store.read(kKey);
    ASSERT_TRUE(span.ok());
    EXPECT_TRUE(span->data.candles.empty());
}

TEST(MarketStore, DefaultPathFollowsTheEnvironment)
{
    const char* savedStore = std::getenv("LIQHEAT_STORE");
    const char* savedXdg = std::getenv("XDG_DATA_HOME");
    const std::string keepStore = savedStore != nullptr ? savedStore : "";
    const std::string keepXdg = savedXdg != nullptr ? savedXdg : "";

    ::unsetenv("LIQHEAT_STORE");
    ::setenv("XDG_DATA_HOME", "/data/home", 1);
    EXPECT_EQ(defaultStorePath().value(), "/data/home/liqheat/market.sqlite");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
    EXPECT_EQ(defaultStorePath().value(), std::string(std::getenv("HOME")) + "/.local/share/liqheat/market.sqlite");
    ::setenv("LIQHEAT_STORE", "/tmp/x/market.sqlite", 1);
    EXPECT_EQ(defaultStorePath().value(), "/tmp/x/market.sqlite");

    savedStore != nullptr ? ::setenv("LIQHEAT_STORE", keepStore.c_str(), 1) : ::unsetenv("LIQHEAT_STORE");
    savedXdg != nullptr ? ::setenv("XDG_DATA_HOME", keepXdg.c_str(), 1) : ::unsetenv("XDG_DATA_HOME");
}

}  // namespace
