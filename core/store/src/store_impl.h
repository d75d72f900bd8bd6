#pragma once

// What a MarketStore holds, shared by its source files. Private to liqheat_store.

#include "liqheat/store/market_store.h"
#include "sqlite_db.h"

#include <cstdint>
#include <optional>
#include <string>

namespace liqheat {

struct MarketStore::Impl {
    sqlite::Connection db;
    std::string path;
    std::string notice;
};

namespace store {

/// The row id of the exchange's symbol or of the market; nullopt when never stored and
/// `create` is false.
Result<std::optional<std::int64_t>> instrumentId(sqlite::Connection& db, Exchange exchange, const std::string& symbol,
                                                 bool create);
Result<std::optional<std::int64_t>> marketId(sqlite::Connection& db, const MarketKey& key, bool create);

/// The `kind` of a ratio series in the ratios table.
inline constexpr const char* kLongShortKind = "long_short";
inline constexpr const char* kTopAccountKind = "top_trader_account";
inline constexpr const char* kTopPositionKind = "top_trader_position";
inline constexpr const char* kTakerKind = "taker_buy_sell";

}  // namespace store
}  // namespace liqheat
