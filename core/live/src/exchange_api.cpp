#include "liqheat/live/exchange_api.h"

#include "exchange_common.h"
#include "liqheat/model/time.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <thread>

namespace liqheat {

// ---------------------------------------------------------------------------------------------
// Names, URLs, symbols, intervals

std::string defaultBaseUrl(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return "https://fapi.binance.com";
    case Exchange::Bybit: return "https://api.bybit.com";
    case Exchange::Okx: return "https://www.okx.com";
    }
    return {};
}

std::string baseUrlVariable(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return "LIQHEAT_BINANCE_URL";
    case Exchange::Bybit: return "LIQHEAT_BYBIT_URL";
    case Exchange::Okx: return "LIQHEAT_OKX_URL";
    }
    return {};
}

Result<std::string> resolveBaseUrl(Exchange exchange, const std::string& override)
{
    std::string url = override;
    std::string origin = "base URL";
    if (url.empty()) {
        if (const char* value = std::getenv(baseUrlVariable(exchange).c_str()); value != nullptr && *value != '\0') {
            url = value;
            origin = baseUrlVariable(exchange);
        }
    }
    if (url.empty()) {
        return defaultBaseUrl(exchange);
    }
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    const bool http = url.rfind("http://", 0) == 0 && url.size() > 7;
    const bool https = url.rfind("https://", 0) == 0 && url.size() > 8;
    if ((!http && !https) || url.find_first_of(" \t\r\n?#") != std::string::npos) {
        return makeError(Error::Code::InvalidArgument, toString(exchange) + " " + origin + " \"" + override +
                                                           (override.empty() ? url : "") +
                                                           "\" is not an http:// or https:// URL");
    }
    return url;
}

Result<std::string> canonicalSymbol(const std::string& text)
{
    std::string symbol;
    for (const char ch : text) {
        if (ch == '-' || ch == '/' || ch == '_') {
            continue;
        }
        if (!std::isalnum(static_cast<unsigned char>(ch))) {
            return makeError(Error::Code::InvalidArgument,
                             "symbol \"" + text + "\" has a character that is not a letter or digit");
        }
        symbol += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    if (symbol.size() > 4 && symbol.ends_with("SWAP")) {
        symbol.resize(symbol.size() - 4);
    }
    for (const char* quote : {"USDT", "USDC", "USD"}) {
        const std::string q(quote);
        if (symbol.size() > q.size() && symbol.ends_with(q) && symbol.size() <= 24) {
            return symbol;
        }
    }
    return makeError(Error::Code::InvalidArgument,
                     "symbol \"" + text + "\" is not a USDT, USDC or USD perpetual like BTCUSDT or BTC-USDT-SWAP");
}

Result<std::string> exchangeSymbol(Exchange exchange, const std::string& canonical)
{
    auto symbol = canonicalSymbol(canonical);
    if (!symbol) {
        return symbol.error();
    }
    if (exchange != Exchange::Okx) {
        return symbol;
    }
    for (const char* quote : {"USDT", "USDC", "USD"}) {
        const std::string q(quote);
        if (symbol->ends_with(q)) {
            return symbol->substr(0, symbol->size() - q.size()) + "-" + q + "-SWAP";
        }
    }
    return symbol;
}

namespace {

std::vector<TimeMs> candleIntervals(Exchange exchange)
{
    using namespace detail;
    std::vector<TimeMs> common{kMinuteMs,   3 * kMinuteMs, 5 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs, kHourMs,
                               2 * kHourMs, 4 * kHourMs,   6 * kHourMs,   12 * kHourMs,   kDayMs,         7 * kDayMs};
    if (exchange == Exchange::Binance) {
        common.push_back(8 * kHourMs);
        common.push_back(3 * kDayMs);
        std::sort(common.begin(), common.end());
    }
    return common;
}

}  // namespace

Status checkInterval(Exchange exchange, TimeMs intervalMs)
{
    const auto intervals = candleIntervals(exchange);
    if (std::find(intervals.begin(), intervals.end(), intervalMs) != intervals.end()) {
        return {};
    }
    std::string list;
    for (const TimeMs ms : intervals) {
        list += (list.empty() ? "" : ", ") + formatInterval(ms);
    }
    return makeError(Error::Code::InvalidArgument,
                     toString(exchange) + " has no " + formatInterval(intervalMs) + " candles (it has " + list + ")");
}

TimeMs statisticsPeriod(TimeMs candleIntervalMs)
{
    using namespace detail;
    constexpr std::array<TimeMs, 6> periods{5 * kMinuteMs, 15 * kMinuteMs, 30 * kMinuteMs,
                                            kHourMs,       4 * kHourMs,    kDayMs};
    TimeMs chosen = periods.front();
    for (const TimeMs period : periods) {
        if (period <= candleIntervalMs) {
            chosen = period;
        }
    }
    return chosen;
}

int exchangeFetchSteps(Exchange exchange)
{
    switch (exchange) {
    case Exchange::Binance: return 6;  // premiumIndex, klines, openInterestHist, fundingRate, 2 ratios
    case Exchange::Bybit: return 5;    // tickers, kline, open-interest, funding/history, account-ratio
    case Exchange::Okx:
        return 9;  // instruments, mark-price, funding-rate, candles, OI, funding, 2 ratios,
                   // liquidation-orders
    }
    return 0;
}

Result<ExchangeData> fetchExchange(Exchange exchange, HttpClient& http, const ExchangeFetchSpec& spec,
                                   const ExchangeProgress& progress)
{
    detail::Session session(exchange, http, spec, progress);
    if (spec.to <= spec.from) {
        return session.error(Error::Code::InvalidArgument, "the span to fetch is empty");
    }
    if (auto s = checkInterval(exchange, spec.intervalMs); !s) {
        return s.error();
    }
    switch (exchange) {
    case Exchange::Binance: return detail::fetchBinance(session);
    case Exchange::Bybit: return detail::fetchBybit(session);
    case Exchange::Okx: return detail::fetchOkx(session);
    }
    return session.error(Error::Code::InvalidArgument, "unknown exchange");
}

// ---------------------------------------------------------------------------------------------
// Shared adapter machinery

namespace detail {

std::string isoTime(TimeMs time) { return formatTimeIso(time); }

std::string percentEncode(const std::string& text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

Result<Json> parseJsonBody(const std::string& body, const std::string& where)
{
    const auto first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return makeError(Error::Code::ParseError, where + ": empty response");
    }
    if (body[first] != '{' && body[first] != '[') {
        return makeError(Error::Code::ParseError, where + ": response is not JSON (it starts \"" +
                                                      bodyExcerpt(body.substr(first, 60), 40) + "\")");
    }
    try {
        return Json::parse(body);
    } catch (const Json::parse_error& e) {
        if (e.byte >= body.size()) {
            return makeError(Error::Code::ParseError, where + ": response is truncated JSON (it ends after " +
                                                          std::to_string(body.size()) + " bytes)");
        }
        return makeError(Error::Code::ParseError,
                         where + ": response is not valid JSON at byte " + std::to_string(e.byte));
    } catch (const Json::exception& e) {
        return makeError(Error::Code::ParseError, where + ": response is not valid JSON (" + e.what() + ")");
    }
}

Result<double> readNumber(const Json& value, const std::string& where)
{
    if (!value.is_string()) {
        return json::readFiniteNumber(value, where, "a number or a numeric string");
    }
    const std::string& text = value.get_ref<const std::string&>();
    double number = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return makeError(Error::Code::ParseError, where + ": \"" + bodyExcerpt(text, 40) + "\" is not a number");
    }
    if (!std::isfinite(number)) {
        return makeError(Error::Code::InvalidData, where + ": not a finite number");
    }
    return number;
}

Result<std::optional<double>> readOptionalNumber(const Json& value, const std::string& where)
{
    if (value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty())) {
        return std::optional<double>{};
    }
    auto number = readNumber(value, where);
    if (!number) {
        return number.error();
    }
    return std::optional<double>{*number};
}

Result<TimeMs> readTime(const Json& value, const std::string& where)
{
    TimeMs time = 0;
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), time);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
            return makeError(Error::Code::ParseError,
                             where + ": \"" + bodyExcerpt(text, 40) + "\" is not a time in milliseconds");
        }
    } else if (value.is_number_unsigned() &&
               value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<TimeMs>::max())) {
        time = static_cast<TimeMs>(value.get<std::uint64_t>());
    } else if (value.is_number_integer() && !value.is_number_unsigned()) {
        time = value.get<TimeMs>();
    } else {
        return json::wrongType(where, "an integer time in milliseconds", value);
    }
    // Before 2000 or after 2200: not a millisecond time (seconds, or garbage).
    if (time < 946'684'800'000LL || time > 7'258'118'400'000LL) {
        return makeError(Error::Code::InvalidData,
                         where + ": " + std::to_string(time) + " is not a plausible time in milliseconds");
    }
    return time;
}

Result<double> numberField(const Json& object, const char* key, const std::string& where)
{
    auto field = member(object, key, where);
    if (!field) {
        return field.error();
    }
    return readNumber(**field, where + "." + key);
}

Result<TimeMs> timeField(const Json& object, const char* key, const std::string& where)
{
    auto field = member(object, key, where);
    if (!field) {
        return field.error();
    }
    return readTime(**field, where + "." + key);
}

Result<std::string> textField(const Json& object, const char* key, const std::string& where)
{
    auto field = member(object, key, where);
    if (!field) {
        return field.error();
    }
    return readString(**field, where + "." + key);
}

Result<std::optional<double>> optionalNumberField(const Json& object, const char* key, const std::string& where)
{
    if (!object.is_object()) {
        return json::wrongType(where, "an object", object);
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        return std::optional<double>{};
    }
    return readOptionalNumber(*it, where + "." + key);
}

Result<CandleRow> readCandleRow(const Json& row, const std::string& where, const char* timeName, const char* volumeName)
{
    if (!row.is_array() || row.size() < 6) {
        return makeError(Error::Code::ParseError,
                         where + ": expected an array of at least 6 fields, got " +
                             (row.is_array() ? std::to_string(row.size()) + " fields" : typeName(row)));
    }
    auto time = readTime(row[0], where + "[0] (" + timeName + ")");
    if (!time) {
        return time.error();
    }
    CandleRow candle{*time, 0, 0, 0, 0, 0};
    const std::array<std::pair<double*, const char*>, 5> fields{{{&candle.open, "open"},
                                                                 {&candle.high, "high"},
                                                                 {&candle.low, "low"},
                                                                 {&candle.close, "close"},
                                                                 {&candle.volume, volumeName}}};
    for (std::size_t f = 0; f < fields.size(); ++f) {
        auto value = readNumber(row[f + 1], where + "[" + std::to_string(f + 1) + "] (" + fields[f].second + ")");
        if (!value) {
            return value.error();
        }
        *fields[f].first = *value;
    }
    return candle;
}

CandleSeries toCandles(std::vector<CandleRow> rows)
{
    sortUnique(rows);
    CandleSeries series;
    for (const CandleRow& row : rows) {
        series.time.push_back(row.time);
        series.open.push_back(row.open);
        series.high.push_back(row.high);
        series.low.push_back(row.low);
        series.close.push_back(row.close);
        series.volume.push_back(row.volume);
    }
    return series;
}

OpenInterestSeries toOpenInterest(std::vector<OpenInterestRow> rows)
{
    sortUnique(rows);
    OpenInterestSeries series;
    const bool allQuote = !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const OpenInterestRow& row) {
        return row.quote.has_value();
    });
    for (const OpenInterestRow& row : rows) {
        series.time.push_back(row.time);
        series.base.push_back(row.base);
        if (allQuote) {
            series.quote.push_back(*row.quote);
        }
    }
    return series;
}

ValueSeries toValues(std::vector<ValueRow> rows)
{
    sortUnique(rows);
    ValueSeries series;
    for (const ValueRow& row : rows) {
        series.time.push_back(row.time);
        series.value.push_back(row.value);
    }
    return series;
}

std::vector<std::pair<TimeMs, TimeMs>> pageWindows(TimeMs from, TimeMs to, TimeMs step, TimeMs rows)
{
    std::vector<std::pair<TimeMs, TimeMs>> windows;
    const TimeMs width = std::max<TimeMs>(1, step * rows);
    for (TimeMs start = from; start < to; start += width) {
        windows.emplace_back(start, std::min(to, start + width));
    }
    return windows;
}

Session::Session(Exchange exchange, HttpClient& http, const ExchangeFetchSpec& spec, const ExchangeProgress& progress)
    : m_exchange(exchange), m_name(toString(exchange)), m_http(http), m_spec(spec), m_progress(progress)
{}

TimeMs Session::now() const { return m_spec.now > 0 ? m_spec.now : nowUtcMs(); }

Error Session::error(const Error& error) const
{
    return error.message.rfind(m_name + ":", 0) == 0 ? error : makeError(error.code, m_name + ": " + error.message);
}

Error Session::error(Error::Code code, const std::string& message) const { return error(makeError(code, message)); }

ExchangeData Session::startData() const
{
    ExchangeData out;
    out.data.source.exchanges = {m_name};
    out.data.source.symbol = m_spec.symbol;
    out.data.source.intervalMs = m_spec.intervalMs;
    return out;
}

Error Session::noCandles(const std::string& instrument) const
{
    return error(Error::Code::NotFound, "no " + formatInterval(m_spec.intervalMs) + " candles for " + instrument +
                                            " from " + isoTime(m_spec.from) + " to " + isoTime(m_spec.to));
}

Result<ExchangeData> Session::finish(ExchangeData out)
{
    if (auto s = validate(out.data); !s) {
        return error(s.error());
    }
    out.notes = takeNotes();
    out.requests = requests();
    return out;
}

Status Session::page(const std::string& message)
{
    if (m_http.cancelled() || (m_progress && !m_progress(m_name + ": " + message, false))) {
        return error(Error::Code::Cancelled, "cancelled");
    }
    return {};
}

Status Session::stepDone(const std::string& message)
{
    if (m_http.cancelled() || (m_progress && !m_progress(m_name + ": " + message, true))) {
        return error(Error::Code::Cancelled, "cancelled");
    }
    return {};
}

void Session::noteCoverage(const std::string& series, const std::vector<TimeMs>& time, TimeMs spacing)
{
    if (time.empty()) {
        note(m_name + " returned no " + series + " for " + isoTime(m_spec.from) + " to " + isoTime(m_spec.to));
    } else if (time.front() > m_spec.from + 2 * spacing) {
        note(m_name + " " + series + " start at " + isoTime(time.front()) + ", later than the requested " +
             isoTime(m_spec.from) + " (the exchange has no earlier data)");
    }
}

Status Session::seriesDone(const std::string& series, const std::vector<TimeMs>& time, TimeMs spacing,
                           const std::string& step)
{
    noteCoverage(series, time, spacing);
    return stepDone(step + " " + std::to_string(time.size()) + " rows");
}

Result<Json> Session::getJson(const std::string& path, const Params& params, const ResponseClassifier& classify,
                              std::chrono::milliseconds spacing)
{
    if (m_spec.paceRequests && spacing.count() > 0) {
        if (const auto last = m_lastRequest.find(path); last != m_lastRequest.end()) {
            const auto due = last->second + spacing;
            const auto now = std::chrono::steady_clock::now();
            if (due > now) {
                const auto wait = std::chrono::ceil<std::chrono::milliseconds>(due - now);
                if (auto s = m_http.pause(wait); !s) {
                    return error(s.error());
                }
            }
        }
    }
    std::string url = m_spec.baseUrl + path;
    char separator = '?';
    for (const auto& [key, value] : params) {
        url += separator + percentEncode(key) + "=" + percentEncode(value);
        separator = '&';
    }
    HttpRequest request;
    request.url = url;
    request.headers = {"Accept: application/json"};
    auto response = m_http.get(request, classify);
    m_lastRequest[path] = std::chrono::steady_clock::now();
    if (!response) {
        return error(response.error());
    }
    auto json = parseJsonBody(response->body, "GET " + path);
    if (!json) {
        return error(json.error());
    }
    return json;
}

}  // namespace detail
}  // namespace liqheat
