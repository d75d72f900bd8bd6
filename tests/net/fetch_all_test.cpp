// `all`: three exchanges fetched in parallel and merged; request checks; symbols and base URLs.
#include "fake_exchange.h"
#include "fetch_notes.h"

#include "liqheat/live/fetch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

using namespace liqheat;
using liqheat::test::FakeExchange;
using liqheat::test::Fault;
using liqheat::test::hasNote;
using liqheat::test::joined;
using liqheat::test::Sim;
using std::chrono::milliseconds;

namespace {

constexpr TimeMs kHour = 3'600'000;
constexpr TimeMs kDay = 86'400'000;
constexpr TimeMs kSimNow = 1'780'000'020'000;

FetchRequest simRequest(const FakeExchange& server, const std::string& exchange = "all")
{
    FetchRequest r;
    r.exchange = exchange;
    r.symbol = "BTCUSDT";
    r.interval = "5m";
    r.end = kSimNow;
    r.now = kSimNow;
    r.spanMs = kDay;
    for (const char* name : {"binance", "bybit", "okx"}) {
        r.baseUrls[name] = server.url();
    }
    r.paceRequests = false;
    r.http.retry.baseDelay = milliseconds{10};
    r.http.retry.rateLimitDelay = milliseconds{10};
    r.http.sleepHook = [](milliseconds) {};
    return r;
}

}  // namespace

TEST(FetchAll, MergesTheExchangesAndKeepsEachOnesSeries)
{
    FakeExchange server(kSimNow);
    std::mutex mutex;
    int lastDone = 0;
    int lastTotal = 0;
    auto r = fetchMarket(simRequest(server), [&](int done, int total, const std::string&) {
        std::lock_guard lock(mutex);
        lastDone = std::max(lastDone, done);
        lastTotal = total;
        return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(lastTotal, 6 + 5 + 9);  // OKX: 8 series + liquidation-orders
    EXPECT_EQ(lastDone, lastTotal);
    ASSERT_EQ(r->perExchange.size(), 3U);
    ASSERT_EQ(r->tickers.size(), 3U);
    const MarketData& binance = r->perExchange.at("binance");
    const MarketData& bybit = r->perExchange.at("bybit");
    const MarketData& okx = r->perExchange.at("okx");
    EXPECT_EQ(bybit.source.exchanges, std::vector<std::string>{"bybit"});

    const MarketData& m = r->merged;
    EXPECT_EQ(m.source.exchanges, (std::vector<std::string>{"binance", "bybit", "okx"}));
    EXPECT_EQ(m.source.symbol, "BTCUSDT");
    EXPECT_EQ(r->reference, "binance");
    EXPECT_EQ(m.candles.time, binance.candles.time);
    EXPECT_EQ(m.candles.close, binance.candles.close);
    EXPECT_EQ(m.fundingRate.value, binance.fundingRate.value);
    EXPECT_EQ(m.takerBuySellRatio.value, binance.takerBuySellRatio.value);
    // Open interest adds up in base units: Binance coins + Bybit's one side + OKX contracts x ctVal.
    ASSERT_EQ(m.openInterest.time, binance.openInterest.time);
    ASSERT_GE(m.openInterest.size(), 288U);
    for (std::size_t i = 0; i < m.openInterest.size(); ++i) {
        const double expected = binance.openInterest.base[i] + bybit.openInterest.base[i] + okx.openInterest.base[i];
        ASSERT_DOUBLE_EQ(m.openInterest.base[i], expected) << i;
        ASSERT_NEAR(m.openInterest.base[i], 3.0 * Sim::openInterest(m.openInterest.time[i]), 1e-6) << i;
    }
    EXPECT_TRUE(m.openInterest.quote.empty());  // Bybit has no quote value to add
    EXPECT_EQ(r->ticker.markPrice, Sim::kMarkPrice);
    EXPECT_TRUE(hasNote(*r, "merged open interest is the sum of binance, bybit, okx in base units"))
        << joined(r->notes);
    EXPECT_GT(r->requests, 18U);
}

TEST(FetchAll, TheReferenceGivesTheCandlesAndMissingSeriesComeFromOthers)
{
    FakeExchange server(kSimNow);
    FetchRequest request = simRequest(server);
    request.reference = "bybit";
    auto r = fetchMarket(request);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.candles.volume, r->perExchange.at("bybit").candles.volume);
    EXPECT_EQ(r->merged.takerBuySellRatio.value, r->perExchange.at("binance").takerBuySellRatio.value);
    EXPECT_TRUE(hasNote(*r, "merged taker buy/sell ratio come from binance (bybit has none)")) << joined(r->notes);
}

TEST(FetchAll, AFailedExchangeIsLeftOutWithANote)
{
    FakeExchange server(kSimNow);
    server.fault("/v5/market/kline", Fault{403, "access too frequent", {}, "text/plain"});
    auto r = fetchMarket(simRequest(server));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.source.exchanges, (std::vector<std::string>{"binance", "okx"}));
    EXPECT_EQ(r->perExchange.count("bybit"), 0U);
    EXPECT_TRUE(hasNote(*r, "bybit left out: bybit: GET /v5/market/kline: HTTP 403")) << joined(r->notes);
    EXPECT_TRUE(hasNote(*r, "merged open interest is the sum of binance, okx")) << joined(r->notes);
}

TEST(FetchAll, StrictFailsWhenAnyExchangeFails)
{
    FakeExchange server(kSimNow);
    server.fault("/v5/market/kline", Fault{403, "access too frequent", {}, "text/plain"});
    FetchRequest request = simRequest(server);
    request.allowPartial = false;
    auto r = fetchMarket(request);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::RateLimited);
    EXPECT_EQ(r.error().message.rfind("bybit: GET /v5/market/kline: HTTP 403", 0), 0U) << r.error().message;
}

TEST(FetchAll, TheReferenceFailingFailsTheFetch)
{
    FakeExchange server(kSimNow);
    server.fault("/fapi/v1/klines",
                 Fault{418, R"({"code":-1003,"msg":"Way too many requests; IP banned until 1780000620000."})"});
    auto r = fetchMarket(simRequest(server));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::RateLimited);
    EXPECT_EQ(r.error().message.rfind("binance: GET /fapi/v1/klines: HTTP 418", 0), 0U) << r.error().message;
    EXPECT_NE(r.error().message.find("until 2026-05-28T20:37:00Z"), std::string::npos) << r.error().message;
    EXPECT_EQ(server.hits("/fapi/v1/klines"), 1);
}

TEST(FetchAll, AProgressCallbackReturningFalseCancels)
{
    FakeExchange server(kSimNow);
    auto r = fetchMarket(simRequest(server), [](int done, int, const std::string&) { return done < 2; });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::Cancelled);
    EXPECT_EQ(r.error().message, "fetch cancelled");
}

TEST(MergeMarkets, SumsOpenInterestOverTheCommonSpanWithTheLatestValueOfEach)
{
    std::map<std::string, MarketData> per;
    MarketData& a = per["binance"];
    a.source = {{"binance"}, "BTCUSDT", 300};
    a.candles.time = {0, 300};
    a.candles.open = a.candles.high = a.candles.low = a.candles.close = {1.0, 2.0};
    a.openInterest.time = {0, 300, 600, 900};
    a.openInterest.base = {10, 11, 12, 13};
    MarketData& b = per["okx"];
    b.source = {{"okx"}, "BTCUSDT", 300};
    b.openInterest.time = {300, 450, 900, 1200};
    b.openInterest.base = {100, 101, 102, 103};
    b.openInterest.quote = {1, 1, 1, 1};
    b.fundingRate.time = {0};
    b.fundingRate.value = {0.0001};
    per["bybit"].source = {{"bybit"}, "BTCUSDT", 300};  // no open interest: not part of the sum

    std::vector<std::string> notes;
    const MarketData m = mergeMarkets(per, "binance", notes);
    EXPECT_EQ(m.source.exchanges, (std::vector<std::string>{"binance", "bybit", "okx"}));
    EXPECT_EQ(m.candles.time, a.candles.time);
    EXPECT_EQ(m.openInterest.time, (std::vector<TimeMs>{300, 450, 600, 900}));
    EXPECT_EQ(m.openInterest.base, (std::vector<double>{11 + 100, 11 + 101, 12 + 101, 13 + 102}));
    EXPECT_TRUE(m.openInterest.quote.empty());
    EXPECT_EQ(m.fundingRate.value, std::vector<double>{0.0001});
    EXPECT_EQ(joined(notes),
              "merged funding rates come from okx (binance has none)\n"
              "merged open interest is the sum of binance, okx in base units from "
              "1970-01-01T00:00:00.300Z to 1970-01-01T00:00:00.900Z, where all of them have data\n");
}

TEST(FetchRequestChecks, BadRequestsFailBeforeAnyTraffic)
{
    FakeExchange server(kSimNow);
    struct Case {
        std::function<void(FetchRequest&)> change;
        std::string message;
    };
    const Case cases[] = {
        {[](FetchRequest& r) { r.exchange = "kraken"; },
         "unknown exchange \"kraken\" (expected binance, bybit, okx or all)"},
        {[](FetchRequest& r) { r.interval = "7x"; }, "interval \"7x\" is not like 5m, 1h or 1d"},
        {[](FetchRequest& r) { r.interval = "8h"; }, "bybit has no 8h candles (it has 1m, 3m, 5m"},
        {[](FetchRequest& r) { r.symbol = "BTC"; }, "symbol \"BTC\" is not a USDT, USDC or USD perpetual"},
        {[](FetchRequest& r) { r.symbol = "BTC USDT"; }, "symbol \"BTC USDT\" has a character"},
        {[](FetchRequest& r) { r.spanMs = 0; }, "the span must be more than 0"},
        {[](FetchRequest& r) {
             r.interval = "1m";
             r.spanMs = 1000 * kDay;
         },
         "candles, more than the limit"},
        {[](FetchRequest& r) { r.reference = "ftx"; }, "unknown reference exchange \"ftx\""},
        {[](FetchRequest& r) { r.baseUrls["okx"] = "ftp://127.0.0.1"; },
         "okx base URL \"ftp://127.0.0.1\" is not an http"},
        {[](FetchRequest& r) { r.baseUrls["kraken"] = "http://127.0.0.1"; }, "base URL given for unknown exchange"},
    };
    for (const Case& c : cases) {
        FetchRequest request = simRequest(server);
        c.change(request);
        auto r = fetchMarket(request);
        ASSERT_FALSE(r.ok()) << c.message;
        EXPECT_EQ(r.error().code, Error::Code::InvalidArgument) << r.error().message;
        EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
    }
    EXPECT_EQ(server.totalHits(), 0);
}

TEST(FetchRequestChecks, BaseUrlsComeFromTheEnvironment)
{
    FakeExchange server(kSimNow);
    ::setenv("LIQHEAT_BYBIT_URL", (server.url() + "/").c_str(), 1);
    auto url = resolveBaseUrl(Exchange::Bybit);
    FetchRequest request = simRequest(server, "bybit");
    request.baseUrls.clear();
    auto r = fetchMarket(request);
    ::unsetenv("LIQHEAT_BYBIT_URL");
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(*url, server.url());  // trailing slash dropped
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(server.hits("/v5/market/kline"), 0);
    EXPECT_EQ(*resolveBaseUrl(Exchange::Bybit), "https://api.bybit.com");
    EXPECT_EQ(*resolveBaseUrl(Exchange::Okx, "http://127.0.0.1:9"), "http://127.0.0.1:9");
    EXPECT_EQ(baseUrlVariable(Exchange::Binance), "LIQHEAT_BINANCE_URL");
}

TEST(Symbols, AreNormalisedBetweenExchanges)
{
    for (const char* text : {"BTCUSDT", "btcusdt", "BTC-USDT", "BTC/USDT", "BTC-USDT-SWAP", "btc_usdt"}) {
        auto symbol = canonicalSymbol(text);
        ASSERT_TRUE(symbol.ok()) << text;
        EXPECT_EQ(*symbol, "BTCUSDT") << text;
    }
    EXPECT_EQ(*exchangeSymbol(Exchange::Okx, "BTCUSDT"), "BTC-USDT-SWAP");
    EXPECT_EQ(*exchangeSymbol(Exchange::Okx, "ETHUSDC"), "ETH-USDC-SWAP");
    EXPECT_EQ(*exchangeSymbol(Exchange::Binance, "BTC-USDT-SWAP"), "BTCUSDT");
    EXPECT_EQ(*exchangeSymbol(Exchange::Bybit, "1000pepe-usdt"), "1000PEPEUSDT");
    EXPECT_FALSE(canonicalSymbol("USDT").ok());
    EXPECT_FALSE(canonicalSymbol("").ok());
}

TEST(Intervals, StatisticsPeriodIsTheLargestCommonOneNotAboveTheCandles)
{
    EXPECT_EQ(statisticsPeriod(60'000), 300'000);
    EXPECT_EQ(statisticsPeriod(300'000), 300'000);
    EXPECT_EQ(statisticsPeriod(2 * kHour), kHour);
    EXPECT_EQ(statisticsPeriod(12 * kHour), 4 * kHour);
    EXPECT_EQ(statisticsPeriod(7 * kDay), kDay);
    EXPECT_TRUE(checkInterval(Exchange::Binance, 8 * kHour).ok());
    EXPECT_FALSE(checkInterval(Exchange::Okx, 8 * kHour).ok());
    EXPECT_FALSE(checkInterval(Exchange::Binance, 7 * 60'000).ok());
}
