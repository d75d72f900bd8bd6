#include "liqheat/live/market_feed.h"

#include "liqheat/live/exchange_api.h"
#include "liqheat/live/fetch.h"

#include <algorithm>

namespace liqheat {

std::string toString(const WatchKey& key) { return toString(key.exchange) + ":" + key.symbol + ":" + key.interval; }

Result<WatchKey> parseWatchKey(const std::string& text)
{
    const auto first = text.find(':');
    if (first == std::string::npos) {
        return invalidArgument("\"" + text + "\" is not EXCHANGE:SYMBOL[:INTERVAL]");
    }
    const auto exchange = exchangeFromString(text.substr(0, first));
    if (!exchange) {
        return invalidArgument("unknown exchange in \"" + text + "\" (expected binance, bybit or okx)");
    }
    const auto second = text.find(':', first + 1);
    const std::string symbolText =
        text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
    auto symbol = canonicalSymbol(symbolText);
    if (!symbol) {
        return symbol.error();
    }
    WatchKey key{*exchange, *symbol, "5m"};
    if (second != std::string::npos) {
        key.interval = text.substr(second + 1);
        if (parseInterval(key.interval) <= 0) {
            return invalidArgument("unknown interval \"" + key.interval + "\" in \"" + text + "\"");
        }
    }
    return key;
}

namespace {

template <typename Series>
void trimSeries(Series& s, TimeMs from)
{
    const auto keep = static_cast<std::size_t>(std::lower_bound(s.time.begin(), s.time.end(), from) - s.time.begin());
    if (keep == 0) {
        return;
    }
    const auto cut = [keep](std::vector<double>& v) {
        if (v.size() >= keep) {
            v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep));
        }
    };
    s.time.erase(s.time.begin(), s.time.begin() + static_cast<std::ptrdiff_t>(keep));
    if constexpr (requires { s.open; }) {
        cut(s.open);
        cut(s.high);
        cut(s.low);
        cut(s.close);
        cut(s.volume);
    } else if constexpr (requires { s.base; }) {
        cut(s.base);
        cut(s.quote);
    } else if constexpr (requires { s.longUsd; }) {
        cut(s.longUsd);
        cut(s.shortUsd);
    } else {
        cut(s.value);
    }
}

}  // namespace

MarketData trimBefore(const MarketData& data, TimeMs from)
{
    MarketData out = data;
    trimSeries(out.candles, from);
    trimSeries(out.openInterest, from);
    // Funding settles every 8 h: keep the older settlements the signals average over.
    trimSeries(out.fundingRate, from - 3 * 86'400'000LL);
    trimSeries(out.longShortRatio, from);
    trimSeries(out.topTraderAccountRatio, from);
    trimSeries(out.topTraderPositionRatio, from);
    trimSeries(out.takerBuySellRatio, from);
    trimSeries(out.liquidations, from);
    return out;
}

FetchRequest feedRequest(const WatchKey& key, const FetchFeedOptions& options, TimeMs now)
{
    FetchRequest request;
    request.exchange = toString(key.exchange);
    request.symbol = key.symbol;
    request.interval = key.interval;
    request.end = now;
    request.now = now;
    request.baseUrls = options.baseUrls;
    request.allowPartial = false;
    request.http = options.http;
    request.cancel = options.cancel;
    if (options.budgets != nullptr) {
        // The shared budget paces the requests; the adapters' own pacing would wait twice.
        request.paceRequests = false;
        request.http.beforeRequest = options.budgets->hook(key.exchange, options.cancel);
    }
    return request;
}

FetchMarketFeed::FetchMarketFeed(FetchFeedOptions options) : m_options(std::move(options))
{
    if (!m_options.clock) {
        m_options.clock = [] { return static_cast<TimeMs>(nowUtcMs()); };
    }
}

Result<MarketData> FetchMarketFeed::latest(const WatchKey& key)
{
    const TimeMs interval = parseInterval(key.interval);
    if (interval <= 0) {
        return invalidArgument("unknown interval \"" + key.interval + "\"");
    }
    const TimeMs now = m_options.clock();
    std::optional<MarketData> cached;
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_cache.find(key); it != m_cache.end()) {
            cached = it->second;
        }
    }

    FetchRequest request = feedRequest(key, m_options, now);
    // Statistics (open interest, ratios) come at >= 5 min steps: ask again from a little before the
    // newest row so a late statistic is not missed.
    const bool incremental = cached && !cached->candles.empty();
    request.spanMs = incremental ? std::max<TimeMs>(now - cached->candles.time.back() + 2 * interval, 3 * 300'000)
                                 : m_options.historyMs;
    auto fetched = fetchMarket(request);
    if (!fetched) {
        return fetched.error();
    }
    MarketData data = incremental ? appendNewer(*cached, fetched->merged) : fetched->merged;
    data = trimBefore(data, now - m_options.historyMs);
    data.source = fetched->merged.source;
    const std::lock_guard lock(m_mutex);
    m_requests += fetched->requests;
    m_cache[key] = data;
    return data;
}

std::size_t FetchMarketFeed::requests() const
{
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

}  // namespace liqheat
