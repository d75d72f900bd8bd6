// The exchanges' instrument lists in the store: exact round trips of odd symbols, a new list
// replacing the old one of its exchange only, refused lists, and a version 1 store gaining the
// tables when it is opened.
#include "store_test_support.h"

#include "liqheat/store/market_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <limits>
#include <sstream>

using namespace liqheat;
using liqheat::test::candlesBetween;
using liqheat::test::kFiveMinutes;
using liqheat::test::kStart;
using liqheat::test::openOf;
using liqheat::test::TempDir;

namespace {

Instrument instrument(Exchange exchange, std::string symbol, std::string exchangeSymbol, std::string base,
                      std::string quote, double tick, double contractValue, double minQuantity)
{
    return {exchange,      std::move(symbol), std::move(exchangeSymbol), std::move(base), std::move(quote), tick,
            contractValue, minQuantity};
}

// Symbols that stress the storage: digits first, non-ASCII (Binance lists 币安人生USDT), SQL
// quoting and LIKE wildcards, a very long one, and values that are not round in binary.
InstrumentList oddBinanceList()
{
    return {kStart,
            {instrument(Exchange::Binance, "1000PEPEUSDT", "1000PEPEUSDT", "1000PEPE", "USDT", 0.0000001, 1.0, 1.0),
             instrument(Exchange::Binance, "币安人生USDT", "币安人生USDT", "币安人生", "USDT", 0.00001, 1.0, 1.0),
             instrument(Exchange::Binance, "O'QUOTE\"USDT", "O'QUOTE\"USDT", "O'QUOTE\"", "USDT", 0.1, 1.0, 0.001),
             instrument(Exchange::Binance, "A%B_CUSDT", "A%B_CUSDT", "A%B_C", "USDT", 1e-12, 1.0, 1e-9),
             instrument(Exchange::Binance, std::string(200, 'X') + "USDT", std::string(200, 'X') + "USDT",
                        std::string(200, 'X'), "USDT", 0.3, 1.0, 0.7),
             instrument(Exchange::Binance, "BTCUSDC", "BTCUSDC", "BTC", "USDC", 0.1, 1.0, 0.001)}};
}

MarketStore openStore(const std::string& path)
{
    auto store = MarketStore::open(path);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
}

std::vector<std::string> symbolsOf(const InstrumentList& list)
{
    std::vector<std::string> out;
    for (const Instrument& i : list.instruments) {
        out.push_back(i.symbol);
    }
    return out;
}

}  // namespace

TEST(InstrumentLists, OddSymbolsRoundTripExactlyAndInOrder)
{
    TempDir dir;
    const InstrumentList written = oddBinanceList();
    {
        MarketStore store = openStore(dir.file("market.sqlite"));
        ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, written).ok());
    }
    MarketStore store = openStore(dir.file("market.sqlite"));  // another connection, as the next run
    auto read = store.readInstrumentList(Exchange::Binance);
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_TRUE(read->has_value());
    const InstrumentList& list = **read;
    EXPECT_EQ(list.fetchedAt, kStart);
    ASSERT_EQ(list.instruments.size(), written.instruments.size());
    for (std::size_t n = 0; n < list.instruments.size(); ++n) {
        EXPECT_EQ(list.instruments[n], written.instruments[n]) << "instrument " << n;
    }
    // Doubles come back bit for bit.
    EXPECT_EQ(list.instruments[0].tickSize, 0.0000001);
    EXPECT_EQ(list.instruments[3].tickSize, 1e-12);
}

TEST(InstrumentLists, AnExchangeWithoutAListReadsNothing)
{
    TempDir dir;
    MarketStore store = openStore(dir.file("market.sqlite"));
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, oddBinanceList()).ok());
    auto read = store.readInstrumentList(Exchange::Okx);
    ASSERT_TRUE(read.ok());
    EXPECT_FALSE(read->has_value());
    // An empty list is a list: its fetch time is kept.
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Okx, {kStart + 5, {}}).ok());
    read = store.readInstrumentList(Exchange::Okx);
    ASSERT_TRUE(read.ok() && read->has_value());
    EXPECT_EQ((*read)->fetchedAt, kStart + 5);
    EXPECT_TRUE((*read)->instruments.empty());
}

TEST(InstrumentLists, ANewListReplacesItsExchangesOnly)
{
    TempDir dir;
    MarketStore store = openStore(dir.file("market.sqlite"));
    const InstrumentList okx{kStart,
                             {instrument(Exchange::Okx, "ETHUSDT", "ETH-USDT-SWAP", "ETH", "USDT", 0.01, 0.1, 0.01),
                              instrument(Exchange::Okx, "BTCUSDT", "BTC-USDT-SWAP", "BTC", "USDT", 0.1, 0.01, 0.01)}};
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, oddBinanceList()).ok());
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Okx, okx).ok());

    // A day later Binance delists 1000PEPEUSDT and the odd ones, and lists SOLUSDT.
    const TimeMs later = kStart + 86'400'000;
    const InstrumentList binance{later,
                                 {instrument(Exchange::Binance, "BTCUSDC", "BTCUSDC", "BTC", "USDC", 0.2, 1.0, 0.002),
                                  instrument(Exchange::Binance, "SOLUSDT", "SOLUSDT", "SOL", "USDT", 0.01, 1.0, 1.0)}};
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, binance).ok());

    auto read = store.readInstrumentList(Exchange::Binance);
    ASSERT_TRUE(read.ok() && read->has_value());
    EXPECT_EQ((*read)->fetchedAt, later);
    EXPECT_EQ(symbolsOf(**read), (std::vector<std::string>{"BTCUSDC", "SOLUSDT"}));
    EXPECT_EQ((*read)->instruments[0].tickSize, 0.2);  // a listed instrument takes its new values

    auto other = store.readInstrumentList(Exchange::Okx);
    ASSERT_TRUE(other.ok() && other->has_value());
    EXPECT_EQ((*other)->fetchedAt, kStart);
    ASSERT_EQ((*other)->instruments.size(), 2u);
    EXPECT_EQ((*other)->instruments[0], okx.instruments[0]);
    EXPECT_EQ((*other)->instruments[1], okx.instruments[1]);
}

TEST(InstrumentLists, ARefusedListLeavesTheStoredOne)
{
    TempDir dir;
    MarketStore store = openStore(dir.file("market.sqlite"));
    ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, oddBinanceList()).ok());

    InstrumentList wrongExchange = oddBinanceList();
    wrongExchange.fetchedAt = kStart + 1;
    wrongExchange.instruments.back().exchange = Exchange::Bybit;
    InstrumentList notFinite = oddBinanceList();
    notFinite.fetchedAt = kStart + 1;
    notFinite.instruments[2].tickSize = std::numeric_limits<double>::quiet_NaN();
    InstrumentList unnamed = oddBinanceList();
    unnamed.fetchedAt = kStart + 1;
    unnamed.instruments[1].symbol.clear();
    for (const InstrumentList* bad : {&wrongExchange, &notFinite, &unnamed}) {
        const Status written = store.writeInstrumentList(Exchange::Binance, *bad);
        ASSERT_FALSE(written.ok());
        EXPECT_EQ(written.error().code, Error::Code::InvalidArgument);
    }
    auto read = store.readInstrumentList(Exchange::Binance);
    ASSERT_TRUE(read.ok() && read->has_value());
    EXPECT_EQ((*read)->fetchedAt, kStart);
    EXPECT_EQ((*read)->instruments.size(), oddBinanceList().instruments.size());
}

TEST(InstrumentLists, AVersionOneStoreGainsTheTablesAndKeepsItsRows)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    {
        // A store as the version 1 program left it: its schema, a market and three candles.
        std::ifstream in(std::string(LIQHEAT_FIXTURES_DIR) + "/store/schema_v1.sql");
        std::stringstream ddl;
        ddl << in.rdbuf();
        ASSERT_FALSE(ddl.str().empty());
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        std::string sql = ddl.str() +
                          "INSERT INTO instruments (id, exchange, symbol) VALUES (1, 'binance', 'BTCUSDT');"
                          "INSERT INTO markets (id, instrument_id, interval_ms) VALUES (1, 1, 300000);";
        for (int i = 0; i < 3; ++i) {
            const double open = openOf(i);
            sql += "INSERT INTO candles VALUES (1, " + std::to_string(kStart + i * kFiveMinutes) + ", " +
                   std::to_string(open) + ", " + std::to_string(open + 10) + ", " + std::to_string(open - 10) + ", " +
                   std::to_string(open + 1) + ", 1.0);";
        }
        sql += "PRAGMA user_version = 1;";
        char* message = nullptr;
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << message;
        sqlite3_close(db);
    }
    {
        MarketStore store = openStore(path);
        EXPECT_TRUE(store.notice().empty());
        auto span = store.read({Exchange::Binance, "BTCUSDT", kFiveMinutes});
        ASSERT_TRUE(span.ok()) << span.error().message;
        ASSERT_EQ(span->data.candles.size(), 3u);
        EXPECT_EQ(span->data.candles.open[2], openOf(2));
        auto none = store.readInstrumentList(Exchange::Binance);
        ASSERT_TRUE(none.ok()) << none.error().message;
        EXPECT_FALSE(none->has_value());
        ASSERT_TRUE(store.writeInstrumentList(Exchange::Binance, oddBinanceList()).ok());
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const auto integer = [db](const char* sql) {
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
        const std::int64_t value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
        sqlite3_finalize(statement);
        return value;
    };
    EXPECT_EQ(MarketStore::schemaVersion(), 2);
    EXPECT_EQ(integer("PRAGMA user_version"), 2);
    EXPECT_EQ(integer("SELECT COUNT(*) FROM instrument_lists"), 1);
    EXPECT_EQ(integer("SELECT COUNT(*) FROM listed_instruments"),
              static_cast<std::int64_t>(oddBinanceList().instruments.size()));
    EXPECT_EQ(integer("SELECT COUNT(*) FROM candles"), 3);
    sqlite3_close(db);
}
