#include "fake_exchange.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace liqheat::test {
namespace {

using nlohmann::json;

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 3'600'000;
constexpr TimeMs kDay = 86'400'000;
constexpr TimeMs kFundingStep = 8 * kHour;

// Shortest text that reads back as the same double, like the exchanges' decimal strings.
std::string num(double value)
{
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

TimeMs alignUp(TimeMs t, TimeMs step) { return (t + step - 1) / step * step; }

TimeMs param(const httplib::Request& request, const char* key, TimeMs fallback)
{
    if (!request.has_param(key)) {
        return fallback;
    }
    return std::stoll(request.get_param_value(key));
}

// Times step apart within [first, last], all of them or only the newest/oldest `limit`.
std::vector<TimeMs> grid(TimeMs first, TimeMs last, TimeMs step, long long limit, bool newest)
{
    std::vector<TimeMs> times;
    for (TimeMs t = alignUp(first, step); t <= last; t += step) {
        times.push_back(t);
    }
    if (limit >= 0 && times.size() > static_cast<std::size_t>(limit)) {
        if (newest) {
            times.erase(times.begin(), times.end() - limit);
        } else {
            times.resize(static_cast<std::size_t>(limit));
        }
    }
    return times;
}

TimeMs okxStep(std::string bar)
{
    if (bar.ends_with("utc")) {
        bar.resize(bar.size() - 3);
    }
    for (char& ch : bar) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return parseInterval(bar);
}

TimeMs bybitKlineStep(const std::string& interval)
{
    if (interval == "D") {
        return kDay;
    }
    if (interval == "W") {
        return 7 * kDay;
    }
    return std::stoll(interval) * kMinute;
}

TimeMs bybitStatsStep(std::string text)
{
    if (text.ends_with("min")) {
        text.resize(text.size() - 2);  // "5min" -> "5m"
    }
    return parseInterval(text);
}

void reply(httplib::Response& response, const json& body, int status = 200)
{
    response.status = status;
    response.set_content(body.dump(), "application/json");
}

json bybitEnvelope(json result, TimeMs now)
{
    return {
        {"retCode", 0}, {"retMsg", "OK"}, {"result", std::move(result)}, {"retExtInfo", json::object()}, {"time", now}};
}

json okxEnvelope(json data) { return {{"code", "0"}, {"msg", ""}, {"data", std::move(data)}}; }

}  // namespace

std::string fixture(const std::string& name)
{
    const std::string path = std::string(LIQHEAT_FIXTURES_DIR) + "/responses/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("missing fixture " + path);
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

FakeExchange::FakeExchange(TimeMs now) : m_now(now), m_server(std::make_unique<httplib::Server>())
{
    // A proxy configured on the machine must not see test traffic; libcurl honours no_proxy.
    ::setenv("no_proxy", "127.0.0.1,localhost", 1);
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    m_server->set_keep_alive_timeout(1);
    m_server->set_tcp_nodelay(true);  // headers and body leave at once, without a delayed-ACK stall
    m_server->Get(".*",
                  [this](const httplib::Request& request, httplib::Response& response) { handle(request, response); });
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0) {
        throw std::runtime_error("cannot bind a port on 127.0.0.1");
    }
    // bind_to_any_port already listens: connections made before the loop starts wait in the backlog.
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    // stop() before the accept loop runs would be lost and the join would wait forever.
    for (int i = 0; i < 1000 && !m_server->is_running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

FakeExchange::~FakeExchange()
{
    m_stopping = true;  // ends delayed answers early
    m_server->stop();
    m_thread.join();
}

std::string FakeExchange::url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

void FakeExchange::serve(const std::string& path, const std::string& body)
{
    std::lock_guard lock(m_mutex);
    m_static[path] = body;
}

void FakeExchange::fault(const std::string& path, Fault fault)
{
    std::lock_guard lock(m_mutex);
    m_faults[path].push_back(std::move(fault));
}

void FakeExchange::setHeader(const std::string& name, const std::string& value)
{
    std::lock_guard lock(m_mutex);
    m_headers[name] = value;
}

void FakeExchange::replayCandles(CandleSeries candles)
{
    const std::lock_guard lock(m_mutex);
    m_replay = std::make_shared<const CandleSeries>(std::move(candles));
}

int FakeExchange::hits(const std::string& path) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_queries.find(path);
    return it == m_queries.end() ? 0 : static_cast<int>(it->second.size());
}

int FakeExchange::totalHits() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_targets.size());
}

std::vector<std::map<std::string, std::string>> FakeExchange::queries(const std::string& path) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_queries.find(path);
    return it == m_queries.end() ? std::vector<std::map<std::string, std::string>>{} : it->second;
}

std::vector<std::string> FakeExchange::targets() const
{
    std::lock_guard lock(m_mutex);
    return m_targets;
}

std::string FakeExchange::lastHeader(const std::string& name) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_lastHeaders.find(name);
    return it == m_lastHeaders.end() ? std::string() : it->second;
}

void FakeExchange::waitFor(std::chrono::milliseconds delay) const
{
    const auto deadline = std::chrono::steady_clock::now() + delay;
    while (!m_stopping && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void FakeExchange::handle(const httplib::Request& request, httplib::Response& response)
{
    std::optional<Fault> fault;
    std::optional<std::string> body;
    {
        std::lock_guard lock(m_mutex);
        std::map<std::string, std::string> query;
        for (const auto& [key, value] : request.params) {
            query[key] = value;
        }
        m_queries[request.path].push_back(std::move(query));
        m_targets.push_back(request.target);
        for (const char* name : {"Accept-Encoding", "User-Agent", "Accept"}) {
            m_lastHeaders[name] = request.get_header_value(name);
        }
        if (auto it = m_faults.find(request.path); it != m_faults.end() && !it->second.empty()) {
            fault = std::move(it->second.front());
            it->second.pop_front();
        } else if (auto found = m_static.find(request.path); found != m_static.end()) {
            body = found->second;
        }
        for (const auto& [name, value] : m_headers) {
            response.set_header(name, value);
        }
    }
    if (fault) {
        waitFor(fault->delay);
        for (const auto& [name, value] : fault->headers) {
            response.set_header(name, value);
        }
        response.status = fault->status;
        if (fault->cutShort) {
            auto text = std::make_shared<std::string>(fault->body);
            response.set_content_provider(text->size(), fault->contentType,
                                          [text](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                              if (offset == 0) {
                                                  sink.write(text->data(), text->size() / 2);
                                                  return true;
                                              }
                                              return false;  // drop the connection mid-body
                                          });
        } else {
            response.set_content(fault->body, fault->contentType);
        }
        return;
    }
    if (body) {
        response.set_content(*body, "application/json");
        return;
    }
    if (!simulate(request, response)) {
        reply(response, {{"code", 404}, {"msg", "Not Found"}}, 404);
    }
}

bool FakeExchange::simulate(const httplib::Request& request, httplib::Response& response) const
{
    const std::string& path = request.path;
    const TimeMs now = m_now.load();
    const TimeMs nextFunding = (now / kFundingStep + 1) * kFundingStep;
    const TimeMs listing = now - 400 * kDay;

    // ---- Binance: bare JSON, oldest first; "limit" rows from startTime, or the newest ones.
    if (path == "/fapi/v1/premiumIndex") {
        reply(response, {{"symbol", request.get_param_value("symbol")},
                         {"markPrice", num(Sim::kMarkPrice)},
                         {"indexPrice", num(Sim::kMarkPrice - 4.0)},
                         {"estimatedSettlePrice", num(Sim::kMarkPrice - 2.0)},
                         {"lastFundingRate", num(Sim::kFundingNow)},
                         {"interestRate", "0.00010000"},
                         {"nextFundingTime", nextFunding},
                         {"time", now}});
        return true;
    }
    const auto binanceLimitError = [&](long long max) {
        if (param(request, "limit", 0) > max) {
            reply(response, {{"code", -1130}, {"msg", "Data sent for parameter 'limit' is not valid."}}, 400);
            return true;
        }
        return false;
    };
    if (path == "/fapi/v1/klines") {
        if (binanceLimitError(1500)) {
            return true;
        }
        const TimeMs step = parseInterval(request.get_param_value("interval"));
        json rows = json::array();
        std::shared_ptr<const CandleSeries> replay;
        {
            const std::lock_guard lock(m_mutex);
            replay = m_replay;
        }
        if (replay) {
            const TimeMs first = param(request, "startTime", 0);
            const TimeMs last = std::min(now, param(request, "endTime", now));
            const long long limit = param(request, "limit", 500);
            for (std::size_t i = 0; i < replay->size() && static_cast<long long>(rows.size()) < limit; ++i) {
                const TimeMs t = replay->time[i];
                if (t >= first && t <= last) {
                    rows.push_back({t, num(replay->open[i]), num(replay->high[i]), num(replay->low[i]),
                                    num(replay->close[i]), num(Sim::volume(t)), t + step - 1, "0", 100, "0", "0", "0"});
                }
            }
            reply(response, rows);
            return true;
        }
        for (const TimeMs t :
             grid(std::max(listing, param(request, "startTime", listing)),
                  std::min(now, param(request, "endTime", now)), step, param(request, "limit", 500), false)) {
            rows.push_back({t, num(Sim::open(t)), num(Sim::high(t)), num(Sim::low(t)), num(Sim::close(t)),
                            num(Sim::volume(t)), t + step - 1, "0", 100, "0", "0", "0"});
        }
        reply(response, rows);
        return true;
    }
    if (path == "/fapi/v1/fundingRate") {
        if (binanceLimitError(1000)) {
            return true;
        }
        json rows = json::array();
        for (const TimeMs t :
             grid(std::max(listing, param(request, "startTime", listing)),
                  std::min(now, param(request, "endTime", now)), kFundingStep, param(request, "limit", 100), false)) {
            rows.push_back({{"symbol", request.get_param_value("symbol")},
                            {"fundingRate", num(Sim::funding(t))},
                            {"fundingTime", t},
                            {"markPrice", num(Sim::open(t))}});
        }
        reply(response, rows);
        return true;
    }
    if (path.starts_with("/futures/data/")) {
        if (binanceLimitError(500)) {
            return true;
        }
        const TimeMs step = parseInterval(request.get_param_value("period"));
        // Only the latest 30 days exist; the newest `limit` rows of the window are returned.
        const TimeMs first = std::max(now - 30 * kDay, param(request, "startTime", now - 30 * kDay));
        json rows = json::array();
        for (const TimeMs t :
             grid(first, std::min(now, param(request, "endTime", now)), step, param(request, "limit", 30), true)) {
            if (path == "/futures/data/openInterestHist") {
                rows.push_back({{"symbol", "BTCUSDT"},
                                {"sumOpenInterest", num(Sim::openInterest(t))},
                                {"sumOpenInterestValue", num(Sim::openInterestUsd(t))},
                                {"CMCCirculatingSupply", "19675431.0"},
                                {"timestamp", t}});
            } else if (path == "/futures/data/globalLongShortAccountRatio") {
                rows.push_back({{"symbol", "BTCUSDT"},
                                {"longShortRatio", num(Sim::longShort(t))},
                                {"longAccount", "0.5"},
                                {"shortAccount", "0.5"},
                                {"timestamp", t}});
            } else if (path == "/futures/data/takerlongshortRatio") {
                rows.push_back(
                    {{"buySellRatio", num(Sim::taker(t))}, {"buyVol", "1"}, {"sellVol", "1"}, {"timestamp", t}});
            } else {
                return false;
            }
        }
        reply(response, rows);
        return true;
    }

    // ---- Bybit: envelope, newest first, the newest `limit` rows of [start, end].
    const auto bybitLimitError = [&](long long max) {
        if (param(request, "limit", 0) > max) {
            reply(response, {{"retCode", 10001},
                             {"retMsg", "params error: limit"},
                             {"result", json::object()},
                             {"retExtInfo", json::object()},
                             {"time", now}});
            return true;
        }
        return false;
    };
    if (path == "/v5/market/tickers") {
        reply(response, bybitEnvelope({{"category", "linear"},
                                       {"list", json::array({{{"symbol", request.get_param_value("symbol")},
                                                              {"markPrice", num(Sim::kMarkPrice)},
                                                              {"fundingRate", num(Sim::kFundingNow)},
                                                              {"nextFundingTime", std::to_string(nextFunding)}}})}},
                                      now));
        return true;
    }
    if (path == "/v5/market/kline") {
        if (bybitLimitError(1000)) {
            return true;
        }
        const TimeMs step = bybitKlineStep(request.get_param_value("interval"));
        json rows = json::array();
        auto times = grid(std::max(listing, param(request, "start", listing)),
                          std::min(now, param(request, "end", now)), step, param(request, "limit", 200), true);
        std::reverse(times.begin(), times.end());
        for (const TimeMs t : times) {
            rows.push_back({std::to_string(t), num(Sim::open(t)), num(Sim::high(t)), num(Sim::low(t)),
                            num(Sim::close(t)), num(Sim::volume(t)), num(Sim::volume(t) * Sim::open(t))});
        }
        reply(response, bybitEnvelope({{"symbol", "BTCUSDT"}, {"category", "linear"}, {"list", rows}}, now));
        return true;
    }
    if (path == "/v5/market/open-interest" || path == "/v5/market/account-ratio" ||
        path == "/v5/market/funding/history") {
        const bool funding = path == "/v5/market/funding/history";
        if (bybitLimitError(path == "/v5/market/account-ratio" ? 500 : 200)) {
            return true;
        }
        const TimeMs step = funding ? kFundingStep
                                    : bybitStatsStep(request.get_param_value(
                                          path == "/v5/market/open-interest" ? "intervalTime" : "period"));
        auto times = grid(std::max(listing, param(request, "startTime", listing)),
                          std::min(now, param(request, "endTime", now)), step, param(request, "limit", 50), true);
        std::reverse(times.begin(), times.end());
        json rows = json::array();
        for (const TimeMs t : times) {
            if (path == "/v5/market/open-interest") {
                rows.push_back({{"openInterest", num(2.0 * Sim::openInterest(t))},
                                {"singleOpenInterest", num(Sim::openInterest(t))},
                                {"timestamp", std::to_string(t)}});
            } else if (funding) {
                rows.push_back({{"symbol", "BTCUSDT"},
                                {"fundingRate", num(Sim::funding(t))},
                                {"fundingRateTimestamp", std::to_string(t)}});
            } else {
                const double ratio = Sim::longShort(t);
                rows.push_back({{"symbol", "BTCUSDT"},
                                {"buyRatio", num(ratio / (1.0 + ratio))},
                                {"sellRatio", num(1.0 / (1.0 + ratio))},
                                {"timestamp", std::to_string(t)}});
            }
        }
        reply(response, bybitEnvelope({{"category", "linear"}, {"list", rows}}, now));
        return true;
    }

    // ---- OKX: envelope, newest first, the newest `limit` rows before a cursor.
    const auto okxLimitError = [&](long long max) {
        if (param(request, "limit", 0) > max) {
            reply(response, {{"code", "51000"}, {"msg", "Parameter limit error"}, {"data", json::array()}});
            return true;
        }
        return false;
    };
    const std::string instId = request.get_param_value("instId");
    if (path == "/api/v5/public/instruments") {
        response.set_content(fixture("okx_public_instruments_SWAP.json"), "application/json");
        return true;
    }
    if (path == "/api/v5/public/mark-price") {
        reply(response, okxEnvelope(json::array({{{"instType", "SWAP"},
                                                  {"instId", instId},
                                                  {"markPx", num(Sim::kMarkPrice)},
                                                  {"ts", std::to_string(now)}}})));
        return true;
    }
    if (path == "/api/v5/public/funding-rate") {
        reply(response, okxEnvelope(json::array({{{"instId", instId},
                                                  {"instType", "SWAP"},
                                                  {"fundingRate", num(Sim::kFundingNow)},
                                                  {"fundingTime", std::to_string(nextFunding)},
                                                  {"nextFundingTime", std::to_string(nextFunding + kFundingStep)},
                                                  {"method", "current_period"},
                                                  {"ts", std::to_string(now)}}})));
        return true;
    }
    // Rows older than the cursor ("after" or "end", exclusive), newest first.
    const auto before = [&](const char* cursorKey, TimeMs first, TimeMs step, long long limit) {
        auto times = grid(first, std::min(now, param(request, cursorKey, now + 1) - 1), step, limit, true);
        std::reverse(times.begin(), times.end());
        return times;
    };
    if (path == "/api/v5/market/history-candles") {
        if (okxLimitError(100)) {
            return true;
        }
        const TimeMs step = okxStep(request.get_param_value("bar"));
        json rows = json::array();
        for (const TimeMs t : before("after", listing, step, param(request, "limit", 100))) {
            rows.push_back({std::to_string(t), num(Sim::open(t)), num(Sim::high(t)), num(Sim::low(t)),
                            num(Sim::close(t)), num(Sim::volume(t) / Sim::kOkxContract), num(Sim::volume(t)),
                            num(Sim::volume(t) * Sim::open(t)), "1"});
        }
        reply(response, okxEnvelope(rows));
        return true;
    }
    if (path.starts_with("/api/v5/rubik/stat/")) {
        if (okxLimitError(100)) {
            return true;
        }
        const TimeMs step = okxStep(request.get_param_value("period"));
        // Only the latest 1,440 entries are kept.
        json rows = json::array();
        for (const TimeMs t : before("end", now - 1439 * step, step, param(request, "limit", 100))) {
            if (path == "/api/v5/rubik/stat/contracts/open-interest-history") {
                rows.push_back({std::to_string(t), num(Sim::openInterest(t) / Sim::kOkxContract),
                                num(Sim::openInterest(t)), num(Sim::openInterestUsd(t))});
            } else if (path == "/api/v5/rubik/stat/contracts/long-short-account-ratio-contract") {
                rows.push_back({std::to_string(t), num(Sim::longShort(t))});
            } else if (path == "/api/v5/rubik/stat/taker-volume-contract") {
                rows.push_back({std::to_string(t), "100", num(Sim::taker(t) * 100.0)});
            } else {
                return false;
            }
        }
        reply(response, okxEnvelope(rows));
        return true;
    }
    if (path == "/api/v5/public/liquidation-orders") {
        // Only recent orders, newest first: one every 7 minutes back from now, at most `limit`.
        if (okxLimitError(100)) {
            return true;
        }
        if (request.get_param_value("uly").empty() || request.get_param_value("instType") != "SWAP") {
            reply(response, {{"code", "51000"}, {"msg", "Parameter uly error"}, {"data", json::array()}});
            return true;
        }
        const std::string family = request.get_param_value("uly");
        constexpr TimeMs kLiqStep = 7 * 60'000;
        json details = json::array();
        const long long limit = param(request, "limit", 100);
        for (long long k = 0; k < limit; ++k) {
            const TimeMs t = now / kLiqStep * kLiqStep - k * kLiqStep;
            const bool longSide = (t / kLiqStep) % 2 == 0;
            details.push_back({{"bkLoss", "0"},
                               {"bkPx", num(Sim::close(t))},
                               {"ccy", ""},
                               {"posSide", longSide ? "long" : "short"},
                               {"side", longSide ? "sell" : "buy"},
                               {"sz", std::to_string(1 + (t / 60'000) % 5)},
                               {"ts", std::to_string(t)}});
        }
        reply(response, okxEnvelope(json::array({{{"details", details},
                                                  {"instFamily", family},
                                                  {"instId", family + "-SWAP"},
                                                  {"instType", "SWAP"},
                                                  {"totalLoss", "0"},
                                                  {"uly", family}}})));
        return true;
    }
    if (path == "/api/v5/public/funding-rate-history") {
        if (okxLimitError(400)) {
            return true;
        }
        json rows = json::array();
        for (const TimeMs t : before("after", now - 90 * kDay, kFundingStep, param(request, "limit", 400))) {
            rows.push_back({{"instId", instId},
                            {"instType", "SWAP"},
                            {"formulaType", "noRate"},
                            {"method", "current_period"},
                            {"fundingRate", num(Sim::funding(t) + 0.00001)},
                            {"realizedRate", num(Sim::funding(t))},
                            {"fundingTime", std::to_string(t)}});
        }
        reply(response, okxEnvelope(rows));
        return true;
    }
    return false;
}

}  // namespace liqheat::test
