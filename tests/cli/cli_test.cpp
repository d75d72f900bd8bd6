// End-to-end tests of liqheat-cli: the real binary, real files, exit codes and output.
#include "liqheat/analysis/indicators.h"
#include "liqheat/io/snapshot.h"

#include "run_cli.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using namespace liqheat::test;
using nlohmann::json;

namespace {

const std::string kSample = LIQHEAT_SAMPLE_SNAPSHOT;
const fs::path kShared = LIQHEAT_SHARED_DATA_DIR;

bool isOneLineError(const RunResult& r)
{
    return r.exitCode != 0 && r.out.empty() && !r.err.empty() && r.err.find('\n') == r.err.size() - 1 &&
           r.err.rfind("liqheat-cli: error: ", 0) == 0;
}

}  // namespace

TEST(Cli, VersionMatchesTheProject)
{
    const auto r = runCli({"--version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.out, std::string("liqheat-cli ") + LIQHEAT_VERSION + "\n");
}

TEST(Cli, InfoDescribesTheBundledSample)
{
    const auto r = runCli({"info", kSample});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["source"]["symbol"], "BTCUSDT");
    EXPECT_EQ(j["source"]["interval"], "5m");
    // First candle of shared/data's 5 minute file; last before the --to 2026-06-09 cut.
    EXPECT_EQ(j["series"]["candles"]["first"], "2026-05-25T15:55:00Z");
    EXPECT_EQ(j["series"]["candles"]["last"], "2026-06-08T23:55:00Z");
    EXPECT_GE(j["series"]["funding_rate"]["rows"].get<int>(), 40);  // 8 h settlements over two weeks
    EXPECT_EQ(j["series"]["liquidations"]["interval"], "30m");
    // The hourly metrics from 2026-05-25 00:55 to 2026-06-08 23:55: 15 days of 24 records.
    EXPECT_EQ(j["series"]["long_short_ratio"]["rows"], 360);
    EXPECT_EQ(j["series"]["long_short_ratio"]["last"], "2026-06-08T23:55:00Z");
    EXPECT_EQ(j["series"]["top_trader_account_ratio"]["rows"], 360);
    EXPECT_EQ(j["series"]["top_trader_position_ratio"]["rows"], 360);
}

TEST(Cli, ImportReproducesTheBundledSampleFromSharedData)
{
    const fs::path candles = kShared / "binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv";
    if (!fs::exists(candles)) {
        GTEST_SKIP() << "shared data not present";
    }
    TempDir dir;
    const fs::path out = dir.path() / "sample.json.gz";
    const auto r = runCli({"import", "-o", out.string(), "--symbol", "BTCUSDT", "--exchange", "binance", "--interval",
                           "5m", "--from", "2026-05-25", "--to", "2026-06-09", candles.string(),
                           (kShared / "binance_btcusdt_funding_8h.csv").string(),
                           (kShared / "btc_liquidations_30m_2026-05-21_2026-06-08.csv").string(),
                           (kShared / "binance_btcusdt_metrics_1h_2026-05-01_2026-06-27.csv").string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("open_interest not used"), std::string::npos) << r.err;  // the 5 min OI stays
    EXPECT_NE(r.out.find("binance-metrics-1h"), std::string::npos) << r.out;
    const auto rebuilt = liqheat::readSnapshot(out.string());
    const auto bundled = liqheat::readSnapshot(kSample);
    ASSERT_TRUE(rebuilt.ok() && bundled.ok());
    EXPECT_EQ(rebuilt->data.candles.time, bundled->data.candles.time);
    EXPECT_EQ(rebuilt->data.candles.close, bundled->data.candles.close);
    EXPECT_EQ(rebuilt->data.openInterest.quote, bundled->data.openInterest.quote);
    EXPECT_EQ(rebuilt->data.fundingRate.value, bundled->data.fundingRate.value);
    EXPECT_EQ(rebuilt->data.liquidations.longUsd, bundled->data.liquidations.longUsd);
    EXPECT_EQ(rebuilt->data.longShortRatio.time, bundled->data.longShortRatio.time);
    EXPECT_EQ(rebuilt->data.longShortRatio.value, bundled->data.longShortRatio.value);
    EXPECT_EQ(rebuilt->data.topTraderAccountRatio.value, bundled->data.topTraderAccountRatio.value);
    EXPECT_EQ(rebuilt->data.topTraderPositionRatio.value, bundled->data.topTraderPositionRatio.value);
    EXPECT_EQ(rebuilt->model, bundled->model);
    // Values straight from the CSV files: the last hour's record (hour_end 2026-06-09 00:00).
    EXPECT_EQ(rebuilt->data.longShortRatio.value.back(), 1.83341867);
    EXPECT_EQ(rebuilt->data.topTraderAccountRatio.value.back(), 1.9619711);
    EXPECT_EQ(rebuilt->data.topTraderPositionRatio.value.back(), 1.182022);
    EXPECT_EQ(rebuilt->data.candles.open.front(), 77578.6);
    EXPECT_EQ(rebuilt->data.openInterest.quote.front(), 7719003148.8787);
}

TEST(Cli, SweepGivesOneRowPerCandle)
{
    const auto r = runCli({"sweep", kSample});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "time,long_usd,short_usd");
    int rows = 0;
    double longTotal = 0.0;
    double shortTotal = 0.0;
    long long previous = 0;
    while (std::getline(in, line)) {
        long long t = 0;
        double l = -1;
        double s = -1;
        ASSERT_EQ(std::sscanf(line.c_str(), "%lld,%lf,%lf", &t, &l, &s), 3) << line;
        ASSERT_GT(t, previous);
        ASSERT_GE(l, 0.0);
        ASSERT_GE(s, 0.0);
        previous = t;
        longTotal += l;
        shortTotal += s;
        ++rows;
    }
    const json info = json::parse(runCli({"info", kSample}).out);
    EXPECT_EQ(rows, info["series"]["candles"]["rows"].get<int>());
    EXPECT_GT(longTotal, 0.0);
    EXPECT_GT(shortTotal, 0.0);
}

TEST(Cli, EstimateGridKeepsLongsBelowAndShortsAbovePrice)
{
    const auto r = runCli({"estimate", kSample, "--columns", "40", "--preset", "high-leverage"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    const int buckets = j["buckets"];
    const double origin = j["price_origin"];
    const double size = j["bucket_size"];
    ASSERT_LE(j["time"].size(), 40U);
    ASSERT_EQ(j["long_usd"].size(), j["time"].size());
    const auto& lastLong = j["long_usd"].back();
    const auto& lastShort = j["short_usd"].back();
    ASSERT_EQ(static_cast<int>(lastLong.size()), buckets);
    const json info = json::parse(runCli({"info", kSample}).out);
    const double price = info["last_price"];
    double longSum = 0.0;
    double shortSum = 0.0;
    for (int b = 0; b < buckets; ++b) {
        if (lastLong[static_cast<std::size_t>(b)].get<double>() > 0.0) {
            EXPECT_LT(origin + size * (b + 1), price + 1e-9);
            longSum += lastLong[static_cast<std::size_t>(b)].get<double>();
        }
        if (lastShort[static_cast<std::size_t>(b)].get<double>() > 0.0) {
            EXPECT_GT(origin + size * b, price - 1e-9);
            shortSum += lastShort[static_cast<std::size_t>(b)].get<double>();
        }
    }
    EXPECT_GT(longSum, 1e6);
    EXPECT_GT(shortSum, 1e6);
}

TEST(Cli, EstimateCsvAndMapAgreeOnTheLastColumn)
{
    TempDir dir;
    const auto csv =
        runCli({"estimate", kSample, "--format", "csv", "--columns", "1", "-o", (dir.path() / "grid.csv").string()});
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_TRUE(csv.out.empty());
    std::ifstream in(dir.path() / "grid.csv");
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "time,price_low,price_high,long_usd,short_usd");
    double longSum = 0.0;
    while (std::getline(in, line)) {
        long long t = 0;
        double lo = 0;
        double hi = 0;
        double l = 0;
        double s = 0;
        ASSERT_EQ(std::sscanf(line.c_str(), "%lld,%lf,%lf,%lf,%lf", &t, &lo, &hi, &l, &s), 5);
        longSum += l;
    }
    const auto map = runCli({"map", kSample, "--format", "json", "--range", "100"});
    ASSERT_EQ(map.exitCode, 0) << map.err;
    double mapLong = 0.0;
    const json levels = json::parse(map.out)["levels"];
    for (const auto& level : levels) {
        mapLong += level["long_usd"].get<double>();
    }
    EXPECT_NEAR(longSum, mapLong, 1e-6 * mapLong + 100.0);  // csv cells are rounded to cents, floats
}

TEST(Cli, ClustersAreOnTheRightSideAndStrongestFirst)
{
    const auto r = runCli({"clusters", kSample, "--top", "4"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    const double price = j["price"];
    ASSERT_FALSE(j["clusters"].empty());
    ASSERT_LE(j["clusters"].size(), 4U);
    double previous = 1e300;
    for (const auto& c : j["clusters"]) {
        if (c["side"] == "long") {
            EXPECT_LE(c["price_high"].get<double>(), price);
        } else {
            EXPECT_GE(c["price_low"].get<double>(), price);
        }
        EXPECT_LE(c["total_usd"].get<double>(), previous);
        previous = c["total_usd"];
    }
}

TEST(Cli, MapTextNamesThePrice)
{
    const auto r = runCli({"map", kSample});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("price 63057.9"), std::string::npos) << r.out;  // last close of the sample
    EXPECT_NE(r.out.find("largest clusters"), std::string::npos);
}

// Bybit's published example: long 1 BTC at 20,000, 50x, MMR 0.5 % -> 19,700; BP 20,000 * 0.98.
TEST(Cli, LiqpriceBybitPublishedExample)
{
    const auto r = runCli({"liqprice", "--exchange", "bybit", "--side", "long", "--entry", "20000", "--qty", "1",
                           "--leverage", "50", "--mmr", "0.005"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_NEAR(j["liquidation_price"].get<double>(), 19'700.0, 1e-9);
    EXPECT_NEAR(j["bankruptcy_price"].get<double>(), 19'600.0, 1e-9);
}

TEST(Cli, LiqpriceBinanceWithMarginAndTopUp)
{
    // WB = 8,400 + 600 = 9,000: LP = (84,000 - 9,000) / 0.996, BP = 84,000 - 9,000.
    const auto r = runCli({"liqprice", "--exchange", "binance", "--side", "long", "--entry", "84000", "--qty", "1",
                           "--margin", "8400", "--topup", "600", "--mmr", "0.004"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_NEAR(j["liquidation_price"].get<double>(), 75'000 / 0.996, 1e-6);
    EXPECT_NEAR(j["bankruptcy_price"].get<double>(), 75'000, 1e-9);
    EXPECT_EQ(j["maintenance_tier"]["index"], 1);
    // 9,000 of 84,000 at risk: a (84,000 - LP) / 84,000 = 10.36 % move liquidates;
    // 84,000 / 9,000 = 9.33x, no warning.
    EXPECT_NEAR(j["liquidation_move_percent"].get<double>(), (84'000 - 75'000 / 0.996) / 84'000 * 100, 1e-9);
    EXPECT_EQ(j["leverage_note"], "at 9.3x a 10.4 % move against the position liquidates it");
    EXPECT_TRUE(j["leverage_warning"].is_null());
}

TEST(Cli, LiqpriceWarnsAtHighLeverage)
{
    // 50x on Binance tier 1: LP = 60,000 x 0.98 / 0.996, a 1.6 % move.
    const auto r = runCli({"liqprice", "--exchange", "binance", "--side", "long", "--entry", "60000", "--qty", "0.01",
                           "--leverage", "50"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_NEAR(j["liquidation_move_percent"].get<double>(), (1 - 0.98 / 0.996) * 100, 1e-9);
    EXPECT_EQ(j["leverage_warning"], "at 50x a 1.6 % move wipes the margin out; most traders stay at 3-10x");
}

TEST(Cli, ErrorsAreOneLineWithNonZeroExit)
{
    const std::vector<std::vector<std::string>> cases{
        {"info", "/nonexistent/snap.json"},
        {"info", std::string(LIQHEAT_FIXTURES_DIR) + "/malformed/snapshot_truncated.json"},
        {"info", std::string(LIQHEAT_FIXTURES_DIR) + "/malformed/snapshot_negative_price.json"},
        {"frobnicate"},
        {"estimate", kSample, "--tiers", "10:abc"},
        {"estimate", kSample, "--preset", "nope"},
        {"estimate", kSample, "--bucket", "-5"},
        {"liqprice", "--exchange", "binance", "--side", "long", "--entry", "100", "--qty", "1", "--leverage", "10",
         "--margin", "5"},
        {"liqprice", "--exchange", "kraken", "--side", "long", "--entry", "100", "--qty", "1", "--leverage", "10"},
        {"liqprice", "--exchange", "binance", "--side", "long", "--entry", "nan", "--qty", "1", "--leverage", "10"},
        {"sweep", kSample, "--unknown-option"},
    };
    for (const auto& args : cases) {
        const auto r = runCli(args);
        EXPECT_TRUE(isOneLineError(r)) << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": exit " << r.exitCode
                                       << " err '" << r.err << "' out '" << r.out << "'";
    }
    const auto missing = runCli({"info", "/nonexistent/snap.json"});
    EXPECT_NE(missing.err.find("/nonexistent/snap.json"), std::string::npos);
}

TEST(Cli, FailedImportLeavesTheExistingOutputUntouched)
{
    TempDir dir;
    const fs::path out = dir.path() / "keep.json";
    {
        std::ofstream f(out);
        f << "precious";
    }
    const auto r = runCli({"import", "-o", out.string(), std::string(LIQHEAT_FIXTURES_DIR) + "/csv/bad_number.csv"});
    EXPECT_TRUE(isOneLineError(r)) << r.err;
    EXPECT_EQ(slurp(out), "precious");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}), 1);

    const auto bad = runCli({"estimate", kSample, "-o", (dir.path() / "no/such/dir/grid.json").string()});
    EXPECT_TRUE(isOneLineError(bad)) << bad.err;
}

TEST(Cli, CalibrateScoresBothSidesOnTheBundledSample)
{
    const auto r = runCli({"calibrate", kSample});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["interval"], "30m");
    EXPECT_EQ(j["model"]["preset"], "balanced");
    // 704 realized rows from 2026-05-25 00:00; the candles start at 15:55 that day, so the 32 rows
    // before 16:00 are not covered, and the next 48 (24 h) are the warm-up.
    EXPECT_EQ(j["intervals"]["skipped_uncovered"], 32);
    EXPECT_EQ(j["intervals"]["skipped_warmup"], 48);
    const int used = j["intervals"]["used"];
    EXPECT_EQ(used, 704 - 32 - 48);
    for (const char* side : {"long", "short"}) {
        const json& s = j[side];
        EXPECT_EQ(s["intervals"], used) << side;
        EXPECT_GT(s["realized_usd"].get<double>(), 0.0) << side;
        EXPECT_GT(s["estimated_usd"].get<double>(), 0.0) << side;
        for (const char* key : {"spearman", "baseline_spearman", "partial_spearman", "estimate_vs_baseline_spearman"}) {
            ASSERT_TRUE(s[key].is_number()) << side << " " << key;
            const double v = s[key];
            EXPECT_TRUE(v >= -1.0 && v <= 1.0) << side << " " << key << " = " << v;  // NaN fails too
        }
        for (const char* key : {"top_share", "baseline_top_share", "best_top_share"}) {
            ASSERT_TRUE(s[key].is_number()) << side << " " << key;
            const double v = s[key];
            EXPECT_TRUE(v >= 0.0 && v <= 1.0) << side << " " << key << " = " << v;
        }
        // Nothing ranks the intervals better than the realized amounts themselves.
        EXPECT_LE(s["top_share"].get<double>(), s["best_top_share"].get<double>() + 1e-12);
    }
    const std::string reading = j["reading"];
    EXPECT_NE(reading.find("Longs: "), std::string::npos) << reading;
    EXPECT_NE(reading.find("Shorts: "), std::string::npos) << reading;

    // Halves of a split add up to the whole; a window past the data is a one-line error.
    const json first = json::parse(runCli({"calibrate", kSample, "--to", "2026-06-02T04:00:00Z"}).out);
    const json second = json::parse(runCli({"calibrate", kSample, "--from", "2026-06-02T04:00:00Z"}).out);
    EXPECT_EQ(first["intervals"]["used"].get<int>() + second["intervals"]["used"].get<int>(), used);
    EXPECT_EQ(second["first_interval"], "2026-06-02T04:00:00Z");
    EXPECT_TRUE(isOneLineError(runCli({"calibrate", kSample, "--from", "2026-07-01"})));
    EXPECT_TRUE(isOneLineError(runCli({"calibrate", kSample, "--warmup-hours", "x"})));
}

// --- trader tools: stop, size, signals, cascade ---------------------------------------------------

namespace {

json runJson(const std::vector<std::string>& args)
{
    const auto r = runCli(args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0 ? json::parse(r.out) : json::object();
}

}  // namespace

TEST(Cli, StopForALongSitsBelowTheEntryAndTheClusterLow)
{
    const double price = json::parse(runCli({"info", kSample}).out)["last_price"];
    const json j = runJson({"stop", kSample, "--side", "long", "--entry", std::to_string(price), "--leverage", "10"});
    ASSERT_FALSE(j.empty());
    ASSERT_TRUE(j["cluster"].is_object()) << j.dump();  // the sample has dense longs below the price
    EXPECT_FALSE(j["fallback"].get<bool>());
    EXPECT_EQ(j["cluster"]["side"], "long");
    const double stop = j["stop_price"];
    EXPECT_LT(stop, price);
    EXPECT_LT(stop, j["cluster"]["price_low"].get<double>());
    EXPECT_LT(j["cluster"]["price_low"].get<double>(), price);
    // Default buffer: 0.1 % of the cluster's low.
    EXPECT_NEAR(j["cluster"]["price_low"].get<double>() - stop, j["cluster"]["price_low"].get<double>() * 0.001, 1e-6);
    EXPECT_NEAR(j["risk_percent"].get<double>(), (price - stop) / price * 100, 1e-9);
    // 10x on Binance tier 1: LP = entry * 0.9 / 0.996, well below a stop within a few %.
    const double lp = j["liquidation"]["liquidation_price"];
    EXPECT_NEAR(lp, price * 0.9 / 0.996, 1e-6);
    EXPECT_EQ(j["liquidation_before_stop"].get<bool>(), lp >= stop);
    EXPECT_NEAR(j["liquidation_move_percent"].get<double>(), (1 - 0.9 / 0.996) * 100, 1e-9);  // 9.64 %
    EXPECT_EQ(j["maintenance_table"], "binance-btcusdt-2026-08");
    EXPECT_TRUE(j["warnings"].empty());
}

TEST(Cli, StopForAShortMirrorsAndTicksAreExact)
{
    const double price = json::parse(runCli({"info", kSample}).out)["last_price"];
    const json j = runJson({"stop", kSample, "--side", "short", "--entry", std::to_string(price), "--buffer-ticks",
                            "50", "--tick", "0.1"});
    ASSERT_TRUE(j["cluster"].is_object()) << j.dump();
    EXPECT_EQ(j["cluster"]["side"], "short");
    const double high = j["cluster"]["price_high"];
    EXPECT_GT(high, price);
    EXPECT_NEAR(j["stop_price"].get<double>(), high + 5.0, 1e-6);  // 50 ticks of 0.1
    EXPECT_TRUE(j["liquidation"].is_null());                       // no leverage given
    // 100x short: LP = entry * 1.01 / 1.004, inside 1 %: liquidated before a stop beyond the cluster.
    const json h = runJson({"stop", kSample, "--side", "short", "--entry", std::to_string(price), "--leverage", "100",
                            "--exchange", "binance", "--buffer-atr", "1"});
    EXPECT_EQ(h["buffer"]["mode"], "atr");
    EXPECT_GT(h["buffer"]["atr"].get<double>(), 0.0);
    if (h["liquidation"]["liquidation_price"].get<double>() <= h["stop_price"].get<double>()) {
        EXPECT_TRUE(h["liquidation_before_stop"].get<bool>());
        EXPECT_FALSE(h["warnings"].empty());
    }
}

TEST(Cli, StopWithSizingRisksTheGivenShare)
{
    const json j = runJson({"stop", kSample, "--side", "long", "--entry", "63000", "--leverage", "5", "--account",
                            "10000", "--risk-pct", "1"});
    ASSERT_TRUE(j["sizing"].is_object());
    const double stop = j["stop_price"];
    const double qty = j["sizing"]["quantity"];
    EXPECT_NEAR(qty * (63'000 - stop), 100.0, 1e-6);  // 1 % of 10,000
    EXPECT_NEAR(j["sizing"]["notional"].get<double>(), qty * 63'000, 1e-6);
    EXPECT_NEAR(j["quoted_quantity"].get<double>(), qty, 1e-12);  // the sized position is priced
    EXPECT_EQ(j["sizing"]["stop_price"].get<double>(), stop);
}

TEST(Cli, StopFallsBackWithoutAnAdverseCluster)
{
    // Far below every long cluster of the sample.
    const json j = runJson({"stop", kSample, "--side", "long", "--entry", "30000", "--fallback-pct", "3"});
    EXPECT_TRUE(j["fallback"].get<bool>());
    EXPECT_TRUE(j["cluster"].is_null());
    EXPECT_NEAR(j["stop_price"].get<double>(), 30'000 * 0.97, 1e-9);
    EXPECT_NE(j["notes"][0].get<std::string>().find("fallback"), std::string::npos);
}

// 1 % of 10,000 over a 1,000 distance: 0.1 BTC, 5,000 notional; 10x: margin 500, LP =
// 50,000 * 0.9 / 0.996 (Binance tier 1). At 50x, LP = 50,000 * 0.98 / 0.996 > 49,000.
TEST(Cli, SizeByHand)
{
    const json j = runJson(
        {"size", "--account", "10000", "--risk-pct", "1", "--entry", "50000", "--stop", "49000", "--leverage", "10"});
    EXPECT_EQ(j["side"], "long");
    EXPECT_NEAR(j["quantity"].get<double>(), 0.1, 1e-12);
    EXPECT_NEAR(j["notional"].get<double>(), 5'000, 1e-9);
    EXPECT_NEAR(j["margin"].get<double>(), 500, 1e-9);
    EXPECT_NEAR(j["implied_leverage"].get<double>(), 0.5, 1e-12);
    EXPECT_NEAR(j["liquidation"]["liquidation_price"].get<double>(), 50'000 * 0.9 / 0.996, 1e-6);
    EXPECT_TRUE(j["liquidation_beyond_stop"].get<bool>());
    const json risky = runJson(
        {"size", "--account", "10000", "--risk-pct", "1", "--entry", "50000", "--stop", "49000", "--leverage", "50"});
    EXPECT_FALSE(risky["liquidation_beyond_stop"].get<bool>());
    ASSERT_FALSE(risky["warnings"].empty());
    // A short with a margin: implied leverage = 5,000 / 1,000.
    const json s = runJson({"size", "--account", "5000", "--risk-pct", "2", "--entry", "50000", "--stop", "51000",
                            "--margin", "1000", "--exchange", "bybit"});
    EXPECT_EQ(s["side"], "short");
    EXPECT_NEAR(s["implied_leverage"].get<double>(), 5.0, 1e-12);
    EXPECT_EQ(s["maintenance_table"], "bybit-btcusdt-2026-10");
}

TEST(Cli, SignalsListEveryRuleWithItsNumbers)
{
    const json j = runJson({"signals", kSample});
    ASSERT_EQ(j["signals"].size(), 4U);
    std::set<std::string> ids;
    int fired = 0;
    for (const auto& s : j["signals"]) {
        ids.insert(s["id"].get<std::string>());
        EXPECT_TRUE(s["fired"].is_boolean());
        EXPECT_FALSE(s["message"].get<std::string>().empty());
        EXPECT_FALSE(s["conditions"].empty());
        for (const auto& c : s["conditions"]) {
            EXPECT_TRUE(c["threshold"].is_number()) << c.dump();
            EXPECT_TRUE(c["comparison"] == ">=" || c["comparison"] == "<=");
            if (c["met"].get<bool>()) {
                EXPECT_TRUE(c["available"].get<bool>());
            }
        }
        const std::string severity = s["severity"];
        EXPECT_TRUE(severity == "none" || severity == "low" || severity == "medium" || severity == "high");
        EXPECT_EQ(s["fired"].get<bool>(), severity == "medium" || severity == "high") << s.dump();
        fired += s["fired"].get<bool>() ? 1 : 0;
    }
    EXPECT_EQ(ids, (std::set<std::string>{"long_squeeze_risk", "short_squeeze_risk", "overheated",
                                          "rsi_extreme_near_cluster"}));
    EXPECT_EQ(j["fired"].get<int>(), fired);
    EXPECT_TRUE(j["inputs"]["funding_latest"].is_number());
    EXPECT_EQ(j["inputs"]["funding_average_count"], 9);
    // The hourly metrics' last record before the map (hour_end 2026-06-09 00:00, taken 23:55).
    EXPECT_EQ(j["inputs"]["long_short_ratio"].get<double>(), 1.83341867);
    EXPECT_EQ(j["inputs"]["long_short_ratio_time"], "2026-06-08T23:55:00Z");
    EXPECT_EQ(j["signals"][0]["notes"].dump().find("ratio not available"), std::string::npos);
    EXPECT_TRUE(j["inputs"]["near_price_median_usd"].is_number());
    // RSI(14) of the last candle, as the RSI pane draws it.
    const auto sample = liqheat::readSnapshot(kSample);
    ASSERT_TRUE(sample.ok());
    const auto rsi = liqheat::relativeStrengthIndex(sample->data.candles, 14);
    ASSERT_TRUE(rsi.ok());
    EXPECT_EQ(j["inputs"]["rsi"].get<double>(), rsi->value.back());
    EXPECT_EQ(j["inputs"]["rsi_time"], "2026-06-08T23:55:00Z");
    EXPECT_EQ(j["thresholds"]["rsi_period"], 14);
    EXPECT_EQ(j["thresholds"]["rsi_overbought"], 70.0);
    EXPECT_EQ(j["thresholds"]["rsi_oversold"], 30.0);
}

TEST(Cli, CascadeFallsAndConservesTheMap)
{
    const json j = runJson({"cascade", kSample, "--shock", "-3%"});
    const json same = runJson({"cascade", kSample, "--shock", "-3"});
    EXPECT_EQ(j, same);
    const double start = j["start_price"];
    const double shocked = j["shock_price"];
    const double final = j["final_price"];
    EXPECT_NEAR(shocked, start * 0.97, 1e-9);
    EXPECT_LE(final, shocked);
    EXPECT_GE(j["total_long_usd"].get<double>(), 0.0);
    EXPECT_EQ(j["total_short_usd"].get<double>(), 0.0);
    EXPECT_EQ(j["impact_source"], "default");
    double sum = 0.0;
    double previous = start;
    for (const auto& s : j["steps"]) {
        EXPECT_DOUBLE_EQ(s["price_from"].get<double>(), previous);
        EXPECT_LE(s["price_to"].get<double>(), s["price_from"].get<double>());
        previous = s["price_to"];
        sum += s["liquidated_long_usd"].get<double>();
    }
    EXPECT_NEAR(sum, j["total_long_usd"].get<double>(), 1e-6 * sum + 1e-6);
    // Conservation: the map's longs from the final price's bucket up to the start's bucket.
    const json levels = json::parse(runCli({"map", kSample, "--format", "json", "--range", "100"}).out)["levels"];
    double mapLongs = 0.0;
    for (const auto& l : levels) {
        if (l["price_high"].get<double>() > final && l["price_low"].get<double>() <= start) {
            mapLongs += l["long_usd"].get<double>();
        }
    }
    EXPECT_NEAR(j["total_long_usd"].get<double>(), mapLongs, 1e-6 * mapLongs + 1e-3);
    EXPECT_GT(mapLongs, 0.0);

    const json up = runJson({"cascade", kSample, "--shock", "+2%", "--impact", "0.0003"});
    EXPECT_GE(up["final_price"].get<double>(), up["shock_price"].get<double>());
    EXPECT_EQ(up["total_long_usd"].get<double>(), 0.0);
    EXPECT_EQ(up["impact_per_million"].get<double>(), 0.0003);
}

TEST(Cli, CascadeFitsItsImpactOnTheSnapshot)
{
    const json j = runJson({"cascade", kSample, "--shock", "-1", "--impact", "fit"});
    EXPECT_EQ(j["impact_source"], "fitted");
    EXPECT_EQ(j["impact_fit"]["intervals"], 672);
    EXPECT_NEAR(j["impact_per_million"].get<double>(), 1.5193e-4, 1e-8);
}

TEST(Cli, TraderToolErrorsAreOneLine)
{
    const std::vector<std::vector<std::string>> cases{
        {"stop", kSample, "--entry", "63000"},
        {"stop", kSample, "--side", "long"},
        {"stop", kSample, "--side", "long", "--entry", "abc"},
        {"stop", kSample, "--side", "long", "--entry", "63000", "--buffer-ticks", "5"},
        {"stop", kSample, "--side", "long", "--entry", "63000", "--buffer-pct", "1", "--buffer-atr", "1"},
        {"stop", kSample, "--side", "long", "--entry", "63000", "--margin", "100"},
        {"stop", kSample, "--side", "long", "--entry", "63000", "--account", "1000"},
        {"stop", kSample, "--side", "long", "--entry", "63000", "--exchange", "kraken"},
        {"stop", "--side", "long", "--entry", "63000"},
        {"size", "--account", "1000", "--risk-pct", "1", "--entry", "100", "--stop", "100"},
        {"size", "--account", "1000", "--risk-pct", "1", "--entry", "100"},
        {"size", "--account", "1000", "--risk-pct", "1", "--entry", "100", "--stop", "90", "--side", "short"},
        {"signals"},
        {"signals", "/nonexistent/snap.json"},
        {"cascade", kSample},
        {"cascade", kSample, "--shock", "abc"},
        {"cascade", kSample, "--shock", "0"},
        {"cascade", kSample, "--shock", "-3", "--impact", "-1"},
    };
    for (const auto& args : cases) {
        const auto r = runCli(args);
        std::string line;
        for (const auto& a : args) {
            line += a + " ";
        }
        EXPECT_TRUE(isOneLineError(r)) << line << ": exit " << r.exitCode << " err '" << r.err << "'";
    }
}

TEST(Cli, LiqpriceWarnsBeyondTheTablesLastTier)
{
    // 300 BTC at 60,000 = 18 M notional: beyond the 12 M cap of the four-tier 2026-08 table.
    const auto whale = runCli(
        {"liqprice", "--exchange", "binance", "--side", "long", "--entry", "60000", "--qty", "300", "--leverage", "5"});
    ASSERT_EQ(whale.exitCode, 0) << whale.err;
    EXPECT_TRUE(json::parse(whale.out).contains("warning"));
    // The full 2024-10 table covers it: tier 5 (2 %, cum 131,450) holds LP * Q, so
    // LP = (18,000,000 - 3,600,000 - 131,450) / (300 * 0.98).
    const auto full = runCli({"liqprice", "--exchange", "binance", "--side", "long", "--entry", "60000", "--qty", "300",
                              "--leverage", "5", "--table", "binance-btcusdt-2024-10"});
    ASSERT_EQ(full.exitCode, 0) << full.err;
    const json j = json::parse(full.out);
    EXPECT_FALSE(j.contains("warning"));
    EXPECT_EQ(j["maintenance_tier"]["index"], 5);
    EXPECT_NEAR(j["liquidation_price"].get<double>(), 14'268'550.0 / 294.0, 1e-6);
    const auto small = runCli(
        {"liqprice", "--exchange", "binance", "--side", "long", "--entry", "60000", "--qty", "1", "--leverage", "5"});
    EXPECT_FALSE(json::parse(small.out).contains("warning"));
}

// --- the command line itself: exit codes, one-line errors, help ------------------------------------

TEST(Cli, UsageMistakesExitTwoWithOneLineNamingTheOption)
{
    const std::vector<std::string> stop{"stop", kSample, "--side", "long", "--entry", "63000"};
    auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    struct Case {
        std::vector<std::string> args;
        std::string option;
    };
    const std::vector<Case> cases{
        {{"estimate", kSample, "--bucket", "-5"}, "--bucket"},
        {with(stop, {"--account", "10000", "--risk-pct", "150"}), "--risk-pct"},
        {{"map", kSample, "--range", "0"}, "--range"},
        {with(stop, {"--leverage", "0"}), "--leverage"},
        {{"stop", kSample, "--side", "sideways", "--entry", "63000"}, "--side"},
        {with(stop, {"--exchange", "kraken"}), "--exchange"},
        {{"liqprice", "--exchange", "kraken", "--side", "long", "--entry", "100", "--qty", "1", "--leverage", "10"},
         "--exchange"},
        {{"sweep", kSample, "--unknown-option"}, "--unknown-option"},
        {{"stop", kSample, "--entry", "63000"}, "--side"},
        {{"size", "--account", "1000", "--risk-pct", "1", "--entry", "100"}, "--stop"},
        {{"liqprice", "--exchange", "binance", "--side", "long", "--entry", "nan", "--qty", "1", "--leverage", "10"},
         "--entry"},
        {with(stop, {"--stop", "64000"}), "--stop"},
    };
    for (const auto& c : cases) {
        const auto r = runCli(c.args);
        std::string line;
        for (const auto& a : c.args) {
            line += a + " ";
        }
        EXPECT_EQ(r.exitCode, 2) << line << ": " << r.err;
        EXPECT_TRUE(isOneLineError(r)) << line << ": '" << r.err << "'";
        EXPECT_NE(r.err.find(c.option), std::string::npos) << line << ": " << r.err;
    }
    const auto unknownCommand = runCli({"frobnicate"});
    EXPECT_EQ(unknownCommand.exitCode, 2);
    EXPECT_TRUE(isOneLineError(unknownCommand)) << unknownCommand.err;
    EXPECT_NE(unknownCommand.err.find("frobnicate"), std::string::npos);
    // A missing file is a usage mistake too; an unreadable one is a data failure.
    EXPECT_EQ(runCli({"info", "/nonexistent/snap.json"}).exitCode, 2);
    EXPECT_EQ(runCli({"info", std::string(LIQHEAT_FIXTURES_DIR) + "/malformed/snapshot_truncated.json"}).exitCode, 1);
}

TEST(Cli, HelpOnACommandListsItsOptions)
{
    const auto r = runCli({"stop", "--help"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    for (const char* option : {"--topup", "--stop", "--entry", "--entry-placement", "--account", "--risk-pct"}) {
        EXPECT_NE(r.out.find(option), std::string::npos) << option << "\n" << r.out;
    }
    const auto top = runCli({"--help"});
    EXPECT_EQ(top.exitCode, 0);
    EXPECT_NE(top.out.find("liqprice"), std::string::npos) << top.out;
    EXPECT_EQ(runCli({"size", "-h"}).exitCode, 0);
}

// Binance, first tier: LP = (Q*EP - (Q*EP/L + topUp)) / (Q*(1 - MMR)), MMR 0.004 in the 2026-08 table.
TEST(Cli, StopTopUpMovesTheLiquidationByTheBinanceFormula)
{
    const std::vector<std::string> base{"stop",      kSample, "--side",     "long", "--entry",    "63000",
                                        "--account", "10000", "--risk-pct", "1",    "--leverage", "10"};
    const json plain = runJson(base);
    auto withTopUp = base;
    withTopUp.insert(withTopUp.end(), {"--topup", "500"});
    const json j = runJson(withTopUp);
    ASSERT_TRUE(j["liquidation"].is_object()) << j.dump();
    const double lp = j["liquidation"]["liquidation_price"];
    EXPECT_NE(lp, plain["liquidation"]["liquidation_price"].get<double>());
    EXPECT_LT(lp, plain["liquidation"]["liquidation_price"].get<double>());  // more margin: further away
    EXPECT_EQ(j["liquidation"]["maintenance_tier"]["index"], 1);
    EXPECT_EQ(j["liquidation"]["maintenance_tier"]["rate"], 0.004);
    const double q = j["quantity"];
    EXPECT_NEAR(q, j["sizing"]["quantity"].get<double>(), 1e-12);
    const double notional = q * 63'000;
    EXPECT_NEAR(lp, (notional - (notional / 10 + 500)) / (q * (1 - 0.004)), 1e-6);
    EXPECT_EQ(j["top_up"], 500.0);
    for (const char* key :
         {"quantity", "notional", "risk_usd", "implied_leverage", "margin", "margin_mode", "stop_distance_percent"}) {
        EXPECT_TRUE(j["sizing"].contains(key)) << key;
    }
}

TEST(Cli, StopTakesTheTradersOwnStopOnTheTick)
{
    const std::vector<std::string> base{"stop",  kSample,  "--side", "long",  "--entry",
                                        "63000", "--tick", "0.5",    "--stop"};
    auto at = [&](const std::string& stop) {
        auto args = base;
        args.push_back(stop);
        return runJson(args);
    };
    const json up = at("62000.3");
    EXPECT_EQ(up["stop_price"], 62'000.5);
    EXPECT_TRUE(up["manual_stop"].get<bool>());
    EXPECT_TRUE(up["advised_stop_price"].is_number());
    EXPECT_NE(up["advised_stop_price"].get<double>(), 62'000.5);
    EXPECT_EQ(at("62000.2")["stop_price"], 62'000.0);
    EXPECT_NEAR(up["risk_percent"].get<double>(), (63'000 - 62'000.5) / 63'000 * 100, 1e-9);
    EXPECT_TRUE(up["small_position"].get<bool>());
    // Without --stop the advisor's stop is the plan's.
    const json advised = runJson({"stop", kSample, "--side", "long", "--entry", "63000"});
    EXPECT_FALSE(advised["manual_stop"].get<bool>());
    EXPECT_EQ(advised["stop_price"], advised["advised_stop_price"]);
}

TEST(Cli, EntryPlacementIsReachableInStopAndEveryEstimatingCommand)
{
    const json spread = runJson({"clusters", kSample, "--entry", "spread"});
    const json close = runJson({"clusters", kSample, "--entry-placement", "close"});
    EXPECT_EQ(spread["model"]["entry"], "spread");
    EXPECT_EQ(close["model"]["entry"], "close");
    const json stop = runJson({"stop", kSample, "--side", "long", "--entry", "63000", "--entry-placement", "close"});
    EXPECT_EQ(stop["entry_price"], 63'000.0);
    const auto wrong = runCli({"stop", kSample, "--side", "long", "--entry", "close"});
    EXPECT_EQ(wrong.exitCode, 2);
    EXPECT_NE(wrong.err.find("--entry"), std::string::npos) << wrong.err;
}

// Every band of `map --format text` spans the same prices, and the band holding the price is the
// price line itself.
TEST(Cli, MapTextRowsHaveOneWidthAndThePriceRowIsThePriceLine)
{
    for (const std::string rows : {"30", "7"}) {
        const auto r = runCli({"map", kSample, "--rows", rows});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        std::istringstream in(r.out);
        std::string line;
        std::set<long long> widths;
        int priceRows = 0;
        double previousLow = 1e300;
        while (std::getline(in, line) && line.find("within") == std::string::npos) {
            double low = 0;
            double high = 0;
            if (std::sscanf(line.c_str(), " %lf-%lf", &low, &high) != 2) {
                continue;
            }
            widths.insert(std::llround((high - low) * 1000));
            EXPECT_LT(low, previousLow) << line;  // highest first, no gaps or overlaps
            if (previousLow < 1e300) {
                EXPECT_DOUBLE_EQ(high, previousLow) << line;
            }
            previousLow = low;
            if (line.find("price 63057.9") != std::string::npos) {
                ++priceRows;
                EXPECT_LE(low, 63'057.9) << line;
                EXPECT_GT(high, 63'057.9) << line;
            } else {
                EXPECT_TRUE(low >= 63'057.9 || high <= 63'057.9) << "a row straddles the price: " << line;
            }
        }
        EXPECT_EQ(widths.size(), 1U) << r.out;
        EXPECT_EQ(priceRows, 1) << r.out;
    }
}

TEST(Cli, ModelOptionsOfIssue16RoundTripThroughASnapshotAndCalibrate)
{
    TempDir dir;
    const fs::path out = dir.path() / "with-options.json";
    const auto import = runCli({"import",
                                "-o",
                                out.string(),
                                "--symbol",
                                "BTCUSDT",
                                "--exchange",
                                "binance",
                                (fs::path(LIQHEAT_FIXTURES_DIR) / "csv" / "canonical_ms.csv").string(),
                                "--side-tilt",
                                "0.5",
                                "--tilt-source",
                                "top-positions",
                                "--close-winners-first",
                                "0.3",
                                "--close-loser-scale",
                                "4",
                                "--learn-mix",
                                "0.2",
                                "--learn-window-hours",
                                "96",
                                "--learn-every-hours",
                                "6",
                                "--entry",
                                "profile"});
    ASSERT_EQ(import.exitCode, 0) << import.err;
    const auto saved = liqheat::readSnapshot(out.string());
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    EXPECT_EQ(saved->model.sideTilt, 0.5);
    EXPECT_EQ(saved->model.tiltSource, liqheat::TiltSource::TopPositions);
    EXPECT_EQ(saved->model.closeWinnersFirst, 0.3);
    EXPECT_EQ(saved->model.closeLoserScalePercent, 4.0);
    EXPECT_EQ(saved->model.learnMix, 0.2);
    EXPECT_EQ(saved->model.learnWindowHours, 96.0);
    EXPECT_EQ(saved->model.learnEveryHours, 6.0);
    EXPECT_EQ(saved->model.entry, liqheat::EntryPlacement::Profile);

    // calibrate names the options it ran with, from the flags (over the sample's own model).
    const auto r = runCli({"calibrate", kSample, "--learn-mix", "0.5", "--side-tilt", "-1", "--tilt-source", "accounts",
                           "--close-winners-first", "1"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json model = json::parse(r.out).at("model");
    EXPECT_EQ(model.at("options_on"), json::array({"side_tilt(accounts)", "close_winners_first", "learned_mix"}));
    EXPECT_EQ(model.at("learn_mix"), 0.5);
    EXPECT_EQ(json::parse(runCli({"calibrate", kSample}).out).at("model").at("options_on"), json::array());

    const auto bad = runCli({"calibrate", kSample, "--close-winners-first", "2"});
    EXPECT_EQ(bad.exitCode, 2);
}
