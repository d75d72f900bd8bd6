// OKX v5 USDT swaps, public market data (reference/exchanges.md section 3). Answers and their
// classification are in okx_response.cpp, realized liquidations in okx_liquidations.cpp.
// Series are newest first, everything is a string, and paging goes backwards with a cursor
// ("after" / "end": records earlier than a time).
//
// Units: candle `vol` and open interest `oi` are in contracts; both are multiplied by the
// instrument's ctVal x ctMult (BTC-USDT-SWAP: 0.01 BTC) to get base units, like Binance and Bybit.
// Contracts are OKX's primary count; `oiCcy` is derived from it and is not used. Open interest
// quote value is `oiUsd`.
#include "okx_common.h"

namespace liqheat::detail {
namespace {

using okx::classify;
using okx::kPublicSpacing;
using std::chrono::milliseconds;

constexpr std::size_t kCandleLimit = 100;  // history-candles: max 100 per page
constexpr std::size_t kRubikLimit = 100;
constexpr std::size_t kFundingLimit = 100;  // max 400 now, 100 in older docs
constexpr std::size_t kMaxPages = 100'000;  // a server that never ends its pages cannot loop forever

// Per-endpoint budgets (requests per 2 s), kept with a 10 % margin.
constexpr milliseconds kCandleSpacing{110};        // 20 / 2 s
constexpr milliseconds kOpenInterestSpacing{220};  // 10 / 2 s
constexpr milliseconds kFundingSpacing{220};       // 10 / 2 s
constexpr milliseconds kRatioSpacing{440};         // 5 / 2 s

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

class OkxFetch {
public:
    explicit OkxFetch(Session& session) : m_session(session) {}

    Result<ExchangeData> run();

private:
    Result<const Json*> firstRow(const Json& body, const std::string& path)
    {
        auto rows = okx::dataOf(m_session, body, path);
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
            auto rows = okx::dataOf(m_session, *body, path);
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

    Session& m_session;
    std::string m_instId;
    double m_contractSize = 0.0;  // ctVal x ctMult, in base coin
};

Status OkxFetch::fetchInstrument()
{
    auto size = okx::fetchContractSize(m_session, m_instId);
    if (!size) {
        return size.error();
    }
    m_contractSize = *size;
    return m_session.stepDone("contract size " + std::to_string(m_contractSize) + " " +
                              m_instId.substr(0, m_instId.find('-')));
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
    return m_session.seriesDone("candles", candles.time, spec.intervalMs);
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
                                     (row.is_array() ? std::to_string(row.size()) + " fields" : typeName(row)));
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
    return m_session.seriesDone("open interest", series.time, period);
}

Status OkxFetch::fetchFunding(ValueSeries& series)
{
    std::vector<ValueRow> rows;
    auto status =
        pagesBackward("/api/v5/public/funding-rate-history", {{"instId", m_instId}}, "after", kFundingLimit,
                      kFundingSpacing, "funding", [&](const Json& row, const std::string& where) -> Result<TimeMs> {
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
    return m_session.seriesDone("funding rates", series.time, 8 * kHourMs, "funding");
}

Status OkxFetch::fetchLongShort(ValueSeries& series)
{
    const TimeMs period = statisticsPeriod(m_session.spec().intervalMs);
    std::vector<ValueRow> rows;
    auto status =
        pagesBackward("/api/v5/rubik/stat/contracts/long-short-account-ratio-contract",
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
    return m_session.seriesDone("long/short account ratio", series.time, period);
}

Status OkxFetch::fetchTaker(ValueSeries& series)
{
    const TimeMs period = statisticsPeriod(m_session.spec().intervalMs);
    std::vector<ValueRow> rows;
    auto status =
        pagesBackward("/api/v5/rubik/stat/taker-volume-contract",
                      {{"instId", m_instId}, {"period", rubikPeriod(period)}}, "end", kRubikLimit, kRatioSpacing,
                      "taker buy/sell ratio", [&](const Json& row, const std::string& where) -> Result<TimeMs> {
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
    return m_session.seriesDone("taker buy/sell ratio", series.time, period);
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
    if (auto s =
            okx::fetchLiquidations(m_session, m_instId, m_contractSize, data.candles.time.back(), data.liquidations);
        !s) {
        return s.error();
    }
    return m_session.finish(std::move(out));
}

}  // namespace

namespace okx {

Result<double> fetchContractSize(Session& session, const std::string& instId)
{
    const std::string path = "/api/v5/public/instruments";
    auto body = session.getJson(path, {{"instType", "SWAP"}, {"instId", instId}}, classify, kPublicSpacing);
    if (!body) {
        return body.error();
    }
    auto rows = okx::dataOf(session, *body, path);
    if (!rows) {
        return rows.error();
    }
    for (std::size_t i = 0; i < (*rows)->size(); ++i) {
        const Json& row = (**rows)[i];
        const std::string where = "GET " + path + ": data[" + std::to_string(i) + "]";
        auto id = textField(row, "instId", where);
        if (!id) {
            return session.error(id.error());
        }
        if (*id != instId) {
            continue;
        }
        auto value = numberField(row, "ctVal", where);
        auto multiplier = optionalNumberField(row, "ctMult", where);
        auto type = textField(row, "ctType", where);
        auto currency = textField(row, "ctValCcy", where);
        if (const Error* e = firstError(value, multiplier, type, currency)) {
            return session.error(*e);
        }
        const std::string base = instId.substr(0, instId.find('-'));
        if (*type != "linear" || *currency != base) {
            return session.error(Error::Code::InvalidData,
                                 instId + " is not a linear swap (ctType " + *type + ", contracts in " + *currency +
                                     "); only linear swaps with contracts in " + base + " are supported");
        }
        const double size = *value * multiplier->value_or(1.0);
        if (!(size > 0.0)) {
            return session.error(Error::Code::InvalidData, where + ": contract size ctVal x ctMult must be positive");
        }
        return size;
    }
    return session.error(Error::Code::NotFound, "GET " + path + ": no swap named " + instId);
}

}  // namespace okx

Result<ExchangeData> fetchOkx(Session& session)
{
    OkxFetch fetch(session);
    return fetch.run();
}

}  // namespace liqheat::detail

namespace liqheat {

Result<double> fetchOkxContractSize(HttpClient& http, const std::string& baseUrl, const std::string& symbol)
{
    auto instId = exchangeSymbol(Exchange::Okx, symbol);
    if (!instId) {
        return instId.error();
    }
    ExchangeFetchSpec spec;
    spec.symbol = symbol;
    spec.baseUrl = baseUrl;
    const ExchangeProgress progress;
    detail::Session session(Exchange::Okx, http, spec, progress);
    return detail::okx::fetchContractSize(session, *instId);
}

}  // namespace liqheat
