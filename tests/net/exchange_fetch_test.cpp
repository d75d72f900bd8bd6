// The Binance, Bybit and OKX adapters through fetchMarket, against a real HTTP server on
// 127.0.0.1: recorded and constructed responses (tests/fixtures/responses) and a simulated
// market that pages like each exchange.
#include "fake_exchange.h"
#include "fetch_notes.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/live/fetch.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace liqheat;
using liqheat::test::FakeExchange;
using liqheat::test::Fault;
using liqheat::test::fixture;
using liqheat::test::hasNote;
using liqheat::test::joined;
using liqheat::test::Sim;
using std::chrono::milliseconds;

namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 3'600'000;
constexpr TimeMs kDay = 86'400'000;

// Binance recordings: 1m candles of 2024-04-10 08:41..08:43.
constexpr TimeMs kBinanceEnd = 1'712'738'640'000;   // 08:44
constexpr TimeMs kBinanceFrom = 1'712'736'000'000;  // 08:00
// Bybit and OKX recordings: 1h candles of 2024-01-30 16:00..18:00.
constexpr TimeMs kHourlyEnd = 1'706'641'200'000;   // 19:00
constexpr TimeMs kHourlyFrom = 1'706'630'400'000;  // 16:00
// The simulated exchanges' present, on a minute boundary.
constexpr TimeMs kSimNow = 1'780'000'020'000;

class Harness {
public:
    FetchRequest request(const std::string& exchange, const FakeExchange& server, const std::string& interval,
                         TimeMs end, TimeMs span)
    {
        FetchRequest r;
        r.exchange = exchange;
        r.symbol = "BTCUSDT";
        r.interval = interval;
        r.end = end;
        r.now = end;
        r.spanMs = span;
        for (const char* name : {"binance", "bybit", "okx"}) {
            r.baseUrls[name] = server.url();
        }
        r.paceRequests = false;
        r.http.retry.maxAttempts = 3;
        r.http.retry.baseDelay = milliseconds{10};
        r.http.retry.rateLimitDelay = milliseconds{10};
        r.http.retry.jitter = 0.0;
        r.http.totalTimeout = milliseconds{5000};
        r.http.sleepHook = [this](milliseconds delay) {
            std::lock_guard lock(m_mutex);
            m_delays.push_back(delay);
        };
        return r;
    }

    FetchProgress progress()
    {
        return [this](int done, int total, const std::string& message) {
            std::lock_guard lock(m_mutex);
            m_messages.push_back(message);
            m_done = done;
            m_total = total;
            return true;
        };
    }

    std::vector<milliseconds> delays()
    {
        std::lock_guard lock(m_mutex);
        return m_delays;
    }
    bool saw(const std::string& text)
    {
        std::lock_guard lock(m_mutex);
        return std::any_of(m_messages.begin(), m_messages.end(),
                           [&](const std::string& m) { return m.find(text) != std::string::npos; });
    }
    int done() const { return m_done; }
    int total() const { return m_total; }

private:
    std::mutex m_mutex;
    std::vector<milliseconds> m_delays;
    std::vector<std::string> m_messages;
    int m_done = 0;
    int m_total = 0;
};

void serveBinance(FakeExchange& s)
{
    s.serve("/fapi/v1/premiumIndex", fixture("binance_fapi_v1_premiumIndex.json"));
    s.serve("/fapi/v1/klines", fixture("binance_fapi_v1_klines_BTCUSDT_1m.json"));
    s.serve("/futures/data/openInterestHist", fixture("binance_futures_data_openInterestHist_BTCUSDT_5m.json"));
    s.serve("/fapi/v1/fundingRate", fixture("binance_fapi_v1_fundingRate_BTCUSDT.json"));
    s.serve("/futures/data/globalLongShortAccountRatio",
            fixture("binance_futures_data_globalLongShortAccountRatio_BTCUSDT_5m.json"));
    s.serve("/futures/data/takerlongshortRatio", fixture("binance_futures_data_takerlongshortRatio_BTCUSDT_5m.json"));
}

void serveBybit(FakeExchange& s)
{
    s.serve("/v5/market/tickers", fixture("bybit_tickers_linear_BTCUSDT.json"));
    s.serve("/v5/market/kline", fixture("bybit_kline_linear_BTCUSDT_1h.json"));
    s.serve("/v5/market/open-interest", fixture("bybit_open-interest_linear_BTCUSDT_1h.json"));
    s.serve("/v5/market/funding/history", fixture("bybit_funding_history_linear_BTCUSDT.json"));
    s.serve("/v5/market/account-ratio", fixture("bybit_account-ratio_linear_BTCUSDT_1h.json"));
}

void serveOkx(FakeExchange& s)
{
    s.serve("/api/v5/public/instruments", fixture("okx_public_instruments_SWAP.json"));
    s.serve("/api/v5/public/mark-price", fixture("okx_public_mark-price_BTC-USDT-SWAP.json"));
    s.serve("/api/v5/public/funding-rate", fixture("okx_api_v5_public_funding-rate.json"));
    s.serve("/api/v5/market/history-candles", fixture("okx_market_candles_BTC-USDT_1H_spot.json"));
    s.serve("/api/v5/rubik/stat/contracts/open-interest-history",
            fixture("okx_rubik_open-interest-history_BTC-USDT-SWAP_1H.json"));
    s.serve("/api/v5/public/funding-rate-history", fixture("okx_public_funding-rate-history_BTC-USDT-SWAP.json"));
    s.serve("/api/v5/rubik/stat/contracts/long-short-account-ratio-contract",
            fixture("okx_rubik_long-short-account-ratio-contract_BTC-USDT-SWAP_1H.json"));
    s.serve("/api/v5/rubik/stat/taker-volume-contract",
            fixture("okx_rubik_taker-volume-contract_BTC-USDT-SWAP_1H.json"));
    s.serve("/api/v5/public/liquidation-orders", fixture("okx_public_liquidation-orders_SWAP_BTC-USDT_filled.json"));
}

// Writes the fetched market to a snapshot file and reads it back, as the CLI does.
Snapshot throughSnapshot(const FetchResult& r)
{
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("liqheat-fetch-" + std::to_string(::getpid()) + ".json");
    Snapshot s;
    s.data = r.merged;
    EXPECT_TRUE(writeSnapshot(s, path.string()).ok());
    auto back = readSnapshot(path.string());
    std::filesystem::remove(path);
    EXPECT_TRUE(back.ok()) << back.error().message;
    return back.ok() ? back.value() : Snapshot{};
}

std::vector<TimeMs> gridTimes(TimeMs from, TimeMs to, TimeMs step)
{
    std::vector<TimeMs> times;
    for (TimeMs t = (from + step - 1) / step * step; t < to; t += step) {
        times.push_back(t);
    }
    return times;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Full fetches from recorded and constructed responses

TEST(BinanceFetch, FullFetchIntoASnapshot)
{
    FakeExchange server(kBinanceEnd);
    serveBinance(server);
    Harness h;
    auto r = fetchMarket(h.request("binance", server, "1m", kBinanceEnd, 44 * kMinute), h.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->from, kBinanceFrom);
    EXPECT_EQ(h.done(), 6);
    EXPECT_EQ(h.total(), 6);

    const MarketData d = throughSnapshot(*r).data;
    EXPECT_EQ(d.source.exchanges, std::vector<std::string>{"binance"});
    EXPECT_EQ(d.source.symbol, "BTCUSDT");
    EXPECT_EQ(d.source.intervalMs, kMinute);
    EXPECT_EQ(d.candles.time, (std::vector<TimeMs>{1712738460000, 1712738520000, 1712738580000}));
    EXPECT_EQ(d.candles.open, (std::vector<double>{71481.90, 71471.00, 71470.70}));
    EXPECT_EQ(d.candles.high, (std::vector<double>{71481.90, 71471.00, 71470.90}));
    EXPECT_EQ(d.candles.low, (std::vector<double>{71481.90, 70459.40, 70459.40}));
    EXPECT_EQ(d.candles.close, (std::vector<double>{71481.90, 70459.40, 70459.40}));
    EXPECT_EQ(d.candles.volume, (std::vector<double>{0.002, 0.120, 1.542}));
    EXPECT_EQ(d.openInterest.time, (std::vector<TimeMs>{1712737500000, 1712737800000, 1712738100000, 1712738400000}));
    EXPECT_EQ(d.openInterest.base, (std::vector<double>{81234.567, 81240.105, 81251.902, 81198.441}));
    EXPECT_EQ(d.openInterest.quote, (std::vector<double>{5805834503.49, 5806636504.875, 5807282342.674, 5721318367.9}));
    EXPECT_EQ(d.fundingRate.time, std::vector<TimeMs>{1712736000000});
    EXPECT_EQ(d.fundingRate.value, std::vector<double>{0.00015823});
    EXPECT_EQ(d.longShortRatio.time, (std::vector<TimeMs>{1712737800000, 1712738100000, 1712738400000}));
    EXPECT_EQ(d.longShortRatio.value, (std::vector<double>{1.2453, 1.2371, 1.2297}));
    EXPECT_EQ(d.takerBuySellRatio.value, (std::vector<double>{0.9134, 1.1021, 0.8750}));
    EXPECT_EQ(r->ticker.markPrice, 11793.63104562);
    EXPECT_EQ(r->ticker.fundingRate, 0.00038246);
    EXPECT_EQ(r->ticker.nextFundingTime, 1597392000000);
    // The recording starts at 08:41 while 08:00 was asked for; the summary says so.
    EXPECT_TRUE(hasNote(*r, "binance candles start at 2024-04-10T08:41:00Z")) << joined(r->notes);

    const auto klines = server.queries("/fapi/v1/klines");
    ASSERT_EQ(klines.size(), 1U);
    EXPECT_EQ(klines[0].at("symbol"), "BTCUSDT");
    EXPECT_EQ(klines[0].at("interval"), "1m");
    EXPECT_EQ(klines[0].at("startTime"), "1712736000000");
    EXPECT_EQ(klines[0].at("endTime"), "1712738639999");
    EXPECT_EQ(klines[0].at("limit"), "1500");
    EXPECT_EQ(server.queries("/futures/data/openInterestHist").at(0).at("period"), "5m");
}

TEST(BybitFetch, FullFetchIntoASnapshotNewestFirstBecomesOldestFirst)
{
    FakeExchange server(kHourlyEnd);
    serveBybit(server);
    Harness h;
    auto r = fetchMarket(h.request("bybit", server, "1h", kHourlyEnd, 3 * kHour), h.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->from, kHourlyFrom);
    const MarketData d = throughSnapshot(*r).data;
    EXPECT_EQ(d.candles.time, (std::vector<TimeMs>{1706630400000, 1706634000000, 1706637600000}));
    EXPECT_EQ(d.candles.open, (std::vector<double>{43350.7, 43488, 43376.1}));
    EXPECT_EQ(d.candles.high, (std::vector<double>{43492.5, 43579.5, 43474.1}));
    EXPECT_EQ(d.candles.low, (std::vector<double>{43204.5, 43286.8, 43264.8}));
    EXPECT_EQ(d.candles.close, (std::vector<double>{43488, 43376.1, 43352.8}));
    EXPECT_EQ(d.candles.volume, (std::vector<double>{1341.261, 3199.431, 1575.305}));
    // One side of the open interest, in BTC; Bybit's history has no quote value.
    EXPECT_EQ(d.openInterest.time, (std::vector<TimeMs>{1706630400000, 1706634000000, 1706637600000}));
    EXPECT_EQ(d.openInterest.base, (std::vector<double>{55256.12, 55199.253, 55225.057}));
    EXPECT_TRUE(d.openInterest.quote.empty());
    EXPECT_EQ(d.fundingRate.value, std::vector<double>{0.00012371});
    EXPECT_EQ(d.longShortRatio.value, (std::vector<double>{0.5475 / 0.4525, 0.5498 / 0.4502, 0.5512 / 0.4488}));
    EXPECT_TRUE(d.takerBuySellRatio.empty());  // Bybit offers none
    EXPECT_EQ(r->ticker.markPrice, 51444.40);
    EXPECT_EQ(r->ticker.fundingRate, -0.00046295);
    EXPECT_EQ(r->ticker.nextFundingTime, 1707926400000);
    EXPECT_EQ(r->ticker.time, 1707905549267);  // "time" is a string in this recording

    const auto kline = server.queries("/v5/market/kline").at(0);
    EXPECT_EQ(kline.at("category"), "linear");
    EXPECT_EQ(kline.at("interval"), "60");
    EXPECT_EQ(kline.at("start"), "1706630400000");
    EXPECT_EQ(kline.at("end"), "1706641199999");
    EXPECT_EQ(server.queries("/v5/market/open-interest").at(0).at("intervalTime"), "1h");
    EXPECT_EQ(server.queries("/v5/market/account-ratio").at(0).at("period"), "1h");
}

TEST(OkxFetch, FullFetchIntoASnapshotInBaseUnits)
{
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    Harness h;
    auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour), h.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(h.done(), 9);
    const MarketData d = throughSnapshot(*r).data;
    EXPECT_EQ(d.candles.time, (std::vector<TimeMs>{1706630400000, 1706634000000, 1706637600000}));
    EXPECT_EQ(d.candles.open, (std::vector<double>{43377.1, 43495.9, 43398.6}));
    EXPECT_EQ(d.candles.high, (std::vector<double>{43500, 43591.7, 43493.9}));
    EXPECT_EQ(d.candles.low, (std::vector<double>{43220.9, 43300, 43279.9}));
    EXPECT_EQ(d.candles.close, (std::vector<double>{43495.9, 43398.6, 43373.9}));
    // Contracts times ctVal (0.01 BTC for BTC-USDT-SWAP, from the instruments recording).
    EXPECT_EQ(d.candles.volume,
              (std::vector<double>{7137.30786672 * 0.01, 4492.95408114 * 0.01, 5070.79611732 * 0.01}));
    EXPECT_EQ(d.openInterest.base, (std::vector<double>{2615000 * 0.01, 2618327.25 * 0.01, 2620140.5 * 0.01}));
    EXPECT_EQ(d.openInterest.quote, (std::vector<double>{1133600520.5, 1138760115.8, 1136440220.3}));
    EXPECT_EQ(d.fundingRate.time, std::vector<TimeMs>{1706630400000});
    EXPECT_EQ(d.fundingRate.value, std::vector<double>{0.0000998501248541});  // realizedRate, not the prediction
    EXPECT_EQ(d.longShortRatio.value, (std::vector<double>{1.2855, 1.297, 1.32}));
    EXPECT_EQ(d.takerBuySellRatio.value, (std::vector<double>{1102.5 / 980, 1297.7 / 1410.02, 1388.2 / 1201.5}));
    EXPECT_EQ(r->ticker.markPrice, 43380.2);
    EXPECT_EQ(r->ticker.fundingRate, 0.0000182221218054);
    EXPECT_EQ(r->ticker.nextFundingTime, 1743609600000);

    const auto candles = server.queries("/api/v5/market/history-candles");
    ASSERT_EQ(candles.size(), 1U);  // the page reaches back to the start of the span
    EXPECT_EQ(candles[0].at("instId"), "BTC-USDT-SWAP");
    EXPECT_EQ(candles[0].at("bar"), "1H");
    EXPECT_EQ(candles[0].at("after"), "1706641200000");
    EXPECT_EQ(server.queries("/api/v5/rubik/stat/contracts/open-interest-history").at(0).at("period"), "1H");
    EXPECT_EQ(server.queries("/api/v5/public/instruments").at(0).at("instId"), "BTC-USDT-SWAP");
}

TEST(OkxFetch, ContractSizeComesFromTheInstrument)
{
    // ETH-USDT-SWAP has ctVal 0.1 in the same instruments recording.
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    Harness h;
    FetchRequest request = h.request("okx", server, "1h", kHourlyEnd, 3 * kHour);
    request.symbol = "ETH-USDT-SWAP";
    auto r = fetchMarket(request);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.source.symbol, "ETHUSDT");
    EXPECT_EQ(r->merged.candles.volume,
              (std::vector<double>{7137.30786672 * 0.1, 4492.95408114 * 0.1, 5070.79611732 * 0.1}));
    EXPECT_EQ(r->merged.openInterest.base, (std::vector<double>{2615000 * 0.1, 2618327.25 * 0.1, 2620140.5 * 0.1}));
    EXPECT_EQ(server.queries("/api/v5/market/history-candles").at(0).at("instId"), "ETH-USDT-SWAP");
}

TEST(OkxFetch, InverseSwapsAreRefused)
{
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    Harness h;
    FetchRequest request = h.request("okx", server, "1h", kHourlyEnd, 3 * kHour);
    request.symbol = "BTCUSD";
    auto r = fetchMarket(request);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::InvalidData);
    EXPECT_NE(r.error().message.find("okx: BTC-USD-SWAP is not a linear swap (ctType inverse"), std::string::npos)
        << r.error().message;
    EXPECT_EQ(server.hits("/api/v5/market/history-candles"), 0);
}

TEST(BinanceFetch, RowsInAnyOrderWithDuplicatesComeOutOldestFirst)
{
    FakeExchange server(kBinanceEnd);
    serveBinance(server);
    auto rows = nlohmann::json::parse(fixture("binance_fapi_v1_klines_BTCUSDT_1m.json"));
    std::reverse(rows.begin(), rows.end());
    rows.push_back(rows[1]);
    server.serve("/fapi/v1/klines", rows.dump());
    Harness h;
    auto r = fetchMarket(h.request("binance", server, "1m", kBinanceEnd, 44 * kMinute));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.candles.time, (std::vector<TimeMs>{1712738460000, 1712738520000, 1712738580000}));
    EXPECT_EQ(r->merged.candles.close, (std::vector<double>{71481.90, 70459.40, 70459.40}));
}

// ---------------------------------------------------------------------------------------------
// Pagination against the simulated market: 3 days of 1m candles and 5m statistics

struct PagingCase {
    std::string exchange;
    std::map<std::string, int> expectedRequests;  ///< path -> requests the span needs
    bool exactVolume;
    bool hasQuote;
    bool hasTaker;
};

// ctest names the cases by exchange rather than by a byte dump.
void PrintTo(const PagingCase& c, std::ostream* os) { *os << c.exchange; }

class Pagination : public ::testing::TestWithParam<PagingCase> {};

TEST_P(Pagination, CoversTheWholeSpanWithExactValues)
{
    const PagingCase& c = GetParam();
    FakeExchange server(kSimNow);
    Harness h;
    auto r = fetchMarket(h.request(c.exchange, server, "1m", kSimNow, 3 * kDay), h.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    const MarketData& d = r->merged;
    const TimeMs from = kSimNow - 3 * kDay;

    ASSERT_EQ(d.candles.size(), 4320U);
    for (std::size_t i = 0; i < d.candles.size(); ++i) {
        const TimeMs t = from + static_cast<TimeMs>(i) * kMinute;
        ASSERT_EQ(d.candles.time[i], t) << i;
        ASSERT_EQ(d.candles.open[i], Sim::open(t)) << i;
        ASSERT_EQ(d.candles.high[i], Sim::high(t)) << i;
        ASSERT_EQ(d.candles.low[i], Sim::low(t)) << i;
        ASSERT_EQ(d.candles.close[i], Sim::close(t)) << i;
        if (c.exactVolume) {
            ASSERT_EQ(d.candles.volume[i], Sim::volume(t)) << i;
        } else {
            ASSERT_NEAR(d.candles.volume[i], Sim::volume(t), 1e-9) << i;
        }
    }
    const auto oiTimes = gridTimes(from, kSimNow, 5 * kMinute);
    ASSERT_EQ(d.openInterest.time, oiTimes);
    for (std::size_t i = 0; i < oiTimes.size(); ++i) {
        ASSERT_NEAR(d.openInterest.base[i], Sim::openInterest(oiTimes[i]), 1e-7) << i;
        if (c.hasQuote) {
            ASSERT_EQ(d.openInterest.quote[i], Sim::openInterestUsd(oiTimes[i])) << i;
        }
    }
    EXPECT_EQ(d.openInterest.quote.empty(), !c.hasQuote);
    const auto fundingTimes = gridTimes(from, kSimNow, 8 * kHour);
    ASSERT_EQ(d.fundingRate.time, fundingTimes);
    for (std::size_t i = 0; i < fundingTimes.size(); ++i) {
        ASSERT_EQ(d.fundingRate.value[i], Sim::funding(fundingTimes[i])) << i;
    }
    ASSERT_EQ(d.longShortRatio.time, oiTimes);
    for (std::size_t i = 0; i < oiTimes.size(); ++i) {
        ASSERT_NEAR(d.longShortRatio.value[i], Sim::longShort(oiTimes[i]), 1e-12) << i;
    }
    if (c.hasTaker) {
        ASSERT_EQ(d.takerBuySellRatio.time, oiTimes);
        for (std::size_t i = 0; i < oiTimes.size(); ++i) {
            ASSERT_NEAR(d.takerBuySellRatio.value[i], Sim::taker(oiTimes[i]), 1e-12) << i;
        }
    } else {
        EXPECT_TRUE(d.takerBuySellRatio.empty());
    }
    EXPECT_EQ(r->ticker.markPrice, Sim::kMarkPrice);
    EXPECT_EQ(r->ticker.fundingRate, Sim::kFundingNow);
    // The only note: how far back OKX's recent-only liquidation orders reach.
    EXPECT_TRUE(std::all_of(r->notes.begin(), r->notes.end(), [](const std::string& n) {
        return n.starts_with("okx realized liquidations reach back only");
    })) << joined(r->notes);
    for (const auto& [path, count] : c.expectedRequests) {
        EXPECT_EQ(server.hits(path), count) << path;
    }
}

INSTANTIATE_TEST_SUITE_P(AllExchanges, Pagination,
                         ::testing::Values(
                             // 4320 candles in windows of 1500; 864 statistics rows in windows of 500.
                             PagingCase{"binance",
                                        {{"/fapi/v1/klines", 3},
                                         {"/futures/data/openInterestHist", 2},
                                         {"/fapi/v1/fundingRate", 1},
                                         {"/futures/data/globalLongShortAccountRatio", 2},
                                         {"/futures/data/takerlongshortRatio", 2}},
                                        true,
                                        true,
                                        true},
                             // Windows of 1000 candles, 200 open interest rows, 200 h of funding, 500 ratios.
                             PagingCase{"bybit",
                                        {{"/v5/market/kline", 5},
                                         {"/v5/market/open-interest", 5},
                                         {"/v5/market/funding/history", 1},
                                         {"/v5/market/account-ratio", 2}},
                                        true,
                                        false,
                                        false},
                             // Backwards by cursor, 100 rows a page.
                             PagingCase{"okx",
                                        {{"/api/v5/market/history-candles", 44},
                                         {"/api/v5/rubik/stat/contracts/open-interest-history", 9},
                                         {"/api/v5/public/funding-rate-history", 1},
                                         {"/api/v5/rubik/stat/contracts/long-short-account-ratio-contract", 9},
                                         {"/api/v5/rubik/stat/taker-volume-contract", 9}},
                                        false,
                                        true,
                                        true}),
                         [](const ::testing::TestParamInfo<PagingCase>& param) { return param.param.exchange; });

TEST(BinanceFetch, KeepsThirtyDaysOfStatisticsAndSaysSo)
{
    FakeExchange server(kSimNow);
    Harness h;
    auto r = fetchMarket(h.request("binance", server, "4h", kSimNow, 40 * kDay));
    ASSERT_TRUE(r.ok()) << r.error().message;
    // Candles go back the whole 40 days, from the 4h boundary at or before the start.
    EXPECT_EQ(r->merged.candles.time, gridTimes(r->from, kSimNow, 4 * kHour));
    EXPECT_EQ(r->from, (kSimNow - 40 * kDay) / (4 * kHour) * (4 * kHour));
    ASSERT_FALSE(r->merged.openInterest.empty());
    EXPECT_GE(r->merged.openInterest.time.front(), kSimNow - 30 * kDay);
    EXPECT_LT(r->merged.openInterest.time.front(), kSimNow - 29 * kDay);
    EXPECT_TRUE(hasNote(*r, "binance keeps 30 days of open interest history: got ")) << joined(r->notes);
    EXPECT_TRUE(hasNote(*r, "binance keeps 30 days of long/short account ratio history")) << joined(r->notes);
    // No request asked for what Binance no longer has.
    for (const auto& query : server.queries("/futures/data/openInterestHist")) {
        EXPECT_GE(std::stoll(query.at("startTime")), kSimNow - 30 * kDay);
    }
}

TEST(OkxFetch, StatisticsHistoryIsTheLatest1440EntriesAndSaysSo)
{
    FakeExchange server(kSimNow);
    Harness h;
    auto r = fetchMarket(h.request("okx", server, "5m", kSimNow, 7 * kDay));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.candles.time, gridTimes(r->from, kSimNow, 5 * kMinute));
    EXPECT_LE(r->merged.openInterest.size(), 1440U);
    EXPECT_GE(r->merged.openInterest.size(), 1439U);
    EXPECT_TRUE(hasNote(*r, "okx open interest start at")) << joined(r->notes);
}

TEST(BinanceFetch, RespectsTheUsedWeightHeader)
{
    FakeExchange server(kSimNow);
    server.setHeader("X-MBX-USED-WEIGHT-1M", "2395");
    Harness h;
    auto r = fetchMarket(h.request("binance", server, "5m", kSimNow, kDay), h.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(h.saw("request weight 2395 of 2400 used this minute; waiting"));
    // The klines request (weight 10) waited for the next minute, at most a minute and a margin.
    const auto delays = h.delays();
    ASSERT_FALSE(delays.empty());
    EXPECT_GT(delays.front(), milliseconds{0});
    EXPECT_LE(delays.front(), milliseconds{60'250});
}

// ---------------------------------------------------------------------------------------------
// Failures, per exchange, on the candle endpoint of the simulated market

struct FaultCase {
    std::string exchange;
    std::string candlePath;
    std::string rateLimitBody;  ///< the exchange's own 429 body
    std::string candlesBody;    ///< a valid one-candle answer
    std::string badFieldBody;   ///< the same with "abc" as the high
};

void PrintTo(const FaultCase& c, std::ostream* os) { *os << c.exchange; }

class Failures : public ::testing::TestWithParam<FaultCase> {
protected:
    FetchRequest request(FakeExchange& server)
    {
        return m_harness.request(GetParam().exchange, server, "5m", kSimNow, kHour);
    }
    Harness m_harness;
};

TEST_P(Failures, RateLimitThenSuccessHonoursRetryAfter)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{429, c.rateLimitBody, {{"Retry-After", "1"}}});
    auto r = fetchMarket(request(server), m_harness.progress());
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 2);
    EXPECT_EQ(m_harness.delays(), std::vector<milliseconds>{milliseconds{1000}});
    EXPECT_TRUE(m_harness.saw("retrying in 1.0 s (attempt 2 of 3)"));
    EXPECT_EQ(r->merged.candles.size(), 13U);
}

TEST_P(Failures, ServerErrorsAreRetriedThenSucceed)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{503, "<html>503 Service Unavailable</html>", {}, "text/html"});
    server.fault(c.candlePath, Fault{500, "{}"});
    auto r = fetchMarket(request(server));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 3);
    EXPECT_EQ(r->merged.candles.size(), 13U);
}

TEST_P(Failures, TimeoutsAreRetriedThenReported)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, c.candlesBody, {}, "application/json", milliseconds{3000}});
    server.fault(c.candlePath, Fault{200, c.candlesBody, {}, "application/json", milliseconds{3000}});
    FetchRequest req = request(server);
    req.http.retry.maxAttempts = 2;
    req.http.totalTimeout = milliseconds{200};
    auto r = fetchMarket(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::Network);
    EXPECT_EQ(r.error().message.rfind(c.exchange + ": GET " + c.candlePath + ": timed out", 0), 0U)
        << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 2);
}

TEST_P(Failures, TruncatedJsonIsAParseError)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, c.candlesBody.substr(0, c.candlesBody.size() / 2)});
    auto r = fetchMarket(request(server));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::ParseError);
    EXPECT_NE(r.error().message.find(c.exchange + ": GET " + c.candlePath + ": response is truncated JSON"),
              std::string::npos)
        << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 1);
}

TEST_P(Failures, ABodyCutShortInTransitIsRetried)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    Fault cut{200, c.candlesBody, {}, "application/octet-stream"};
    cut.cutShort = true;
    server.fault(c.candlePath, cut);
    auto r = fetchMarket(request(server));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 2);
}

TEST_P(Failures, NonJsonIsAParseError)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, "<html><body>Please enable cookies.</body></html>", {}, "text/html"});
    auto r = fetchMarket(request(server));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::ParseError);
    EXPECT_NE(r.error().message.find("response is not JSON (it starts \"<html><body>Please"), std::string::npos)
        << r.error().message;
}

TEST_P(Failures, ABodyOverTheCapIsRefused)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, std::string(100'000, ' ') + c.candlesBody, {}, "application/octet-stream"});
    FetchRequest req = request(server);
    req.http.maxBodyBytes = 65'536;
    auto r = fetchMarket(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::TooLarge);
    EXPECT_NE(
        r.error().message.find(c.exchange + ": GET " + c.candlePath + ": response exceeds the limit of 65536 bytes"),
        std::string::npos)
        << r.error().message;
    EXPECT_EQ(server.hits(c.candlePath), 1);
}

TEST_P(Failures, AMalformedFieldIsNamed)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, c.badFieldBody});
    auto r = fetchMarket(request(server));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::ParseError);
    EXPECT_NE(r.error().message.find("[0][2] (high): \"abc\" is not a number"), std::string::npos) << r.error().message;
}

TEST_P(Failures, CancelMidFetch)
{
    const FaultCase& c = GetParam();
    FakeExchange server(kSimNow);
    server.fault(c.candlePath, Fault{200, c.candlesBody, {}, "application/json", milliseconds{5000}});
    CancelToken cancel;
    FetchRequest req = request(server);
    req.cancel = &cancel;
    std::thread canceller([&] {
        for (int i = 0; i < 500 && server.hits(c.candlePath) == 0; ++i) {
            std::this_thread::sleep_for(milliseconds{10});
        }
        cancel.cancel();
    });
    auto r = fetchMarket(req);
    canceller.join();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::Cancelled);
    EXPECT_EQ(server.hits(c.candlePath), 1);
}

INSTANTIATE_TEST_SUITE_P(
    AllExchanges, Failures,
    ::testing::Values(
        FaultCase{
            "binance", "/fapi/v1/klines", fixture("binance_error_429_too_many_requests.json"),
            R"([[1779996600000,"71481.90","71481.90","71481.90","71481.90","0.002",1779996899999,"142.96380",1,"0.002","142.96380","0"]])",
            R"([[1779996600000,"71481.90","abc","71481.90","71481.90","0.002",1779996899999,"142.96380",1,"0.002","142.96380","0"]])"},
        FaultCase{
            "bybit", "/v5/market/kline",
            R"({"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1779996600000})",
            R"({"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[["1779996600000","43376.1","43474.1","43264.8","43352.8","1575.305","68345898.1407"]]},"retExtInfo":{},"time":1779996600000})",
            R"({"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[["1779996600000","43376.1","abc","43264.8","43352.8","1575.305","68345898.1407"]]},"retExtInfo":{},"time":1779996600000})"},
        FaultCase{
            "okx", "/api/v5/market/history-candles", fixture("okx_error_rate_limit_50011.json"),
            R"({"code":"0","msg":"","data":[["1779996600000","43398.6","43493.9","43279.9","43373.9","5070.79611732","50.7079611732","220057933.23","1"]]})",
            R"({"code":"0","msg":"","data":[["1779996600000","43398.6","abc","43279.9","43373.9","5070.79611732","50.7079611732","220057933.23","1"]]})"}),
    [](const ::testing::TestParamInfo<FaultCase>& param) { return param.param.exchange; });

// ---------------------------------------------------------------------------------------------
// Exchange-specific signals

TEST(BinanceFetch, A418BanStopsEverythingAndSaysUntilWhen)
{
    FakeExchange server(kBinanceEnd);
    serveBinance(server);
    server.fault("/fapi/v1/klines", Fault{418, fixture("binance_error_418_banned.json"), {{"Retry-After", "600"}}});
    Harness h;
    auto r = fetchMarket(h.request("binance", server, "1m", kBinanceEnd, 44 * kMinute));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::RateLimited);
    EXPECT_EQ(r.error().message,
              "binance: GET /fapi/v1/klines: HTTP 418: Binance has banned this IP address for too many requests until "
              "2024-04-10T08:54:00Z; stopped without retrying");
    EXPECT_EQ(server.hits("/fapi/v1/klines"), 1);
    EXPECT_EQ(server.totalHits(), 2);  // premiumIndex, then the banned request, then nothing
    EXPECT_TRUE(h.delays().empty());
}

TEST(BinanceFetch, ErrorBodiesAreReported)
{
    for (const auto& [status, file, text] :
         {std::tuple{400, "binance_error_400_invalid_symbol.json",
                     "HTTP 400 Bad Request: Invalid symbol. (code -1121)"},
          std::tuple{451, "binance_error_451_restricted_location.json",
                     "HTTP 451 Unavailable For Legal Reasons: Service unavailable from a restricted location"}}) {
        FakeExchange server(kBinanceEnd);
        serveBinance(server);
        server.fault("/fapi/v1/premiumIndex", Fault{status, fixture(file)});
        Harness h;
        auto r = fetchMarket(h.request("binance", server, "1m", kBinanceEnd, 44 * kMinute));
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.error().message.find(std::string("binance: GET /fapi/v1/premiumIndex: ") + text), std::string::npos)
            << r.error().message;
        EXPECT_EQ(server.totalHits(), 1);
    }
}

TEST(BybitFetch, RetCodeErrorsInsideHttp200AreReported)
{
    FakeExchange server(kHourlyEnd);
    serveBybit(server);
    server.fault("/v5/market/kline", Fault{200, fixture("bybit_error_10001_params.json")});
    Harness h;
    auto r = fetchMarket(h.request("bybit", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::InvalidArgument);
    EXPECT_EQ(r.error().message, "bybit: GET /v5/market/kline: retCode 10001: params error: Symbol Is Invalid");
    EXPECT_EQ(server.hits("/v5/market/kline"), 1);
}

TEST(BybitFetch, TooManyVisitsIsRetried)
{
    FakeExchange server(kHourlyEnd);
    serveBybit(server);
    server.fault("/v5/market/open-interest", Fault{200, fixture("bybit_error_10006_too_many_visits.json")});
    Harness h;
    auto r = fetchMarket(h.request("bybit", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(server.hits("/v5/market/open-interest"), 2);
    EXPECT_EQ(r->merged.openInterest.size(), 3U);
}

TEST(BybitFetch, A403ThrottleStopsWithoutRetrying)
{
    FakeExchange server(kHourlyEnd);
    serveBybit(server);
    server.fault("/v5/market/kline", Fault{403, "access too frequent", {}, "text/plain"});
    Harness h;
    auto r = fetchMarket(h.request("bybit", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::RateLimited);
    EXPECT_NE(r.error().message.find("wait at least 10 minutes"), std::string::npos) << r.error().message;
    EXPECT_EQ(server.hits("/v5/market/kline"), 1);
}

TEST(BybitFetch, RecordedOpenInterestWithoutTheSingleSideIsUsedAsSentWithANote)
{
    // The 2025 recording predates singleOpenInterest: 62129.455 BTC at 2025-02-16 17:00.
    constexpr TimeMs end = 1'739'728'800'000;  // 18:00
    FakeExchange server(end);
    server.serve("/v5/market/open-interest", fixture("bybit_open-interest_linear.json"));
    Harness h;
    auto r = fetchMarket(h.request("bybit", server, "1h", end, 2 * kHour));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->merged.openInterest.time, std::vector<TimeMs>{1739725200000});
    EXPECT_EQ(r->merged.openInterest.base, std::vector<double>{62129.455});
    EXPECT_TRUE(hasNote(*r, "bybit sent no singleOpenInterest")) << joined(r->notes);
}

TEST(OkxFetch, Code50011IsRetriedThenReported)
{
    {
        FakeExchange server(kHourlyEnd);
        serveOkx(server);
        server.fault("/api/v5/rubik/stat/contracts/open-interest-history",
                     Fault{200, fixture("okx_error_rate_limit_50011.json")});
        Harness h;
        auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour));
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(server.hits("/api/v5/rubik/stat/contracts/open-interest-history"), 2);
        EXPECT_EQ(h.delays(), std::vector<milliseconds>{milliseconds{10}});
    }
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    for (int i = 0; i < 3; ++i) {
        server.fault("/api/v5/public/funding-rate-history", Fault{200, fixture("okx_error_rate_limit_50011.json")});
    }
    Harness h;
    auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Error::Code::RateLimited);
    EXPECT_EQ(r.error().message,
              "okx: GET /api/v5/public/funding-rate-history: code 50011: rate limit reached "
              "(Too Many Requests) (gave up after 3 attempts)");
}

TEST(OkxFetch, ErrorCodesAndUnknownPathsAreReported)
{
    {
        FakeExchange server(kHourlyEnd);
        serveOkx(server);
        server.fault("/api/v5/public/instruments", Fault{200, fixture("okx_error_51001_unknown_instrument.json")});
        Harness h;
        auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour));
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, Error::Code::InvalidArgument);
        EXPECT_EQ(r.error().message,
                  "okx: GET /api/v5/public/instruments: code 51001: Instrument ID, Instrument ID "
                  "code or Spread ID doesn't exist.");
    }
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    server.fault("/api/v5/public/mark-price", Fault{404, fixture("okx_error_http404_unknown_path.json")});
    Harness h;
    auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "okx: GET /api/v5/public/mark-price: HTTP 404 Not Found: Not Found");
}

// ---------------------------------------------------------------------------------------------
// OKX realized liquidations (/api/v5/public/liquidation-orders)
// ---------------------------------------------------------------------------------------------

TEST(OkxFetch, RealizedLiquidationsPerCandleIntervalInUsd)
{
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    Harness h;
    auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour));
    ASSERT_TRUE(r.ok()) << r.error().message;
    const LiquidationSeries liq = throughSnapshot(*r).data.liquidations;
    // By hand from the fixture, USD = sz (contracts) x ctVal 0.01 x bkPx; posSide names the
    // liquidated position, and in net mode a sell closes a long:
    //   16:00  long  7 x 0.01 x 43250.5 (16:10) + 10 x 0.01 x 43200 (16:01:40, net, sell); short 3 x 0.01 x 43400
    //   17:00  nothing: a real zero
    //   18:00  long 150 x 0.01 x 43300 (18:30); short 20 x 0.01 x 43500 (18:10)
    // The order at 15:00 lies before the requested span and is left out.
    EXPECT_EQ(liq.intervalMs, kHour);
    ASSERT_EQ(liq.time, (std::vector<TimeMs>{1706630400000, 1706634000000, 1706637600000}));
    EXPECT_DOUBLE_EQ(liq.longUsd[0], 7 * 0.01 * 43250.5 + 10 * 0.01 * 43200);
    EXPECT_DOUBLE_EQ(liq.shortUsd[0], 3 * 0.01 * 43400);
    EXPECT_DOUBLE_EQ(liq.longUsd[1], 0.0);
    EXPECT_DOUBLE_EQ(liq.shortUsd[1], 0.0);
    EXPECT_DOUBLE_EQ(liq.longUsd[2], 150 * 0.01 * 43300);
    EXPECT_DOUBLE_EQ(liq.shortUsd[2], 20 * 0.01 * 43500);
    EXPECT_TRUE(hasNote(*r, "okx realized liquidations reach back only to 2024-01-30T15:00:00Z (6 orders"))
        << joined(r->notes);

    const auto queries = server.queries("/api/v5/public/liquidation-orders");
    ASSERT_EQ(queries.size(), 1U);  // no paging is documented: one page
    EXPECT_EQ(queries[0].at("instType"), "SWAP");
    EXPECT_EQ(queries[0].at("uly"), "BTC-USDT");
    EXPECT_EQ(queries[0].at("state"), "filled");
    EXPECT_EQ(queries[0].at("limit"), "100");
}

TEST(OkxFetch, RealizedLiquidationsUseTheInstrumentsContractSize)
{
    // ETH-USDT-SWAP: ctVal 0.1 in the instruments recording; other swaps of a listing are skipped.
    FakeExchange server(kHourlyEnd);
    serveOkx(server);
    server.serve(
        "/api/v5/public/liquidation-orders",
        R"({"code":"0","msg":"","data":[)"
        R"({"details":[{"bkLoss":"0","bkPx":"2300","ccy":"","posSide":"short","side":"buy","sz":"4","ts":"1706634600000"}],)"
        R"("instFamily":"ETH-USDT","instId":"ETH-USDT-SWAP","instType":"SWAP","totalLoss":"0","uly":"ETH-USDT"},)"
        R"({"details":[{"bkLoss":"0","bkPx":"9","ccy":"","posSide":"long","side":"sell","sz":"999","ts":"1706634600000"}],)"
        R"("instFamily":"ETH-USDT","instId":"ETH-USDT-SWAP-OTHER","instType":"SWAP","totalLoss":"0","uly":"ETH-USDT"}]})");
    Harness h;
    FetchRequest request = h.request("okx", server, "1h", kHourlyEnd, 3 * kHour);
    request.symbol = "ETH-USDT-SWAP";
    auto r = fetchMarket(request);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const LiquidationSeries& liq = r->merged.liquidations;
    // 17:10 -> the 17:00 interval, through the last candle (18:00) as real zeros.
    ASSERT_EQ(liq.time, (std::vector<TimeMs>{1706634000000, 1706637600000}));
    EXPECT_DOUBLE_EQ(liq.shortUsd[0], 4 * 0.1 * 2300);
    EXPECT_DOUBLE_EQ(liq.longUsd[0], 0.0);
    EXPECT_DOUBLE_EQ(liq.shortUsd[1] + liq.longUsd[1], 0.0);
    EXPECT_EQ(server.queries("/api/v5/public/liquidation-orders").at(0).at("uly"), "ETH-USDT");
}

TEST(OkxFetch, LiquidationEndpointErrorsLeaveTheSeriesOutWithANote)
{
    for (const std::string& body :
         {fixture("okx_error_http404_unknown_path.json"), std::string(R"({"code":"0","data":[{"details":"x"}]})")}) {
        FakeExchange server(kHourlyEnd);
        serveOkx(server);
        const int status = body.find("details") == std::string::npos ? 404 : 200;
        server.fault("/api/v5/public/liquidation-orders", Fault{status, body});
        Harness h;
        auto r = fetchMarket(h.request("okx", server, "1h", kHourlyEnd, 3 * kHour), h.progress());
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(h.done(), 9);
        EXPECT_EQ(r->merged.candles.size(), 3U);
        EXPECT_TRUE(r->merged.liquidations.empty());
        const MarketData d = throughSnapshot(*r).data;
        EXPECT_TRUE(d.liquidations.empty());
        EXPECT_EQ(d.liquidations.intervalMs, 0);
        EXPECT_TRUE(hasNote(*r, "okx realized liquidations left out (GET /api/v5/public/liquidation-orders"))
            << joined(r->notes);
    }
}

TEST(OkxFetch, AllSumsRealizedLiquidationsOfTheExchangesThatHaveThem)
{
    FakeExchange server(kSimNow);
    Harness h;
    auto r = fetchMarket(h.request("all", server, "5m", kSimNow, 1 * kDay));
    ASSERT_TRUE(r.ok()) << r.error().message;
    const LiquidationSeries& okx = r->perExchange.at("okx").liquidations;
    ASSERT_FALSE(okx.empty());
    EXPECT_TRUE(r->perExchange.at("binance").liquidations.empty());
    EXPECT_TRUE(r->perExchange.at("bybit").liquidations.empty());
    EXPECT_EQ(r->merged.liquidations.time, okx.time);
    EXPECT_EQ(r->merged.liquidations.longUsd, okx.longUsd);
    EXPECT_EQ(r->merged.liquidations.shortUsd, okx.shortUsd);
    EXPECT_EQ(r->merged.liquidations.intervalMs, 5 * kMinute);
    EXPECT_TRUE(hasNote(*r, "merged realized liquidations are the sum over okx only")) << joined(r->notes);
    // The simulated page is full (100 orders, 7 min apart): the oldest interval is dropped.
    EXPECT_TRUE(hasNote(*r, "the oldest interval dropped as incomplete")) << joined(r->notes);
}
