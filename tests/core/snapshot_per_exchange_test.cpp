// Snapshot format 1.1: the optional "per_exchange" series beside the merged market.
#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace liqheat;

namespace {

MarketData exchangeData(const std::string& name, double priceOffset, double oi)
{
    MarketData d;
    d.source.exchanges = {name};
    d.source.symbol = "BTCUSDT";
    d.source.intervalMs = 300'000;
    d.candles.time = {1'700'000'000'000, 1'700'000'300'000};
    d.candles.open = {100.1 + priceOffset, 101.3 + priceOffset};
    d.candles.high = {102.7 + priceOffset, 103.9 + priceOffset};
    d.candles.low = {99.5 + priceOffset, 100.2 + priceOffset};
    d.candles.close = {101.3 + priceOffset, 102.1 + priceOffset};
    d.candles.volume = {12.5, 0.1 + 0.2};  // 0.30000000000000004 must survive exactly
    d.openInterest.time = {1'700'000'000'000, 1'700'000'300'000};
    d.openInterest.base = {oi, oi + 1.0 / 3.0};
    d.fundingRate.time = {1'700'000'000'000};
    d.fundingRate.value = {-0.000123456789};
    return d;
}

Snapshot mergedSnapshot()
{
    Snapshot s;
    s.data = exchangeData("binance", 0.0, 81234.567);
    s.data.source.exchanges = {"binance", "okx"};
    s.data.openInterest.base = {81234.567 + 26150.0, 81234.567 + 1.0 / 3.0 + 26150.5};
    s.perExchange["binance"] = exchangeData("binance", 0.0, 81234.567);
    s.perExchange["okx"] = exchangeData("okx", 2.5, 26150.0);
    s.perExchange["okx"].openInterest.quote = {1.1336005205e9, 1.13e9};
    s.perExchange["okx"].fundingRate = {};
    s.createdUtc = "2026-11-25T13:00:00Z";
    return s;
}

void expectSame(const MarketData& a, const MarketData& b)
{
    EXPECT_EQ(a.source.exchanges, b.source.exchanges);
    EXPECT_EQ(a.source.symbol, b.source.symbol);
    EXPECT_EQ(a.source.intervalMs, b.source.intervalMs);
    EXPECT_EQ(a.candles.time, b.candles.time);
    EXPECT_EQ(a.candles.open, b.candles.open);
    EXPECT_EQ(a.candles.high, b.candles.high);
    EXPECT_EQ(a.candles.low, b.candles.low);
    EXPECT_EQ(a.candles.close, b.candles.close);
    EXPECT_EQ(a.candles.volume, b.candles.volume);
    EXPECT_EQ(a.openInterest.time, b.openInterest.time);
    EXPECT_EQ(a.openInterest.base, b.openInterest.base);
    EXPECT_EQ(a.openInterest.quote, b.openInterest.quote);
    EXPECT_EQ(a.fundingRate.time, b.fundingRate.time);
    EXPECT_EQ(a.fundingRate.value, b.fundingRate.value);
}

std::string replaceOnce(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace

TEST(SnapshotPerExchange, RoundTripsEachExchangesSeriesExactly)
{
    const Snapshot s = mergedSnapshot();
    const std::string json = toJson(s);
    EXPECT_NE(json.find(R"("version":{"major":1,"minor":1})"), std::string::npos);
    EXPECT_NE(json.find(R"("per_exchange":{"binance":{"candles":)"), std::string::npos) << json.substr(0, 400);

    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectSame(back->data, s.data);
    ASSERT_EQ(back->perExchange.size(), 2U);
    expectSame(back->perExchange.at("binance"), s.perExchange.at("binance"));
    expectSame(back->perExchange.at("okx"), s.perExchange.at("okx"));
    // The per-exchange source is implied by the document: one exchange, the shared symbol/interval.
    EXPECT_EQ(back->perExchange.at("okx").source.exchanges, std::vector<std::string>{"okx"});
    EXPECT_EQ(back->perExchange.at("okx").source.intervalMs, 300'000);
}

TEST(SnapshotPerExchange, RoundTripsThroughAGzipFile)
{
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("liqheat-per-exchange-" + std::to_string(::getpid()) + ".json.gz");
    const Snapshot s = mergedSnapshot();
    ASSERT_TRUE(writeSnapshot(s, path.string()).ok());
    auto back = readSnapshot(path.string());
    std::filesystem::remove(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->perExchange.size(), 2U);
    expectSame(back->perExchange.at("okx"), s.perExchange.at("okx"));
}

TEST(SnapshotPerExchange, WithoutPerExchangeSeriesTheWriterStaysAt10)
{
    Snapshot s = mergedSnapshot();
    s.perExchange.clear();
    const std::string json = toJson(s);
    EXPECT_NE(json.find(R"("version":{"major":1,"minor":0})"), std::string::npos);
    EXPECT_EQ(json.find("per_exchange"), std::string::npos);
    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->perExchange.empty());
}

TEST(SnapshotPerExchange, IsUnknownInA10Document)
{
    const std::string json = replaceOnce(toJson(mergedSnapshot()), R"("minor":1)", R"("minor":0)");
    auto back = snapshotFromJson(json);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().code, Error::Code::ParseError);
    EXPECT_NE(back.error().message.find("unknown key \"per_exchange\""), std::string::npos) << back.error().message;
}

TEST(SnapshotPerExchange, ReaderIsStrictAndNamesTheExchange)
{
    const std::string good = toJson(mergedSnapshot());
    struct Case {
        std::string document;
        Error::Code code;
        std::string message;
    };
    const Case cases[] = {
        {replaceOnce(good, R"("per_exchange":{)", R"("per_exchange":{"bybit":[],)"), Error::Code::ParseError,
         "per_exchange.bybit: expected an object, got an array"},
        {replaceOnce(good, R"("okx":{"candles":{)", R"("okx":{"candles":{"colour":[1],)"), Error::Code::ParseError,
         "per_exchange.okx.candles: unknown key \"colour\""},
        {replaceOnce(good, R"("okx":{)", R"("okx":{"order_book":{},)"), Error::Code::ParseError,
         "per_exchange.okx: unknown key \"order_book\""},
        {replaceOnce(good, R"("per_exchange":{"binance":{"candles":{"time":[1700000000000,1700000300000])",
                     R"("per_exchange":{"binance":{"candles":{"time":[1700000300000,1700000000000])"),
         Error::Code::InvalidData, "per_exchange.binance.candles row 1 (time)"},
    };
    for (const Case& c : cases) {
        auto back = snapshotFromJson(c.document);
        ASSERT_FALSE(back.ok()) << c.message;
        EXPECT_EQ(back.error().code, c.code) << back.error().message;
        EXPECT_NE(back.error().message.find(c.message), std::string::npos) << back.error().message;
    }
}

TEST(SnapshotPerExchange, ANewerMinorVersionStillReadsIt)
{
    const std::string json = replaceOnce(replaceOnce(toJson(mergedSnapshot()), R"("minor":1)", R"("minor":4)"),
                                         R"("per_exchange":{)", R"("annotations":[],"per_exchange":{)");
    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->perExchange.size(), 2U);
}
