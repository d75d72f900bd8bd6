#include "liqheat/sync/stored_fetch.h"

#include "liqheat/live/exchange_api.h"
#include "liqheat/model/time.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace liqheat {
namespace {

constexpr TimeMs kDayMs = 86'400'000;

TimeMs systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<SeriesCoverage> find(const std::vector<SeriesCoverage>& coverage, StoredSeries series)
{
    for (const SeriesCoverage& c : coverage) {
        if (c.series == series) {
            return c;
        }
    }
    return std::nullopt;
}

/// Where the stored rows of one exchange begin and where its tail must be fetched from.
struct Stored {
    TimeMs firstCandle = 0;
    TimeMs tailFrom = 0;
};

/// nullopt when the exchange has no candles stored for the market.
Result<std::optional<Stored>> storedOf(MarketStore& store, const MarketKey& key)
{
    auto coverage = store.coverage(key);
    if (!coverage) {
        return coverage.error();
    }
    const auto candles = find(*coverage, StoredSeries::Candles);
    if (!candles) {
        return std::optional<Stored>();
    }
    Stored stored{candles->first, candles->last};
    // The last candle is fetched again (it may have been forming). Open interest is published a
    // little later than candles: its tail starts at its own last row, at most a day earlier, so
    // a lag leaves no hole while a long-missing series does not pull days of candles again.
    if (const auto oi = find(*coverage, StoredSeries::OpenInterest)) {
        stored.tailFrom = std::max(std::min(stored.tailFrom, oi->last), candles->last - kDayMs);
    }
    return std::optional<Stored>(stored);
}

/// At most this many holes are fetched per call, the newest first: a hole the exchange itself
/// has (maintenance, a delisting) is asked for again on every fetch, so its cost stays bounded.
constexpr std::size_t kMaxHolePieces = 4;

/// Candles missing between stored runs of `exchanges` inside [from, to), merged across
/// exchanges and cut at `tailFrom` (the tail fetch covers what follows): the newest
/// kMaxHolePieces, oldest first. What head and tail fetches cannot reach.
Result<std::vector<FetchedPiece>> holesOf(MarketStore& store, const std::vector<Exchange>& exchanges,
                                          const std::string& symbol, TimeMs interval, TimeMs from, TimeMs to,
                                          TimeMs tailFrom, const std::string& who)
{
    std::vector<FetchedPiece> holes;
    for (const Exchange exchange : exchanges) {
        auto ranges = store.candleRanges({exchange, symbol, interval}, from, to);
        if (!ranges) {
            return ranges.error();
        }
        for (std::size_t i = 1; i < ranges->size(); ++i) {
            const TimeMs holeFrom = (*ranges)[i - 1].last + interval;
            if (holeFrom < tailFrom) {
                holes.push_back({who, holeFrom, std::min((*ranges)[i].first, tailFrom), "gap"});
            }
        }
    }
    std::sort(holes.begin(), holes.end(), [](const FetchedPiece& a, const FetchedPiece& b) { return a.from < b.from; });
    std::vector<FetchedPiece> merged;
    for (const FetchedPiece& hole : holes) {
        if (!merged.empty() && hole.from <= merged.back().to) {
            merged.back().to = std::max(merged.back().to, hole.to);
        } else {
            merged.push_back(hole);
        }
    }
    if (merged.size() > kMaxHolePieces) {
        merged.erase(merged.begin(), merged.end() - static_cast<std::ptrdiff_t>(kMaxHolePieces));
    }
    return merged;
}

}  // namespace

Result<StoredMarketSpan> readStoredMarket(MarketStore& store, const std::string& exchange, const std::string& symbol,
                                          TimeMs intervalMs, TimeMs from, TimeMs to, const std::string& reference)
{
    auto named = exchangesNamed(exchange);
    if (!named) {
        return named.error();
    }
    const std::vector<Exchange> exchanges = std::move(named).value();
    auto canonical = canonicalSymbol(symbol);
    if (!canonical) {
        return canonical.error();
    }
    StoredMarketSpan out;
    for (const Exchange id : exchanges) {
        auto span = store.read({id, *canonical, intervalMs}, from, to);
        if (!span) {
            return span.error();
        }
        if (!span->data.candles.empty()) {
            out.perExchange[toString(id)] = std::move(span->data);
        }
    }
    const std::string what = exchange + " " + *canonical + " " + formatInterval(intervalMs);
    if (out.perExchange.empty()) {
        return makeError(Error::Code::NotFound, "the store holds no candles of " + what + " in the span");
    }
    if (exchanges.size() == 1) {
        out.reference = exchange;
        out.merged = out.perExchange.begin()->second;
        return out;
    }
    out.reference = out.perExchange.count(reference) != 0 ? reference : out.perExchange.begin()->first;
    if (out.reference != reference) {
        out.notes.push_back("the store holds no candles of " + reference + " in the span; " + out.reference +
                            " leads the merge");
    }
    out.merged = mergeMarkets(out.perExchange, out.reference, out.notes);
    if (auto s = validate(out.merged); !s) {
        return makeError(s.error().code, "merged market: " + s.error().message);
    }
    return out;
}

Result<StoredFetchResult> fetchThroughStore(MarketStore& store, const FetchRequest& request,
                                            const FetchProgress& progress)
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
        return invalidArgument("interval \"" + request.interval + "\" is not like 5m, 1h or 1d");
    }
    if (request.spanMs <= 0) {
        return invalidArgument("the span must be more than 0");
    }
    const TimeMs to = request.end > 0 ? request.end : (request.now > 0 ? request.now : systemNowMs());
    const TimeMs from = (to - request.spanMs) / interval * interval;  // whole candles, as fetchMarket

    // What to fetch: everything when an exchange has nothing stored; else the tail since the
    // earliest last row of any exchange and the head before the latest first candle.
    bool anyMissing = false;
    TimeMs tailFrom = to;
    TimeMs headTo = from;
    for (const Exchange exchange : exchanges) {
        auto stored = storedOf(store, {exchange, *symbol, interval});
        if (!stored) {
            return stored.error();
        }
        if (!*stored) {
            anyMissing = true;
            continue;
        }
        tailFrom = std::min(tailFrom, (*stored)->tailFrom);
        headTo = std::max(headTo, (*stored)->firstCandle);
    }
    StoredFetchResult out;
    const std::string who = request.exchange;
    if (anyMissing || tailFrom <= from || headTo >= tailFrom) {
        out.pieces.push_back({who, from, to, "all"});
    } else {
        if (headTo - from >= interval) {
            out.pieces.push_back({who, from, headTo, "head"});
        }
        // Holes between stored runs (the app was closed, a fetch failed): only those the head
        // and tail do not cover, oldest first so that the tail stays the last piece.
        auto holes = holesOf(store, exchanges, *symbol, interval, headTo, to, tailFrom, who);
        if (!holes) {
            return holes.error();
        }
        out.pieces.insert(out.pieces.end(), holes->begin(), holes->end());
        if (tailFrom < to) {
            out.pieces.push_back({who, tailFrom, to, "tail"});
        }
    }

    // Fetch every piece first: a failure leaves the store as it was.
    std::vector<FetchResult> fetched;
    std::vector<std::string> gapNotes;
    const int pieces = static_cast<int>(out.pieces.size());
    for (int i = 0; i < pieces; ++i) {
        const FetchedPiece& piece = out.pieces[static_cast<std::size_t>(i)];
        FetchRequest part = request;
        part.end = piece.to;
        part.spanMs = piece.to - piece.from;
        FetchProgress partProgress;
        if (progress) {
            partProgress = [&progress, i, pieces, &piece](int done, int total, const std::string& message) {
                const std::string prefix = pieces > 1 ? piece.why + ": " : std::string();
                return progress(i * total + done, pieces * total, prefix + message);
            };
        }
        auto result = fetchMarket(part, partProgress);
        if (!result && piece.why == "gap" && result.error().code == Error::Code::NotFound) {
            // The exchange has no candles there either: the hole is real and stays a gap.
            gapNotes.push_back("no candles from " + formatTimeIso(piece.from) + " to " + formatTimeIso(piece.to) +
                               " on the exchange either; the gap stays");
            continue;
        }
        if (!result) {
            return result.error();
        }
        fetched.push_back(std::move(*result));
    }
    out.fetch.notes = gapNotes;

    for (FetchResult& result : fetched) {
        for (const auto& [name, data] : result.perExchange) {
            const auto exchange = exchangeFromString(name);
            auto counts = store.writeMarket({*exchange, *symbol, interval}, data);
            if (!counts) {
                return makeError(counts.error().code, name + ": " + counts.error().message);
            }
            out.written += *counts;
        }
        out.fetch.notes.insert(out.fetch.notes.end(), result.notes.begin(), result.notes.end());
        out.fetch.requests += result.requests;
        for (auto& [name, ticker] : result.tickers) {
            out.fetch.tickers[name] = ticker;  // the latest piece's, the tail, wins
        }
        out.fetch.reference = result.reference;
    }

    auto span = readStoredMarket(store, request.exchange, *symbol, interval, from, to, request.reference);
    if (!span) {
        return span.error();
    }
    out.fetch.merged = std::move(span->merged);
    out.fetch.perExchange = std::move(span->perExchange);
    out.fetch.notes.insert(out.fetch.notes.end(), span->notes.begin(), span->notes.end());
    out.fetch.reference = span->reference;
    out.fetch.from = from;
    out.fetch.to = to;
    out.fetch.ticker = out.fetch.tickers[out.fetch.reference];
    return out;
}

}  // namespace liqheat
