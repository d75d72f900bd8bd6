// `liqheat-cli fetch` end to end: the real binary against a fake exchange on 127.0.0.1.
#include "cli_process.h"
#include "fake_exchange.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/live/http_client.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace liqheat;
using liqheat::test::CliProcess;
using liqheat::test::FakeExchange;
using liqheat::test::Fault;
using liqheat::test::Sim;
using liqheat::test::slurp;
using liqheat::test::TempDir;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

struct CliRun {
    int exitCode;
    std::string out;
    std::string err;
};

CliRun runCli(const std::vector<std::string>& args, const TempDir& dir, const std::vector<std::string>& env = {})
{
    CliProcess process(args, env, dir.path());
    const int code = process.wait();
    return {code, process.out(), process.err()};
}

// The simulated exchanges live in the present, so Binance's 30-day window holds.
TimeMs presentMinute() { return nowUtcMs() / 60'000 * 60'000; }

}  // namespace

TEST(FetchCli, FetchesOneExchangeIntoASnapshotAndSummarises)
{
    const TimeMs now = presentMinute() / 300'000 * 300'000;  // whole 5m candles: exactly 288 in a day
    FakeExchange server(now);
    TempDir dir;
    const fs::path out = dir.path() / "binance.json.gz";
    const CliRun run =
        runCli({"fetch", "-o", out.string(), "--exchange", "binance", "--symbol", "btcusdt", "--interval", "5m",
                "--days", "1", "--end", std::to_string(now), "--base-url", server.url()},
               dir);
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const json summary = json::parse(run.out);
    EXPECT_EQ(summary["output"], out.string());
    EXPECT_EQ(summary["exchange"], "binance");
    EXPECT_EQ(summary["symbol"], "BTCUSDT");
    EXPECT_EQ(summary["interval"], "5m");
    EXPECT_EQ(summary["rows"]["candles"], 288);
    EXPECT_EQ(summary["rows"]["open_interest"], 288);
    EXPECT_EQ(summary["mark_price"], Sim::kMarkPrice);
    EXPECT_EQ(summary["funding_rate"], Sim::kFundingNow);
    EXPECT_EQ(summary["per_exchange"]["binance"]["rows"]["candles"], 288);
    EXPECT_NE(run.err.find("liqheat-cli: [6/6] binance: "), std::string::npos) << run.err;

    auto snapshot = readSnapshot(out.string());
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    EXPECT_EQ(snapshot->data.source.exchanges, std::vector<std::string>{"binance"});
    EXPECT_EQ(snapshot->data.candles.size(), 288U);
    EXPECT_EQ(snapshot->data.candles.time.back(), now - 300'000);
    EXPECT_EQ(snapshot->data.candles.close.back(), Sim::close(now - 300'000));
    EXPECT_TRUE(snapshot->perExchange.empty());
}

TEST(FetchCli, AllExchangesFromEnvironmentUrlsKeepEachExchangesSeries)
{
    const TimeMs now = presentMinute();
    FakeExchange server(now);
    TempDir dir;
    const fs::path out = dir.path() / "all.json";
    const CliRun run = runCli({"fetch", "-o", out.string(), "--exchange", "all", "--symbol", "BTC-USDT-SWAP",
                               "--interval", "1h", "--days", "1", "--end", std::to_string(now), "--quiet"},
                              dir,
                              {"LIQHEAT_BINANCE_URL=" + server.url(), "LIQHEAT_BYBIT_URL=" + server.url(),
                               "LIQHEAT_OKX_URL=" + server.url()});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_TRUE(run.err.empty()) << run.err;  // --quiet
    const json summary = json::parse(run.out);
    EXPECT_EQ(summary["exchanges"], json::array({"binance", "bybit", "okx"}));
    EXPECT_EQ(summary["reference"], "binance");
    EXPECT_EQ(summary["per_exchange"].size(), 3U);
    EXPECT_EQ(summary["per_exchange"]["okx"]["mark_price"], Sim::kMarkPrice);

    auto snapshot = readSnapshot(out.string());
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    ASSERT_EQ(snapshot->perExchange.size(), 3U);
    const auto& binance = snapshot->perExchange.at("binance");
    const auto& okx = snapshot->perExchange.at("okx");
    EXPECT_EQ(snapshot->data.candles.time, binance.candles.time);
    ASSERT_FALSE(snapshot->data.openInterest.empty());
    const std::size_t last = snapshot->data.openInterest.size() - 1;
    EXPECT_NEAR(snapshot->data.openInterest.base[last], 3.0 * Sim::openInterest(snapshot->data.openInterest.time[last]),
                1e-6);
    EXPECT_EQ(okx.source.exchanges, std::vector<std::string>{"okx"});
    EXPECT_EQ(slurp(out).find(R"("version":{"major":1,"minor":1})") != std::string::npos, true);
}

TEST(FetchCli, NamedBaseUrlsReferenceAndStrict)
{
    const TimeMs now = presentMinute();
    FakeExchange server(now);
    server.fault("/v5/market/tickers", Fault{403, "access too frequent", {}, "text/plain"});
    TempDir dir;
    const fs::path out = dir.path() / "all.json";
    const std::vector<std::string> base{"fetch",
                                        "-o",
                                        out.string(),
                                        "--exchange",
                                        "all",
                                        "--symbol",
                                        "BTCUSDT",
                                        "--interval",
                                        "1h",
                                        "--days",
                                        "1",
                                        "--end",
                                        std::to_string(now),
                                        "--reference",
                                        "okx",
                                        "--base-url",
                                        "binance=" + server.url(),
                                        "--base-url",
                                        "bybit=" + server.url(),
                                        "--base-url",
                                        "okx=" + server.url()};
    auto strict = base;
    strict.emplace_back("--strict");
    const CliRun failed = runCli(strict, dir);
    EXPECT_EQ(failed.exitCode, 1);
    EXPECT_NE(failed.err.find("liqheat-cli: error: bybit: GET /v5/market/tickers: HTTP 403"), std::string::npos)
        << failed.err;
    EXPECT_FALSE(fs::exists(out));

    server.fault("/v5/market/tickers", Fault{403, "access too frequent", {}, "text/plain"});
    const CliRun partial = runCli(base, dir);
    ASSERT_EQ(partial.exitCode, 0) << partial.err;
    const json summary = json::parse(partial.out);
    EXPECT_EQ(summary["reference"], "okx");
    EXPECT_EQ(summary["exchanges"], json::array({"binance", "okx"}));
    EXPECT_NE(partial.err.find("liqheat-cli: note: bybit left out"), std::string::npos) << partial.err;
}

TEST(FetchCli, AFailedFetchLeavesTheExistingFileUntouched)
{
    const TimeMs now = presentMinute();
    FakeExchange server(now);
    server.fault("/fapi/v1/klines",
                 Fault{418, R"({"code":-1003,"msg":"Way too many requests; IP banned until 1712739240000."})"});
    TempDir dir;
    const fs::path out = dir.path() / "kept.json";
    {
        std::ofstream(out) << "previous snapshot";
    }
    const CliRun run = runCli({"fetch", "-o", out.string(), "--exchange", "binance", "--symbol", "BTCUSDT",
                               "--interval", "5m", "--days", "1", "--base-url", server.url()},
                              dir);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.err.find("liqheat-cli: error: binance: GET /fapi/v1/klines: HTTP 418: Binance has banned this IP "
                           "address for too many requests until 2024-04-10T08:54:00Z; stopped without retrying; " +
                           out.string() + " was not written"),
              std::string::npos)
        << run.err;
    EXPECT_EQ(slurp(out), "previous snapshot");
    EXPECT_EQ(server.hits("/fapi/v1/klines"), 1);
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        files += entry.path().filename().string().find("kept") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(files, 1U);  // no temporary file left beside it
}

TEST(FetchCli, InterruptCancelsAndLeavesTheFileUntouched)
{
    const TimeMs now = presentMinute();
    FakeExchange server(now);
    server.fault("/fapi/v1/klines", Fault{200, "[]", {}, "application/json", milliseconds{5000}});
    TempDir dir;
    const fs::path out = dir.path() / "kept.json";
    {
        std::ofstream(out) << "previous snapshot";
    }
    CliProcess process({"fetch", "-o", out.string(), "--exchange", "binance", "--symbol", "BTCUSDT", "--interval", "5m",
                        "--days", "1", "--base-url", server.url()},
                       {}, dir.path());
    for (int i = 0; i < 500 && server.hits("/fapi/v1/klines") == 0; ++i) {
        std::this_thread::sleep_for(milliseconds{10});
    }
    ASSERT_EQ(server.hits("/fapi/v1/klines"), 1);
    process.signal(SIGINT);
    EXPECT_EQ(process.wait(), 130);
    EXPECT_NE(process.err().find("fetch cancelled; " + out.string() + " was not written"), std::string::npos)
        << process.err();
    EXPECT_EQ(slurp(out), "previous snapshot");
}

TEST(FetchCli, UsageErrors)
{
    TempDir dir;
    const fs::path out = dir.path() / "x.json";
    struct Case {
        std::vector<std::string> args;
        int code;
        std::string message;
    };
    const Case cases[] = {
        {{"fetch", "-o", out.string(), "--exchange", "binance", "--interval", "5m"}, 2, "fetch needs -o OUT"},
        {{"fetch", "-o", out.string(), "--exchange", "binance", "--symbol", "BTCUSDT", "--interval", "5m", "--days",
          "0"},
         2,
         "--days must be more than 0"},
        {{"fetch", "-o", out.string(), "--exchange", "bybit", "--symbol", "BTCUSDT", "--interval", "5m", "--reference",
          "okx"},
         2,
         "--reference only applies to --exchange all"},
        {{"fetch", "-o", out.string(), "--exchange", "binance", "--symbol", "BTCUSDT", "--interval", "5m", "--retries",
          "1.5"},
         2,
         "--retries must be a whole number"},
        {{"fetch", "-o", out.string(), "--exchange", "kraken", "--symbol", "BTCUSDT", "--interval", "5m"},
         2,
         "--exchange must be one of binance, bybit, okx, all (got 'kraken')"},
        {{"fetch", "-o", out.string(), "--exchange", "okx", "--symbol", "BTCUSDT", "--interval", "8h"},
         1,
         "okx has no 8h candles"},
    };
    for (const Case& c : cases) {
        const CliRun run = runCli(c.args, dir);
        EXPECT_EQ(run.exitCode, c.code) << run.err;
        EXPECT_NE(run.err.find(c.message), std::string::npos) << run.err;
        EXPECT_FALSE(fs::exists(out));
    }
}
