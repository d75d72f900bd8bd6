// The libcurl client against real HTTP(S) servers on 127.0.0.1.
#include "http_test_support.h"

#include "liqheat/live/http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <unistd.h>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace liqheat;
using namespace liqheat::test;
using std::chrono::milliseconds;

namespace {

constexpr TimeMs kNow = 1'712'738'640'000;

HttpClientOptions fastOptions(SleepLog* log = nullptr)
{
    HttpClientOptions options;
    options.retry.maxAttempts = 3;
    options.retry.baseDelay = milliseconds{10};
    options.retry.maxDelay = milliseconds{1000};
    options.retry.jitter = 0.0;
    options.retry.rateLimitDelay = milliseconds{20};
    options.totalTimeout = milliseconds{5000};
    if (log != nullptr) {
        options.sleepHook = log->hook();
    }
    return options;
}

// Waits (bounded) until the server has seen `count` requests on `path`.
bool waitForHits(const FakeExchange& server, const std::string& path, int count)
{
    for (int i = 0; i < 500 && server.hits(path) < count; ++i) {
        std::this_thread::sleep_for(milliseconds{10});
    }
    return server.hits(path) >= count;
}

std::string bigJson(std::size_t bytes)
{
    std::string text = "[";
    while (text.size() < bytes) {
        text += "\"0.00010000\",";
    }
    text += "\"0\"]";
    return text;
}

}  // namespace

TEST(HttpClient, ReturnsStatusBodyAndLowerCaseHeaders)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{200, R"({"ok":true})", {{"X-MBX-USED-WEIGHT-1M", "17"}}});
    HttpClient client(fastOptions());
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, R"({"ok":true})");
    EXPECT_EQ(response->header("x-mbx-used-weight-1m"), "17");
    EXPECT_EQ(response->attempts, 1);
    EXPECT_EQ(client.requestCount(), 1U);
}

TEST(HttpClient, AcceptsCompressedResponses)
{
    FakeExchange server(kNow);
    const std::string body = bigJson(50'000);
    server.serve("/big", body);
    HttpClient client(fastOptions());
    auto response = client.get(requestFor(server, "/big"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    // The client offers every encoding it decodes; the server picked one and the body arrives decoded.
    EXPECT_NE(server.lastHeader("Accept-Encoding").find("gzip"), std::string::npos)
        << server.lastHeader("Accept-Encoding");
    EXPECT_FALSE(response->header("content-encoding").empty());
    EXPECT_EQ(response->body, body);
}

TEST(HttpClient, RetriesServerErrorsWithExponentialBackoffThenSucceeds)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{503, "Service Unavailable", {}, "text/plain"});
    server.fault("/x", Fault{502, "Bad Gateway", {}, "text/plain"});
    server.serve("/x", "[1]");
    SleepLog log;
    std::vector<std::string> retries;
    HttpClientOptions options = fastOptions(&log);
    options.onRetry = [&](const std::string& message) { retries.push_back(message); };
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "[1]");
    EXPECT_EQ(response->attempts, 3);
    EXPECT_EQ(server.hits("/x"), 3);
    EXPECT_EQ(log.delays, (std::vector<milliseconds>{milliseconds{10}, milliseconds{20}}));
    ASSERT_EQ(retries.size(), 2U);
    EXPECT_NE(retries[0].find("HTTP 503"), std::string::npos) << retries[0];
    EXPECT_NE(retries[0].find("attempt 2 of 3"), std::string::npos) << retries[0];
}

TEST(HttpClient, GivesUpAfterTheLastAttempt)
{
    FakeExchange server(kNow);
    for (int i = 0; i < 5; ++i) {
        server.fault("/x", Fault{500, "oops", {}, "text/plain"});
    }
    SleepLog log;
    HttpClient client(fastOptions(&log));
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Network);
    EXPECT_NE(response.error().message.find("GET /x: HTTP 500"), std::string::npos) << response.error().message;
    EXPECT_NE(response.error().message.find("gave up after 3 attempts"), std::string::npos) << response.error().message;
    EXPECT_EQ(server.hits("/x"), 3);
}

TEST(HttpClient, BackoffDoublesUpToTheCapAndJitterOnlyShortensIt)
{
    RetryPolicy policy;
    policy.baseDelay = milliseconds{100};
    policy.maxDelay = milliseconds{1000};
    policy.jitter = 0.0;
    EXPECT_EQ(backoffDelay(policy, 1, 0.7), milliseconds{100});
    EXPECT_EQ(backoffDelay(policy, 2, 0.7), milliseconds{200});
    EXPECT_EQ(backoffDelay(policy, 4, 0.7), milliseconds{800});
    EXPECT_EQ(backoffDelay(policy, 5, 0.7), milliseconds{1000});
    EXPECT_EQ(backoffDelay(policy, 60, 0.7), milliseconds{1000});
    policy.jitter = 0.5;
    EXPECT_EQ(backoffDelay(policy, 3, 0.0), milliseconds{400});
    EXPECT_EQ(backoffDelay(policy, 3, 0.5), milliseconds{300});
    EXPECT_EQ(backoffDelay(policy, 3, 1.0), milliseconds{200});
}

TEST(HttpClient, HonoursRetryAfterOn429)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{429, R"({"code":-1003,"msg":"Too many requests"})", {{"Retry-After", "2"}}});
    server.serve("/x", "[]");
    SleepLog log;
    HttpClient client(fastOptions(&log));
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(server.hits("/x"), 2);
    EXPECT_EQ(log.delays, std::vector<milliseconds>{milliseconds{2000}});
}

TEST(HttpClient, A429WithoutRetryAfterBacksOff)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{429, "{}"});
    server.serve("/x", "[]");
    SleepLog log;
    HttpClient client(fastOptions(&log));
    ASSERT_TRUE(client.get(requestFor(server, "/x")).ok());
    EXPECT_EQ(log.delays, std::vector<milliseconds>{milliseconds{20}});  // rateLimitDelay, not the 5xx backoff
}

TEST(HttpClient, RetryAfterBeyondTheLimitStopsAndSaysHowLong)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{429, "{}", {{"Retry-After", "3600"}}});
    SleepLog log;
    HttpClient client(fastOptions(&log));
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::RateLimited);
    EXPECT_NE(response.error().message.find("asks to wait 3600 s"), std::string::npos) << response.error().message;
    EXPECT_EQ(server.hits("/x"), 1);
    EXPECT_TRUE(log.delays.empty());
}

TEST(HttpClient, ParsesRetryAfterSecondsAndDates)
{
    // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480000 ms.
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1'445'412'475'000), milliseconds{5000});
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", 1'445'412'490'000), milliseconds{0});
    EXPECT_EQ(parseRetryAfter(" 120 ", 0), milliseconds{120'000});
    EXPECT_EQ(parseRetryAfter("", 0), milliseconds{-1});
    EXPECT_EQ(parseRetryAfter("soon", 0), milliseconds{-1});
    EXPECT_EQ(parseRetryAfter("Wed, 41 Foo 2015 07:28:00 GMT", 0), milliseconds{-1});
}

TEST(HttpClient, A418BanStopsAtOnceAndSaysUntilWhen)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{418, R"({"code":-1003,"msg":"Way too many requests"})", {{"Retry-After", "120"}}});
    server.serve("/x", "[]");
    HttpClientOptions options = fastOptions();
    options.retry.maxAttempts = 5;
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::RateLimited);
    EXPECT_NE(response.error().message.find("banned"), std::string::npos) << response.error().message;
    EXPECT_NE(response.error().message.find(" until 20"), std::string::npos) << response.error().message;
    EXPECT_EQ(server.hits("/x"), 1);  // no retry storm
}

TEST(HttpClient, TimesOutAndRetriesTimeouts)
{
    FakeExchange server(kNow);
    server.fault("/slow", Fault{200, "[]", {}, "application/json", milliseconds{3000}});
    server.fault("/slow", Fault{200, "[]", {}, "application/json", milliseconds{3000}});
    HttpClientOptions options = fastOptions();
    options.retry.maxAttempts = 2;
    options.totalTimeout = milliseconds{200};
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/slow"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Network);
    EXPECT_NE(response.error().message.find("timed out"), std::string::npos) << response.error().message;
    EXPECT_NE(response.error().message.find("gave up after 2 attempts"), std::string::npos) << response.error().message;
    EXPECT_EQ(server.hits("/slow"), 2);
}

TEST(HttpClient, ABodyCutShortIsRetried)
{
    FakeExchange server(kNow);
    Fault cut{200, bigJson(4000)};
    cut.cutShort = true;
    cut.contentType = "application/octet-stream";
    server.fault("/x", cut);
    server.serve("/x", "[2]");
    HttpClient client(fastOptions());
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "[2]");
    EXPECT_EQ(response->attempts, 2);
}

TEST(HttpClient, ADeclaredBodyOverTheCapIsRefusedWithoutRetry)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{200, std::string(5000, 'x'), {}, "application/octet-stream"});
    HttpClientOptions options = fastOptions();
    options.maxBodyBytes = 1000;
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::TooLarge);
    EXPECT_NE(response.error().message.find("limit of 1000 bytes"), std::string::npos) << response.error().message;
    EXPECT_EQ(server.hits("/x"), 1);
}

TEST(HttpClient, ACompressedBodyThatInflatesOverTheCapIsRefused)
{
    FakeExchange server(kNow);
    // 200 kB of repetition compresses to far less than the cap; the decoded size counts.
    server.fault("/x", Fault{200, bigJson(200'000)});
    HttpClientOptions options = fastOptions();
    options.maxBodyBytes = 20'000;
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::TooLarge);
}

TEST(HttpClient, CancelFromAnotherThreadEndsATransfer)
{
    FakeExchange server(kNow);
    server.fault("/slow", Fault{200, "[]", {}, "application/json", milliseconds{5000}});
    CancelToken cancel;
    HttpClientOptions options = fastOptions();
    options.cancel = &cancel;
    HttpClient client(options);
    std::thread canceller([&] {
        waitForHits(server, "/slow", 1);
        cancel.cancel();
    });
    auto response = client.get(requestFor(server, "/slow"));
    canceller.join();
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Cancelled);
    EXPECT_EQ(server.hits("/slow"), 1);
}

TEST(HttpClient, CancelEndsABackoffWait)
{
    FakeExchange server(kNow);
    server.fault("/x", Fault{503, "busy", {}, "text/plain"});
    CancelToken cancel;
    HttpClientOptions options = fastOptions();
    options.retry.baseDelay = milliseconds{5000};  // really slept, in slices
    options.cancel = &cancel;
    HttpClient client(options);
    std::thread canceller([&] {
        waitForHits(server, "/x", 1);
        cancel.cancel();
    });
    auto response = client.get(requestFor(server, "/x"));
    canceller.join();
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Cancelled);
    EXPECT_EQ(server.hits("/x"), 1);
}

TEST(HttpClient, AChildTokenSeesItsParent)
{
    CancelToken parent;
    CancelToken child(&parent);
    EXPECT_FALSE(child.cancelled());
    parent.cancel();
    EXPECT_TRUE(child.cancelled());
}

TEST(HttpClient, ConnectionRefusedIsARetriedNetworkError)
{
    HttpClient client(fastOptions());
    HttpRequest request;
    request.url = "http://127.0.0.1:1/nothing";
    auto response = client.get(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Network);
    EXPECT_NE(response.error().message.find("gave up after 3 attempts"), std::string::npos) << response.error().message;
    EXPECT_EQ(client.requestCount(), 3U);
}

TEST(HttpClient, OnlyHttpAndHttpsAreAllowed)
{
    HttpClient client(fastOptions());
    HttpRequest request;
    request.url = "file:///etc/passwd";
    auto response = client.get(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::InvalidArgument);
    EXPECT_EQ(client.requestCount(), 1U);
}

TEST(HttpClient, TakesTheProxyFromTheEnvironment)
{
    FakeExchange proxy(kNow);
    // The target is a closed port: only a proxy in the middle can answer.
    const std::string saved = std::getenv("no_proxy") != nullptr ? std::getenv("no_proxy") : "";
    ::unsetenv("no_proxy");
    ::unsetenv("NO_PROXY");
    ::setenv("http_proxy", proxy.url().c_str(), 1);
    HttpClient client(fastOptions());
    HttpRequest request;
    request.url = "http://127.0.0.1:1/through-proxy?x=1";
    auto response = client.getOnce(request);
    ::unsetenv("http_proxy");
    ::setenv("no_proxy", saved.c_str(), 1);
    ::setenv("NO_PROXY", saved.c_str(), 1);
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 404);  // the fake exchange's answer to an unknown path
    const auto targets = proxy.targets();
    ASSERT_EQ(targets.size(), 1U);
    EXPECT_EQ(targets.front(), "http://127.0.0.1:1/through-proxy?x=1");
}

TEST(HttpClient, VerifiesTlsPeers)
{
    // A self-signed certificate: a client that skipped verification would get the body.
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("liqheat-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string cert = (dir / "cert.pem").string();
    const std::string key = (dir / "key.pem").string();
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout '" +
                                key + "' -out '" + cert + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        std::filesystem::remove_all(dir);
        GTEST_SKIP() << "openssl cannot make a test certificate here";
    }
    httplib::SSLServer server(cert.c_str(), key.c_str());
    server.Get("/secret", [](const httplib::Request&, httplib::Response& response) {
        response.set_content("[42]", "application/json");
    });
    Result<HttpResponse> response = makeError(Error::Code::Network, "not run");
    {
        const LocalServing serving(server);
        ASSERT_GT(serving.port(), 0);
        HttpClient client(fastOptions());
        HttpRequest request;
        request.url = "https://127.0.0.1:" + std::to_string(serving.port()) + "/secret";
        response = client.get(request);
        EXPECT_EQ(client.requestCount(), 1U);  // a bad certificate stays bad: no retry
    }
    std::filesystem::remove_all(dir);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Network);
    EXPECT_NE(response.error().message.find("TLS verification failed"), std::string::npos) << response.error().message;
}
