#pragma once

// What the HTTP client tests share: a log of the waits the client asks for (instead of sleeping
// through them), requests to the fake exchange, and a hand-built cpp-httplib server served on
// 127.0.0.1 for as long as it is in scope.

#include "fake_exchange.h"

#include "liqheat/live/http_client.h"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace liqheat::test {

// Records the waits the client asks for instead of sleeping through them.
struct SleepLog {
    std::mutex mutex;
    std::vector<std::chrono::milliseconds> delays;

    std::function<void(std::chrono::milliseconds)> hook()
    {
        return [this](std::chrono::milliseconds delay) {
            std::lock_guard lock(mutex);
            delays.push_back(delay);
        };
    }
};

inline HttpRequest requestFor(const FakeExchange& server, const std::string& path)
{
    HttpRequest request;
    request.url = server.url() + path;
    return request;
}

// Serves `server` (plain or TLS) on a free port of 127.0.0.1 until destroyed.
class LocalServing {
public:
    explicit LocalServing(httplib::Server& server) : m_server(server), m_port(server.bind_to_any_port("127.0.0.1"))
    {
        if (m_port <= 0) {
            return;
        }
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 1000 && !m_server.is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
        }
    }
    ~LocalServing()
    {
        m_server.stop();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    LocalServing(const LocalServing&) = delete;
    LocalServing& operator=(const LocalServing&) = delete;

    /// The port it listens on (0 or less when none could be bound).
    [[nodiscard]] int port() const { return m_port; }

private:
    httplib::Server& m_server;
    int m_port;
    std::thread m_thread;
};

}  // namespace liqheat::test
