// OKX v5 USDT swaps, public market data (reference/exchanges.md section 3).
// Answers are {"code": "0", "msg": "", "data": [...]}; code is a string ("50011": rate limit),
// except on unknown paths where it is a number. Series are newest first, everything is a string,
// and paging goes backwards with a cursor ("after" / "end": records earlier than a time).
//
// Units: candle `vol` and open interest `oi` are in contracts; both are multiplied by the
// instrument's ctVal x ctMult (BTC-USDT-SWAP: 0.01 BTC) to get base units, like Binance and Bybit.
// Contracts are OKX's primary count; `oiCcy` is derived from it and is not used. Open interest
// quote value is `oiUsd`.
//
// Realized liquidations come from /api/v5/public/liquidation-orders, which keeps only recent
// orders; the reference documents no paging for it, so one page of up to 100 is read. Each order's
// notional is sz (contracts) x ctVal x bkPx (the bankruptcy price).
#include "exchange_common.h"

#include "liqheat/model/time.h"

#include <cmath>


namespace liqheat::detail {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kCandleLimit = 100;    // history-candles: max 100 per page
constexpr std::size_t kRubikLimit = 100;
constexpr std::size_t kFundingLimit = 100;   // max 400 now, 100 in older docs
constexpr std::size_t kLiquidationLimit = 100;  // liquidation-orders: max 100
constexpr std::size_t kMaxPages = 100'000;   // a server that never ends its pages cannot loop forever

// Per-endpoint budgets (requests per 2 s), kept with a 10 % margin.
constexpr milliseconds kCandleSpacing{110};   // 20 / 2 s
constexpr milliseconds kOpenInterestSpacing{220};  // 10 / 2 s
constexpr milliseconds kFundingSpacing{220};  // 10 / 2 s
constexpr milliseconds kRatioSpacing{440};    // 5 / 2 s
constexpr milliseconds kPublicSpacing{110};   // instruments, mark price: 20 / 2 s

std::string candleBar(TimeMs ms)
{
    if (ms < kHourMs) {
        return std::to_string(ms / kMinuteMs) + "m";
    }
    if (ms < 6 * kHourMs) {
        return std::to_string(ms / kHourMs) + "H";
    }
    // From 6H up OKX aligns to UTC+8 unless asked for the "utc" bars.
    if (ms < kDayMs) {
        return std::to_string(ms / kHourMs) + "Hutc";
    }
    if (ms < 7 * kDayMs) {
        return std::to_string(ms / kDayMs) + "Dutc";
    }
    return "1Wutc";
}

std::string rubikPeriod(TimeMs period)
{
    if (period >= kDayMs) {
        return "1Dutc";
    }
    if (period >= kHourMs) {
        return std::to_string(period / kHourMs) + "H";
    }
    return std::to_string(period / kMinuteMs) + "m";
}

std::optional<std::string> codeOf(const Json& body)
{
    if (!body.is_object()) {
        return std::nullopt;
    }
    const auto it = body.find("code");
    if (it == body.end()) {
        return std::nullopt;
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number_integer()) {
        return std::to_string(it->get<long long>());
    }
    return std::nullopt;
}

RetryDecision classify(const HttpResponse& response)
{
    const long status = response.status;
    const std::string statusText = "HTTP " + std::to_string(status);
    const auto retryAfter = parseRetryAfter(response.header("retry-after"), nowUtcMs());
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
        if (status == 429) {
            return RetryDecision::retry(makeError(Error::Code::RateLimited, statusText + " Too Many Requests"), retryAfter);
        }
        return RetryDecision::fail(makeError(Error::Code::Network, statusText + ": " + bodyExcerpt(response.body)));
    }
    const auto code = codeOf(body);
    const std::string message = body.is_object() && body.contains("msg") && body["msg"].is_string()
                                    ? body["msg"].get<std::string>()
                                    : std::string();
    if (code == "50011" || (status == 429 && !code)) {
        return RetryDecision::retry(makeError(Error::Code::RateLimited, "code 50011: rate limit reached (" + message + ")"),
                                    retryAfter);
    }
    // Service unavailable, endpoint timeout, system busy, system error: worth another try.
    if (code == "50001" || code == "50004" || code == "50013" || code == "50026") {
        return RetryDecision::retry(makeError(Error::Code::Network, "code " + *code + ": " + message));
    }
    if (status < 200 || status >= 300) {
        return RetryDecision::fail(makeError(Error::Code::Network, statusText + ": " + (message.empty() ? bodyExcerpt(response.body) : message)));
    }
    if (code && *code != "0") {
        return RetryDecision::fail(makeError(Error::Code::InvalidArgument, "code " + *code + ": " + message));
    }
    return RetryDecision::accept();
}

class OkxFetch {
public:
    explicit OkxFetch(Session& session) : m_session(session) {}

    Result<ExchangeData> run();

private:
    Result<const Json*> dataOf(const Json& body, const std::string& path)
    {
        const std::string where = "GET " + path;
        auto data = member(body, "data", where);
        if (!data) {
            return m_session.error(data.error());
        }
        auto array = readArray(**data, where + ": data");
        if (!array) {
            return m_session.error(array.error());
        }
        return array;
    }

    Result<const Json*> firstRow(const Json& body, const std::string& path)
    {
        auto rows = dataOf(body, path);
        if (!rows) {
            return rows.error();
        }
        if ((*rows)->empty()) {
            return m_session.error(Error::Code::NotFound, "GET " + path + ": no data for " + m_instId);
        }
        return &(**rows)[0];
    }

    // Pages backwards from `to` with `cursorKey` until the span is covered or history ends.
    // `parse` reads one row and returns its time.
    template <typename Parse>
    Status pagesBackward(const std::string& path, const Params& fixed, const char* cursorKey, std::size_t limit,
                         milliseconds spacing, const std::string& series, Parse parse)
    {
        const ExchangeFetchSpec& spec = m_session.spec();
        TimeMs cursor = spec.to;
        std::size_t count = 0;
        for (std::size_t pages = 0; pages < kMaxPages; ++pages) {
            Params params = fixed;
            params.emplace_back(cursorKey, std::to_string(cursor));
            params.emplace_back("limit", std::to_string(limit));
            auto body = m_session.getJson(path, params, classify, spacing);
            if (!body) {
                return body.error();
            }
            auto rows = dataOf(*body, path);
            if (!rows) {
                return rows.error();
            }
            TimeMs oldest = cursor;
            for (std::size_t i = 0; i < (*rows)->size(); ++i) {
                auto time = parse((**rows)[i], "GET " + path + ": data[" + std::to_string(i) + "]");
                if (!time) {
                    return m_session.error(time.error());
                }
                oldest = std::min(oldest, *time);
            }
            count += (*rows)->size();
            if (auto s = m_session.page(series + " " + std::to_string(count) + " rows"); !s) {
                return s;
            }
            // Done when the span is covered, history ends, or the server stops moving back.
            if ((*rows)->empty() || oldest <= spec.from || oldest >= cursor) {
                break;
            }
            cursor = oldest;
        }
        return {};
    }

    Status fetchInstrument();
    Status fetchTicker(Ticker& ticker);
    Status fetchCandles(CandleSeries& candles);
    Status fetchOpenInterest(OpenInterestSeries& series);
    Status fetchFunding(ValueSeries& series);
    Status fetchLongShort(ValueSeries& series);
    Status fetchTaker(ValueSeries& series);
    Status fetchLiquidations(LiquidationSeries& series, TimeMs lastCandle);
    Result<LiquidationSeries> readLiquidations(const Json& body, const std::string& path, TimeMs lastCandle);

    Session& m_session;
    std::string m_instId;
    double m_contractSize = 0.0;  // ctVal x ctMult, in base coin
};

Status OkxFetch::fetchInstrument()
{
    const std::string path = "/api/v5/public/instruments";
    auto body = m_session.getJson(path, {{"instType", "SWAP"}, {"instId", m_instId}}, classify, kPublicSpacing);
    if (!body) {
        return body.error();
    }
    auto rows = dataOf(*body, path);
    if (!rows) {
        return rows.error();
    }
    for (std::size_t i = 0; i < (*rows)->size(); ++i) {
        const Json& row = (**rows)[i];
        const std::string where = "GET " + path + ": data[" + std::to_string(i) + "]";
        auto id = textField(row, "instId", where);
        if (!id) {
            return m_session.error(id.error());
        }
        if (*id != m_instId) {
            continue;
        }
        auto value = numberField(row, "ctVal", where);
        auto multiplier = optionalNumberField(row, "ctMult", where);
        auto type = textField(row, "ctType", where);
        auto currency = textField(row, "ctValCcy", where);
        if (const Error* e = firstError(value, multiplier, type, currency)) {
            return m_session.error(*e);
        }
        const std::string base = m_instId.substr(0, m_instId.find('-'));
        if (*type != "linear" || *currency != base) {
            return m_session.error(Error::Code::InvalidData, m_instId + " is not a linear swap (ctType " + *type +
                                                                 ", contracts in " + *currency +
                                                                 "); only linear swaps with contracts in " + base +
                                                                 " are supported");
        }
        m_contractSize = *value * multiplier->value_or(1.0);
        if (!(m_contractSize > 0.0)) {
            return m_session.error(Error::Code::InvalidData, where + ": contract size ctVal x ctMult must be positive");
        }
        return m_session.stepDone("contract size " + std::to_string(m_contractSize) + " " + base);
    }
    return m_session.error(Error::Code::NotFound, "GET " + path + ": no swap named " + m_instId);
}

Status OkxFetch::fetchTicker(Ticker& ticker)
{
    {
        const std::string path = "/api/v5/public/mark-price";
        auto body = m_session.getJson(path, {{"instType", "SWAP"}, {"instId", m_instId}}, classify, kPublicSpacing);
        if (!body) {
            return body.error();
        }
        auto row = firstRow(*body, path);
        if (!row) {
            return row.error();
        }
        auto mark = numberField(**row, "markPx", "GET " + path + ": data[0]");
        auto time = timeField(**row, "ts", "GET " + path + ": data[0]");
        if (const Error* e = firstError(mark, time)) {
            return m_session.error(*e);
        }
        ticker.markPrice = *mark;
        ticker.time = *time;
    }
    if (auto s = m_session.stepDone("mark price " + std::to_string(ticker.markPrice)); !s) {
        return s;
    }
    const std::string path = "/api/v5/public/funding-rate";
    auto body = m_session.getJson(path, {{"instId", m_instId}}, classify, kFundingSpacing);
    if (!body) {
        return body.error();
    }
    auto row = firstRow(*body, path);
    if (!row) {
        return row.error();
    }
    // fundingRate is the rate of the settlement at fundingTime, the next one.
    auto rate = numberField(**row, "fundingRate", "GET " + path + ": data[0]");
    auto next = timeField(**row, "fundingTime", "GET " + path + ": data[0]");
    if (const Error* e = firstError(rate, next)) {
        return m_session.error(*e);
    }
    ticker.fundingRate = *rate;
    ticker.nextFundingTime = *next;
    return m_session.stepDone("funding rate " + std::to_string(ticker.fundingRate));
}

Status OkxFetch::fetchCandles(CandleSeries& candles)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    std::vector<CandleRow> rows;
    auto status = pagesBackward(
        "/api/v5/market/history-candles", {{"instId", m_instId}, {"bar", candleBar(spec.intervalMs)}}, "after",
        kCandleLimit, kCandleSpacing, "candles", [&](const Json& row, const std::string& where) -> Result<TimeMs> {
            auto read = readCandleRow(row, where, "time", "vol");
            if (!read) {
                return read.error();
            }
            CandleRow candle = *read;
            candle.volume *= m_contractSize;  // contracts -> base coin
            if (m_session.inSpan(candle.time)) {
                rows.push_back(candle);
            }
            return candle.time;
        });
    if (!status) {
        return status;
    }
    candles = toCandles(std::move(rows));
    m_session.noteCoverage("candles", candles.time, spec.intervalMs);
    return m_session.stepDone("candles " + std::to_string(candles.size()) + " rows");
}

Status OkxFetch::fetchOpenInterest(OpenInterestSeries& series)
{
    const ExchangeFetchSpec& spec = m_session.spec();
    const TimeMs period = statisticsPeriod(spec.intervalMs);
    std::vector<OpenInterestRow> rows;
    auto status = pagesBackward(
        "/api/v5/rubik/stat/contracts/open-interest-history", {{"instId", m_instId}, {"period", rubikPeriod(period)}},
        "end", kRubikLimit, kOpenInterestSpacing, "open interest",
        [&](const Json& row, const std::string& where) -> Result<TimeMs> {
            // [ts, oi (contracts), oiCcy, oiUsd]
            if (!row.is_array() || row.size() < 4) {
                return makeError(Error::Code::ParseError,
                                 where + ": expected [ts, oi, oiCcy, oiUsd], got " +
                                     (row.is_array() ? std::to_string(row.size()) + " fields" : jsonTypeName(row)));
            }
            auto time = readTime(row[0], where + "[0] (ts)");
            auto contracts = readNumber(row[1], where + "[1] (oi)");
            auto usd = readNumber(row[3], where + "[3] (oiUsd)");
            if (const Error* e = firstError(time, contracts, usd)) {
                return *e;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, *contracts * m_contractSize, *usd});
            }
            return *time;
        });
    if (!status) {
        return status;
    }
    series = toOpenInterest(std::move(rows));
    m_session.noteCoverage("open interest", series.time, period);
    return m_session.stepDone("open interest " + std::to_string(series.size()) + " rows");
}

Status OkxFetch::fetchFunding(ValueSeries& series)
{
    std::vector<ValueRow> rows;
    auto status = pagesBackward(
        "/api/v5/public/funding-rate-history", {{"instId", m_instId}}, "after", kFundingLimit, kFundingSpacing,
        "funding", [&](const Json& row, const std::string& where) -> Result<TimeMs> {
            auto time = timeField(row, "fundingTime", where);
            auto realized = optionalNumberField(row, "realizedRate", where);
            auto predicted = numberField(row, "fundingRate", where);
            if (const Error* e = firstError(time, realized, predicted)) {
                return *e;
            }
            // realizedRate is what was settled; fundingRate only what was predicted for it.
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, realized->value_or(*predicted)});
            }
            return *time;
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    m_session.noteCoverage("funding rates", series.time, 8 * kHourMs);
    return m_session.stepDone("funding " + std::to_string(series.size()) + " rows");
}

Status OkxFetch::fetchLongShort(ValueSeries& series)
{
    const TimeMs period = statisticsPeriod(m_session.spec().intervalMs);
    std::vector<ValueRow> rows;
    auto status = pagesBackward(
        "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract",
        {{"instId", m_instId}, {"period", rubikPeriod(period)}}, "end", kRubikLimit, kRatioSpacing,
        "long/short account ratio", [&](const Json& row, const std::string& where) -> Result<TimeMs> {
            if (!row.is_array() || row.size() < 2) {
                return makeError(Error::Code::ParseError, where + ": expected [ts, longShortAcctRatio]");
            }
            auto time = readTime(row[0], where + "[0] (ts)");
            auto ratio = readNumber(row[1], where + "[1] (longShortAcctRatio)");
            if (const Error* e = firstError(time, ratio)) {
                return *e;
            }
            if (m_session.inSpan(*time)) {
                rows.push_back({*time, *ratio});
            }
            return *time;
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    m_session.noteCoverage("long/short account ratio", series.time, period);
    return m_session.stepDone("long/short account ratio " + std::to_string(series.size()) + " rows");
}

Status OkxFetch::fetchTaker(ValueSeries& series)
{
    const TimeMs period = statisticsPeriod(m_session.spec().intervalMs);
    std::vector<ValueRow> rows;
    auto status = pagesBackward(
        "/api/v5/rubik/stat/taker-volume-contract", {{"instId", m_instId}, {"period", rubikPeriod(period)}}, "end",
        kRubikLimit, kRatioSpacing, "taker buy/sell ratio",
        [&](const Json& row, const std::string& where) -> Result<TimeMs> {
            // [ts, sellVol, buyVol]
            if (!row.is_array() || row.size() < 3) {
                return makeError(Error::Code::ParseError, where + ": expected [ts, sellVol, buyVol]");
            }
            auto time = readTime(row[0], where + "[0] (ts)");
            auto sell = readNumber(row[1], where + "[1] (sellVol)");
            auto buy = readNumber(row[2], where + "[2] (buyVol)");
            if (const Error* e = firstError(time, sell, buy)) {
                return *e;
            }
            if (*sell > 0.0 && m_session.inSpan(*time)) {
                rows.push_back({*time, *buy / *sell});
            }
            return *time;
        });
    if (!status) {
        return status;
    }
    series = toValues(std::move(rows));
    m_session.noteCoverage("taker buy/sell ratio", series.time, period);
    return m_session.stepDone("taker buy/sell ratio " + std::to_string(series.size()) + " rows");
}

/// Sums the orders per candle interval. Intervals from the oldest order's to the last candle's are
/// all emitted: the listing runs without gaps from now back to its oldest order, so an interval
/// without orders is a real zero.
Result<LiquidationSeries> OkxFetch::readLiquidations(const Json& body, const std::string& path, TimeMs lastCandle)
{
    const TimeMs interval = m_session.spec().intervalMs;
    auto rows = dataOf(body, path);
    if (!rows) {
        return rows.error();
    }
    struct Order {
        TimeMs time;
        bool longLiquidated;
        double usd;
    };
    std::vector<Order> orders;
    std::size_t listed = 0;
    TimeMs oldest = 0;
    for (std::size_t i = 0; i < (*rows)->size(); ++i) {
        const Json& row = (**rows)[i];
        const std::string where = "GET " + path + ": data[" + std::to_string(i) + "]";
        if (!row.is_object()) {
            return makeError(Error::Code::ParseError, where + ": expected an object, got " + jsonTypeName(row));
        }
        // Filtering by uly may list other swaps of the family; keep this instrument's orders.
        if (const auto id = row.find("instId"); id != row.end() && id->is_string() && id->get<std::string>() != m_instId) {
            continue;
        }
        auto details = member(row, "details", where);
        if (!details) {
            return details.error();
        }
        auto list = readArray(**details, where + ".details");
        if (!list) {
            return list.error();
        }
        for (std::size_t k = 0; k < (*list)->size(); ++k) {
            const Json& detail = (**list)[k];
            const std::string at = where + ".details[" + std::to_string(k) + "]";
            auto time = timeField(detail, "ts", at);
            auto size = numberField(detail, "sz", at);
            auto price = numberField(detail, "bkPx", at);
            auto side = textField(detail, "side", at);
            if (const Error* e = firstError(time, size, price, side)) {
                return *e;
            }
            std::string posSide;
            if (const auto it = detail.find("posSide"); it != detail.end() && it->is_string()) {
                posSide = it->get<std::string>();
            }
            // posSide names the liquidated position; in net mode it is "net" and the closing
            // order's side tells: a sell closes a long.
            bool longLiquidated = false;
            if (posSide == "long" || posSide == "short") {
                longLiquidated = posSide == "long";
            } else if (*side == "sell" || *side == "buy") {
                longLiquidated = *side == "sell";
            } else {
                return makeError(Error::Code::ParseError, at + ": side '" + *side + "' is neither buy nor sell");
            }
            const double usd = *size * m_contractSize * *price;
            if (!(usd >= 0.0) || !std::isfinite(usd)) {
                return makeError(Error::Code::ParseError, at + ": sz x ctVal x bkPx is not a non-negative amount");
            }
            oldest = listed == 0 ? *time : std::min(oldest, *time);
            ++listed;
            if (m_session.inSpan(*time)) {
                orders.push_back({*time, longLiquidated, usd});
            }
        }
    }
    if (orders.empty() || interval <= 0) {
        m_session.note(m_session.name() + " returned " + std::to_string(listed) +
                       " liquidation orders, none in the requested span; realized liquidations left out");
        return LiquidationSeries{};
    }
    LiquidationSeries series;
    series.intervalMs = interval;
    const auto start = [interval](TimeMs t) { return t - (((t % interval) + interval) % interval); };
    TimeMs first = start(orders.front().time);
    TimeMs last = std::max(first, start(lastCandle));
    for (const Order& order : orders) {
        first = std::min(first, start(order.time));
        last = std::max(last, start(order.time));
    }
    // A full page was cut at its oldest order: the oldest interval misses the orders before it.
    const bool full = listed >= kLiquidationLimit;
    if (full && first < last) {
        first += interval;
    }
    for (TimeMs t = first; t <= last; t += interval) {
        series.time.push_back(t);
        series.longUsd.push_back(0.0);
        series.shortUsd.push_back(0.0);
    }
    for (const Order& order : orders) {
        if (start(order.time) < first) {
            continue;
        }
        const auto i = static_cast<std::size_t>((start(order.time) - first) / interval);
        (order.longLiquidated ? series.longUsd : series.shortUsd)[i] += order.usd;
    }
    m_session.note(m_session.name() + " realized liquidations reach back only to " + formatTimeIso(oldest) + " (" +
                   std::to_string(listed) + " orders, one page" + (full ? " of " + std::to_string(kLiquidationLimit) +
                   ", the oldest interval dropped as incomplete" : "") +
                   "; the endpoint keeps only recent orders); series from " + formatTimeIso(first));
    return series;
}

Status OkxFetch::fetchLiquidations(LiquidationSeries& series, TimeMs lastCandle)
{
    const std::string path = "/api/v5/public/liquidation-orders";
    const std::string family = m_instId.substr(0, m_instId.rfind("-SWAP"));
    auto body = m_session.getJson(path,
                                  {{"instType", "SWAP"}, {"uly", family}, {"state", "filled"},
                                   {"limit", std::to_string(kLiquidationLimit)}},
                                  classify, kPublicSpacing);
    Result<LiquidationSeries> read = body ? readLiquidations(*body, path, lastCandle) : Result<LiquidationSeries>(body.error());
    if (!read) {
        if (read.error().code == Error::Code::Cancelled) {
            return read.error();
        }
        // Realized liquidations are a comparison, not an input: their absence must not fail the fetch.
        // error() starts the message with "okx: "; the note names the exchange itself.
        const std::string why = m_session.error(read.error()).message.substr(m_session.name().size() + 2);
        m_session.note(m_session.name() + " realized liquidations left out (" + why + ")");
        series = {};
        return m_session.stepDone("liquidations unavailable");
    }
    series = std::move(*read);
    return m_session.stepDone("liquidations " + std::to_string(series.size()) + " intervals");
}

Result<ExchangeData> OkxFetch::run()
{
    auto instId = exchangeSymbol(Exchange::Okx, m_session.spec().symbol);
    if (!instId) {
        return m_session.error(instId.error());
    }
    m_instId = *instId;
    ExchangeData out = m_session.startData();
    MarketData& data = out.data;
    if (auto s = fetchInstrument(); !s) {
        return s.error();
    }
    if (auto s = fetchTicker(out.ticker); !s) {
        return s.error();
    }
    if (auto s = fetchCandles(data.candles); !s) {
        return s.error();
    }
    if (data.candles.empty()) {
        return m_session.noCandles(m_instId);
    }
    if (auto s = fetchOpenInterest(data.openInterest); !s) {
        return s.error();
    }
    if (auto s = fetchFunding(data.fundingRate); !s) {
        return s.error();
    }
    if (auto s = fetchLongShort(data.longShortRatio); !s) {
        return s.error();
    }
    if (auto s = fetchTaker(data.takerBuySellRatio); !s) {
        return s.error();
    }
    if (auto s = fetchLiquidations(data.liquidations, data.candles.time.back()); !s) {
        return s.error();
    }
    return m_session.finish(std::move(out));
}

}  // namespace

Result<ExchangeData> fetchOkx(Session& session)
{
    OkxFetch fetch(session);
    return fetch.run();
}

}  // namespace liqheat::detail
