// Bybit v5 linear (USDT) perpetuals, public market data (reference/exchanges.md section 2).
// Every answer is {"retCode": 0, "retMsg": "OK", "result": {"list": [...]}, "time": ms}; errors
// come in the same envelope with retCode != 0, usually with HTTP 200. Lists are newest first and
// numbers, timestamps included, are strings. retCode and time are numbers on the live API and
// strings in some recordings: both are read.
//
// Open interest: linear BTCUSDT is in base coin. `openInterest` is documented as the sum of both
// sides and `singleOpenInterest` (newer) as one side, which is what Binance and OKX report; the
// single side is used when present, `openInterest` otherwise (with a note).
#include "exchange_common.h"

#include <charconv>

namespace liqheat::detail {
namespace {

constexpr TimeMs kKlineLimit = 1000;
constexpr TimeMs kOpenInterestLimit = 200;
constexpr TimeMs kRatioLimit = 500;
constexpr TimeMs kFundingLimit = 200;

constexpr long kTooManyVisits = 10006;
constexpr long kServerTimeout = 10000;
constexpr long kServerError = 10016;

std::string klineInterval(TimeMs ms)
{
    if (ms >= 7 * kDayMs) {
        return "W";
    }
    if (ms >= kDayMs) {
        return "D";
    }
    return std::to_string(ms / kMinuteMs);  // minutes: 1, 3, 5, ..., 720
}

std::string statisticsInterval(TimeMs period)
{
    if (period >= kDayMs) {
        return "1d";
    }
    if (period >= kHourMs) {
        return std::to_string(period / kHourMs) + "h";
    }
    return std::to_string(period / kMinuteMs) + "min";
}

// retCode as a number, or nullopt when the body is no Bybit envelope.
std::optional<long long> retCodeOf(const Json& body)
{
    if (!body.is_object()) {
        return std::nullopt;
    }
    const auto it = body.find("retCode");
    if (it == body.end()) {
        return std::nullopt;
    }
    if (it->is_number_integer()) {
        return it->get<long long>();
    }
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        long long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) {
            return value;
        }
    }
    return std::nullopt;
}

std::string retMsgOf(const Json& body)
{
    const auto it = body.find("retMsg");
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

RetryDecision classify(const HttpResponse& response)
{
    const long status = response.status;
    const std::string statusText = "HTTP " + std::to_string(status);
    if (status == 403) {
        return RetryDecision::fail(makeError(
            Error::Code::RateLimited,
            statusText + ": Bybit refuses this IP address (its \"access too frequent\" limit of 600 requests per 5 s, "
                         "or a restricted region); Bybit asks to wait at least 10 minutes; stopped without retrying"));
    }
    if (status == 429) {
        return RetryDecision::retry(
            makeError(Error::Code::RateLimited, statusText + ": Bybit's system-level rate limit"),
            parseRetryAfter(response.header("retry-after"), nowUtcMs()));
    }
    if (status == 408 || status >= 500) {
        return RetryDecision::retry(makeError(Error::Code::Network, statusText + " (server error)"));
    }
    Json body;
    try {
        body = Json::parse(response.body);
    } catch (const Json::exception&) {
        if (status >= 200 && status < 300) {
            return RetryDecision::accept();  // the parser names what is wrong with it
        }
        return RetryDecision::fail(
            makeError(Error::Code::Network, describeStatus(response) + ": " + bodyExcerpt(response.body)));
    }
    const auto code = retCodeOf(body);
    if (!code) {
        if (status >= 200 && status < 300) {
            return RetryDecision::accept();  // no envelope: reported by the parser
        }
        return RetryDecision::fail(
            makeError(Error::Code::Network, describeStatus(response) + ": " + bodyExcerpt(response.body)));
    }
    const std::string text = "retCode " + std::to_string(*code) + ": " + retMsgOf(body);
    if (*code == 0) {
        return status >= 200 && status < 300
                   ? RetryDecision::accept()
                   : RetryDecision::fail(makeError(Error::Code::Network, describeStatus(response) + " with " + text));
    }
    if (*code == kTooManyVisits) {
        return RetryDecision::retry(makeError(Error::Code::RateLimited, text));
    }
    if (*code == kServerTimeout || *code == kServerError) {
        return RetryDecision::retry(makeError(Error::Code::Network, text));
    }
    return RetryDecision::fail(makeError(Error::Code::InvalidArgument, text));
}

class BybitFetch {
public:
    explicit BybitFetch(Session& session) : m_session(session) {}

    Result<ExchangeData> run();

private:
    // result.list of a checked envelope.
    Result<const Json*> list(const Json& body, const std::string& path)
    {
        const std::string where = "GET " + path;
        auto result = member(body, "result", where);
        if (!result) {
            return m_session.error(result.error());
        }
        auto rows = member(**result, "list", where + ": result");
        if (!rows) {
            return m_session.error(rows.error());
        }
        auto array = readArray(**rows, where + ": result.list");
        if (!array) {
            return m_session.error(array.error());
        }
        return array;
    }

    Result<Json> get(const std::string& path, Params params)
    {
        params.insert(params.begin(), {"category", "linear"});
        return m_session.getJson(path, params, classify);
    }

    // One page of a paged endpoint: result.list, moved out of its envelope.
    Result<Json> getList(const std::string& path, Params params)
    {
        auto body = get(path, std::move(params));
        if (!body) {
            return body.error();
        }
        if (auto rows = list(*body, path); !rows) {
            return rows.error();
        }
        Json rows = std::move((*body)["result"]["list"]);
        return rows;
    }

    Status fetchTicker(Ticker& ticker);
    Status fetchCandles(CandleSeries& candles);
    Status fetchOpenInterest(OpenInterestSeries& series);
    Status fetchFunding(ValueSeries& series);
    Status fetchAccountRatio(ValueSeries& series);

    Session& m_session;
};

Status BybitFetch::fetchTicker(Ticker& ticker)
{
    const std::string path = "/v5/market/tickers";
    auto body = get(path, {{"symbol", m_session.spec().symbol}});
    if (!body) {
        return body.error();
    }
    auto rows = list(*body, path);
    if (!rows) {
        return rows.error();
    }
    if ((*rows)->empty()) {
        return m_session.error(Error::Code::NotFound, "GET " + path + ": no ticker for " + m_session.spec().symbol);
    }
    const std::string where = "GET " + path + ": result.list[0]";
    const Json& row = (**rows)[0];
    auto mark = numberField(row, "markPrice", where);
    auto funding = numberField(row, "fundingRate", where);
    auto next = timeField(row, "nextFundingTime", where);
    auto time = timeField(*body, "time", "GET " + path);
    if (const Error* e = firstError(mark, funding, next, time)) {
        return m_session.error(*e);
    }
    ticker = {*mark, *funding, *next, *time};
    return m_session.stepDone("mark price " + std::to_string(ticker.markPrice));
}

Status BybitFetch::fetchCandles(CandleSeries& candles)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/v5/market/kline";
    std::vector<CandleRow> rows;
    auto status = pagesForward(
        m_session, spec.from, spec.to, spec.intervalMs, kKlineLimit, "GET " + path + ": result.list", "candles", rows,
        [&](TimeMs start, TimeMs end) {
            return getList(path, {{"symbol", spec.symbol},
                                  {"interval", klineInterval(spec.intervalMs)},
                                  {"start", std::to_string(start)},
                                  {"end", std::to_string(end - 1)},
                                  {"limit", std::to_string(kKlineLimit)}});
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto candle = readCandleRow(row, where, "start time", "volume");
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

Status BybitFetch::fetchOpenInterest(OpenInterestSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/v5/market/open-interest";
    const TimeMs period = statisticsPeriod(spec.intervalMs);
    std::vector<OpenInterestRow> rows;
    bool bothSides = false;
    auto status = pagesForward(
        m_session, spec.from, spec.to, period, kOpenInterestLimit, "GET " + path + ": result.list", "open interest",
        rows,
        [&](TimeMs start, TimeMs end) {
            return getList(path, {{"symbol", spec.symbol},
                                  {"intervalTime", statisticsInterval(period)},
                                  {"startTime", std::to_string(start)},
                                  {"endTime", std::to_string(end - 1)},
                                  {"limit", std::to_string(kOpenInterestLimit)}});
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "timestamp", where);
            auto total = numberField(row, "openInterest", where);
            auto single = optionalNumberField(row, "singleOpenInterest", where);
            if (const Error* e = firstError(time, total, single)) {
                return *e;
            }
            if (!single->has_value()) {
                bothSides = true;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, single->value_or(*total), std::nullopt});
            }
            return {};
        });
    if (!status) {
        return status;
    }
    series = toOpenInterest(std::move(rows));
    if (bothSides) {
        m_session.note(
            "bybit sent no singleOpenInterest; its open interest is openInterest as sent "
            "(documented as the sum of both sides)");
    }
    return m_session.seriesDone("open interest", series.time, period);
}

Status BybitFetch::fetchFunding(ValueSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/v5/market/funding/history";
    std::vector<ValueRow> rows;
    // Funding settles at most hourly, so `limit` hours fit in one page.
    auto status = pagesForward(
        m_session, spec.from, spec.to, kHourMs, kFundingLimit, "GET " + path + ": result.list", "funding", rows,
        [&](TimeMs start, TimeMs end) {
            return getList(path, {{"symbol", spec.symbol},
                                  {"startTime", std::to_string(start)},
                                  {"endTime", std::to_string(end - 1)},
                                  {"limit", std::to_string(kFundingLimit)}});
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "fundingRateTimestamp", where);
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

Status BybitFetch::fetchAccountRatio(ValueSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const std::string path = "/v5/market/account-ratio";
    const std::string name = "long/short account ratio";
    const TimeMs period = statisticsPeriod(spec.intervalMs);
    std::vector<ValueRow> rows;
    auto status = pagesForward(
        m_session, spec.from, spec.to, period, kRatioLimit, "GET " + path + ": result.list", name, rows,
        [&](TimeMs start, TimeMs end) {
            return getList(path, {{"symbol", spec.symbol},
                                  {"period", statisticsInterval(period)},
                                  {"startTime", std::to_string(start)},
                                  {"endTime", std::to_string(end - 1)},
                                  {"limit", std::to_string(kRatioLimit)}});
        },
        [&](const Json& row, const std::string& where) -> Status {
            auto time = timeField(row, "timestamp", where);
            auto buy = numberField(row, "buyRatio", where);
            auto sell = numberField(row, "sellRatio", where);
            if (const Error* e = firstError(time, buy, sell)) {
                return *e;
            }
            // The long/short account ratio is the long share over the short share.
            if (*sell > 0.0 && m_session.inSpan(*time)) {
                rows.push_back({*time, *buy / *sell});
            }
            return {};
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    return m_session.seriesDone(name, series.time, period);
}

Result<ExchangeData> BybitFetch::run()
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
    if (auto s = fetchAccountRatio(data.longShortRatio); !s) {
        return s.error();
    }
    return m_session.finish(std::move(out));
}

}  // namespace

Result<ExchangeData> fetchBybit(Session& session)
{
    BybitFetch fetch(session);
    return fetch.run();
}

}  // namespace liqheat::detail
