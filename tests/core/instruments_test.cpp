// Instrument list parsers against the recorded responses, and the file cache with its TTL.
#include "liqheat/live/instruments.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace liqheat;

namespace {

std::string fixture(const std::string& name)
{
    std::ifstream in(std::string(LIQHEAT_FIXTURES_DIR) + "/responses/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Bybit's documentation prints two bodies with `//` comment lines between them: split them.
std::vector<std::string> bybitBodies()
{
    std::istringstream in(fixture("bybit_v5_market_instruments-info.as_published.jsonc"));
    std::vector<std::string> bodies;
    std::string line;
    std::string current;
    while (std::getline(in, line)) {
        if (line.rfind("//", 0) == 0) {
            if (current.find('{') != std::string::npos) {
                bodies.push_back(current);
            }
            current.clear();
            continue;
        }
        current += line + "\n";
    }
    if (current.find('{') != std::string::npos) {
        bodies.push_back(current);
    }
    return bodies;
}

}  // namespace

TEST(Instruments, BinanceExchangeInfo)
{
    auto list = parseBinanceExchangeInfo(fixture("binance_fapi_v1_exchangeInfo_excerpt.json"));
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 1u);
    const Instrument& i = list->front();
    EXPECT_EQ(i.symbol, "BLZUSDT");
    EXPECT_EQ(i.exchangeSymbol, "BLZUSDT");
    EXPECT_EQ(i.base, "BLZ");
    EXPECT_EQ(i.quote, "USDT");
    EXPECT_DOUBLE_EQ(i.tickSize, 0.0001);  // PRICE_FILTER tickSize, not pricePrecision 5
    EXPECT_DOUBLE_EQ(i.minQuantity, 1.0);
}

TEST(Instruments, BinanceSkipsWhatIsNotATradingPerpetual)
{
    const std::string body = R"({"symbols":[
      {"symbol":"BTCUSDT","contractType":"PERPETUAL","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT"},
      {"symbol":"BTCUSDT_260626","contractType":"CURRENT_QUARTER","status":"TRADING"},
      {"symbol":"OLDUSDT","contractType":"PERPETUAL","status":"SETTLING"}]})";
    auto list = parseBinanceExchangeInfo(body);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->front().symbol, "BTCUSDT");
    EXPECT_FALSE(parseBinanceExchangeInfo("{\"code\":-1121}"));
}

TEST(Instruments, BybitPagesWithCursor)
{
    const auto bodies = bybitBodies();
    ASSERT_EQ(bodies.size(), 2u);
    auto last = parseBybitInstruments(bodies[0]);
    ASSERT_TRUE(last) << last.error().message;
    ASSERT_EQ(last->instruments.size(), 1u);
    EXPECT_EQ(last->instruments[0].symbol, "BTCUSDT");
    EXPECT_EQ(last->instruments[0].base, "BTC");
    EXPECT_DOUBLE_EQ(last->instruments[0].tickSize, 0.10);
    EXPECT_DOUBLE_EQ(last->instruments[0].minQuantity, 0.001);
    EXPECT_EQ(last->nextCursor, "");
    // The pre-market page: BIOUSDT is PreLaunch (not tradable yet), and another page follows.
    auto pre = parseBybitInstruments(bodies[1]);
    ASSERT_TRUE(pre) << pre.error().message;
    EXPECT_TRUE(pre->instruments.empty());
    EXPECT_EQ(pre->nextCursor, "first%3DBIOUSDT%26last%3DBIOUSDT");
}

TEST(Instruments, OkxSwapsWithContractValue)
{
    auto list = parseOkxInstruments(fixture("okx_public_instruments_SWAP.json"));
    ASSERT_TRUE(list) << list.error().message;
    // BTC-USD-SWAP is inverse (ctVal 100 USD): not for the linear picker.
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].exchangeSymbol, "ETH-USDT-SWAP");
    EXPECT_EQ((*list)[0].symbol, "ETHUSDT");
    EXPECT_DOUBLE_EQ((*list)[0].contractValue, 0.1);
    EXPECT_DOUBLE_EQ((*list)[0].tickSize, 0.01);
    EXPECT_EQ((*list)[1].exchangeSymbol, "BTC-USDT-SWAP");
    EXPECT_DOUBLE_EQ((*list)[1].contractValue, 0.01);
    EXPECT_DOUBLE_EQ((*list)[1].tickSize, 0.1);
    EXPECT_EQ((*list)[1].base, "BTC");
}

TEST(Instruments, FileCacheHonoursItsTtl)
{
    const auto dir = std::filesystem::temp_directory_path() / ("liqheat-instruments-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    JsonFileInstrumentCache cache(dir.string());
    int fetches = 0;
    bool failing = false;
    const auto fetch = [&]() -> Result<std::vector<Instrument>> {
        ++fetches;
        if (failing) {
            return makeError(Error::Code::Network, "offline");
        }
        return parseOkxInstruments(fixture("okx_public_instruments_SWAP.json"));
    };
    const TimeMs day = 86'400'000;
    auto first = instrumentsFor(Exchange::Okx, cache, fetch, 1000, day);
    ASSERT_TRUE(first);
    EXPECT_EQ(fetches, 1);
    auto again = instrumentsFor(Exchange::Okx, cache, fetch, 1000 + day - 1, day);
    ASSERT_TRUE(again);
    EXPECT_EQ(fetches, 1);  // from the file
    ASSERT_EQ(again->instruments.size(), 2u);
    EXPECT_DOUBLE_EQ(again->instruments[1].contractValue, 0.01);
    failing = true;
    bool stale = false;
    auto expired = instrumentsFor(Exchange::Okx, cache, fetch, 1000 + day, day, &stale);
    ASSERT_TRUE(expired);  // the old list while the exchange cannot be reached
    EXPECT_EQ(fetches, 2);
    EXPECT_TRUE(stale);
    std::filesystem::remove_all(dir);
}
