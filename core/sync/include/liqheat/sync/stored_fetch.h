#pragma once

// Fetching through the local store: read what is stored, fetch only what is missing, store it,
// and answer with the stored span. Uses both live and store, so neither needs the other.

#include "liqheat/live/fetch.h"
#include "liqheat/model/result.h"
#include "liqheat/store/market_store.h"

#include <string>
#include <vector>

namespace liqheat {

/// One span asked of an exchange.
struct FetchedPiece {
    std::string exchange;
    TimeMs from = 0;
    TimeMs to = 0;
    std::string why;  ///< "all" (nothing stored), "tail" (since the last stored row) or "head"
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
/// have been forming; the head when the span starts before the first stored candle), written to
/// the store in one transaction per exchange, and the span is read back. With `all`, the
/// exchanges' stored spans are merged as fetchMarket merges them. A failed fetch writes nothing.
Result<StoredFetchResult> fetchThroughStore(MarketStore& store, const FetchRequest& request,
                                            const FetchProgress& progress = {});

}  // namespace liqheat
