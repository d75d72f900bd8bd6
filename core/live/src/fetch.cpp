#include "liqheat/live/fetch.h"

#include "liqheat/model/time.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace liqheat {
namespace {

constexpr TimeMs kDayMs = 86'400'000;
constexpr TimeMs kMaxSpanMs = 1000 * kDayMs;
constexpr TimeMs kMaxCandles = 1'000'000;  // a year of 1m candles is 525,600; bounds memory and requests

struct Outcome {
    Exchange exchange;
    Result<ExchangeData> result = makeError(Error::Code::Cancelled, "not run");
};

// Each exchange's latest open interest at or before `time`; callers guarantee one exists.
double valueAtOrBefore(const OpenInterestSeries& series, std::size_t& cursor, TimeMs time)
{
    while (cursor + 1 < series.size() && series.time[cursor + 1] <= time) {
        ++cursor;
    }
    return series.base[cursor];
}

}  // namespace

MarketData mergeMarkets(const std::map<std::string, MarketData>& perExchange, const std::string& reference,
                        std::vector<std::string>& notes)
{
    MarketData merged;
    if (perExchange.empty()) {
        return merged;
    }
    // Exchanges in their fixed order, so results do not depend on map order or thread timing.
    std::vector<std::pair<std::string, const MarketData*>> exchanges;
    for (const Exchange id : allExchanges()) {
        if (const auto it = perExchange.find(toString(id)); it != perExchange.end()) {
            exchanges.emplace_back(it->first, &it->second);
        }
    }
    for (const auto& [name, data] : perExchange) {
        if (!exchangeFromString(name)) {
            exchanges.emplace_back(name, &data);
        }
    }
    const auto ref = perExchange.find(reference);
    const std::string refName = ref != perExchange.end() ? reference : exchanges.front().first;
    const MarketData& base = ref != perExchange.end() ? ref->second : *exchanges.front().second;

    for (const auto& [name, data] : exchanges) {
        merged.source.exchanges.push_back(name);
    }
    merged.source.symbol = base.source.symbol;
    merged.source.intervalMs = base.source.intervalMs;
    merged.candles = base.candles;

    // Per-exchange indicators are not additive: take the reference's, else the first that has one.
    for (const auto& [label, member] : {std::pair{"funding rates", &MarketData::fundingRate},
                                        {"long/short account ratio", &MarketData::longShortRatio},
                                        {"taker buy/sell ratio", &MarketData::takerBuySellRatio}}) {
        merged.*member = base.*member;
        if (!(base.*member).empty()) {
            continue;
        }
        for (const auto& [name, data] : exchanges) {
            if (name != refName && !(data->*member).empty()) {
                merged.*member = data->*member;
                notes.push_back(std::string("merged ") + label + " come from " + name + " (" + refName + " has none)");
                break;
            }
        }
    }

    // Open interest adds up across exchanges, in base units, over the span all of them cover:
    // outside it a sum would jump where one exchange's history starts and fake a wave of opens.
    std::vector<std::pair<std::string, const OpenInterestSeries*>> withOi;
    for (const auto& [name, data] : exchanges) {
        if (!data->openInterest.empty() && !data->openInterest.base.empty()) {
            withOi.emplace_back(name, &data->openInterest);
        }
    }
    if (withOi.size() == 1) {
        merged.openInterest = *withOi.front().second;
        if (exchanges.size() > 1) {
            notes.push_back("merged open interest is " + withOi.front().first + "'s only (no other exchange has any)");
        }
    } else if (withOi.size() > 1) {
        TimeMs start = 0;
        TimeMs end = std::numeric_limits<TimeMs>::max();
        std::string names;
        for (const auto& [name, oi] : withOi) {
            start = std::max(start, oi->time.front());
            end = std::min(end, oi->time.back());
            names += (names.empty() ? "" : ", ") + name;
        }
        std::vector<TimeMs> grid;
        for (const auto& [name, oi] : withOi) {
            for (const TimeMs t : oi->time) {
                if (t >= start && t <= end) {
                    grid.push_back(t);
                }
            }
        }
        std::sort(grid.begin(), grid.end());
        grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
        std::vector<std::size_t> cursors(withOi.size(), 0);
        for (const TimeMs t : grid) {
            double sum = 0.0;
            for (std::size_t i = 0; i < withOi.size(); ++i) {
                sum += valueAtOrBefore(*withOi[i].second, cursors[i], t);
            }
            merged.openInterest.time.push_back(t);
            merged.openInterest.base.push_back(sum);
        }
        if (grid.empty()) {
            notes.push_back("open interest of " + names + " does not overlap in time; merged open interest is empty");
        } else {
            notes.push_back("merged open interest is the sum of " + names + " in base units from " +
                            formatTimeIso(grid.front()) + " to " + formatTimeIso(grid.back()) +
                            ", where all of them have data");
        }
    }

    // Realized liquidations add up across exchanges: summed per interval over those that have
    // them (of the three, only OKX's public API lists past liquidation orders).
    std::vector<std::pair<std::string, const LiquidationSeries*>> withLiq;
    for (const auto& [name, data] : exchanges) {
        if (!data->liquidations.empty()) {
            withLiq.emplace_back(name, &data->liquidations);
        }
    }
    if (!withLiq.empty()) {
        std::map<TimeMs, std::pair<double, double>> sums;
        std::string names;
        for (const auto& [name, liq] : withLiq) {
            if (liq->intervalMs != withLiq.front().second->intervalMs) {
                notes.push_back("realized liquidations of " + name +
                                " have another interval; left out of the merged market");
                continue;
            }
            for (std::size_t i = 0; i < liq->size(); ++i) {
                sums[liq->time[i]].first += liq->longUsd[i];
                sums[liq->time[i]].second += liq->shortUsd[i];
            }
            names += (names.empty() ? "" : ", ") + name;
        }
        merged.liquidations.intervalMs = withLiq.front().second->intervalMs;
        for (const auto& [time, sum] : sums) {
            merged.liquidations.time.push_back(time);
            merged.liquidations.longUsd.push_back(sum.first);
            merged.liquidations.shortUsd.push_back(sum.second);
        }
        if (exchanges.size() > withLiq.size()) {
            notes.push_back("merged realized liquidations are the sum over " + names +
                            " only (the other exchanges give no liquidation history)");
        }
    }
    return merged;
}

Result<std::vector<Exchange>> exchangesNamed(const std::string& name)
{
    if (name == "all") {
        return allExchanges();
    }
    if (const auto id = exchangeFromString(name)) {
        return std::vector<Exchange>{*id};
    }
    return makeError(Error::Code::InvalidArgument,
                     "unknown exchange \"" + name + "\" (expected binance, bybit, okx or all)");
}

Result<FetchResult> fetchMarket(const FetchRequest& request, const FetchProgress& progress)
{
    auto named = exchangesNamed(request.exchange);
    if (!named) {
        return named.error();
    }
    const std::vector<Exchange> exchanges = std::move(named).value();
    auto symbol = canonicalSymbol(request.symbol);
    if (!symbol) {
        return symbol.error();
    }
    const TimeMs interval = parseInterval(request.interval);
    if (interval <= 0) {
        return makeError(Error::Code::InvalidArgument,
                         "interval \"" + request.interval + "\" is not like 5m, 1h or 1d");
    }
    for (const Exchange id : exchanges) {
        if (auto s = checkInterval(id, interval); !s) {
            return s.error();
        }
    }
    if (request.spanMs <= 0 || request.spanMs > kMaxSpanMs) {
        return makeError(Error::Code::InvalidArgument, "the span must be more than 0 and at most 1000 days");
    }
    if (request.spanMs / interval > kMaxCandles) {
        return makeError(Error::Code::InvalidArgument, "the span holds " + std::to_string(request.spanMs / interval) +
                                                           " candles, more than the limit of " +
                                                           std::to_string(kMaxCandles) + "; use a longer interval");
    }
    const bool merging = exchanges.size() > 1;
    if (merging && !exchangeFromString(request.reference)) {
        return makeError(Error::Code::InvalidArgument,
                         "unknown reference exchange \"" + request.reference + "\" (expected binance, bybit or okx)");
    }
    for (const auto& [name, url] : request.baseUrls) {
        if (!exchangeFromString(name)) {
            return makeError(Error::Code::InvalidArgument, "base URL given for unknown exchange \"" + name + "\"");
        }
    }
    std::map<Exchange, std::string> baseUrls;
    for (const Exchange id : exchanges) {
        const auto it = request.baseUrls.find(toString(id));
        auto url = resolveBaseUrl(id, it == request.baseUrls.end() ? std::string() : it->second);
        if (!url) {
            return url.error();
        }
        baseUrls[id] = *url;
    }

    FetchResult out;
    out.to = request.end > 0 ? request.end : nowUtcMs();
    // Whole candles: the span starts on a candle boundary.
    out.from = (out.to - request.spanMs) / interval * interval;
    out.reference = merging ? request.reference : toString(exchanges.front());

    const CancelToken* callerCancel = request.cancel != nullptr ? request.cancel : request.http.cancel;
    CancelToken cancel(callerCancel);
    std::mutex mutex;
    bool stoppedByCaller = false;
    int done = 0;
    int total = 0;
    for (const Exchange id : exchanges) {
        total += exchangeFetchSteps(id);
    }
    const ExchangeProgress report = [&](const std::string& message, bool stepDone) {
        std::lock_guard lock(mutex);
        if (stepDone) {
            ++done;
        }
        if (progress && !progress(done, total, message)) {
            stoppedByCaller = true;
            cancel.cancel();
        }
        return !cancel.cancelled();
    };

    std::vector<Outcome> outcomes;
    for (const Exchange id : exchanges) {
        outcomes.push_back({id});
    }
    const auto work = [&](Outcome& outcome) {
        const std::string name = toString(outcome.exchange);
        HttpClientOptions options = request.http;
        options.cancel = &cancel;
        options.onRetry = [&report, &request, name](const std::string& message) {
            report(name + ": " + message, false);
            if (request.http.onRetry) {
                request.http.onRetry(name + ": " + message);
            }
        };
        HttpClient http(options);  // one connection handle per worker
        ExchangeFetchSpec spec;
        spec.symbol = *symbol;
        spec.intervalMs = interval;
        spec.from = out.from;
        spec.to = out.to;
        spec.now = request.now;
        spec.baseUrl = baseUrls.at(outcome.exchange);
        spec.paceRequests = request.paceRequests;
        outcome.result = fetchExchange(outcome.exchange, http, spec, report);
        // Without the reference (or when partial results are refused) the others work in vain.
        if (!outcome.result && merging && (name == request.reference || !request.allowPartial)) {
            cancel.cancel();
        }
    };
    if (outcomes.size() == 1) {
        work(outcomes.front());
    } else {
        std::vector<std::thread> workers;
        try {
            for (Outcome& outcome : outcomes) {
                workers.emplace_back(work, std::ref(outcome));
            }
        } catch (const std::system_error&) {
            // No thread to be had: the rest run here, one after another.
            for (std::size_t i = workers.size(); i < outcomes.size(); ++i) {
                work(outcomes[i]);
            }
        }
        for (std::thread& worker : workers) {
            worker.join();
        }
    }

    const bool callerCancelled = stoppedByCaller || (callerCancel != nullptr && callerCancel->cancelled());
    if (callerCancelled) {
        return makeError(Error::Code::Cancelled, "fetch cancelled");
    }
    // The error that stopped the fetch: the reference's first, then any other that is not merely
    // the echo of that stop.
    std::sort(outcomes.begin(), outcomes.end(), [&](const Outcome& a, const Outcome& b) {
        return (toString(a.exchange) == out.reference) > (toString(b.exchange) == out.reference);
    });
    for (const Outcome& outcome : outcomes) {
        const std::string name = toString(outcome.exchange);
        if (outcome.result || outcome.result.error().code == Error::Code::Cancelled) {
            continue;
        }
        if (!merging || name == out.reference || !request.allowPartial) {
            return outcome.result.error();
        }
    }
    for (const Outcome& outcome : outcomes) {
        if (!outcome.result) {
            if (outcome.result.error().code == Error::Code::Cancelled) {
                return outcome.result.error();  // cancelled with no other cause: report it as such
            }
            out.notes.push_back(toString(outcome.exchange) + " left out: " + outcome.result.error().message);
        }
    }

    for (const Exchange id : exchanges) {
        const auto it =
            std::find_if(outcomes.begin(), outcomes.end(), [id](const Outcome& o) { return o.exchange == id; });
        if (!it->result) {
            continue;
        }
        const std::string name = toString(id);
        ExchangeData& data = it->result.value();
        out.perExchange[name] = data.data;
        out.tickers[name] = data.ticker;
        out.requests += data.requests;
        out.notes.insert(out.notes.end(), data.notes.begin(), data.notes.end());
    }
    if (merging) {
        out.merged = mergeMarkets(out.perExchange, out.reference, out.notes);
        if (auto s = validate(out.merged); !s) {
            return makeError(s.error().code, "merged market: " + s.error().message);
        }
    } else {
        out.merged = out.perExchange.begin()->second;
    }
    out.ticker = out.tickers[out.reference];
    return out;
}

}  // namespace liqheat
