// Reading a span back as MarketData: each series as stored (gaps stay gaps), the orders as they
// came, and realized liquidations per interval from a source's sums or else from the orders.
#include "store_impl.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace liqheat {
namespace {

struct Span {
    TimeMs from;
    TimeMs to;
};

/// Runs `sql` (owner ?1, from ?2, to ?3, ordered by time) and hands each row to `onRow`.
template <typename OnRow>
Status forEachRow(sqlite::Connection& db, const std::string& sql, std::int64_t owner, Span span, OnRow onRow)
{
    auto statement = db.prepare(sql);
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, owner).bind(2, std::int64_t{span.from}).bind(3, std::int64_t{span.to});
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return {};
        }
        onRow(*statement);
    }
}

Status readCandles(sqlite::Connection& db, std::int64_t market, Span span, CandleSeries& out)
{
    bool everyVolume = true;
    std::vector<std::optional<double>> volume;
    auto s = forEachRow(db,
                        "SELECT time, open, high, low, close, volume FROM candles WHERE market_id = ?1 AND time >= ?2 "
                        "AND time < ?3 ORDER BY time",
                        market, span, [&](const sqlite::Statement& row) {
                            out.time.push_back(row.integer(0));
                            out.open.push_back(row.real(1));
                            out.high.push_back(row.real(2));
                            out.low.push_back(row.real(3));
                            out.close.push_back(row.real(4));
                            volume.push_back(row.optionalReal(5));
                            everyVolume = everyVolume && volume.back().has_value();
                        });
    // Volume is all or nothing in MarketData: a span where some candles came without it has none.
    if (everyVolume) {
        for (const auto& v : volume) {
            out.volume.push_back(*v);
        }
    }
    return s;
}

Status readOpenInterest(sqlite::Connection& db, std::int64_t market, Span span, OpenInterestSeries& out)
{
    std::vector<TimeMs> time;
    std::vector<std::optional<double>> base;
    std::vector<std::optional<double>> quote;
    auto s = forEachRow(db,
                        "SELECT time, base, quote FROM open_interest WHERE market_id = ?1 AND time >= ?2 AND "
                        "time < ?3 ORDER BY time",
                        market, span, [&](const sqlite::Statement& row) {
                            time.push_back(row.integer(0));
                            base.push_back(row.optionalReal(1));
                            quote.push_back(row.optionalReal(2));
                        });
    const auto every = [](const auto& column) {
        return std::all_of(column.begin(), column.end(), [](const auto& v) { return v.has_value(); });
    };
    const bool everyBase = every(base);
    const bool everyQuote = every(quote);
    for (std::size_t i = 0; i < time.size(); ++i) {
        // Rows stored from sources with different units: the span keeps base units (what the
        // estimator needs), dropping the rows that have only a quote value.
        if (!everyBase && !everyQuote && !base[i]) {
            continue;
        }
        out.time.push_back(time[i]);
        if (everyBase || !everyQuote) {
            out.base.push_back(*base[i]);
        }
        if (everyQuote) {
            out.quote.push_back(*quote[i]);
        }
    }
    return s;
}

Status readValues(sqlite::Connection& db, const std::string& sql, std::int64_t owner, Span span, ValueSeries& out)
{
    return forEachRow(db, sql, owner, span, [&](const sqlite::Statement& row) {
        out.time.push_back(row.integer(0));
        out.value.push_back(row.real(1));
    });
}

Status readRatio(sqlite::Connection& db, const char* kind, std::int64_t market, Span span, ValueSeries& out)
{
    return readValues(db,
                      "SELECT time, value FROM ratios WHERE market_id = ?1 AND kind = '" + std::string(kind) +
                          "' AND time >= ?2 AND time < ?3 ORDER BY time",
                      market, span, out);
}

Status readOrders(sqlite::Connection& db, const MarketKey& key, std::int64_t instrument, Span span,
                  std::vector<LiquidationOrder>& out)
{
    return forEachRow(db,
                      "SELECT time, side, price, base_qty, usd, order_id FROM liquidation_orders WHERE "
                      "instrument_id = ?1 AND time >= ?2 AND time < ?3 ORDER BY time, side, price, base_qty, order_id",
                      instrument, span, [&](const sqlite::Statement& row) {
                          LiquidationOrder order;
                          order.exchange = key.exchange;
                          order.symbol = key.symbol;
                          order.time = row.integer(0);
                          order.side = row.text(1) == "long" ? LiquidatedSide::Long : LiquidatedSide::Short;
                          order.price = row.real(2);
                          order.baseQty = row.real(3);
                          order.usd = row.real(4);
                          order.id = row.text(5);
                          out.push_back(std::move(order));
                      });
}

/// The stored per-interval sums, and the orders summed per interval where there are none.
Status readLiquidations(sqlite::Connection& db, std::int64_t market, Span span, TimeMs candleInterval,
                        const std::vector<LiquidationOrder>& orders, LiquidationSeries& out)
{
    std::map<TimeMs, std::pair<double, double>> rows;
    TimeMs interval = 0;
    auto s = forEachRow(db,
                        "SELECT time, interval_ms, long_usd, short_usd FROM liquidations WHERE market_id = ?1 AND "
                        "time >= ?2 AND time < ?3 ORDER BY time",
                        market, span, [&](const sqlite::Statement& row) {
                            rows[row.integer(0)] = {row.real(2), row.real(3)};
                            interval = interval == 0 ? row.integer(1) : interval;
                        });
    if (!s) {
        return s;
    }
    if (interval == 0) {
        interval = candleInterval;
    }
    std::map<TimeMs, std::pair<double, double>> fromOrders;
    for (const LiquidationOrder& order : orders) {
        const TimeMs bucket = order.time - ((order.time % interval) + interval) % interval;
        auto& sums = fromOrders[bucket];
        (order.side == LiquidatedSide::Long ? sums.first : sums.second) += order.usd;
    }
    for (const auto& [time, sums] : fromOrders) {
        rows.emplace(time, sums);  // a source's own sum for the interval wins
    }
    for (const auto& [time, sums] : rows) {
        out.time.push_back(time);
        out.longUsd.push_back(sums.first);
        out.shortUsd.push_back(sums.second);
    }
    if (!out.empty()) {
        out.intervalMs = interval;
    }
    return {};
}

}  // namespace

Result<StoredSpan> MarketStore::read(const MarketKey& key, TimeMs from, TimeMs to)
{
    StoredSpan out;
    out.data.source.exchanges = {toString(key.exchange)};
    out.data.source.symbol = key.symbol;
    out.data.source.intervalMs = key.intervalMs;
    if (key.intervalMs <= 0) {
        return invalidArgument("a stored market needs a candle interval");
    }
    sqlite::Connection& db = m_impl->db;
    // One read transaction: every series from the same state of the file, even while a writer
    // commits.
    if (auto s = db.exec("BEGIN"); !s) {
        return s.error();
    }
    struct EndRead {
        sqlite::Connection& db;
        ~EndRead() { (void)db.exec("COMMIT"); }
    } endRead{db};
    auto market = store::marketId(db, key, false);
    if (!market) {
        return market.error();
    }
    auto instrument = store::instrumentId(db, key.exchange, key.symbol, false);
    if (!instrument) {
        return instrument.error();
    }
    const Span span{from, to};
    MarketData& data = out.data;
    Status s;
    if (*market) {
        const std::int64_t m = **market;
        s = readCandles(db, m, span, data.candles);
        if (s) {
            s = readOpenInterest(db, m, span, data.openInterest);
        }
        if (s) {
            s = readRatio(db, store::kLongShortKind, m, span, data.longShortRatio);
        }
        if (s) {
            s = readRatio(db, store::kTopAccountKind, m, span, data.topTraderAccountRatio);
        }
        if (s) {
            s = readRatio(db, store::kTopPositionKind, m, span, data.topTraderPositionRatio);
        }
        if (s) {
            s = readRatio(db, store::kTakerKind, m, span, data.takerBuySellRatio);
        }
    }
    if (s && *instrument) {
        s = readValues(db,
                       "SELECT time, rate FROM funding WHERE instrument_id = ?1 AND time >= ?2 AND time < ?3 "
                       "ORDER BY time",
                       **instrument, span, data.fundingRate);
        if (s) {
            s = readOrders(db, key, **instrument, span, out.orders);
        }
    }
    if (s) {
        s = readLiquidations(db, market->value_or(-1), span, key.intervalMs, out.orders, data.liquidations);
    }
    if (!s) {
        return s.error();
    }
    return out;
}

}  // namespace liqheat
