#pragma once

// Shared by the exchange adapters: one fetch session (requests, pacing, progress, notes) and strict
// JSON field readers whose errors name the endpoint and the field (built on liqheat/io/json_reader.h,
// the reader the snapshot reader uses too). Internal to liqheat_core.

#include "liqheat/io/json_reader.h"
#include "liqheat/live/exchange_api.h"
#include "liqheat/live/http_client.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace liqheat::detail {

using Json = nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

inline constexpr TimeMs kMinuteMs = 60'000;
inline constexpr TimeMs kHourMs = 3'600'000;
inline constexpr TimeMs kDayMs = 86'400'000;

/// Parses a response body; errors say whether it is empty, not JSON at all, or cut short.
Result<Json> parseJsonBody(const std::string& body, const std::string& where);

/// Strict readers. `where` is "GET /path: [3][1]" or similar; errors append what is wrong.
/// Exchanges send numbers and times as strings too, so these accept both.
using json::member;
using json::readArray;
using json::readString;
using json::typeName;
Result<double> readNumber(const Json& value, const std::string& where);  ///< number or numeric string
Result<TimeMs> readTime(const Json& value, const std::string& where);    ///< integer or digit string
/// readNumber, but an empty string or null reads as nullopt (optional fields like "").
Result<std::optional<double>> readOptionalNumber(const Json& value, const std::string& where);
/// Member `key` of `object` read as above; errors name "where.key".
Result<double> numberField(const Json& object, const char* key, const std::string& where);
Result<TimeMs> timeField(const Json& object, const char* key, const std::string& where);
Result<std::string> textField(const Json& object, const char* key, const std::string& where);
/// A missing key, null or "" reads as nullopt.
Result<std::optional<double>> optionalNumberField(const Json& object, const char* key, const std::string& where);

/// The first error among several results, or null when all are fine.
template <typename... Results>
const Error* firstError(const Results&... results)
{
    const Error* error = nullptr;
    ((error = (error == nullptr && !results.ok()) ? &results.error() : error), ...);
    return error;
}

/// Rows of one series being collected from pages, in any order, possibly overlapping.
template <typename Row>
void sortUnique(std::vector<Row>& rows)
{
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
    rows.erase(std::unique(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.time == b.time; }),
               rows.end());
}

struct CandleRow {
    TimeMs time;
    double open, high, low, close, volume;
};
struct OpenInterestRow {
    TimeMs time;
    double base;
    std::optional<double> quote;
};
struct ValueRow {
    TimeMs time;
    double value;
};

/// A kline row [time, open, high, low, close, volume, ...], the layout all three exchanges send;
/// `timeName` and `volumeName` are the exchange's own field names, for error messages.
Result<CandleRow> readCandleRow(const Json& row, const std::string& where, const char* timeName,
                                const char* volumeName);

CandleSeries toCandles(std::vector<CandleRow> rows);
OpenInterestSeries toOpenInterest(std::vector<OpenInterestRow> rows);
ValueSeries toValues(std::vector<ValueRow> rows);

/// One exchange fetch: builds URLs, sends requests through the shared client, keeps the
/// exchange's request budgets, reports progress and collects notes.
class Session {
public:
    Session(Exchange exchange, HttpClient& http, const ExchangeFetchSpec& spec, const ExchangeProgress& progress);

    /// GET baseUrl + path with `params`, classified by `classify`, parsed as JSON. `spacing` is
    /// the least time between two requests to this path (the exchange's budget).
    Result<Json> getJson(const std::string& path, const Params& params, const ResponseClassifier& classify,
                         std::chrono::milliseconds spacing = std::chrono::milliseconds{0});

    /// A page arrived (progress message); Cancelled when the caller says stop.
    Status page(const std::string& message);
    /// An endpoint is done.
    Status stepDone(const std::string& message);
    void note(std::string text) { m_notes.push_back(std::move(text)); }

    /// "binance: " + message, keeping the code.
    [[nodiscard]] Error error(const Error& error) const;
    [[nodiscard]] Error error(Error::Code code, const std::string& message) const;

    [[nodiscard]] const ExchangeFetchSpec& spec() const { return m_spec; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] HttpClient& http() { return m_http; }
    [[nodiscard]] TimeMs now() const;
    [[nodiscard]] std::vector<std::string> takeNotes() { return std::move(m_notes); }
    /// HTTP requests sent, retries included.
    [[nodiscard]] std::size_t requests() const { return m_http.requestCount(); }

    /// Notes a series that starts later than asked (the exchange keeps less history) or is empty.
    void noteCoverage(const std::string& series, const std::vector<TimeMs>& time, TimeMs spacing);
    /// A series is complete: notes its coverage as `series` and reports the step as "STEP N rows".
    Status seriesDone(const std::string& series, const std::vector<TimeMs>& time, TimeMs spacing,
                      const std::string& step);
    Status seriesDone(const std::string& series, const std::vector<TimeMs>& time, TimeMs spacing)
    {
        return seriesDone(series, time, spacing, series);
    }

    /// Whether `time` lies in the requested span [from, to).
    [[nodiscard]] bool inSpan(TimeMs time) const { return time >= m_spec.from && time < m_spec.to; }

    /// An empty result with the source (this exchange, symbol, interval) filled in.
    [[nodiscard]] ExchangeData startData() const;
    /// NotFound: no candles for `instrument` (the exchange's name for it) in the requested span.
    [[nodiscard]] Error noCandles(const std::string& instrument) const;
    /// Validates the collected data and hands over the notes and the request count.
    Result<ExchangeData> finish(ExchangeData out);

private:
    Exchange m_exchange;
    std::string m_name;
    HttpClient& m_http;
    const ExchangeFetchSpec& m_spec;
    const ExchangeProgress& m_progress;
    std::vector<std::string> m_notes;
    std::map<std::string, std::chrono::steady_clock::time_point> m_lastRequest;
};

/// Splits [from, to) into windows of at most `rows` steps of `step`, so that each window fits in
/// one page whichever end of a window the server would fill first.
std::vector<std::pair<TimeMs, TimeMs>> pageWindows(TimeMs from, TimeMs to, TimeMs step, TimeMs rows);

/// Forward paging (Binance, Bybit: both page by [start, end] windows; OKX pages backwards by a
/// cursor and has its own loop). One request per window of pageWindows(from, to, step, limit):
/// `fetchPage(start, end)` returns that page's rows as a JSON array, `readRow(row, where)` reads
/// one row and keeps it in `rows` when wanted. Progress after each page counts the rows kept.
template <typename Row, typename FetchPage, typename ReadRow>
Status pagesForward(Session& session, TimeMs from, TimeMs to, TimeMs step, TimeMs limit, const std::string& where,
                    const std::string& series, const std::vector<Row>& rows, FetchPage fetchPage, ReadRow readRow)
{
    for (const auto& [start, end] : pageWindows(from, to, step, limit)) {
        const Result<Json> page = fetchPage(start, end);
        if (!page) {
            return page.error();
        }
        for (std::size_t i = 0; i < page->size(); ++i) {
            if (auto s = readRow((*page)[i], where + "[" + std::to_string(i) + "]"); !s) {
                return session.error(s.error());
            }
        }
        if (auto s = session.page(series + " " + std::to_string(rows.size()) + " rows"); !s) {
            return s;
        }
    }
    return {};
}

std::string isoTime(TimeMs time);
std::string percentEncode(const std::string& text);

/// Per-exchange fetches; `Session` carries the spec.
Result<ExchangeData> fetchBinance(Session& session);
Result<ExchangeData> fetchBybit(Session& session);
Result<ExchangeData> fetchOkx(Session& session);

}  // namespace liqheat::detail
