// Writing: every series of a MarketData, or a batch of liquidation orders, in one transaction.
// A row whose key is stored already replaces the stored values (a revised candle); the counts
// tell new rows from changed and unchanged ones.
#include "store_impl.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {
namespace {

using Values = std::vector<std::optional<double>>;

/// One keyed table: the owner column (market or instrument), an optional fixed `kind`, the time,
/// then value columns. A nullable value column keeps its stored value when a row brings none.
struct TableSpec {
    const char* table;
    const char* owner;
    const char* kind;  ///< nullptr: the table has no kind column
    std::vector<const char*> columns;
    std::vector<bool> nullable;
};

/// The statements that write one table: a key lookup and an upsert that changes only what differs.
class RowWriter {
public:
    static Result<RowWriter> prepare(sqlite::Connection& db, const TableSpec& spec)
    {
        std::string key = std::string(spec.owner) + " = ?1 AND time = ?2";
        std::string names = std::string(spec.owner) + ", time";
        std::string params = "?1, ?2";
        std::string conflict = std::string(spec.owner) + ", time";
        int next = 3;
        if (spec.kind != nullptr) {
            key += " AND kind = '" + std::string(spec.kind) + "'";
            names += ", kind";
            params += ", '" + std::string(spec.kind) + "'";
            conflict = std::string(spec.owner) + ", kind, time";
        }
        std::string set;
        std::string differs;
        for (std::size_t i = 0; i < spec.columns.size(); ++i) {
            const std::string column = spec.columns[i];
            const std::string incoming = "excluded." + column;
            const std::string value =
                spec.nullable[i] ? "COALESCE(" + incoming + ", " + spec.table + "." + column + ")" : incoming;
            names += ", " + column;
            params += ", ?" + std::to_string(next++);
            set += (i > 0 ? ", " : "") + column + " = " + value;
            differs += std::string(i > 0 ? " OR " : "") + spec.table + "." + column + " IS NOT " + value;
        }
        auto exists = db.prepare("SELECT 1 FROM " + std::string(spec.table) + " WHERE " + key);
        if (!exists) {
            return exists.error();
        }
        auto upsert = db.prepare("INSERT INTO " + std::string(spec.table) + " (" + names + ") VALUES (" + params +
                                 ") ON CONFLICT (" + conflict + ") DO UPDATE SET " + set + " WHERE " + differs);
        if (!upsert) {
            return upsert.error();
        }
        return RowWriter(std::move(*exists), std::move(*upsert), db);
    }

    Status write(std::int64_t owner, TimeMs time, const Values& values, WriteCounts& counts)
    {
        m_exists.bind(1, owner).bind(2, std::int64_t{time});
        auto found = m_exists.step();
        m_exists.reset();
        if (!found) {
            return found.error();
        }
        m_upsert.bind(1, owner).bind(2, std::int64_t{time});
        for (std::size_t i = 0; i < values.size(); ++i) {
            m_upsert.bind(static_cast<int>(i) + 3, values[i]);
        }
        if (auto s = m_upsert.run(); !s) {
            return s;
        }
        if (!*found) {
            ++counts.inserted;
        } else if (m_db->changes() > 0) {
            ++counts.updated;
        } else {
            ++counts.unchanged;
        }
        return {};
    }

private:
    RowWriter(sqlite::Statement exists, sqlite::Statement upsert, sqlite::Connection& db)
        : m_exists(std::move(exists)), m_upsert(std::move(upsert)), m_db(&db)
    {}
    sqlite::Statement m_exists;
    sqlite::Statement m_upsert;
    sqlite::Connection* m_db;
};

std::optional<double> at(const std::vector<double>& column, std::size_t row)
{
    return row < column.size() ? std::optional<double>(column[row]) : std::nullopt;
}

Status writeTable(sqlite::Connection& db, const TableSpec& spec, std::int64_t owner, const std::vector<TimeMs>& time,
                  const std::vector<const std::vector<double>*>& columns, WriteCounts& counts)
{
    if (time.empty()) {
        return {};
    }
    auto writer = RowWriter::prepare(db, spec);
    if (!writer) {
        return writer.error();
    }
    Values values(columns.size());
    for (std::size_t row = 0; row < time.size(); ++row) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            values[c] = at(*columns[c], row);
        }
        if (auto s = writer->write(owner, time[row], values, counts); !s) {
            return s;
        }
    }
    return {};
}

Status writeRatio(sqlite::Connection& db, const char* kind, std::int64_t market, const ValueSeries& series,
                  WriteCounts& counts)
{
    return writeTable(db, {"ratios", "market_id", kind, {"value"}, {false}}, market, series.time, {&series.value},
                      counts);
}

Status writeLiquidations(sqlite::Connection& db, std::int64_t market, const LiquidationSeries& series,
                         TimeMs intervalMs, WriteCounts& counts)
{
    const std::vector<double> interval(series.size(), static_cast<double>(intervalMs));
    return writeTable(
        db, {"liquidations", "market_id", nullptr, {"interval_ms", "long_usd", "short_usd"}, {false, false, false}},
        market, series.time, {&interval, &series.longUsd, &series.shortUsd}, counts);
}

}  // namespace

Result<WriteCounts> MarketStore::writeMarket(const MarketKey& key, const MarketData& data)
{
    if (key.symbol.empty() || key.intervalMs <= 0) {
        return invalidArgument("a stored market needs a symbol and a candle interval");
    }
    if (auto s = validate(data); !s) {
        return makeError(s.error().code, "not stored: " + s.error().message);
    }
    sqlite::Connection& db = m_impl->db;
    auto tx = sqlite::Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    auto market = store::marketId(db, key, true);
    if (!market) {
        return market.error();
    }
    auto instrument = store::instrumentId(db, key.exchange, key.symbol, true);
    if (!instrument) {
        return instrument.error();
    }
    const std::int64_t m = **market;
    WriteCounts counts;
    const CandleSeries& c = data.candles;
    const OpenInterestSeries& oi = data.openInterest;
    const TableSpec candles{"candles",
                            "market_id",
                            nullptr,
                            {"open", "high", "low", "close", "volume"},
                            {false, false, false, false, true}};
    const TableSpec openInterest{"open_interest", "market_id", nullptr, {"base", "quote"}, {true, true}};
    const TableSpec funding{"funding", "instrument_id", nullptr, {"rate"}, {false}};
    const TimeMs liquidationInterval = data.liquidations.empty() ? 0 : data.liquidationIntervalMs();
    Status s = writeTable(db, candles, m, c.time, {&c.open, &c.high, &c.low, &c.close, &c.volume}, counts);
    if (s) {
        s = writeTable(db, openInterest, m, oi.time, {&oi.base, &oi.quote}, counts);
    }
    if (s) {
        s = writeTable(db, funding, **instrument, data.fundingRate.time, {&data.fundingRate.value}, counts);
    }
    if (s) {
        s = writeRatio(db, store::kLongShortKind, m, data.longShortRatio, counts);
    }
    if (s) {
        s = writeRatio(db, store::kTopAccountKind, m, data.topTraderAccountRatio, counts);
    }
    if (s) {
        s = writeRatio(db, store::kTopPositionKind, m, data.topTraderPositionRatio, counts);
    }
    if (s) {
        s = writeRatio(db, store::kTakerKind, m, data.takerBuySellRatio, counts);
    }
    if (s) {
        s = writeLiquidations(db, m, data.liquidations, liquidationInterval > 0 ? liquidationInterval : key.intervalMs,
                              counts);
    }
    if (s) {
        s = tx->commit();
    }
    if (!s) {
        return s.error();
    }
    return counts;
}

Result<WriteCounts> MarketStore::writeLiquidationOrders(const std::vector<LiquidationOrder>& orders)
{
    for (const LiquidationOrder& order : orders) {
        if (order.symbol.empty() || !(order.price > 0.0) || !(order.baseQty >= 0.0) || !(order.usd >= 0.0) ||
            !std::isfinite(order.price) || !std::isfinite(order.baseQty) || !std::isfinite(order.usd)) {
            return makeError(Error::Code::InvalidData, "not stored: a liquidation order of " +
                                                           toString(order.exchange) + " " + order.symbol + " at " +
                                                           formatTimeIso(order.time) +
                                                           " has no symbol, a non-positive price or a negative size");
        }
    }
    sqlite::Connection& db = m_impl->db;
    auto tx = sqlite::Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    auto exists = db.prepare(
        "SELECT usd FROM liquidation_orders WHERE instrument_id = ?1 AND time = ?2 AND side = ?3 AND price = ?4 "
        "AND base_qty = ?5 AND order_id = ?6");
    auto upsert = db.prepare(
        "INSERT INTO liquidation_orders (instrument_id, time, side, price, base_qty, order_id, usd) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO UPDATE SET usd = excluded.usd "
        "WHERE liquidation_orders.usd IS NOT excluded.usd");
    if (!exists || !upsert) {
        return !exists ? exists.error() : upsert.error();
    }
    WriteCounts counts;
    for (const LiquidationOrder& order : orders) {
        auto instrument = store::instrumentId(db, order.exchange, order.symbol, true);
        if (!instrument) {
            return instrument.error();
        }
        const std::string side = order.side == LiquidatedSide::Long ? "long" : "short";
        for (sqlite::Statement* statement : {&*exists, &*upsert}) {
            statement->bind(1, **instrument)
                .bind(2, std::int64_t{order.time})
                .bind(3, side)
                .bind(4, order.price)
                .bind(5, order.baseQty)
                .bind(6, order.id);
        }
        auto found = exists->step();
        std::optional<double> storedUsd;
        if (found && *found) {
            storedUsd = exists->real(0);
        }
        exists->reset();
        if (!found) {
            return found.error();
        }
        upsert->bind(7, order.usd);
        if (auto s = upsert->run(); !s) {
            return s.error();
        }
        if (!storedUsd) {
            ++counts.inserted;
        } else if (*storedUsd != order.usd) {
            ++counts.updated;
        } else {
            ++counts.unchanged;
        }
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return counts;
}

}  // namespace liqheat
