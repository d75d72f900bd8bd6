#include "liqheat/sync/store_market_feed.h"

#include "liqheat/sync/stored_fetch.h"

namespace liqheat {

StoreMarketFeed::StoreMarketFeed(MarketStore store, FetchFeedOptions options)
    : m_store(std::move(store)), m_options(std::move(options))
{
    if (!m_options.clock) {
        m_options.clock = [] { return static_cast<TimeMs>(nowUtcMs()); };
    }
}

Result<MarketData> StoreMarketFeed::latest(const WatchKey& key)
{
    const TimeMs now = m_options.clock();
    FetchRequest request = feedRequest(key, m_options, now);
    request.spanMs = m_options.historyMs;
    const std::lock_guard lock(m_mutex);
    auto fetched = fetchThroughStore(m_store, request);
    if (!fetched) {
        return fetched.error();
    }
    m_requests += fetched->fetch.requests;
    return trimBefore(fetched->fetch.merged, now - m_options.historyMs);
}

std::size_t StoreMarketFeed::requests() const
{
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

}  // namespace liqheat
