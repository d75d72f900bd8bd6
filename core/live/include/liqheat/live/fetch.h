#pragma once

#include "liqheat/live/exchange_api.h"
#include "liqheat/live/http_client.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace liqheat {

/// What to fetch live.
struct FetchRequest {
    std::string exchange = "binance";  ///< binance, bybit, okx, or all
    std::string symbol = "BTCUSDT";    ///< any form canonicalSymbol() reads
    std::string interval = "5m";
    TimeMs spanMs = 7 * 86'400'000LL;  ///< how far back from `end`
    TimeMs end = 0;                    ///< end of the span (exclusive); 0: now
    TimeMs now = 0;                    ///< the present for history limits; 0: the system clock
    /// Base URL per exchange name; missing ones come from LIQHEAT_<NAME>_URL, then the default.
    std::map<std::string, std::string> baseUrls;
    /// `all`: the exchange whose candles, funding and ratios the merged market uses.
    std::string reference = "binance";
    /// `all`: go on without an exchange that fails (other than the reference), with a note.
    bool allowPartial = true;
    bool paceRequests = true;
    /// Timeouts, retries, size cap, sleep hook; each worker gets its own client with these.
    HttpClientOptions http;
    /// Cancels from any thread, also mid-transfer. May be null (then `http.cancel` is used).
    const CancelToken* cancel = nullptr;
};

/// Progress: steps done of total, and what happened; returning false cancels the fetch.
/// Called from worker threads, one call at a time.
using FetchProgress = std::function<bool(int done, int total, const std::string& message)>;

struct FetchResult {
    MarketData merged;                              ///< the market: one exchange, or `all` merged
    std::map<std::string, MarketData> perExchange;  ///< each exchange's own series
    std::map<std::string, Ticker> tickers;          ///< each exchange's mark price and funding
    std::vector<std::string> notes;                 ///< e.g. history an exchange does not keep
    std::string reference;                          ///< the exchange the merged candles come from
    Ticker ticker;                                  ///< the reference exchange's
    TimeMs from = 0;
    TimeMs to = 0;
    std::size_t requests = 0;
};

/// The exchanges a request's `exchange` names: one, or all three for "all"; InvalidArgument for
/// any other name.
Result<std::vector<Exchange>> exchangesNamed(const std::string& name);

/// Fetches one symbol from one exchange or from all three (in parallel, one HTTP client each)
/// and merges them. Errors: InvalidArgument for a bad request, Cancelled, or the first exchange
/// error that stops the fetch (always the exchange's name first).
Result<FetchResult> fetchMarket(const FetchRequest& request, const FetchProgress& progress = {});

/// Merges exchanges of one symbol into one market: candles, funding, long/short and taker ratios
/// from `reference` (a series the reference lacks comes from the first other exchange that has
/// it, with a note); open interest summed in base units over the span every exchange with open
/// interest covers, each exchange's latest value at or before each time.
MarketData mergeMarkets(const std::map<std::string, MarketData>& perExchange, const std::string& reference,
                        std::vector<std::string>& notes);

}  // namespace liqheat
