// Binance USD-M futures, public market data (reference/exchanges.md section 1).
// Responses are bare arrays/objects, oldest first; prices are strings, times JSON integers (the
// /futures/data examples print them as strings, so both are read). Open interest is in base coin.
#include "exchange_common.h"

#include <charconv>
#include <cstdlib>
#include <regex>

namespace liqheat::detail {
namespace {

using std::chrono::milliseconds;

constexpr TimeMs kKlinesLimit = 1500;
constexpr TimeMs kStatsLimit = 500;
constexpr TimeMs kFundingLimit = 1000;
// /futures/data/* keeps "the latest 30 days" only.
constexpr TimeMs kStatsHistoryMs = 30 * kDayMs;
// The IP budget is 2400 weight per minute; stay below it with room for other clients on the IP.
constexpr long kWeightLimit = 2400;
constexpr long kWeightReserve = 200;
constexpr long kKlinesWeight = 10;  // limit 1000..1500
constexpr long kPremiumIndexWeight = 1;

class BinanceFetch {
public:
    explicit BinanceFetch(Session& session) : m_session(session) {}

    Result<ExchangeData> run();

private:
    // Binance's error body: {"code": -1121, "msg": "Invalid symbol."}.
    static std::string errorBodyText(const HttpResponse& response)
    {
        try {
            const Json body = Json::parse(response.body);
            if (body.is_object() && body.contains("msg") && body["msg"].is_string()) {
                std::string text = body["msg"].get<std::string>();
                if (body.contains("code") && body["code"].is_number_integer()) {
                    text += " (code " + std::to_string(body["code"].get<long long>()) + ")";
                }
                return text;
            }
        } catch (const Json::exception&) {}
        return bodyExcerpt(response.body);
    }

    RetryDecision classify(const HttpResponse& response)
    {
        // Every response carries the IP's weight used this minute, errors included.
        const std::string used = response.header("x-mbx-used-weight-1m");
        long weight = 0;
        if (const auto [end, ec] = std::from_chars(used.data(), used.data() + used.size(), weight);
            !used.empty() && ec == std::errc() && end == used.data() + used.size()) {
            m_usedWeight = weight;
        }
        const long status = response.status;
        const std::string statusText = "HTTP " + std::to_string(status);
        if (status == 418) {
            // "Way too many requests; IP banned until 1712738520000. ..." states the end itself.
            std::string until;
            static const std::regex bannedUntil(R"(banned until (\d{13}))");
            std::smatch match;
            const std::string text = errorBodyText(response);
            if (std::regex_search(text, match, bannedUntil)) {
                until = isoTime(std::stoll(match[1].str()));
            } else if (const auto wait = parseRetryAfter(response.header("retry-after"), nowUtcMs());
                       wait.count() >= 0) {
                until = isoTime(nowUtcMs() + wait.count());
            }
            return RetryDecision::fail(makeError(
                Error::Code::RateLimited, statusText + ": Binance has banned this IP address for too many requests" +
                                              (until.empty() ? std::string() : " until " + until) +
                                              "; stopped without retrying"));
        }
        if (status == 429) {
            return RetryDecision::retry(
                makeError(Error::Code::RateLimited,
                          statusText + ": request rate limit reached (" + errorBodyText(response) + ")"),
                parseRetryAfter(response.header("retry-after"), nowUtcMs()));
        }
        if (status == 403) {
            return RetryDecision::fail(makeError(
                Error::Code::RateLimited,
                statusText + ": refused by Binance's web application firewall (" + errorBodyText(response) + ")"));
        }
        if (status >= 200 && status < 300) {
            return RetryDecision::accept();
        }
        if (status == 408 || status >= 500) {
            return RetryDecision::retry(makeError(Error::Code::Network, statusText + " (server error)"));
        }
        return RetryDecision::fail(
            makeError(Error::Code::Network, describeStatus(response) + ": " + errorBodyText(response)));
    }

    // Waits for the next minute when this request would push the used weight over the budget.
    Status respectWeight(long cost)
    {
        if (cost == 0 || m_usedWeight + cost <= kWeightLimit - kWeightReserve) {
            m_usedWeight += cost;
            return {};
        }
        const TimeMs now = nowUtcMs();
        const TimeMs wait = kMinuteMs - now % kMinuteMs + 250;
        if (auto s = m_session.page("request weight " + std::to_string(m_usedWeight) + " of " +
                                    std::to_string(kWeightLimit) + " used this minute; waiting " +
                                    std::to_string((wait + 999) / 1000) + " s");
            !s) {
            return s;
        }
        if (auto s = m_session.http().pause(milliseconds{wait}); !s) {
            return m_session.error(s.error());
        }
        m_usedWeight = cost;
        return {};
    }

    Result<Json> get(const std::string& path, const Params& params, long weight)
    {
        if (auto s = respectWeight(weight); !s) {
            return s.error();
        }
        return m_session.getJson(path, params, [this](const HttpResponse& r) { return classify(r); });
    }

    // One page of a paged endpoint: the response's bare array.
    Result<Json> getRows(const std::string& path, const Params& params, long weight)
    {
        auto json = get(path, params, weight);
        if (!json) {
            return json.error();
        }
        if (auto rows = readArray(*json, "GET " + path); !rows) {
            return m_session.error(rows.error());
        }
        return json;
    }

    // One page of a /futures/data statistics endpoint (open interest and the ratios share the query).
    Result<Json> getStats(const std::string& path, TimeMs period, TimeMs start, TimeMs end)
    {
        return getRows(path,
                       {{"symbol", m_session.spec().symbol},
                        {"period", formatInterval(period)},
                        {"startTime", std::to_string(start)},
                        {"endTime", std::to_string(end - 1)},
                        {"limit", std::to_string(kStatsLimit)}},
                       0);
    }

    Status fetchTicker(Ticker& ticker);
    Status fetchCandles(CandleSeries& candles);
    Status fetchOpenInterest(OpenInterestSeries& series);
    Status fetchFunding(ValueSeries& series);
    Status fetchRatio(const std::string& path, const char* field, const std::string& name, ValueSeries& series);

    // The span the statistics endpoints still keep, and a note when it cuts the request.
    std::pair<TimeMs, TimeMs> statsSpan() const
    {
        const ExchangeFetchSpec& spec = m_session.spec();
        const TimeMs period = statisticsPeriod(spec.intervalMs);
        // Rounded up to a period, so the first window never asks for a time already dropped.
        const TimeMs oldest = ((m_session.now() - kStatsHistoryMs) / period + 1) * period;
        return {std::max(spec.from, oldest), spec.to};
    }

    void noteStatsCoverage(const std::string& series, const std::vector<TimeMs>& time)
    {
        const ExchangeFetchSpec& spec = m_session.spec();
        const auto [from, to] = statsSpan();
        if (from > spec.from) {
            m_session.note("binance keeps 30 days of " + series + " history: " +
                           (time.empty() ? std::string("none in the requested span")
                                         : "got " + isoTime(time.front()) + " to " + isoTime(time.back())));
            return;
        }
        m_session.noteCoverage(series, time, statisticsPeriod(spec.intervalMs));
    }

    Session& m_session;
    long m_usedWeight = 0;
};

Status BinanceFetch::fetchTicker(Ticker& ticker)
{
    const std::string path = "/fapi/v1/premiumIndex";
    auto json = get(path, {{"symbol", m_session.spec().symbol}}, kPremiumIndexWeight);
    if (!json) {
        return json.error();
    }
    const std::string where = "GET " + path;
    auto mark = numberField(*json, "markPrice", where);
    auto funding = numberField(*json, "lastFundingRate", where);
    auto next = timeField(*json, "nextFundingTime", where);
    auto time = timeField(*json, "time", where);
    if (const Error* e = firstError(mark, funding, next, time)) {
        return m_session.error(*e);
    }
    ticker = {*mark, *funding, *next, *time};
    return m_session.stepDone("mark price " + std::to_string(ticker.markPrice));
}

Status BinanceFetch::fetchCandles(CandleSeries& candles)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/fapi/v1/klines";
    std::vector<CandleRow> rows;
    auto status = pagesForward(
        m_session, spec.from, spec.to, spec.intervalMs, kKlinesLimit, "GET " + path + ": ", "candles", rows,
        [&](TimeMs start, TimeMs end) {
            return getRows(path,
                           {{"symbol", spec.symbol},
                            {"interval", formatInterval(spec.intervalMs)},
                            {"startTime", std::to_string(start)},
                            {"endTime", std::to_string(end - 1)},
                            {"limit", std::to_string(kKlinesLimit)}},
                           kKlinesWeight);
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto candle = readCandleRow(row, where, "open time", "volume");
            if (!candle) {
                return candle.error();
            }
            if (m_session.inSpan(candle->time)) {
                rows.push_back(*candle);
            }
            return {};
        });
    if (!status) {
        return status;
    }
    candles = toCandles(std::move(rows));
    return m_session.seriesDone("candles", candles.time, spec.intervalMs);
}

Status BinanceFetch::fetchOpenInterest(OpenInterestSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/futures/data/openInterestHist";
    const TimeMs period = statisticsPeriod(spec.intervalMs);
    const auto [from, to] = statsSpan();
    std::vector<OpenInterestRow> rows;
    auto status = pagesForward(
        m_session, from, to, period, kStatsLimit, "GET " + path + ": ", "open interest", rows,
        [&](TimeMs start, TimeMs end) { return getStats(path, period, start, end); },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "timestamp", where);
            auto base = numberField(row, "sumOpenInterest", where);
            auto quote = numberField(row, "sumOpenInterestValue", where);
            if (const Error* e = firstError(time, base, quote)) {
                return *e;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, *base, *quote});
            }
            return {};
        });
    if (!status) {
        return status;
    }
    series = toOpenInterest(std::move(rows));
    noteStatsCoverage("open interest", series.time);
    return m_session.stepDone("open interest " + std::to_string(series.size()) + " rows");
}

Status BinanceFetch::fetchFunding(ValueSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/fapi/v1/fundingRate";
    std::vector<ValueRow> rows;
    // Funding settles at most hourly, so a window of `limit` hours fits in one page.
    auto status = pagesForward(
        m_session, spec.from, spec.to, kHourMs, kFundingLimit, "GET " + path + ": ", "funding", rows,
        [&](TimeMs start, TimeMs end) {
            return getRows(path,
                           {{"symbol", spec.symbol},
                            {"startTime", std::to_string(start)},
                            {"endTime", std::to_string(end - 1)},
                            {"limit", std::to_string(kFundingLimit)}},
                           0);
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "fundingTime", where);
            auto rate = numberField(row, "fundingRate", where);
            if (const Error* e = firstError(time, rate)) {
                return *e;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, *rate});
            }
            return {};
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    return m_session.seriesDone("funding rates", series.time, 8 * kHourMs, "funding");
}

Status BinanceFetch::fetchRatio(const std::string& path, const char* field, const std::string& name,
                                ValueSeries& series)
{
    const TimeMs period = statisticsPeriod(m_session.spec().intervalMs);
    const auto [from, to] = statsSpan();
    std::vector<ValueRow> rows;
    auto status = pagesForward(
        m_session, from, to, period, kStatsLimit, "GET " + path + ": ", name, rows,
        [&](TimeMs start, TimeMs end) { return getStats(path, period, start, end); },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "timestamp", where);
            auto value = numberField(row, field, where);
            if (const Error* e = firstError(time, value)) {
                return *e;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, *value});
            }
            return {};
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    noteStatsCoverage(name, series.time);
    return m_session.stepDone(name + " " + std::to_string(series.size()) + " rows");
}

Result<ExchangeData> BinanceFetch::run()
{
    ExchangeData out = m_session.startData();
    MarketData& data = out.data;
    if (auto s = fetchTicker(out.ticker); !s) {
        return s.error();
    }
    if (auto s = fetchCandles(data.candles); !s) {
        return s.error();
    }
    if (data.candles.empty()) {
        return m_session.noCandles(m_session.spec().symbol);
    }
    if (auto s = fetchOpenInterest(data.openInterest); !s) {
        return s.error();
    }
    if (auto s = fetchFunding(data.fundingRate); !s) {
        return s.error();
    }
    if (auto s = fetchRatio("/futures/data/globalLongShortAccountRatio", "longShortRatio", "long/short account ratio",
                            data.longShortRatio);
        !s) {
        return s.error();
    }
    if (auto s = fetchRatio("/futures/data/takerlongshortRatio", "buySellRatio", "taker buy/sell ratio",
                            data.takerBuySellRatio);
        !s) {
        return s.error();
    }
    return m_session.finish(std::move(out));
}

}  // namespace

Result<ExchangeData> fetchBinance(Session& session)
{
    BinanceFetch fetch(session);
    return fetch.run();
}

}  // namespace liqheat::detail
