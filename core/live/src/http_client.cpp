#include "liqheat/live/http_client.h"

#include "header_parsing.h"

#include "liqheat/model/time.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

namespace liqheat {
namespace {

using std::chrono::milliseconds;

std::once_flag g_curlInitOnce;
CURLcode g_curlInitCode = CURLE_OK;

// curl_global_init is not thread-safe on every build; once per process, before any handle.
bool ensureCurlInitialised()
{
    std::call_once(g_curlInitOnce, [] { g_curlInitCode = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return g_curlInitCode == CURLE_OK;
}

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// "GET /fapi/v1/klines": the path names the endpoint; the query would only add noise.
std::string describe(const std::string& url)
{
    std::size_t start = url.find("://");
    start = start == std::string::npos ? 0 : url.find('/', start + 3);
    if (start == std::string::npos) {
        return "GET " + url;
    }
    const std::size_t end = url.find('?', start);
    return "GET " + url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string secondsText(milliseconds delay)
{
    char text[32];
    if (delay.count() < 10'000) {
        std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(delay.count()) / 1000.0);
    } else {
        std::snprintf(text, sizeof text, "%lld s", static_cast<long long>((delay.count() + 500) / 1000));
    }
    return text;
}

// Per-transfer state the callbacks write into.
struct Transfer {
    std::string body;
    std::map<std::string, std::string> headers;
    std::string reason;
    std::size_t maxBytes = 0;
    bool tooLarge = false;
    const CancelToken* cancel = nullptr;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer->body.size() + bytes > transfer->maxBytes) {
        transfer->tooLarge = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    transfer->body.append(data, bytes);
    return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    const HeaderLine line = parseHeaderLine(std::string_view(data, bytes), transfer->maxBytes);
    switch (line.kind) {
    case HeaderLine::Kind::StatusLine:
        // A new response starts (after a proxy CONNECT or a 100 Continue): keep only the last.
        transfer->headers.clear();
        transfer->reason = line.value;
        break;
    case HeaderLine::Kind::Field: transfer->headers[line.name] = line.value; break;
    case HeaderLine::Kind::TooLarge:
        transfer->tooLarge = true;  // refuse before downloading it
        return 0;
    case HeaderLine::Kind::Other: break;
    }
    return bytes;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto* transfer = static_cast<const Transfer*>(user);
    return transfer->cancel != nullptr && transfer->cancel->cancelled() ? 1 : 0;
}

}  // namespace

std::string HttpResponse::header(const std::string& lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

std::int64_t nowUtcMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string bodyExcerpt(const std::string& body, std::size_t maxChars)
{
    std::string text;
    for (const char ch : body) {
        if (text.size() >= maxChars) {
            return text + "...";
        }
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\r' || c == '\n' || c == '\t') {
            if (!text.empty() && text.back() != ' ') {
                text += ' ';
            }
        } else if (c >= 0x20 && c != 0x7f) {
            text += ch;
        } else {
            text += '?';
        }
    }
    return trim(text);
}

milliseconds backoffDelay(const RetryPolicy& policy, int attempt, double unit)
{
    const double base = static_cast<double>(std::max<std::int64_t>(0, policy.baseDelay.count()));
    const double cap = static_cast<double>(std::max<std::int64_t>(0, policy.maxDelay.count()));
    const int exponent = std::clamp(attempt - 1, 0, 30);
    double delay = std::min(cap, base * std::ldexp(1.0, exponent));
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    delay *= 1.0 - jitter * std::clamp(unit, 0.0, 1.0);
    return milliseconds{static_cast<std::int64_t>(std::llround(delay))};
}

milliseconds rateLimitDelay(const RetryPolicy& policy, int attempt)
{
    const double base = static_cast<double>(std::max<std::int64_t>(0, policy.rateLimitDelay.count()));
    const double cap = static_cast<double>(std::max<std::int64_t>(0, policy.maxRetryAfter.count()));
    const double delay = std::min(cap, base * std::ldexp(1.0, std::clamp(attempt - 1, 0, 30)));
    return milliseconds{static_cast<std::int64_t>(std::llround(delay))};
}

std::string describeStatus(const HttpResponse& response)
{
    std::string text = "HTTP " + std::to_string(response.status);
    if (const std::string reason = bodyExcerpt(response.reason, 60); !reason.empty()) {
        text += " " + reason;
    }
    if (const std::string location = response.header("location"); !location.empty()) {
        text += " (Location: " + bodyExcerpt(location, 200) + "; redirects are not followed)";
    }
    return text;
}

RetryDecision classifyHttp(const HttpResponse& response)
{
    const long status = response.status;
    if (status >= 200 && status < 300) {
        return RetryDecision::accept();
    }
    const std::string statusText = describeStatus(response);
    const milliseconds retryAfter = parseRetryAfter(response.header("retry-after"), nowUtcMs());
    if (status == 429) {
        return RetryDecision::retry(makeError(Error::Code::RateLimited, statusText), retryAfter);
    }
    if (status == 418) {
        std::string message = "HTTP 418: this IP address is banned for sending too many requests";
        if (retryAfter.count() >= 0) {
            message += " until " + formatTimeIso(nowUtcMs() + retryAfter.count());
        }
        return RetryDecision::fail(makeError(Error::Code::RateLimited, message + "; stopped without retrying"));
    }
    if (status == 408 || (status >= 500 && status < 600)) {
        return RetryDecision::retry(makeError(Error::Code::Network, statusText + " (server error)"));
    }
    std::string message = statusText;
    if (const std::string excerpt = bodyExcerpt(response.body); !excerpt.empty()) {
        message += ": " + excerpt;
    }
    return RetryDecision::fail(makeError(Error::Code::Network, message));
}

// ---------------------------------------------------------------------------------------------

struct HttpClient::Impl {
    HttpClientOptions options;
    CURL* easy = nullptr;
    CURLM* multi = nullptr;
    std::size_t requests = 0;
    bool lastRetryable = false;
    std::minstd_rand random{std::random_device{}()};
    Transfer transfer;
    char errorText[CURL_ERROR_SIZE] = {};

    ~Impl()
    {
        if (multi != nullptr) {
            curl_multi_cleanup(multi);
        }
        if (easy != nullptr) {
            curl_easy_cleanup(easy);
        }
    }

    [[nodiscard]] bool cancelled() const { return options.cancel != nullptr && options.cancel->cancelled(); }

    Status setup()
    {
        if (!ensureCurlInitialised()) {
            return makeError(Error::Code::Network, "libcurl could not be initialised");
        }
        easy = curl_easy_init();
        multi = curl_multi_init();
        if (easy == nullptr || multi == nullptr) {
            return makeError(Error::Code::Network, "libcurl could not create a connection handle");
        }
        // Options that hold for every request of this handle.
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // required with threads
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorText);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);  // exchange APIs answer in place
        curl_easy_setopt(easy, CURLOPT_USERAGENT, options.userAgent.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
        // No CURLOPT_PROXY: libcurl then takes http_proxy / https_proxy / no_proxy from the environment.
        return {};
    }

    milliseconds backoff(int attempt)
    {
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        return backoffDelay(options.retry, attempt, unit(random));
    }

    Result<HttpResponse> performOnce(const HttpRequest& request)
    {
        lastRetryable = false;
        if (options.transportHook) {
            ++requests;
            auto answer = options.transportHook(request);
            lastRetryable = !answer && answer.error().code == Error::Code::Network;
            return answer;
        }
        if (easy == nullptr || multi == nullptr) {
            return makeError(Error::Code::Network, "libcurl is not available");
        }
        if (cancelled()) {
            return makeError(Error::Code::Cancelled, "cancelled");
        }
        if (options.beforeRequest) {
            // A shared request budget may wait here, or refuse (cancelled while waiting).
            if (Status admitted = options.beforeRequest(); !admitted) {
                return admitted.error();
            }
        }
        transfer.body.clear();
        transfer.headers.clear();
        transfer.tooLarge = false;
        transfer.reason.clear();
        transfer.maxBytes = options.maxBodyBytes;
        transfer.cancel = options.cancel;
        errorText[0] = '\0';

        struct SlistDeleter {
            void operator()(curl_slist* list) const { curl_slist_free_all(list); }
        };
        curl_slist* list = nullptr;
        for (const std::string& header : request.headers) {
            curl_slist* head = curl_slist_append(list, header.c_str());
            if (head == nullptr) {
                curl_slist_free_all(list);
                return makeError(Error::Code::Network, "out of memory for request headers");
            }
            list = head;
        }
        const std::unique_ptr<curl_slist, SlistDeleter> headers(list);
        const milliseconds connect =
            request.connectTimeout.count() > 0 ? request.connectTimeout : options.connectTimeout;
        const milliseconds total = request.totalTimeout.count() > 0 ? request.totalTimeout : options.totalTimeout;
        curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count()));
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, std::max(1L, options.lowSpeedBytesPerSecond));
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(std::max<std::int64_t>(1, options.lowSpeedTime.count())));

        ++requests;
        if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
            return makeError(Error::Code::Network, "libcurl refused the request");
        }
        // The multi loop wakes at least every 50 ms, so a cancel lands quickly even while the
        // server is silent.
        bool wasCancelled = false;
        CURLcode code = CURLE_OK;
        for (;;) {
            int running = 0;
            if (curl_multi_perform(multi, &running) != CURLM_OK) {
                code = CURLE_FAILED_INIT;
                break;
            }
            if (running == 0) {
                int queued = 0;
                while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
                    if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
                        code = message->data.result;
                    }
                }
                break;
            }
            if (cancelled()) {
                wasCancelled = true;
                break;
            }
            curl_multi_poll(multi, nullptr, 0, 50, nullptr);
        }
        curl_multi_remove_handle(multi, easy);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);

        const std::string where = describe(request.url);
        if (wasCancelled || code == CURLE_ABORTED_BY_CALLBACK) {
            return makeError(Error::Code::Cancelled, where + ": cancelled");
        }
        if (transfer.tooLarge) {
            return makeError(Error::Code::TooLarge, where + ": response exceeds the limit of " +
                                                        std::to_string(options.maxBodyBytes) + " bytes");
        }
        if (code != CURLE_OK) {
            const std::string detail = errorText[0] != '\0' ? std::string(errorText) : curl_easy_strerror(code);
            switch (code) {
            case CURLE_UNSUPPORTED_PROTOCOL:
            case CURLE_URL_MALFORMAT:
                return makeError(Error::Code::InvalidArgument, where + ": bad URL \"" + request.url + "\": " + detail);
            case CURLE_PEER_FAILED_VERIFICATION:
            case CURLE_SSL_CERTPROBLEM:
            case CURLE_SSL_CACERT_BADFILE:
                // A certificate that fails verification fails the same way next time.
                return makeError(Error::Code::Network, where + ": TLS verification failed: " + detail);
            case CURLE_OPERATION_TIMEDOUT:
                lastRetryable = true;
                return makeError(Error::Code::Network, where + ": timed out (" + detail + ")");
            default: lastRetryable = true; return makeError(Error::Code::Network, where + ": " + detail);
            }
        }
        HttpResponse response;
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        response.status = status;
        response.reason = std::move(transfer.reason);
        response.body = std::move(transfer.body);
        response.headers = std::move(transfer.headers);
        transfer.body = std::string();
        transfer.headers.clear();
        return response;
    }
};

HttpClient::HttpClient(HttpClientOptions options) : m_impl(std::make_unique<Impl>())
{
    m_impl->options = std::move(options);
    // A failed setup leaves null handles; every request then reports it as an Error.
    static_cast<void>(m_impl->setup());
}

HttpClient::~HttpClient() = default;

const HttpClientOptions& HttpClient::options() const { return m_impl->options; }

std::size_t HttpClient::requestCount() const { return m_impl->requests; }

bool HttpClient::cancelled() const { return m_impl->cancelled(); }

Status HttpClient::pause(milliseconds delay)
{
    if (m_impl->cancelled()) {
        return makeError(Error::Code::Cancelled, "cancelled");
    }
    if (m_impl->options.sleepHook) {
        m_impl->options.sleepHook(delay);
    } else {
        // Short slices, so a cancel from another thread ends the wait promptly.
        const auto deadline = std::chrono::steady_clock::now() + delay;
        while (std::chrono::steady_clock::now() < deadline) {
            if (m_impl->cancelled()) {
                return makeError(Error::Code::Cancelled, "cancelled");
            }
            const auto left = deadline - std::chrono::steady_clock::now();
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, milliseconds{20}));
        }
    }
    if (m_impl->cancelled()) {
        return makeError(Error::Code::Cancelled, "cancelled");
    }
    return {};
}

Result<HttpResponse> HttpClient::getOnce(const HttpRequest& request) { return m_impl->performOnce(request); }

Result<HttpResponse> HttpClient::get(const HttpRequest& request, const ResponseClassifier& classify)
{
    const RetryPolicy& policy = m_impl->options.retry;
    const int attempts = std::max(1, policy.maxAttempts);
    const std::string where = describe(request.url);
    // Waits go through pause(), which tests may replace, so the clock here counts them as slept.
    milliseconds elapsed{0};
    const auto gaveUp = [&](const Error& error, int attempt) {
        return attempt > 1
                   ? makeError(error.code, error.message + " (gave up after " + std::to_string(attempt) + " attempts)")
                   : error;
    };
    for (int attempt = 1;; ++attempt) {
        HttpRequest bounded = request;
        const milliseconds total =
            request.totalTimeout.count() > 0 ? request.totalTimeout : m_impl->options.totalTimeout;
        const milliseconds left = std::max(milliseconds{1}, policy.maxElapsed - elapsed);
        bounded.totalTimeout = std::min(total, left);
        const auto started = std::chrono::steady_clock::now();
        auto response = m_impl->performOnce(bounded);
        elapsed += std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
        Error last;
        milliseconds delay{0};
        if (!response) {
            if (response.error().code != Error::Code::Network || !m_impl->lastRetryable) {
                return response.error();
            }
            last = response.error();
            if (attempt >= attempts) {
                return gaveUp(last, attempt);
            }
            delay = m_impl->backoff(attempt);
        } else {
            response->attempts = attempt;
            RetryDecision decision = classify ? classify(*response) : classifyHttp(*response);
            if (decision.kind == RetryDecision::Kind::Accept) {
                return response;
            }
            last = decision.error;
            if (last.message.find(where) == std::string::npos) {
                last.message = where + ": " + last.message;
            }
            if (decision.kind == RetryDecision::Kind::Fail) {
                return last;
            }
            if (decision.delay > policy.maxRetryAfter) {
                return makeError(Error::Code::RateLimited,
                                 last.message + ": the server asks to wait " + secondsText(decision.delay) +
                                     " (until " + formatTimeIso(nowUtcMs() + decision.delay.count()) +
                                     "), longer than the " + secondsText(policy.maxRetryAfter) +
                                     " this client waits; stopped");
            }
            if (attempt >= attempts) {
                return gaveUp(last, attempt);
            }
            if (decision.delay.count() >= 0) {
                delay = decision.delay;
            } else if (last.code == Error::Code::RateLimited) {
                // No Retry-After: wait long enough for the exchange's window to reset, not 0.5 s.
                delay = rateLimitDelay(policy, attempt);
            } else {
                delay = m_impl->backoff(attempt);
            }
        }
        if (elapsed + delay >= policy.maxElapsed) {
            return makeError(last.code, last.message + " (gave up after " + std::to_string(attempt) + " attempts in " +
                                            secondsText(elapsed) + "; another retry would pass the " +
                                            secondsText(policy.maxElapsed) + " limit)");
        }
        if (m_impl->options.onRetry) {
            m_impl->options.onRetry(last.message + "; retrying in " + secondsText(delay) + " (attempt " +
                                    std::to_string(attempt + 1) + " of " + std::to_string(attempts) + ")");
        }
        if (auto waited = pause(delay); !waited) {
            return makeError(Error::Code::Cancelled, where + ": cancelled");
        }
        elapsed += delay;
    }
}

}  // namespace liqheat
