#pragma once

// A real HTTP server on 127.0.0.1 (an ephemeral port) that answers like Binance, Bybit and OKX:
// static bodies for chosen paths (recorded or constructed fixtures), queued faults (status,
// headers, delays, cut-short bodies), and otherwise a simulated market whose every value follows
// from a formula of the time, paged the way each exchange pages.

#include "liqheat/model/market_data.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace liqheat::test {

/// The text of tests/fixtures/responses/NAME.
std::string fixture(const std::string& name);

/// The simulated market: one value per time, the same on every exchange (in its own units).
struct Sim {
    static double open(TimeMs t) { return 40'000.0 + static_cast<double>((t / 60'000) % 997) * 0.5; }
    static double high(TimeMs t) { return open(t) + 12.5; }
    static double low(TimeMs t) { return open(t) - 7.25; }
    static double close(TimeMs t) { return open(t) + 3.0; }
    static double volume(TimeMs t) { return 1.0 + static_cast<double>((t / 60'000) % 89) * 0.125; }
    static double openInterest(TimeMs t) { return 50'000.0 + static_cast<double>((t / 300'000) % 503) * 0.5; }
    static double openInterestUsd(TimeMs t) { return openInterest(t) * 40'000.0; }
    static double funding(TimeMs t) { return static_cast<double>((t / 28'800'000) % 7 - 3) * 0.00005; }
    static double longShort(TimeMs t) { return 1.0 + static_cast<double>((t / 300'000) % 41) * 0.01; }
    static double taker(TimeMs t) { return 0.6 + static_cast<double>((t / 300'000) % 37) * 0.02; }
    static constexpr double kMarkPrice = 41'234.5;
    static constexpr double kFundingNow = 0.000123;
    static constexpr double kOkxContract = 0.01;  ///< BTC-USDT-SWAP ctVal
};

/// One canned answer to the next request on a path.
struct Fault {
    Fault() = default;
    Fault(int status_, std::string body_, std::map<std::string, std::string> headers_ = {},
          std::string contentType_ = "application/json", std::chrono::milliseconds delay_ = {})
        : status(status_),
          body(std::move(body_)),
          headers(std::move(headers_)),
          contentType(std::move(contentType_)),
          delay(delay_)
    {}

    int status = 200;
    std::string body;
    std::map<std::string, std::string> headers;
    std::string contentType = "application/json";
    std::chrono::milliseconds delay{0};  ///< wait before answering (ends early when the server stops)
    bool cutShort = false;               ///< announce the whole body, send half, close the connection
};

class FakeExchange {
public:
    /// `now` is the simulated exchanges' present: history limits count back from it.
    explicit FakeExchange(TimeMs now);
    ~FakeExchange();
    FakeExchange(const FakeExchange&) = delete;
    FakeExchange& operator=(const FakeExchange&) = delete;

    [[nodiscard]] std::string url() const;

    /// Every request to `path` gets `body` (HTTP 200).
    void serve(const std::string& path, const std::string& body);
    /// The next request to `path` gets `fault`; several queue in order.
    void fault(const std::string& path, Fault fault);
    /// A header added to every response, e.g. X-MBX-USED-WEIGHT-1M.
    void setHeader(const std::string& name, const std::string& value);

    /// Moves the simulated present (tests that replay a price path step it forward).
    void setNow(TimeMs now) { m_now.store(now); }
    [[nodiscard]] TimeMs now() const { return m_now.load(); }
    /// Binance klines come from `candles` (those opened at or before the present) instead of Sim.
    void replayCandles(CandleSeries candles);

    [[nodiscard]] int hits(const std::string& path) const;
    [[nodiscard]] int totalHits() const;
    /// Query parameters of each request to `path`, in order.
    [[nodiscard]] std::vector<std::map<std::string, std::string>> queries(const std::string& path) const;
    /// Request target of every request, in order (for the proxy test: absolute URIs).
    [[nodiscard]] std::vector<std::string> targets() const;
    [[nodiscard]] std::string lastHeader(const std::string& name) const;

private:
    void handle(const httplib::Request& request, httplib::Response& response);
    bool simulate(const httplib::Request& request, httplib::Response& response) const;
    void waitFor(std::chrono::milliseconds delay) const;

    std::atomic<TimeMs> m_now;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    std::map<std::string, std::string> m_static;
    std::map<std::string, std::deque<Fault>> m_faults;
    std::map<std::string, std::string> m_headers;
    std::map<std::string, std::vector<std::map<std::string, std::string>>> m_queries;
    std::vector<std::string> m_targets;
    std::map<std::string, std::string> m_lastHeaders;
    std::shared_ptr<const CandleSeries> m_replay;
};

}  // namespace liqheat::test
