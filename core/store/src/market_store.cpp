// Opening the store: the file's place, the connection settings, the integrity check and the
// moving aside of a damaged file; the queries of what is stored.
#include "liqheat/store/market_store.h"

#include "schema.h"
#include "store_impl.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <system_error>
#include <utility>

namespace liqheat {
namespace {

namespace fs = std::filesystem;

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
}

/// "20261201T143200Z": sortable and free of characters some file systems refuse.
std::string compactUtcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

/// Renames the database and its -wal / -shm aside; returns the new name of the database.
Result<std::string> moveAside(const std::string& path)
{
    std::string target = path + ".damaged-" + compactUtcNow();
    for (int n = 2; fs::exists(target) && n < 100; ++n) {
        target = path + ".damaged-" + compactUtcNow() + "-" + std::to_string(n);
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string from = path + suffix;
        std::error_code ec;
        if (!fs::exists(from, ec)) {
            continue;
        }
        fs::rename(from, target + suffix, ec);
        if (ec) {
            return makeError(Error::Code::IoError,
                             "the store " + path + " is damaged and cannot be moved aside: " + ec.message());
        }
    }
    return target;
}

enum class OpenOutcome { Ready, Damaged };

/// Settings, integrity check and migrations. Damaged: the file is not a sound database.
Result<OpenOutcome> prepare(sqlite::Connection& db, std::string& why)
{
    const auto damaged = [&](const Error& error) -> Result<OpenOutcome> {
        const sqlite::Failure failure = db.lastFailure();
        if (failure == sqlite::Failure::NotADatabase || failure == sqlite::Failure::Corrupt) {
            why = error.message;
            return OpenOutcome::Damaged;
        }
        return error;
    };
    if (auto s = db.exec("PRAGMA busy_timeout = 10000"); !s) {
        return s.error();
    }
    // The first statement that reads the file: a file that is no database fails here.
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (!mode) {
        return damaged(mode.error());
    }
    // FULL: a committed batch survives a power cut too, not only a killed process.
    if (auto s = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !s) {
        return damaged(s.error());
    }
    auto check = db.queryText("PRAGMA quick_check");
    if (!check) {
        return damaged(check.error());
    }
    if (*check != "ok") {
        why = "integrity check: " + *check;
        return OpenOutcome::Damaged;
    }
    if (auto s = store::migrate(db); !s) {
        return s.error().code == Error::Code::UnsupportedVersion ? Result<OpenOutcome>(s.error()) : damaged(s.error());
    }
    return OpenOutcome::Ready;
}

}  // namespace

std::string toString(StoredSeries series)
{
    switch (series) {
    case StoredSeries::Candles: return "candles";
    case StoredSeries::OpenInterest: return "open_interest";
    case StoredSeries::FundingRate: return "funding_rate";
    case StoredSeries::LongShortRatio: return "long_short_ratio";
    case StoredSeries::TopTraderAccountRatio: return "top_trader_account_ratio";
    case StoredSeries::TopTraderPositionRatio: return "top_trader_position_ratio";
    case StoredSeries::TakerBuySellRatio: return "taker_buy_sell_ratio";
    case StoredSeries::Liquidations: return "liquidations";
    case StoredSeries::LiquidationOrders: return "liquidation_orders";
    }
    return "unknown";
}

WriteCounts& WriteCounts::operator+=(const WriteCounts& other)
{
    inserted += other.inserted;
    updated += other.updated;
    unchanged += other.unchanged;
    return *this;
}

Result<std::string> defaultStorePath()
{
    if (std::string explicitPath = environment("LIQHEAT_STORE"); !explicitPath.empty()) {
        return explicitPath;
    }
    std::string dataHome = environment("XDG_DATA_HOME");
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (dataHome.empty() || dataHome.front() != '/') {
        const std::string home = environment("HOME");
        if (home.empty()) {
            return makeError(Error::Code::IoError,
                             "no place for the store: neither LIQHEAT_STORE, XDG_DATA_HOME "
                             "nor HOME is set");
        }
        dataHome = home + "/.local/share";
    }
    return dataHome + "/liqheat/market.sqlite";
}

MarketStore::MarketStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MarketStore::MarketStore(MarketStore&&) noexcept = default;
MarketStore& MarketStore::operator=(MarketStore&&) noexcept = default;
MarketStore::~MarketStore() = default;

const std::string& MarketStore::path() const { return m_impl->path; }
const std::string& MarketStore::notice() const { return m_impl->notice; }
int MarketStore::schemaVersion() { return store::currentSchemaVersion(); }

Result<MarketStore> MarketStore::open(const std::string& path)
{
    if (path.empty()) {
        return invalidArgument("the store path is empty");
    }
    std::error_code ec;
    if (const fs::path parent = fs::path(path).parent_path(); !parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) {
            return makeError(Error::Code::IoError,
                             "cannot create the store's folder " + parent.string() + ": " + ec.message());
        }
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto db = sqlite::Connection::open(path);
        if (!db) {
            return db.error();
        }
        std::string why;
        auto outcome = prepare(*db, why);
        if (!outcome) {
            return makeError(outcome.error().code, "store " + path + ": " + outcome.error().message);
        }
        if (*outcome == OpenOutcome::Ready) {
            impl->db = std::move(*db);
            return MarketStore(std::move(impl));
        }
        db->close();
        if (attempt > 0) {
            break;
        }
        auto aside = moveAside(path);
        if (!aside) {
            return aside.error();
        }
        impl->notice =
            "the store " + path + " was damaged (" + why + "); moved aside to " + *aside + " and a fresh store started";
    }
    return makeError(Error::Code::IoError, "store " + path + ": a fresh database fails its own check");
}

namespace store {

Result<std::optional<std::int64_t>> instrumentId(sqlite::Connection& db, Exchange exchange, const std::string& symbol,
                                                 bool create)
{
    if (create) {
        auto insert = db.prepare("INSERT INTO instruments (exchange, symbol) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
        if (!insert) {
            return insert.error();
        }
        if (auto s = insert->bind(1, toString(exchange)).bind(2, symbol).run(); !s) {
            return s.error();
        }
    }
    auto select = db.prepare("SELECT id FROM instruments WHERE exchange = ?1 AND symbol = ?2");
    if (!select) {
        return select.error();
    }
    select->bind(1, toString(exchange)).bind(2, symbol);
    auto row = select->step();
    if (!row) {
        return row.error();
    }
    return *row ? std::optional<std::int64_t>(select->integer(0)) : std::nullopt;
}

Result<std::optional<std::int64_t>> marketId(sqlite::Connection& db, const MarketKey& key, bool create)
{
    auto instrument = instrumentId(db, key.exchange, key.symbol, create);
    if (!instrument || !*instrument) {
        return instrument;
    }
    if (create) {
        auto insert =
            db.prepare("INSERT INTO markets (instrument_id, interval_ms) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
        if (!insert) {
            return insert.error();
        }
        if (auto s = insert->bind(1, **instrument).bind(2, std::int64_t{key.intervalMs}).run(); !s) {
            return s.error();
        }
    }
    auto select = db.prepare("SELECT id FROM markets WHERE instrument_id = ?1 AND interval_ms = ?2");
    if (!select) {
        return select.error();
    }
    select->bind(1, **instrument).bind(2, std::int64_t{key.intervalMs});
    auto row = select->step();
    if (!row) {
        return row.error();
    }
    return *row ? std::optional<std::int64_t>(select->integer(0)) : std::nullopt;
}

}  // namespace store

Result<std::vector<SeriesCoverage>> MarketStore::coverage(const MarketKey& key)
{
    auto market = store::marketId(m_impl->db, key, false);
    if (!market) {
        return market.error();
    }
    auto instrument = store::instrumentId(m_impl->db, key.exchange, key.symbol, false);
    if (!instrument) {
        return instrument.error();
    }
    struct Query {
        StoredSeries series;
        const char* sql;
        bool perInstrument;
    };
    const Query queries[] = {
        {StoredSeries::Candles, "SELECT COUNT(*), MIN(time), MAX(time) FROM candles WHERE market_id = ?1", false},
        {StoredSeries::OpenInterest, "SELECT COUNT(*), MIN(time), MAX(time) FROM open_interest WHERE market_id = ?1",
         false},
        {StoredSeries::FundingRate, "SELECT COUNT(*), MIN(time), MAX(time) FROM funding WHERE instrument_id = ?1",
         true},
        {StoredSeries::LongShortRatio,
         "SELECT COUNT(*), MIN(time), MAX(time) FROM ratios WHERE market_id = ?1 AND kind = 'long_short'", false},
        {StoredSeries::TopTraderAccountRatio,
         "SELECT COUNT(*), MIN(time), MAX(time) FROM ratios WHERE market_id = ?1 AND kind = 'top_trader_account'",
         false},
        {StoredSeries::TopTraderPositionRatio,
         "SELECT COUNT(*), MIN(time), MAX(time) FROM ratios WHERE market_id = ?1 AND kind = 'top_trader_position'",
         false},
        {StoredSeries::TakerBuySellRatio,
         "SELECT COUNT(*), MIN(time), MAX(time) FROM ratios WHERE market_id = ?1 AND kind = 'taker_buy_sell'", false},
        {StoredSeries::Liquidations, "SELECT COUNT(*), MIN(time), MAX(time) FROM liquidations WHERE market_id = ?1",
         false},
        {StoredSeries::LiquidationOrders,
         "SELECT COUNT(*), MIN(time), MAX(time) FROM liquidation_orders WHERE instrument_id = ?1", true},
    };
    std::vector<SeriesCoverage> out;
    for (const Query& query : queries) {
        const std::optional<std::int64_t>& owner = query.perInstrument ? *instrument : *market;
        if (!owner) {
            continue;
        }
        auto statement = m_impl->db.prepare(query.sql);
        if (!statement) {
            return statement.error();
        }
        statement->bind(1, *owner);
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        if (*row && statement->integer(0) > 0) {
            out.push_back({query.series, static_cast<std::size_t>(statement->integer(0)), statement->integer(1),
                           statement->integer(2)});
        }
    }
    return out;
}

Result<std::vector<TimeRange>> MarketStore::candleRanges(const MarketKey& key, TimeMs from, TimeMs to)
{
    auto market = store::marketId(m_impl->db, key, false);
    if (!market) {
        return market.error();
    }
    std::vector<TimeRange> out;
    if (!*market) {
        return out;
    }
    auto statement = m_impl->db.prepare(
        "SELECT time FROM candles WHERE market_id = ?1 AND time >= ?2 AND time < ?3 ORDER BY time");
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, **market);
    statement->bind(2, from);
    statement->bind(3, to);
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const TimeMs time = statement->integer(0);
        if (out.empty() || time - out.back().last > key.intervalMs) {
            out.push_back({time, time});
        } else {
            out.back().last = time;
        }
    }
    return out;
}

Result<std::vector<StoredMarket>> MarketStore::markets()
{
    auto statement = m_impl->db.prepare(
        "SELECT i.exchange, i.symbol, m.interval_ms FROM markets m JOIN instruments i ON i.id = m.instrument_id "
        "ORDER BY i.exchange, i.symbol, m.interval_ms");
    if (!statement) {
        return statement.error();
    }
    std::vector<StoredMarket> out;
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        const auto exchange = exchangeFromString(statement->text(0));
        if (!exchange) {
            continue;  // an exchange a newer program knows
        }
        out.push_back({MarketKey{*exchange, statement->text(1), statement->integer(2)}, {}});
    }
    for (StoredMarket& market : out) {
        auto series = coverage(market.key);
        if (!series) {
            return series.error();
        }
        market.series = std::move(*series);
    }
    std::erase_if(out, [](const StoredMarket& market) { return market.series.empty(); });
    return out;
}

}  // namespace liqheat
