// Fetching through the local store against a fake exchange: the second fetch asks only for the
// missing tail, and `fetch` then `export-snapshot` gives back exactly what the server served.
#include "../support/temp_dir.h"
#include "fake_exchange.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/live/http_client.h"
#include "liqheat/sync/stored_fetch.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace liqheat;
using namespace liqheat::test;
using nlohmann::json;

namespace {

constexpr TimeMs kFive = 300'000;
constexpr TimeMs kHour = 3'600'000;
constexpr TimeMs kDay = 86'400'000;

TimeMs presentFiveMinutes() { return nowUtcMs() / kFive * kFive; }

FetchRequest binanceRequest(const FakeExchange& server, TimeMs end, TimeMs span)
{
    FetchRequest r;
    r.exchange = "binance";
    r.symbol = "BTCUSDT";
    r.interval = "5m";
    r.end = end;
    r.now = end;
    r.spanMs = span;
    r.baseUrls["binance"] = server.url();
    r.paceRequests = false;
    return r;
}

/// Every row of `data` is the fake market's value at its time; candles one every 5m, no repeats.
void expectServedSeries(const MarketData& data)
{
    const CandleSeries& c = data.candles;
    ASSERT_FALSE(c.empty());
    for (std::size_t i = 0; i < c.size(); ++i) {
        const TimeMs t = c.time[i];
        if (i > 0) {
            ASSERT_EQ(t - c.time[i - 1], kFive) << "candle " << i;
        }
        ASSERT_EQ(c.open[i], Sim::open(t));
        ASSERT_EQ(c.high[i], Sim::high(t));
        ASSERT_EQ(c.low[i], Sim::low(t));
        ASSERT_EQ(c.close[i], Sim::close(t));
        ASSERT_EQ(c.volume[i], Sim::volume(t));
    }
    const OpenInterestSeries& oi = data.openInterest;
    ASSERT_FALSE(oi.empty());
    for (std::size_t i = 0; i < oi.size(); ++i) {
        ASSERT_EQ(oi.base[i], Sim::openInterest(oi.time[i]));
        if (!oi.quote.empty()) {
            ASSERT_EQ(oi.quote[i], Sim::openInterestUsd(oi.time[i]));
        }
    }
    ASSERT_FALSE(data.fundingRate.empty());
    for (std::size_t i = 0; i < data.fundingRate.size(); ++i) {
        ASSERT_EQ(data.fundingRate.value[i], Sim::funding(data.fundingRate.time[i]));
    }
    ASSERT_FALSE(data.longShortRatio.empty());
    for (std::size_t i = 0; i < data.longShortRatio.size(); ++i) {
        ASSERT_EQ(data.longShortRatio.value[i], Sim::longShort(data.longShortRatio.time[i]));
    }
    ASSERT_FALSE(data.takerBuySellRatio.empty());
    for (std::size_t i = 0; i < data.takerBuySellRatio.size(); ++i) {
        ASSERT_EQ(data.takerBuySellRatio.value[i], Sim::taker(data.takerBuySellRatio.time[i]));
    }
}

TEST(StoredFetch, TheSecondFetchAsksOnlyForTheMissingTail)
{
    TempDir dir;
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    const TimeMs earlier = presentFiveMinutes() - 2 * kHour;
    const TimeMs later = earlier + 2 * kHour;

    FakeExchange first(earlier);
    auto one = fetchThroughStore(*store, binanceRequest(first, earlier, kDay));
    ASSERT_TRUE(one.ok()) << one.error().message;
    ASSERT_EQ(one->pieces.size(), 1u);
    EXPECT_EQ(one->pieces[0].why, "all");
    EXPECT_EQ(one->fetch.merged.candles.size(), 288u);
    EXPECT_EQ(one->written.updated, 0u);
    EXPECT_EQ(one->written.unchanged, 0u);

    // Two hours on: the same day-long span asks the exchange only for what came since.
    FakeExchange second(later);
    auto two = fetchThroughStore(*store, binanceRequest(second, later, kDay));
    ASSERT_TRUE(two.ok()) << two.error().message;
    ASSERT_EQ(two->pieces.size(), 1u);
    EXPECT_EQ(two->pieces[0].why, "tail");
    const TimeMs lastStored = earlier - kFive;
    EXPECT_EQ(two->pieces[0].from, lastStored);
    for (const auto& query : second.queries("/fapi/v1/klines")) {
        ASSERT_TRUE(query.count("startTime"));
        EXPECT_GE(std::stoll(query.at("startTime")), lastStored) << "klines asked again for stored candles";
    }
    EXPECT_EQ(second.hits("/fapi/v1/klines"), 1);
    EXPECT_LE(two->fetch.requests, one->fetch.requests);
    // The answer is the whole day, read back from the store: stored and new rows joined.
    EXPECT_EQ(two->fetch.merged.candles.size(), 288u);
    EXPECT_EQ(two->fetch.merged.candles.time.back(), later - kFive);
    // The fake serves the same values again: the re-fetched rows change nothing.
    EXPECT_EQ(two->written.updated, 0u);
    EXPECT_GE(two->written.unchanged, 1u);
    expectServedSeries(two->fetch.merged);

    // A span reaching a day further back than anything stored fetches that head, and the
    // answer reaches over both.
    FakeExchange third(later);
    auto three = fetchThroughStore(*store, binanceRequest(third, later, 2 * kDay));
    ASSERT_TRUE(three.ok()) << three.error().message;
    ASSERT_FALSE(three->pieces.empty());
    EXPECT_EQ(three->pieces[0].why, "head");
    EXPECT_EQ(three->fetch.merged.candles.size(), 576u);
    expectServedSeries(three->fetch.merged);
}

/// A store holding [base - 1 day, base) and [base + 1 day, base + 2 days): a one-day hole, as
/// when the app was closed for a day between two fetches.
void storeTwoRunsWithAHole(MarketStore& store, TimeMs base)
{
    FakeExchange before(base);
    ASSERT_TRUE(fetchThroughStore(store, binanceRequest(before, base, kDay)).ok());
    FakeExchange after(base + 2 * kDay);
    auto second = fetchThroughStore(store, binanceRequest(after, base + 2 * kDay, kDay));
    ASSERT_TRUE(second.ok()) << second.error().message;
    auto ranges = store.candleRanges({Exchange::Binance, "BTCUSDT", kFive});
    ASSERT_TRUE(ranges.ok());
    ASSERT_EQ(ranges->size(), 2u);
    ASSERT_EQ((*ranges)[0].last, base - kFive);
    ASSERT_EQ((*ranges)[1].first, base + kDay);
}

TEST(StoredFetch, AHoleBetweenStoredRunsIsFetched)
{
    TempDir dir;
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    const TimeMs base = presentFiveMinutes() - 3 * kDay;
    storeTwoRunsWithAHole(*store, base);

    FakeExchange server(base + 2 * kDay);
    auto all = fetchThroughStore(*store, binanceRequest(server, base + 2 * kDay, 3 * kDay));
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->pieces.size(), 2u);
    EXPECT_EQ(all->pieces[0].why, "gap");
    EXPECT_EQ(all->pieces[0].from, base);
    EXPECT_EQ(all->pieces[0].to, base + kDay);
    EXPECT_EQ(all->pieces[1].why, "tail");
    // Three whole days of 5 min candles, one every 5 min, each the value the exchange served.
    EXPECT_EQ(all->fetch.merged.candles.size(), 3u * 288u);
    expectServedSeries(all->fetch.merged);
    auto ranges = store->candleRanges({Exchange::Binance, "BTCUSDT", kFive});
    ASSERT_TRUE(ranges.ok());
    EXPECT_EQ(ranges->size(), 1u);
}

TEST(StoredFetch, AHoleRunningIntoTheTailIsFetchedUpToIt)
{
    // A day stored, then nothing for two days but one candle (a refresh that stored only it):
    // open interest lags, so the tail starts a day before that candle, inside the hole.
    TempDir dir;
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    const TimeMs base = presentFiveMinutes() - 3 * kDay;
    FakeExchange before(base);
    ASSERT_TRUE(fetchThroughStore(*store, binanceRequest(before, base, kDay)).ok());
    const TimeMs lone = base + 2 * kDay;
    MarketData one;
    one.candles.time = {lone};
    one.candles.open = {Sim::open(lone)};
    one.candles.high = {Sim::high(lone)};
    one.candles.low = {Sim::low(lone)};
    one.candles.close = {Sim::close(lone)};
    one.candles.volume = {Sim::volume(lone)};
    auto written = store->writeMarket({Exchange::Binance, "BTCUSDT", kFive}, one);
    ASSERT_TRUE(written.ok()) << written.error().message;

    FakeExchange server(lone + kFive);
    auto all = fetchThroughStore(*store, binanceRequest(server, lone + kFive, 3 * kDay + kFive));
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->pieces.size(), 2u);
    EXPECT_EQ(all->pieces[0].why, "gap");
    EXPECT_EQ(all->pieces[0].from, base);
    EXPECT_EQ(all->pieces[1].why, "tail");
    EXPECT_EQ(all->pieces[0].to, all->pieces[1].from);
    EXPECT_EQ(all->fetch.merged.candles.size(), 3u * 288u + 1u);
    expectServedSeries(all->fetch.merged);
}

TEST(StoredFetch, AHoleTheExchangeAlsoLacksStaysAGapAndTheFetchSucceeds)
{
    TempDir dir;
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    const TimeMs base = presentFiveMinutes() - 3 * kDay;
    storeTwoRunsWithAHole(*store, base);

    // An exchange whose own candles have the same hole (maintenance, say).
    CandleSeries served;
    for (TimeMs t = base - kDay; t < base + 2 * kDay; t += kFive) {
        if (t < base || t >= base + kDay) {
            served.time.push_back(t);
            served.open.push_back(Sim::open(t));
            served.high.push_back(Sim::high(t));
            served.low.push_back(Sim::low(t));
            served.close.push_back(Sim::close(t));
            served.volume.push_back(Sim::volume(t));
        }
    }
    FakeExchange server(base + 2 * kDay);
    server.replayCandles(served);
    auto result = fetchThroughStore(*store, binanceRequest(server, base + 2 * kDay, 3 * kDay));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_FALSE(result->pieces.empty());
    EXPECT_EQ(result->pieces[0].why, "gap");
    const auto& notes = result->fetch.notes;
    EXPECT_TRUE(std::any_of(notes.begin(), notes.end(),
                            [](const std::string& n) { return n.find("the gap stays") != std::string::npos; }));
    // Nothing invented: the two stored days, and the hole between them.
    EXPECT_EQ(result->fetch.merged.candles.size(), 2u * 288u);
    auto ranges = store->candleRanges({Exchange::Binance, "BTCUSDT", kFive});
    ASSERT_TRUE(ranges.ok());
    EXPECT_EQ(ranges->size(), 2u);
}

TEST(StoredFetch, AFailedFetchWritesNothing)
{
    TempDir dir;
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    const TimeMs now = presentFiveMinutes();
    FakeExchange server(now);
    // A captive portal instead of candles: the fetch fails, after the other endpoints answered.
    server.fault("/fapi/v1/klines",
                 test::Fault(200, "<html><body>Please enable cookies.</body></html>", {}, "text/html"));
    FetchRequest request = binanceRequest(server, now, kDay);
    request.http.retry.maxAttempts = 1;
    auto result = fetchThroughStore(*store, request);
    ASSERT_FALSE(result.ok()) << "pieces: " << result->pieces.size();
    auto markets = store->markets();
    ASSERT_TRUE(markets.ok());
    EXPECT_TRUE(markets->empty());
}

int runCli(const std::string& args, const TempDir& dir)
{
    const std::string command =
        std::string(LIQHEAT_CLI_PATH) + " " + args + " >" + dir.file("out.txt") + " 2>" + dir.file("err.txt");
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(StoredFetch, FetchThenExportSnapshotGivesBackWhatWasServed)
{
    TempDir dir;
    const TimeMs now = presentFiveMinutes();
    FakeExchange server(now);
    const std::string store = dir.file("market.sqlite");
    const std::string fetched = dir.file("fetched.json");
    const std::string exported = dir.file("exported.json.gz");
    ASSERT_EQ(runCli("fetch --exchange binance --symbol BTCUSDT --interval 5m --days 1 --end " + std::to_string(now) +
                         " --base-url " + server.url() + " --store " + store + " --quiet -o " + fetched,
                     dir),
              0)
        << slurp(dir.file("err.txt"));
    const json summary = json::parse(slurp(dir.file("out.txt")));
    EXPECT_EQ(summary["store"]["path"], store);
    EXPECT_EQ(summary["store"]["fetched"][0]["span"], "all");
    EXPECT_GT(summary["store"]["inserted"].get<int>(), 288);

    ASSERT_EQ(
        runCli("export-snapshot --exchange binance --symbol BTCUSDT --interval 5m --store " + store + " -o " + exported,
               dir),
        0)
        << slurp(dir.file("err.txt"));
    const json exportSummary = json::parse(slurp(dir.file("out.txt")));
    EXPECT_EQ(exportSummary["rows"]["candles"], 288);

    auto a = readSnapshot(fetched);
    auto b = readSnapshot(exported);
    ASSERT_TRUE(a.ok() && b.ok());
    expectServedSeries(b->data);
    EXPECT_EQ(b->data.candles.time.front(), now - kDay);
    EXPECT_EQ(b->data.candles.time.back(), now - kFive);
    const MarketData& x = a->data;
    const MarketData& y = b->data;
    EXPECT_EQ(y.source.exchanges, x.source.exchanges);
    EXPECT_EQ(y.source.symbol, x.source.symbol);
    EXPECT_EQ(y.candles.time, x.candles.time);
    EXPECT_EQ(y.candles.close, x.candles.close);
    EXPECT_EQ(y.candles.volume, x.candles.volume);
    EXPECT_EQ(y.openInterest.time, x.openInterest.time);
    EXPECT_EQ(y.openInterest.base, x.openInterest.base);
    EXPECT_EQ(y.openInterest.quote, x.openInterest.quote);
    EXPECT_EQ(y.fundingRate.time, x.fundingRate.time);
    EXPECT_EQ(y.fundingRate.value, x.fundingRate.value);
    EXPECT_EQ(y.longShortRatio.value, x.longShortRatio.value);
    EXPECT_EQ(y.topTraderAccountRatio.value, x.topTraderAccountRatio.value);
    EXPECT_EQ(y.topTraderPositionRatio.value, x.topTraderPositionRatio.value);
    EXPECT_EQ(y.takerBuySellRatio.time, x.takerBuySellRatio.time);
    EXPECT_EQ(y.takerBuySellRatio.value, x.takerBuySellRatio.value);

    // A span of it, and the errors: nothing stored for another symbol (exit 1).
    ASSERT_EQ(runCli("export-snapshot --exchange binance --symbol BTCUSDT --interval 5m --from " +
                         std::to_string(now - kHour) + " --to " + std::to_string(now) + " --store " + store + " -o " +
                         dir.file("hour.json"),
                     dir),
              0);
    EXPECT_EQ(readSnapshot(dir.file("hour.json"))->data.candles.size(), 12u);
    EXPECT_EQ(runCli("export-snapshot --exchange binance --symbol ETHUSDT --interval 5m --store " + store + " -o " +
                         dir.file("none.json"),
                     dir),
              1);
    EXPECT_FALSE(fs::exists(dir.file("none.json")));
}

}  // namespace
