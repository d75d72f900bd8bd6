// libFuzzer target for the Binance, Bybit and OKX adapters: a whole fetch, with every HTTP answer
// taken from the input through the client's transport hook (no network, no sleeping).
// Input: one byte choosing the exchange, then answers separated by "\n--\n". An answer may start
// with "HTTP 429\n" and "Name: value" header lines up to a blank line; otherwise it is a 200 body.
#include "liqheat/live/exchange_api.h"
#include "liqheat/live/http_client.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace liqheat;

std::vector<std::string_view> splitAnswers(std::string_view rest)
{
    std::vector<std::string_view> answers;
    constexpr std::string_view kSeparator = "\n--\n";
    while (answers.size() < 64) {
        const auto at = rest.find(kSeparator);
        answers.push_back(rest.substr(0, at));
        if (at == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(at + kSeparator.size());
    }
    return answers;
}

HttpResponse toResponse(std::string_view answer)
{
    HttpResponse response;
    response.status = 200;
    if (answer.substr(0, 5) == "HTTP " && answer.size() >= 8) {
        long status = 0;
        for (char c : answer.substr(5, 3)) {
            status = status * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);
        }
        response.status = status;
        auto lineEnd = answer.find('\n');
        response.reason = std::string(answer.substr(8, lineEnd == std::string_view::npos ? 0 : lineEnd - 8));
        answer.remove_prefix(lineEnd == std::string_view::npos ? answer.size() : lineEnd + 1);
        while (!answer.empty() && answer.front() != '\n') {
            lineEnd = answer.find('\n');
            const std::string_view line = answer.substr(0, lineEnd);
            if (const auto colon = line.find(':'); colon != std::string_view::npos) {
                std::string name(line.substr(0, colon));
                for (char& c : name) {
                    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
                }
                response.headers[name] = std::string(line.substr(colon + 1));
            }
            answer.remove_prefix(lineEnd == std::string_view::npos ? answer.size() : lineEnd + 1);
        }
        if (!answer.empty()) {
            answer.remove_prefix(1);
        }
    }
    response.body = std::string(answer);
    return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) {
        return 0;
    }
    const Exchange exchange = data[0] % 3 == 0 ? Exchange::Binance : data[0] % 3 == 1 ? Exchange::Bybit : Exchange::Okx;
    const std::vector<std::string_view> answers =
        splitAnswers(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    std::size_t next = 0;

    HttpClientOptions options;
    options.retry.maxAttempts = 2;
    options.sleepHook = [](std::chrono::milliseconds) {};
    options.transportHook = [&](const HttpRequest&) -> Result<HttpResponse> {
        if (next >= answers.size()) {
            return makeError(Error::Code::InvalidArgument, "fuzz: no more answers");
        }
        return toResponse(answers[next++]);
    };
    HttpClient http(options);

    ExchangeFetchSpec spec;
    spec.symbol = "BTCUSDT";
    spec.intervalMs = 3'600'000;
    spec.now = 1'712'736'000'000;  // 2024-04-10
    spec.from = spec.now - 3 * 86'400'000;
    spec.to = spec.now;
    spec.baseUrl = "http://fuzz.invalid";
    spec.paceRequests = false;
    const auto result = fetchExchange(exchange, http, spec);
    if (result.ok() && !validate(result->data).ok()) {
        __builtin_trap();  // accepted data must be valid data
    }
    return 0;
}
