// The HTTP client against a misbehaving server: 429 storms, slow drips, redirects, ban answers.
// Waits go through the client's sleep hook, so a storm that would take minutes takes milliseconds
// and the delays it asked for are checked exactly.
#include "http_test_support.h"

#include "header_parsing.h"

#include "liqheat/live/http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>

using namespace liqheat;
using namespace liqheat::test;
using std::chrono::milliseconds;

constexpr TimeMs kNow = 1'712'738'640'000;

TEST(HttpHardening, A429StormWithoutRetryAfterWaitsForTheRateWindow)
{
    FakeExchange server(kNow);
    for (int i = 0; i < 6; ++i) {
        server.fault("/x", Fault{429, R"({"code":-1003,"msg":"Too many requests"})"});
    }
    SleepLog log;
    HttpClientOptions options;  // the real policy: only the sleeping is simulated
    options.sleepHook = log.hook();
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::RateLimited);
    EXPECT_NE(response.error().message.find("gave up after 4 attempts"), std::string::npos) << response.error().message;
    // 4 requests in 150 s: nowhere near a storm that earns a ban.
    EXPECT_EQ(server.hits("/x"), 4);
    EXPECT_EQ(log.delays,
              (std::vector<milliseconds>{milliseconds{30'000}, milliseconds{60'000}, milliseconds{60'000}}));
}

TEST(HttpHardening, NoRetryStartsPastTheTotalLimit)
{
    FakeExchange server(kNow);
    for (int i = 0; i < 6; ++i) {
        server.fault("/x", Fault{429, "{}"});
    }
    SleepLog log;
    HttpClientOptions options;
    options.retry.maxAttempts = 10;
    options.retry.maxElapsed = milliseconds{100'000};
    options.sleepHook = log.hook();
    HttpClient client(options);
    auto response = client.get(requestFor(server, "/x"));
    ASSERT_FALSE(response.ok());
    EXPECT_NE(response.error().message.find("another retry would pass the 100 s limit"), std::string::npos)
        << response.error().message;
    EXPECT_EQ(log.delays, (std::vector<milliseconds>{milliseconds{30'000}, milliseconds{60'000}}));
    EXPECT_EQ(server.hits("/x"), 3);
}

TEST(HttpHardening, ASlowDripIsCutOffByTheLowSpeedLimit)
{
    httplib::Server drip;
    drip.Get("/drip", [](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink& sink) {
            std::this_thread::sleep_for(milliseconds{200});
            return sink.write("[", 1);  // one byte per 200 ms, forever
        });
    });
    HttpClientOptions options;
    options.lowSpeedBytesPerSecond = 100;
    options.lowSpeedTime = std::chrono::seconds{1};
    options.retry.maxAttempts = 2;
    options.retry.baseDelay = milliseconds{10};
    SleepLog log;
    options.sleepHook = log.hook();
    Result<HttpResponse> response = makeError(Error::Code::Network, "not run");
    double seconds = 0.0;
    {
        const LocalServing serving(drip);
        HttpClient client(options);
        HttpRequest request;
        request.url = "http://127.0.0.1:" + std::to_string(serving.port()) + "/drip";
        const auto start = std::chrono::steady_clock::now();
        response = client.get(request);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, Error::Code::Network);
    EXPECT_NE(response.error().message.find("timed out"), std::string::npos) << response.error().message;
    EXPECT_LT(seconds, 10.0);  // two attempts of about 1 s each, not 2 x 30 s
}

TEST(HttpHardening, RedirectsAndErrorsNameStatusReasonAndLocation)
{
    FakeExchange server(kNow);
    server.fault("/moved", Fault{302, "", {{"Location", "https://elsewhere.example/api"}}, "text/html"});
    server.fault("/gone", Fault{404, "<html><body>Not here</body></html>", {}, "text/html"});
    HttpClientOptions options;
    options.retry.maxAttempts = 1;
    HttpClient client(options);
    auto moved = client.get(requestFor(server, "/moved"));
    ASSERT_FALSE(moved.ok());
    EXPECT_NE(moved.error().message.find(
                  "HTTP 302 Found (Location: https://elsewhere.example/api; redirects are not followed)"),
              std::string::npos)
        << moved.error().message;
    auto gone = client.get(requestFor(server, "/gone"));
    ASSERT_FALSE(gone.ok());
    EXPECT_NE(gone.error().message.find("HTTP 404 Not Found: <html><body>Not here</body></html>"), std::string::npos)
        << gone.error().message;
}

TEST(HttpHardening, HeaderLinesAreReadStrictly)
{
    const HeaderLine status = parseHeaderLine("HTTP/1.1 429 Too Many Requests\r\n", 100);
    EXPECT_EQ(status.kind, HeaderLine::Kind::StatusLine);
    EXPECT_EQ(status.value, "Too Many Requests");
    EXPECT_EQ(parseHeaderLine("HTTP/2 200\r\n", 100).value, "");
    const HeaderLine field = parseHeaderLine("Retry-After:  120 \r\n", 100);
    EXPECT_EQ(field.kind, HeaderLine::Kind::Field);
    EXPECT_EQ(field.name, "retry-after");
    EXPECT_EQ(field.value, "120");
    EXPECT_EQ(parseHeaderLine("Content-Length: 101\r\n", 100).kind, HeaderLine::Kind::TooLarge);
    EXPECT_EQ(parseHeaderLine("Content-Length: 100\r\n", 100).kind, HeaderLine::Kind::Field);
    EXPECT_EQ(parseHeaderLine("content-length: 99999999999999999999999999\r\n", 100).kind, HeaderLine::Kind::TooLarge);
    EXPECT_EQ(parseHeaderLine("\r\n", 100).kind, HeaderLine::Kind::Other);
    // Retry-After beyond int64 is "very long", not an overflow; negative is "now".
    EXPECT_EQ(parseRetryAfter("99999999999999999999999", 0), milliseconds{10LL * 365 * 86'400 * 1000});
    EXPECT_EQ(parseRetryAfter("-99999999999999999999999", 0), milliseconds{0});
    EXPECT_EQ(parseRetryAfter("-5", 0), milliseconds{0});
    EXPECT_EQ(parseRetryAfter("Wed, 21 Oct 2015 25:28:00 GMT", 0), milliseconds{-1});
}
