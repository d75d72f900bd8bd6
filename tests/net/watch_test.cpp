// The watchlist against local exchanges: ten symbols refresh within the per-exchange request
// budget (counted at the server, on a clock the test moves), and `liqheat-cli watch` prints the
// expected alerts for a replayed real price path.
#include "cli_process.h"
#include "fake_exchange.h"

#include "liqheat/liquidation/liquidation_rules.h"
#include "liqheat/live/watch_session.h"
#include "liqheat/model/time.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <thread>

using namespace liqheat;
using liqheat::test::CliProcess;
using liqheat::test::FakeExchange;
using liqheat::test::TempDir;
using nlohmann::json;

namespace {

constexpr TimeMs kFive = 300'000;

std::string exchangeOfTarget(const std::string& target)
{
    if (target.starts_with("/fapi/") || target.starts_with("/futures/")) {
        return "binance";
    }
    if (target.starts_with("/api/v5/")) {
        return "okx";
    }
    if (target.starts_with("/v5/")) {
        return "bybit";
    }
    return "other";
}

bool waitUntil(const std::function<bool()>& done, std::chrono::seconds limit)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
}

}  // namespace

TEST(Watchlist, TenSymbolsRefreshWithinTheRequestBudget)
{
    const TimeMs start = nowUtcMs() / kFive * kFive;
    FakeExchange server(start);
    std::atomic<TimeMs> clock{start};
    RequestBudgets budgets({[&] { return clock.load(); }, [&](TimeMs delay) { clock += delay; }});
    FetchFeedOptions options;
    options.historyMs = 86'400'000;
    options.budgets = &budgets;
    options.clock = [&] { return clock.load(); };
    for (const Exchange id : allExchanges()) {
        options.baseUrls[toString(id)] = server.url();
    }
    FetchMarketFeed feed(options);

    // The fake OKX lists BTC-USDT-SWAP and ETH-USDT-SWAP (the recorded instruments).
    const std::vector<WatchKey> keys{{Exchange::Binance, "BTCUSDT", "5m"}, {Exchange::Binance, "ETHUSDT", "5m"},
                                     {Exchange::Binance, "SOLUSDT", "5m"}, {Exchange::Binance, "XRPUSDT", "5m"},
                                     {Exchange::Bybit, "BTCUSDT", "5m"},   {Exchange::Bybit, "ETHUSDT", "5m"},
                                     {Exchange::Bybit, "SOLUSDT", "5m"},   {Exchange::Bybit, "XRPUSDT", "5m"},
                                     {Exchange::Okx, "BTCUSDT", "5m"},     {Exchange::Okx, "ETHUSDT", "5m"}};
    // Two rounds: the first fetches a day of history, the second only what is new.
    for (int round = 0; round < 2; ++round) {
        for (const WatchKey& key : keys) {
            const WatchUpdate update = refreshMarket(feed, key, ModelSettings{}, nullptr, clock.load());
            ASSERT_TRUE(update.error.empty()) << toString(key) << ": " << update.error;
            ASSERT_TRUE(update.evaluation);
            EXPECT_GT(update.evaluation->row.lastPrice, 0.0);
        }
    }
    const double elapsedSeconds = static_cast<double>(clock.load() - start) / 1000.0;

    std::map<std::string, int> counted;
    for (const std::string& target : server.targets()) {
        ++counted[exchangeOfTarget(target)];
    }
    EXPECT_EQ(counted.count("other"), 0u);
    for (const Exchange id : allExchanges()) {
        const std::string name = toString(id);
        const BudgetRate rate = defaultBudgetRate(id);
        const int requests = counted[name];
        // Every request the server saw went through the budget, and no more than it allows over
        // the (test) time the refresh took.
        EXPECT_EQ(static_cast<std::size_t>(requests), budgets.forExchange(id).taken()) << name;
        EXPECT_LE(requests, rate.burst + rate.perSecond * elapsedSeconds + 1e-9) << name;
        EXPECT_GT(requests, rate.burst) << name << ": the budget was never tested";
        std::cout << name << ": " << requests << " requests in " << elapsedSeconds << " s of test clock\n";
    }
    EXPECT_EQ(feed.requests(), server.targets().size());
}

namespace {

// Real Binance BTCUSDT 5m candles from shared/data, every row between from and to (inclusive).
// The environment variable LIQHEAT_SHARED_DATA_DIR overrides the build's path (a worktree's
// ../shared is not there).
std::string realCandlesPath()
{
    const char* dir = std::getenv("LIQHEAT_SHARED_DATA_DIR");
    return std::string(dir != nullptr ? dir : LIQHEAT_SHARED_DATA_DIR) +
           "/binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv";
}

CandleSeries realCandles(TimeMs from, TimeMs to)
{
    std::ifstream in(realCandlesPath());
    CandleSeries c;
    std::string line;
    std::getline(in, line);  // header: timestamp_ms,datetime_utc,open,high,low,close,...
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream row(line);
        std::string cell;
        while (std::getline(row, cell, ',')) {
            cells.push_back(cell);
        }
        const TimeMs t = std::stoll(cells.at(0));
        if (t < from || t > to) {
            continue;
        }
        c.time.push_back(t);
        c.open.push_back(std::stod(cells.at(2)));
        c.high.push_back(std::stod(cells.at(3)));
        c.low.push_back(std::stod(cells.at(4)));
        c.close.push_back(std::stod(cells.at(5)));
    }
    return c;
}

}  // namespace

TEST(WatchCli, PrintsTheExpectedAlertsForAReplayedPricePath)
{
    // 2026-06-02 12:00-16:00 UTC: the long squeeze from about 69,000 to 67,100, with a day before it.
    const TimeMs replayFrom = 1'780'405'200'000;
    const TimeMs replayTo = 1'780'419'600'000;
    if (!std::filesystem::exists(realCandlesPath())) {
        GTEST_SKIP() << "real data not present: " << realCandlesPath();
    }
    CandleSeries candles = realCandles(replayFrom - 86'400'000 - kFive, replayTo);
    ASSERT_GT(candles.size(), 300u);
    // Replayed now: shifted by whole candles so that the last step is the present.
    const TimeMs shift = (nowUtcMs() - replayTo) / kFive * kFive - kFive;
    for (TimeMs& t : candles.time) {
        t += shift;
    }
    FakeExchange server(replayFrom + shift);
    server.replayCandles(candles);

    // A long at 70,000 with 25x: isolated, first maintenance tier of the default Binance table.
    constexpr double kEntry = 70'000.0;
    constexpr double kLeverage = 25.0;
    constexpr double kPercent = 0.5;
    constexpr TimeMs kCooldown = 30 * 60'000;
    const auto table = resolveMaintenanceTable(LiquidationRules{});
    ASSERT_TRUE(table);
    const double mmr = table->tiers.front().rate;
    const double liquidation = kEntry * (1.0 - 1.0 / kLeverage) / (1.0 - mmr);

    TempDir dir;
    const auto rules = dir.path() / "rules.json";
    std::ofstream(rules) << R"({"rules": [{"id": "liq70k", "kind": "near_liquidation", "side": "long",
        "entry": 70000, "leverage": 25, "percent": 0.5, "cooldown_minutes": 30}]})";
    CliProcess watch({"watch",
                      "--symbols",
                      "BTCUSDT",
                      "--exchanges",
                      "binance",
                      "--interval",
                      "5m",
                      "--rules",
                      rules.string(),
                      "--near-cluster-pct",
                      "1",
                      "--min-cluster-usd",
                      "1",
                      "--poll-seconds",
                      "0.05",
                      "--history-hours",
                      "24",
                      "--budget",
                      "binance=200:200",
                      "--base-url",
                      server.url(),
                      "--quiet"},
                     {}, dir.path());

    // Step the exchange's present one candle at a time; each step waits for a poll to see it.
    std::vector<std::size_t> steps;
    for (std::size_t i = 0; i < candles.size(); ++i) {
        if (candles.time[i] - shift >= replayFrom) {
            steps.push_back(i);
        }
    }
    for (const std::size_t i : steps) {
        server.setNow(candles.time[i]);
        const int before = server.hits("/fapi/v1/klines");
        ASSERT_TRUE(waitUntil([&] { return server.hits("/fapi/v1/klines") > before; }, std::chrono::seconds(30)))
            << "no poll after step " << i << "; stderr: " << watch.err();
    }
    // One more poll: the previous one (which saw the last step) has finished and printed.
    const int before = server.hits("/fapi/v1/klines");
    ASSERT_TRUE(waitUntil([&] { return server.hits("/fapi/v1/klines") > before; }, std::chrono::seconds(30)));
    watch.signal(SIGTERM);
    EXPECT_EQ(watch.wait(), 0) << watch.err();

    // Expected: price within 0.5 % of the liquidation price turns true (edge), and not again
    // within 30 min of market time.
    std::vector<std::string> expectedTimes;
    bool active = false;
    TimeMs lastFired = -1;
    for (const std::size_t i : steps) {
        const double close = candles.close[i];
        const bool near = std::abs(close - liquidation) / close * 100.0 <= kPercent;
        if (near && !active && (lastFired < 0 || candles.time[i] - lastFired >= kCooldown)) {
            expectedTimes.push_back(formatTimeIso(candles.time[i]));
            lastFired = candles.time[i];
        }
        active = near;
    }
    ASSERT_GE(expectedTimes.size(), 2u) << "the path should cross twice";

    std::vector<std::string> liqTimes;
    int clusterLines = 0;
    std::istringstream out(watch.out());
    std::string line;
    while (std::getline(out, line)) {
        const json j = json::parse(line);
        for (const char* field : {"time", "exchange", "symbol", "rule", "price"}) {
            ASSERT_TRUE(j.contains(field)) << line;
        }
        EXPECT_EQ(j["exchange"], "binance");
        EXPECT_EQ(j["symbol"], "BTCUSDT");
        const double price = j["price"].get<double>();
        const auto step = std::find_if(steps.begin(), steps.end(),
                                       [&](std::size_t i) { return formatTimeIso(candles.time[i]) == j["time"]; });
        ASSERT_NE(step, steps.end()) << line;
        EXPECT_DOUBLE_EQ(price, candles.close[*step]);
        if (j["rule"] == "liq70k") {
            liqTimes.push_back(j["time"]);
            EXPECT_NEAR(j["liquidation_price"].get<double>(), liquidation, liquidation * 1e-9);
            EXPECT_NEAR(j["distance_pct"].get<double>(), std::abs(price - liquidation) / price * 100.0, 1e-9);
        } else {
            ASSERT_EQ(j["rule"], "near_cluster") << line;
            ++clusterLines;
            const double clusterPrice = j["cluster_price"].get<double>();
            EXPECT_GT(j["cluster_usd"].get<double>(), 0.0);
            EXPECT_NEAR(j["distance_pct"].get<double>(), std::abs(clusterPrice - price) / price * 100.0, 1e-9);
            EXPECT_LE(j["distance_pct"].get<double>(), 1.0);
        }
    }
    EXPECT_EQ(liqTimes, expectedTimes) << watch.out();
    std::cout << steps.size() << " steps replayed, " << liqTimes.size() << " near_liquidation and " << clusterLines
              << " near_cluster alerts\n";
    EXPECT_GE(clusterLines, 1) << watch.out();
}

TEST(WatchCli, UsageMistakesExitTwo)
{
    TempDir dir;
    CliProcess noRules({"watch", "--symbols", "BTCUSDT"}, {}, dir.path());
    EXPECT_EQ(noRules.wait(), 2);
    EXPECT_NE(noRules.err().find("no alert rules"), std::string::npos) << noRules.err();
    CliProcess badExchange(
        {"watch", "--symbols", "BTCUSDT", "--exchanges", "kraken", "--near-cluster-pct", "1", "--min-cluster-usd", "1"},
        {}, dir.path());
    EXPECT_EQ(badExchange.wait(), 2);
    CliProcess lonePercent({"watch", "--symbols", "BTCUSDT", "--near-cluster-pct", "1"}, {}, dir.path());
    EXPECT_EQ(lonePercent.wait(), 2);
}
