#pragma once

// Where the watchlist and `liqheat-cli watch` get their data: "the latest MarketData of
// (exchange, symbol, interval)". Today from the exchanges' REST APIs (FetchMarketFeed, which keeps
// what it fetched and asks only for what is new); a store-backed feed reads the recorder's store.

#include "liqheat/live/fetch.h"
#include "liqheat/live/http_client.h"
#include "liqheat/live/request_budget.h"
#include "liqheat/model/exchange.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace liqheat {

/// One watched market.
struct WatchKey {
    Exchange exchange = Exchange::Binance;
    std::string symbol;           ///< canonical, e.g. "BTCUSDT"
    std::string interval = "5m";  ///< candle interval

    friend bool operator<(const WatchKey& a, const WatchKey& b)
    {
        return std::tie(a.exchange, a.symbol, a.interval) < std::tie(b.exchange, b.symbol, b.interval);
    }
    friend bool operator==(const WatchKey& a, const WatchKey& b)
    {
        return std::tie(a.exchange, a.symbol, a.interval) == std::tie(b.exchange, b.symbol, b.interval);
    }
};

/// "binance:BTCUSDT:5m".
std::string toString(const WatchKey& key);
/// Reads "binance:BTCUSDT:5m" or "binance:BTCUSDT" (interval 5m); the symbol in any form
/// canonicalSymbol() reads.
Result<WatchKey> parseWatchKey(const std::string& text);

class MarketFeed {
public:
    virtual ~MarketFeed() = default;
    /// The latest data of `key`, oldest first, ending at the present. Safe to call from one
    /// thread at a time per feed.
    virtual Result<MarketData> latest(const WatchKey& key) = 0;
    /// Requests sent to the exchanges so far (all markets, retries included).
    [[nodiscard]] virtual std::size_t requests() const { return 0; }
};

struct FetchFeedOptions {
    TimeMs historyMs = 3 * 86'400'000LL;          ///< history kept per market (the estimate's input)
    std::map<std::string, std::string> baseUrls;  ///< per exchange name; else environment / default
    HttpClientOptions http;                       ///< timeouts, retries (beforeRequest is set per exchange)
    RequestBudgets* budgets = nullptr;            ///< shared per-exchange budget; may be null
    std::function<TimeMs()> clock;                ///< the present; default nowUtcMs
    const CancelToken* cancel = nullptr;
};

/// The fetch of `key` ending at `now` with the feed's URLs, HTTP options and shared budget (the
/// span is the caller's): what every feed asks of the exchanges.
FetchRequest feedRequest(const WatchKey& key, const FetchFeedOptions& options, TimeMs now);

/// Fetches from the exchanges: the whole history the first time, then only from the last
/// candle on (appendNewer replaces the candle that was still forming), trimming to historyMs.
class FetchMarketFeed final : public MarketFeed {
public:
    explicit FetchMarketFeed(FetchFeedOptions options);
    Result<MarketData> latest(const WatchKey& key) override;
    [[nodiscard]] std::size_t requests() const override;

private:
    FetchFeedOptions m_options;
    mutable std::mutex m_mutex;
    std::map<WatchKey, MarketData> m_cache;
    std::size_t m_requests = 0;
};

/// `data` without rows older than `from` in any series.
MarketData trimBefore(const MarketData& data, TimeMs from);

}  // namespace liqheat
