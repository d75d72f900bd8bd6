// The store under harm: a damaged file, a writer killed mid-batch, an old schema, and a reader
// and a writer on one file at once.
#include "store_test_support.h"

#include "liqheat/store/market_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace liqheat;
using liqheat::test::candlesBetween;
using liqheat::test::kFiveMinutes;
using liqheat::test::kStart;
using liqheat::test::openOf;
using liqheat::test::TempDir;

namespace {

const MarketKey kKey{Exchange::Binance, "BTCUSDT", kFiveMinutes};

TEST(StoreDurability, DamagedFileIsMovedAsideAndAFreshStoreWorks)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    {
        auto store = MarketStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(store->writeMarket(kKey, candlesBetween(0, 500)).ok());
    }
    const auto sizeBefore = fs::file_size(path);
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        const std::string garbage(100, '\x5a');  // the 100-byte header, overwritten
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }

    auto store = MarketStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    const std::string& notice = store->notice();
    EXPECT_NE(notice.find("damaged"), std::string::npos) << notice;
    EXPECT_EQ(notice.find('\n'), std::string::npos) << "one line";

    // The damaged file is kept, whole, under the name the notice gives.
    std::vector<fs::path> aside;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        if (entry.path().filename().string().starts_with("market.sqlite.damaged-") &&
            entry.path().extension() != ".sqlite-wal") {
            aside.push_back(entry.path());
        }
    }
    ASSERT_FALSE(aside.empty());
    bool found = false;
    for (const auto& file : aside) {
        if (fs::file_size(file) == sizeBefore) {
            found = true;
            EXPECT_NE(notice.find(file.string()), std::string::npos) << notice;
        }
    }
    EXPECT_TRUE(found) << "the damaged database itself, at its full size";

    auto empty = store->read(kKey);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->data.candles.empty());
    ASSERT_TRUE(store->writeMarket(kKey, candlesBetween(0, 10)).ok());
    EXPECT_EQ(store->read(kKey)->data.candles.size(), 10u);
}

// A writer killed at a random moment of a big batch: every batch it reported committed is there,
// whole, and no batch is there in part.
TEST(StoreDurability, SigkillDuringAWriteBatchLosesNothingCommitted)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    constexpr int kBatch = 20'000;
    int committedBefore = 0;
    for (int iteration = 0; iteration < 4; ++iteration) {
        int pipeFds[2];
        ASSERT_EQ(::pipe(pipeFds), 0);
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            ::close(pipeFds[0]);
            auto store = MarketStore::open(path);
            if (!store.ok()) {
                ::_exit(3);
            }
            auto span = store->read(kKey);
            int next = span.ok() ? static_cast<int>(span->data.candles.size()) : 0;
            for (;;) {
                if (!store->writeMarket(kKey, candlesBetween(next, next + kBatch)).ok()) {
                    ::_exit(4);
                }
                next += kBatch;
                // Told only after the commit returned.
                if (::write(pipeFds[1], &next, sizeof next) != sizeof next) {
                    ::_exit(5);
                }
            }
        }
        ::close(pipeFds[1]);
        int committed = committedBefore;
        // Wait for one or two commits, then kill somewhere inside a later batch.
        for (int reports = 0; reports < 1 + iteration % 2; ++reports) {
            ASSERT_EQ(::read(pipeFds[0], &committed, sizeof committed), static_cast<ssize_t>(sizeof committed));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(7 * (iteration + 1)));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself with " << WEXITSTATUS(status);
        // Commits the writer reported between the sleep and the kill.
        int later = 0;
        while (::read(pipeFds[0], &later, sizeof later) == static_cast<ssize_t>(sizeof later)) {
            committed = later;
        }
        ::close(pipeFds[0]);

        auto store = MarketStore::open(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        EXPECT_TRUE(store->notice().empty()) << store->notice();
        auto span = store->read(kKey);
        ASSERT_TRUE(span.ok());
        const CandleSeries& c = span->data.candles;
        ASSERT_GE(static_cast<int>(c.size()), committed) << "a committed batch was lost";
        EXPECT_EQ(c.size() % kBatch, 0u) << "a batch was stored in part";
        for (std::size_t i = 0; i < c.size(); i += 997) {
            ASSERT_EQ(c.time[i], kStart + static_cast<TimeMs>(i) * kFiveMinutes);
            ASSERT_EQ(c.open[i], openOf(static_cast<int>(i)));
        }
        committedBefore = static_cast<int>(c.size());
    }
}

TEST(StoreDurability, MigratesAVersionZeroFileAndRefusesANewerOne)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    {
        // A database at user_version 0 that already holds something of its own.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('kept')", nullptr,
                               nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(db);
    }
    {
        auto store = MarketStore::open(path);
        ASSERT_TRUE(store.ok()) << store.error().message;
        EXPECT_TRUE(store->notice().empty());
        ASSERT_TRUE(store->writeMarket(kKey, candlesBetween(0, 3)).ok());
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
    EXPECT_EQ(integer("PRAGMA user_version"), MarketStore::schemaVersion());
    EXPECT_EQ(integer("SELECT COUNT(*) FROM notes"), 1);
    EXPECT_EQ(integer("SELECT COUNT(*) FROM candles"), 3);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);

    auto newer = MarketStore::open(path);
    ASSERT_FALSE(newer.ok());
    EXPECT_EQ(newer.error().code, Error::Code::UnsupportedVersion);
    EXPECT_TRUE(fs::exists(path)) << "a newer store is left where it is";
}

// Two connections, as the GUI and the recorder: the reader never fails and never sees a batch
// in part while the writer commits.
TEST(StoreDurability, AReaderAndAWriterShareTheFile)
{
    TempDir dir;
    const std::string path = dir.file("market.sqlite");
    auto writer = MarketStore::open(path);
    auto reader = MarketStore::open(path);
    ASSERT_TRUE(writer.ok() && reader.ok());
    constexpr int kBatch = 500;
    constexpr int kBatches = 30;
    std::atomic<bool> done{false};
    std::thread writing([&] {
        for (int b = 0; b < kBatches; ++b) {
            EXPECT_TRUE(writer->writeMarket(kKey, candlesBetween(b * kBatch, (b + 1) * kBatch)).ok());
        }
        done = true;
    });
    int reads = 0;
    std::size_t lastSeen = 0;
    while (!done || reads == 0) {
        auto span = reader->read(kKey);
        ASSERT_TRUE(span.ok()) << span.error().message;
        const std::size_t rows = span->data.candles.size();
        EXPECT_EQ(rows % kBatch, 0u);
        EXPECT_GE(rows, lastSeen);
        lastSeen = rows;
        ++reads;
    }
    writing.join();
    EXPECT_EQ(reader->read(kKey)->data.candles.size(), static_cast<std::size_t>(kBatch * kBatches));
}

}  // namespace
