#pragma once

#include "liqheat/model/result.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace liqheat {

/// A cancellation flag that any thread may set. A child token also reports its parent's
/// cancellation, so a fetch can be stopped by its caller or by itself.
class CancelToken {
public:
    CancelToken() = default;
    explicit CancelToken(const CancelToken* parent) : m_parent(parent) {}
    CancelToken(const CancelToken&) = delete;
    CancelToken& operator=(const CancelToken&) = delete;

    /// Safe from any thread and from a signal handler (a lock-free atomic store).
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool cancelled() const
    {
        return m_cancelled.load(std::memory_order_relaxed) || (m_parent != nullptr && m_parent->cancelled());
    }

private:
    std::atomic<bool> m_cancelled{false};
    const CancelToken* m_parent = nullptr;
};

struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;             ///< "Name: value"
    std::chrono::milliseconds connectTimeout{0};  ///< 0: the client's default
    std::chrono::milliseconds totalTimeout{0};    ///< 0: the client's default
};

struct HttpResponse {
    long status = 0;
    std::string reason;                          ///< the status line's reason phrase ("Found"), may be empty
    std::string body;                            ///< decoded (gzip/deflate/br already undone)
    std::map<std::string, std::string> headers;  ///< keys in lower case; a repeated header keeps the last
    int attempts = 1;                            ///< requests sent to get this response

    /// Header value by lower-case name, or "" when absent.
    [[nodiscard]] std::string header(const std::string& lowerName) const;
};

/// Exponential backoff: attempt n (1-based) waits min(maxDelay, baseDelay * 2^(n-1)), reduced by a
/// random share of up to `jitter` (0: exact, 0.5: anywhere in [delay/2, delay]) so that many clients
/// do not retry in lockstep.
struct RetryPolicy {
    int maxAttempts = 4;
    std::chrono::milliseconds baseDelay{500};
    std::chrono::milliseconds maxDelay{20'000};
    double jitter = 0.5;
    /// A server's Retry-After is honoured up to this wait; beyond it the request fails with
    /// RateLimited and says how long the server asked to wait.
    std::chrono::milliseconds maxRetryAfter{60'000};
    /// A rate limit (429) without Retry-After waits this before the first retry, doubled for each
    /// further one and capped at maxRetryAfter: 30 s, 60 s, 60 s with the defaults. Binance bans an
    /// IP (418) that keeps sending after 429s; its request-weight window is one minute, so these
    /// waits let it reset. Tests shorten it.
    std::chrono::milliseconds rateLimitDelay{30'000};
    /// No retry starts after this long since the first attempt, and no attempt runs past it: a
    /// get() ends within this time whatever the server does (slow drip, storms of 5xx or 429).
    std::chrono::milliseconds maxElapsed{180'000};
};

/// The delay of retry `attempt` (1-based) under `policy`, with `unit` in [0, 1) as the random share.
std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int attempt, double unit);

/// The wait before retry `attempt` (1-based) after a 429 that gave no Retry-After.
std::chrono::milliseconds rateLimitDelay(const RetryPolicy& policy, int attempt);

struct HttpClientOptions {
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds totalTimeout{30'000};
    /// A transfer slower than this many bytes per second for lowSpeedTime is aborted (and retried)
    /// rather than dripping along until totalTimeout.
    long lowSpeedBytesPerSecond = 100;
    std::chrono::seconds lowSpeedTime{10};
    /// Bodies beyond this (after decompression) abort the transfer with TooLarge.
    std::size_t maxBodyBytes = std::size_t{64} << 20;
    RetryPolicy retry;
    std::string userAgent = "liqheat";
    /// Checked during transfers and waits; may be set from any thread. May be null.
    const CancelToken* cancel = nullptr;
    /// Told before each retry wait, e.g. "HTTP 503; retrying in 0.5 s (attempt 2 of 4)".
    std::function<void(const std::string& message)> onRetry;
    /// When set, called instead of sleeping (tests record the delays and return at once).
    std::function<void(std::chrono::milliseconds delay)> sleepHook;
    /// Called before every request is sent (retries included), e.g. to take a token from a
    /// per-exchange request budget, waiting if need be; an error stops the request with it.
    std::function<Status()> beforeRequest;
    /// When set, answers each attempt instead of the network (fuzzers feed the adapters with it).
    /// A Network error it returns counts as retryable.
    std::function<Result<HttpResponse>(const HttpRequest& request)> transportHook;
};

/// What to do with a response: keep it, try again (after `delay`, or the backoff when negative),
/// or give up with `error`. For Retry, `error` describes the response in case retries run out.
struct RetryDecision {
    enum class Kind { Accept, Retry, Fail };
    Kind kind = Kind::Accept;
    std::chrono::milliseconds delay{-1};
    Error error;

    static RetryDecision accept() { return {}; }
    static RetryDecision retry(Error error, std::chrono::milliseconds delay = std::chrono::milliseconds{-1})
    {
        return {Kind::Retry, delay, std::move(error)};
    }
    static RetryDecision fail(Error error) { return {Kind::Fail, std::chrono::milliseconds{-1}, std::move(error)}; }
};
using ResponseClassifier = std::function<RetryDecision(const HttpResponse&)>;

/// "HTTP 302 Found (Location: https://...)": status, reason phrase, and where a redirect points.
std::string describeStatus(const HttpResponse& response);

/// Generic HTTP rules: 2xx accept; 429 retry after Retry-After (or the backoff); 418 fail with
/// RateLimited, naming when the ban ends; 408 and 5xx retry; any other status fails.
RetryDecision classifyHttp(const HttpResponse& response);

/// Seconds or an HTTP date in a Retry-After value, as a wait from `nowMs`; negative when absent or
/// unreadable.
std::chrono::milliseconds parseRetryAfter(const std::string& value, std::int64_t nowMs);

/// The start of a body for an error message: one line, at most `maxChars` characters.
std::string bodyExcerpt(const std::string& body, std::size_t maxChars = 160);

/// Milliseconds since the Unix epoch, UTC.
std::int64_t nowUtcMs();

/// A blocking HTTP GET client on libcurl: one connection handle, reused across requests so
/// keep-alive and TLS sessions carry over. Not thread-safe: use one client per worker thread.
/// TLS peer and host verification are always on; proxies come from the environment
/// (http_proxy, https_proxy, no_proxy) as libcurl reads them; compressed responses are accepted.
class HttpClient {
public:
    explicit HttpClient(HttpClientOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// GET with retries on network errors and on what `classify` says to retry. Errors: Network
    /// (after the last attempt), RateLimited, TooLarge, Cancelled, or what `classify` returned.
    Result<HttpResponse> get(const HttpRequest& request, const ResponseClassifier& classify = classifyHttp);

    /// One attempt, any status accepted.
    Result<HttpResponse> getOnce(const HttpRequest& request);

    /// Waits `delay` in short slices (or calls the sleep hook); Cancelled when the token fires.
    Status pause(std::chrono::milliseconds delay);

    [[nodiscard]] bool cancelled() const;
    [[nodiscard]] const HttpClientOptions& options() const;
    /// Requests sent so far, retries included.
    [[nodiscard]] std::size_t requestCount() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace liqheat
