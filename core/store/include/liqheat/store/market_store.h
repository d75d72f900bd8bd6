#pragma once

// The local store: one SQLite database that accumulates every series fetched or streamed, per
// exchange, symbol and interval, so history outlives what the exchanges serve. Only this library
// links SQLite.

#include "liqheat/model/exchange.h"
#include "liqheat/model/instrument.h"
#include "liqheat/model/liquidation_order.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"
#include "liqheat/model/time.h"

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// One stored market: an exchange's symbol at one candle interval.
struct MarketKey {
    Exchange exchange = Exchange::Binance;
    std::string symbol;     ///< canonical, e.g. "BTCUSDT"
    TimeMs intervalMs = 0;  ///< candle interval, e.g. 300'000 for 5m
};

/// The series the store keeps. Funding and liquidation orders belong to the exchange's symbol
/// (every interval of it reads them); the others to the market.
enum class StoredSeries {
    Candles,
    OpenInterest,
    FundingRate,
    LongShortRatio,
    TopTraderAccountRatio,
    TopTraderPositionRatio,
    TakerBuySellRatio,
    Liquidations,       ///< realized liquidations per interval, as a source summed them
    LiquidationOrders,  ///< individual orders (streams, order dumps)
};
std::string toString(StoredSeries series);  ///< "candles", "open_interest", ...

/// What one write changed. A row is keyed by its time (orders by their identity).
struct WriteCounts {
    std::size_t inserted = 0;   ///< rows not stored before
    std::size_t updated = 0;    ///< rows stored before with other values (e.g. a revised candle)
    std::size_t unchanged = 0;  ///< rows already stored exactly so

    WriteCounts& operator+=(const WriteCounts& other);
};

/// The rows of one stored series: how many, and the times of the first and last.
struct SeriesCoverage {
    StoredSeries series = StoredSeries::Candles;
    std::size_t rows = 0;
    TimeMs first = 0;
    TimeMs last = 0;
};

/// A run of candles without a gap: first and last candle open time (both stored).
struct TimeRange {
    TimeMs first = 0;
    TimeMs last = 0;
};

struct StoredMarket {
    MarketKey key;
    std::vector<SeriesCoverage> series;  ///< only the series that have rows
};

/// A span read back: every series as MarketData (source = the key), and the individual orders.
/// `data.liquidations` holds the per-interval sums a source stored where it stored them, and the
/// stored orders summed per candle interval elsewhere (never both for one interval).
struct StoredSpan {
    MarketData data;
    std::vector<LiquidationOrder> orders;
};

/// The database file: `$LIQHEAT_STORE` when set, else `$XDG_DATA_HOME/liqheat/market.sqlite`
/// (XDG_DATA_HOME defaults to ~/.local/share). An error only when neither HOME nor the
/// variables give a place.
Result<std::string> defaultStorePath();

/// One connection to the store. Move-only; use it from one thread at a time. Several connections,
/// in one process or several (the GUI and `liqheat-cli record`), may use one file at once: WAL
/// mode lets readers go on while one writer writes, and a writer waits for another (busy timeout).
class MarketStore {
public:
    /// Opens or creates the database (and its folder), checks it (PRAGMA quick_check) and
    /// migrates its schema to the current version. A file that is not a database or fails the
    /// check is renamed aside to `<path>.damaged-<UTC time>` (with its -wal and -shm), a fresh
    /// store is started, and notice() says so in one line. Errors: IoError (cannot create or
    /// open), UnsupportedVersion (a schema newer than this program knows).
    static Result<MarketStore> open(const std::string& path);

    MarketStore(MarketStore&&) noexcept;
    MarketStore& operator=(MarketStore&&) noexcept;
    MarketStore(const MarketStore&) = delete;
    MarketStore& operator=(const MarketStore&) = delete;
    ~MarketStore();

    [[nodiscard]] const std::string& path() const;
    /// Set when open() moved a damaged file aside: what happened and where it went. Else empty.
    [[nodiscard]] const std::string& notice() const;

    /// The schema version this program writes (PRAGMA user_version).
    static int schemaVersion();

    /// Writes every series of `data` (validated first) for `key`, in one transaction: all or
    /// nothing. A row with the time of a stored row replaces it; rows between stored rows are
    /// added; nothing is invented for times without rows.
    Result<WriteCounts> writeMarket(const MarketKey& key, const MarketData& data);
    /// Writes orders (any exchanges and symbols) in one transaction. An order already stored with
    /// the same time, side, price, quantity and id is not added twice.
    Result<WriteCounts> writeLiquidationOrders(const std::vector<LiquidationOrder>& orders);

    /// Every series of `key` with rows in [from, to). A market never written gives an empty span.
    Result<StoredSpan> read(const MarketKey& key, TimeMs from = std::numeric_limits<TimeMs>::min(),
                            TimeMs to = std::numeric_limits<TimeMs>::max());
    /// The stored series of `key` that have rows (funding and orders: those of its symbol).
    Result<std::vector<SeriesCoverage>> coverage(const MarketKey& key);
    /// The stored candles of `key` opened in [from, to) as runs without gaps, oldest first.
    Result<std::vector<TimeRange>> candleRanges(const MarketKey& key,
                                                TimeMs from = std::numeric_limits<TimeMs>::min(),
                                                TimeMs to = std::numeric_limits<TimeMs>::max());
    /// Every market with stored rows, ordered by exchange, symbol and interval.
    Result<std::vector<StoredMarket>> markets();

    /// Replaces the instrument list of `exchange` (every instrument and the fetch time) in one
    /// transaction: instruments no longer listed are gone, other exchanges' lists are untouched.
    /// InvalidArgument (nothing written) for an instrument of another exchange, without a symbol,
    /// or with a number that is not finite.
    Status writeInstrumentList(Exchange exchange, const InstrumentList& list);
    /// The stored list of `exchange` in the order it was written; nullopt when none was written.
    Result<std::optional<InstrumentList>> readInstrumentList(Exchange exchange);

private:
    struct Impl;
    explicit MarketStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace liqheat
