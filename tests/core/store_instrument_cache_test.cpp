// The instrument lists kept in the local store: the recorded lists survive a reopen with their
// values, the one-day refresh rule works through the store, and a store that cannot be opened
// falls back to the JSON files.
#include "liqheat/sync/store_instrument_cache.h"

#include "../support/temp_dir.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace liqheat;
namespace fs = std::filesystem;
using namespace liqheat::test;

namespace {

std::string fixture(const std::string& name) { return slurp(std::string(LIQHEAT_FIXTURES_DIR) + "/responses/" + name); }

StoreInstrumentCache storeCache(const std::string& path)
{
    auto store = MarketStore::open(path);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return StoreInstrumentCache(std::move(store).value());
}

const TimeMs kDay = 86'400'000;
const TimeMs kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

}  // namespace

TEST(StoreInstrumentCache, RecordedListsSurviveAReopen)
{
    TempDir dir;
    auto binance = parseBinanceExchangeInfo(fixture("binance_fapi_v1_exchangeInfo_excerpt.json"));
    auto okx = parseOkxInstruments(fixture("okx_public_instruments_SWAP.json"));
    ASSERT_TRUE(binance && okx);
    {
        StoreInstrumentCache cache = storeCache(dir.file("market.sqlite"));
        ASSERT_TRUE(cache.save(Exchange::Binance, {kT0, *binance}).ok());
        ASSERT_TRUE(cache.save(Exchange::Okx, {kT0 + 1, *okx}).ok());
    }
    StoreInstrumentCache cache = storeCache(dir.file("market.sqlite"));
    EXPECT_FALSE(cache.load(Exchange::Bybit).has_value());

    const auto b = cache.load(Exchange::Binance);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->fetchedAt, kT0);
    ASSERT_EQ(b->instruments.size(), 1u);
    // Values as the recorded exchangeInfo gives them: PRICE_FILTER tickSize, LOT_SIZE minQty.
    EXPECT_EQ(b->instruments[0].exchange, Exchange::Binance);
    EXPECT_EQ(b->instruments[0].symbol, "BLZUSDT");
    EXPECT_EQ(b->instruments[0].base, "BLZ");
    EXPECT_EQ(b->instruments[0].quote, "USDT");
    EXPECT_DOUBLE_EQ(b->instruments[0].tickSize, 0.0001);
    EXPECT_DOUBLE_EQ(b->instruments[0].minQuantity, 1.0);

    const auto o = cache.load(Exchange::Okx);
    ASSERT_TRUE(o.has_value());
    EXPECT_EQ(o->fetchedAt, kT0 + 1);
    // The recorded OKX list: two linear swaps in the exchange's order (the inverse one is not read).
    ASSERT_EQ(o->instruments.size(), 2u);
    EXPECT_EQ(o->instruments[0].exchangeSymbol, "ETH-USDT-SWAP");
    EXPECT_EQ(o->instruments[0].symbol, "ETHUSDT");
    EXPECT_EQ(o->instruments[0].base, "ETH");
    EXPECT_DOUBLE_EQ(o->instruments[0].contractValue, 0.1);
    EXPECT_DOUBLE_EQ(o->instruments[0].tickSize, 0.01);
    EXPECT_DOUBLE_EQ(o->instruments[0].minQuantity, 0.01);
    EXPECT_EQ(o->instruments[1].exchangeSymbol, "BTC-USDT-SWAP");
    EXPECT_DOUBLE_EQ(o->instruments[1].contractValue, 0.01);
    EXPECT_DOUBLE_EQ(o->instruments[1].tickSize, 0.1);
}

TEST(StoreInstrumentCache, AStaleListIsFetchedAgainAndReplaced)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    int fetches = 0;
    bool failing = false;
    bool delisted = false;  // the later fetch no longer lists ETH-USDT-SWAP
    const auto fetch = [&]() -> Result<std::vector<Instrument>> {
        ++fetches;
        if (failing) {
            return makeError(Error::Code::Network, "offline");
        }
        auto list = parseOkxInstruments(fixture("okx_public_instruments_SWAP.json"));
        if (list && delisted) {
            list->erase(list->begin());
        }
        return list;
    };
    {
        StoreInstrumentCache cache = storeCache(path);
        auto first = instrumentsFor(Exchange::Okx, cache, fetch, kT0, kDay);
        ASSERT_TRUE(first);
        EXPECT_EQ(fetches, 1);
    }
    // The next run, within the day: from the store, no request.
    StoreInstrumentCache cache = storeCache(path);
    auto again = instrumentsFor(Exchange::Okx, cache, fetch, kT0 + kDay - 1, kDay);
    ASSERT_TRUE(again);
    EXPECT_EQ(fetches, 1);
    EXPECT_EQ(again->fetchedAt, kT0);
    ASSERT_EQ(again->instruments.size(), 2u);

    // A day old and the exchange unreachable: the stored list, said to be stale, and kept as it was.
    failing = true;
    bool stale = false;
    auto offline = instrumentsFor(Exchange::Okx, cache, fetch, kT0 + kDay, kDay, &stale);
    ASSERT_TRUE(offline);
    EXPECT_EQ(fetches, 2);
    EXPECT_TRUE(stale);
    EXPECT_EQ(offline->instruments.size(), 2u);
    EXPECT_EQ(cache.load(Exchange::Okx)->fetchedAt, kT0);

    // Reachable again: fetched, and the store now holds the new list with its new time.
    failing = false;
    delisted = true;
    auto fresh = instrumentsFor(Exchange::Okx, cache, fetch, kT0 + kDay + 5, kDay, &stale);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fetches, 3);
    EXPECT_FALSE(stale);
    const auto stored = storeCache(path).load(Exchange::Okx);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->fetchedAt, kT0 + kDay + 5);
    ASSERT_EQ(stored->instruments.size(), 1u);
    EXPECT_EQ(stored->instruments[0].exchangeSymbol, "BTC-USDT-SWAP");
    // And that time counts from now on.
    ASSERT_TRUE(instrumentsFor(Exchange::Okx, cache, fetch, kT0 + 2 * kDay, kDay));
    EXPECT_EQ(fetches, 3);
}

TEST(StoreInstrumentCache, AStoreThatCannotOpenFallsBackToFiles)
{
    TempDir dir;
    const InstrumentList list{kT0, *parseOkxInstruments(fixture("okx_public_instruments_SWAP.json"))};

    std::ofstream(dir.file("not-a-folder")) << "a file where the store's folder should be";
    std::string note;
    auto fallback = openInstrumentCache(dir.file("not-a-folder/market.sqlite"), dir.file("json"), &note);
    ASSERT_NE(fallback, nullptr);
    EXPECT_FALSE(note.empty());
    EXPECT_EQ(dynamic_cast<StoreInstrumentCache*>(fallback.get()), nullptr);
    ASSERT_TRUE(fallback->save(Exchange::Okx, list).ok());
    EXPECT_TRUE(fs::exists(dir.file("json/okx.json")));
    EXPECT_EQ(fallback->load(Exchange::Okx)->instruments.size(), 2u);

    auto stored = openInstrumentCache(dir.file("market.sqlite"), dir.file("json2"), &note);
    EXPECT_TRUE(note.empty()) << note;
    EXPECT_NE(dynamic_cast<StoreInstrumentCache*>(stored.get()), nullptr);
    ASSERT_TRUE(stored->save(Exchange::Okx, list).ok());
    EXPECT_FALSE(fs::exists(dir.file("json2")));
    auto store = MarketStore::open(dir.file("market.sqlite"));
    ASSERT_TRUE(store.ok());
    auto read = store->readInstrumentList(Exchange::Okx);
    ASSERT_TRUE(read.ok() && read->has_value());
    EXPECT_EQ((*read)->instruments.size(), 2u);
}
