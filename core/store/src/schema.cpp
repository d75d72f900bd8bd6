#include "schema.h"

#include <string>
#include <vector>

namespace liqheat::store {
namespace {

// Each entry takes the schema from version i to i + 1. Never edit a released step: add one.
// Rows are keyed by their time within an instrument (exchange + symbol) or a market (instrument +
// candle interval); WITHOUT ROWID keeps each table one B-tree in key order.
const std::vector<const char*> kMigrations = {
    // 0 -> 1: the first schema.
    R"sql(
    CREATE TABLE instruments (
        id       INTEGER PRIMARY KEY,
        exchange TEXT NOT NULL,
        symbol   TEXT NOT NULL,
        UNIQUE (exchange, symbol)
    );
    CREATE TABLE markets (
        id            INTEGER PRIMARY KEY,
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        interval_ms   INTEGER NOT NULL CHECK (interval_ms > 0),
        UNIQUE (instrument_id, interval_ms)
    );
    CREATE TABLE candles (
        market_id INTEGER NOT NULL REFERENCES markets (id),
        time      INTEGER NOT NULL,
        open      REAL NOT NULL,
        high      REAL NOT NULL,
        low       REAL NOT NULL,
        close     REAL NOT NULL,
        volume    REAL,
        PRIMARY KEY (market_id, time)
    ) WITHOUT ROWID;
    CREATE TABLE open_interest (
        market_id INTEGER NOT NULL REFERENCES markets (id),
        time      INTEGER NOT NULL,
        base      REAL,
        quote     REAL,
        PRIMARY KEY (market_id, time)
    ) WITHOUT ROWID;
    CREATE TABLE ratios (
        market_id INTEGER NOT NULL REFERENCES markets (id),
        kind      TEXT NOT NULL,
        time      INTEGER NOT NULL,
        value     REAL NOT NULL,
        PRIMARY KEY (market_id, kind, time)
    ) WITHOUT ROWID;
    CREATE TABLE liquidations (
        market_id   INTEGER NOT NULL REFERENCES markets (id),
        time        INTEGER NOT NULL,
        interval_ms INTEGER NOT NULL,
        long_usd    REAL NOT NULL,
        short_usd   REAL NOT NULL,
        PRIMARY KEY (market_id, time)
    ) WITHOUT ROWID;
    CREATE TABLE funding (
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        time          INTEGER NOT NULL,
        rate          REAL NOT NULL,
        PRIMARY KEY (instrument_id, time)
    ) WITHOUT ROWID;
    CREATE TABLE liquidation_orders (
        instrument_id INTEGER NOT NULL REFERENCES instruments (id),
        time          INTEGER NOT NULL,
        side          TEXT NOT NULL CHECK (side IN ('long', 'short')),
        price         REAL NOT NULL,
        base_qty      REAL NOT NULL,
        order_id      TEXT NOT NULL,
        usd           REAL NOT NULL,
        PRIMARY KEY (instrument_id, time, side, price, base_qty, order_id)
    ) WITHOUT ROWID;
    )sql",
    // 1 -> 2: the exchanges' instrument lists for the symbol picker. One row per exchange says
    // when its list was fetched; its instruments are kept in the exchange's order. A new fetch
    // replaces the exchange's whole list.
    R"sql(
    CREATE TABLE instrument_lists (
        exchange   TEXT PRIMARY KEY,
        fetched_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE listed_instruments (
        exchange        TEXT NOT NULL REFERENCES instrument_lists (exchange) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        symbol          TEXT NOT NULL,
        exchange_symbol TEXT NOT NULL,
        base            TEXT NOT NULL,
        quote           TEXT NOT NULL,
        tick_size       REAL NOT NULL,
        contract_value  REAL NOT NULL,
        min_quantity    REAL NOT NULL,
        PRIMARY KEY (exchange, position)
    ) WITHOUT ROWID;
    )sql",
};

}  // namespace

int currentSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status migrate(sqlite::Connection& db)
{
    for (;;) {
        auto tx = sqlite::Transaction::begin(db);
        if (!tx) {
            return tx.error();
        }
        // Read inside the write transaction: two processes opening a new file at once must not
        // both run the same step.
        auto version = db.queryInteger("PRAGMA user_version");
        if (!version) {
            return version.error();
        }
        if (*version > currentSchemaVersion()) {
            return makeError(Error::Code::UnsupportedVersion, "the store's schema version " + std::to_string(*version) +
                                                                  " is newer than this program's " +
                                                                  std::to_string(currentSchemaVersion()) +
                                                                  "; use a newer liqheat");
        }
        if (*version == currentSchemaVersion()) {
            return {};
        }
        const int next = static_cast<int>(*version) + 1;
        if (auto s = db.exec(kMigrations[static_cast<std::size_t>(*version)]); !s) {
            return makeError(s.error().code,
                             "store migration to version " + std::to_string(next) + ": " + s.error().message);
        }
        if (auto s = db.exec("PRAGMA user_version = " + std::to_string(next)); !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
    }
}

}  // namespace liqheat::store
