#pragma once

// What a CSV file is parsed into: rows per series, kept apart from MarketData so that several
// files can be merged. Shared by the format parsers, the liquidation-order aggregation and the
// import driver. Private to liqheat_io.

#include "liqheat/io/csv_import.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat::csv {

enum class Field : std::size_t {
    Open,
    High,
    Low,
    Close,
    Volume,
    OpenInterest,
    OpenInterestValue,
    FundingRate,
    LongShortRatio,
    TakerBuySellRatio,
    LiqLongUsd,
    LiqShortUsd,
    TopTraderAccountRatio,
    TopTraderPositionRatio,
};
inline constexpr std::size_t kFieldCount = 14;
inline constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "open",
    "high",
    "low",
    "close",
    "volume",
    "open_interest",
    "open_interest_value",
    "funding_rate",
    "long_short_ratio",
    "taker_buy_sell_ratio",
    "liq_long_usd",
    "liq_short_usd",
    "top_trader_account_ratio",
    "top_trader_position_ratio",
};

enum class Kind : std::size_t {
    Candles,
    OpenInterest,
    FundingRate,
    LongShortRatio,
    TakerBuySellRatio,
    Liquidations,
    TopTraderAccountRatio,
    TopTraderPositionRatio,
};
inline constexpr std::size_t kKindCount = 8;
inline constexpr std::size_t kMaxFields = 5;

/// Which columns make up a series. A series exists when any of its columns does; its required
/// columns must then all be there (open interest needs base or quote, hence none required).
struct SeriesSpec {
    std::string_view name;
    std::size_t count;
    std::array<Field, kMaxFields> fields;
    std::array<bool, kMaxFields> required;
};
inline constexpr std::array<SeriesSpec, kKindCount> kSeries = {{
    {"candles",
     5,
     {Field::Open, Field::High, Field::Low, Field::Close, Field::Volume},
     {true, true, true, true, false}},
    {"open_interest", 2, {Field::OpenInterest, Field::OpenInterestValue}, {false, false}},
    {"funding_rate", 1, {Field::FundingRate}, {true}},
    {"long_short_ratio", 1, {Field::LongShortRatio}, {true}},
    {"taker_buy_sell_ratio", 1, {Field::TakerBuySellRatio}, {true}},
    {"liquidations", 2, {Field::LiqLongUsd, Field::LiqShortUsd}, {true, true}},
    {"top_trader_account_ratio", 1, {Field::TopTraderAccountRatio}, {true}},
    {"top_trader_position_ratio", 1, {Field::TopTraderPositionRatio}, {true}},
}};

constexpr std::size_t idx(Field f) { return static_cast<std::size_t>(f); }
constexpr std::size_t idx(Kind k) { return static_cast<std::size_t>(k); }

/// Time column names, highest priority first.
inline constexpr std::array<std::string_view, 6> kTimeColumns = {"time",      "timestamp", "timestamp_ms",
                                                                 "open_time", "calc_time", "create_time"};

inline constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// One parsed row of one series; `v` follows the series' field order.
struct Row {
    TimeMs time = 0;
    std::size_t line = 0;
    std::array<double, kMaxFields> v{};
};

struct Table {
    bool present = false;
    /// Only fills in a series no other file gives (the hourly metrics' open interest): merged when
    /// no file has the series in full, else left out with a warning.
    bool supplementary = false;
    std::array<bool, kMaxFields> has{};  ///< which of the series' fields the source provides
    std::vector<Row> rows;
};
using Tables = std::array<Table, kKindCount>;

/// A file parsed into per-series rows; kept in this form so several files can be merged.
struct ParsedFile {
    CsvFileReport report;
    Tables tables;
    std::vector<std::string> warnings;
    std::vector<std::string> exchanges;
    std::string symbol;
    TimeMs liquidationIntervalMs = 0;  ///< stated by aggregated liquidation orders; 0: inferred
};

/// Whether two rows of a series agree on every field the source provides.
inline bool sameValues(const Row& a, const Row& b, const std::array<bool, kMaxFields>& has)
{
    for (std::size_t k = 0; k < kMaxFields; ++k) {
        if (has[k] && a.v[k] != b.v[k]) {
            return false;
        }
    }
    return true;
}

}  // namespace liqheat::csv
