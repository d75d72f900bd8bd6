#pragma once

// The watchlist's and `liqheat-cli watch`'s data through the local store: each refresh fetches
// only what the store lacks (fetchThroughStore), so the markets a trader watches are recorded as
// a side effect, and a market the recorder keeps current costs no more than its newest candles.

#include "liqheat/live/market_feed.h"
#include "liqheat/store/market_store.h"

#include <cstddef>
#include <mutex>

namespace liqheat {

class StoreMarketFeed final : public MarketFeed {
public:
    StoreMarketFeed(MarketStore store, FetchFeedOptions options);
    /// The stored span of `key` over the history window, after fetching what the store lacked.
    Result<MarketData> latest(const WatchKey& key) override;
    [[nodiscard]] std::size_t requests() const override;

private:
    mutable std::mutex m_mutex;  // one store connection, used by one refresh at a time
    MarketStore m_store;
    FetchFeedOptions m_options;
    std::size_t m_requests = 0;
};

}  // namespace liqheat
