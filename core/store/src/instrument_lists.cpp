// The exchanges' instrument lists: written whole per exchange, read back in their order.
#include "liqheat/store/market_store.h"

#include "store_impl.h"

#include <cmath>

namespace liqheat {
namespace {

Status checkInstrument(Exchange exchange, const Instrument& i)
{
    if (i.exchange != exchange) {
        return invalidArgument("instrument list of " + toString(exchange) + ": " + i.symbol + " belongs to " +
                               toString(i.exchange));
    }
    if (i.symbol.empty() || i.exchangeSymbol.empty()) {
        return invalidArgument("instrument list of " + toString(exchange) + ": an instrument without a symbol");
    }
    if (!std::isfinite(i.tickSize) || !std::isfinite(i.contractValue) || !std::isfinite(i.minQuantity)) {
        return invalidArgument("instrument list of " + toString(exchange) + ": " + i.symbol +
                               " has a number that is not finite");
    }
    return {};
}

}  // namespace

Status MarketStore::writeInstrumentList(Exchange exchange, const InstrumentList& list)
{
    for (const Instrument& i : list.instruments) {
        if (Status ok = checkInstrument(exchange, i); !ok) {
            return ok;
        }
    }
    sqlite::Connection& db = m_impl->db;
    auto tx = sqlite::Transaction::begin(db);
    if (!tx) {
        return tx.error();
    }
    const std::string name = toString(exchange);
    auto clear = db.prepare("DELETE FROM listed_instruments WHERE exchange = ?1");
    if (!clear) {
        return clear.error();
    }
    if (auto s = clear->bind(1, name).run(); !s) {
        return s.error();
    }
    auto head = db.prepare(
        "INSERT INTO instrument_lists (exchange, fetched_at) VALUES (?1, ?2) "
        "ON CONFLICT (exchange) DO UPDATE SET fetched_at = excluded.fetched_at");
    if (!head) {
        return head.error();
    }
    if (auto s = head->bind(1, name).bind(2, std::int64_t{list.fetchedAt}).run(); !s) {
        return s.error();
    }
    auto insert = db.prepare(
        "INSERT INTO listed_instruments (exchange, position, symbol, exchange_symbol, base, quote, tick_size, "
        "contract_value, min_quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!insert) {
        return insert.error();
    }
    std::int64_t position = 0;
    for (const Instrument& i : list.instruments) {
        insert->bind(1, name)
            .bind(2, position++)
            .bind(3, i.symbol)
            .bind(4, i.exchangeSymbol)
            .bind(5, i.base)
            .bind(6, i.quote)
            .bind(7, i.tickSize)
            .bind(8, i.contractValue)
            .bind(9, i.minQuantity);
        if (auto s = insert->run(); !s) {
            return s.error();
        }
    }
    return tx->commit();
}

Result<std::optional<InstrumentList>> MarketStore::readInstrumentList(Exchange exchange)
{
    sqlite::Connection& db = m_impl->db;
    const std::string name = toString(exchange);
    auto head = db.prepare("SELECT fetched_at FROM instrument_lists WHERE exchange = ?1");
    if (!head) {
        return head.error();
    }
    head->bind(1, name);
    auto found = head->step();
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return std::optional<InstrumentList>();
    }
    InstrumentList list;
    list.fetchedAt = head->integer(0);
    auto rows = db.prepare(
        "SELECT symbol, exchange_symbol, base, quote, tick_size, contract_value, min_quantity "
        "FROM listed_instruments WHERE exchange = ?1 ORDER BY position");
    if (!rows) {
        return rows.error();
    }
    rows->bind(1, name);
    for (;;) {
        auto row = rows->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        Instrument i;
        i.exchange = exchange;
        i.symbol = rows->text(0);
        i.exchangeSymbol = rows->text(1);
        i.base = rows->text(2);
        i.quote = rows->text(3);
        i.tickSize = rows->real(4);
        i.contractValue = rows->real(5);
        i.minQuantity = rows->real(6);
        list.instruments.push_back(std::move(i));
    }
    return std::optional<InstrumentList>(std::move(list));
}

}  // namespace liqheat
