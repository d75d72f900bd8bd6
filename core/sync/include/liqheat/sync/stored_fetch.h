#pragma once

// Fetching through the local store: read what is stored, fetch only what is missing, store it,
// and answer with the stored span. Uses both live and store, so neither needs the other.

#include "liqheat/live/fetch.h"
#include "liqheat/model/result.h"
#include "liqheat/store/market_store.h"

#include <limits>
#include <map>
#include <string>
#include <vector>

namespace liqheat {

/// A stored span of one exchange, or of all three merged.
struct StoredMarketSpan {
    MarketData merged;                              ///< the one exchange's, or the merged market
    std::map<std::string, MarketData> perExchange;  ///< each exchange with stored candles in the span
    std::vector<std::string> notes;                 ///< what the merge says
    std::string reference;                          ///< whose candles `merged` has
};

/// The stored span [from, to) of `exchange` (binance, bybit, okx, or all: those with stored
/// candles in the span merged as fetchMarket merges, `reference` leading). NotFound when no
/// exchange has candles there. What fetchThroughStore answers and export-snapshot writes.
Result<StoredMarketSpan> readStoredMarket(MarketStore& store, const std::string& exchange, const std::string& symbol,
                                          TimeMs intervalMs, TimeMs from = std::numeric_limits<TimeMs>::min(),
                                          TimeMs to = std::numeric_limits<TimeMs>::max(),
                                          const std::string& reference = "binance");

/// One span asked of an exchange.
struct FetchedPiece {
    std::string exchange;
    TimeMs from = 0;
    TimeMs to = 0;
    /// "all" (nothing stored), "tail" (since the last stored row), "head" (before the first) or
    /// "gap" (a hole between stored runs)
    std::string why;
};

struct StoredFetchResult {
    /// As fetchMarket's, but `merged` and `perExchange` are the whole requested span read back
    /// from the store after the writes (so they reach as far back as the store does); tickers,
    /// notes and request counts are those of the fetches made.
    FetchResult fetch;
    std::vector<FetchedPiece> pieces;  ///< what was asked of the exchanges
    WriteCounts written;               ///< what the fetched rows changed in the store
};

/// The span [end - spanMs, end) of `request` for each exchange: what the store lacks is fetched
/// (the tail since the last stored candle or open-interest row, which is fetched again as it may
/// have been forming; the head when the span starts before the first stored candle; the newest
/// four holes between stored runs), written to the store in one transaction per exchange, and the
/// span is read back. With `all`, the exchanges' stored spans are merged as fetchMarket merges
/// them. A failed fetch writes nothing; a hole the exchange has no candles for stays, with a note.
Result<StoredFetchResult> fetchThroughStore(MarketStore& store, const FetchRequest& request,
                                            const FetchProgress& progress = {});

}  // namespace liqheat
