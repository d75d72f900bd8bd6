// libFuzzer target for the HTTP client's own parsing: raw header lines (status line, Content-Length
// against the body limit), Retry-After (seconds or HTTP dates), the generic status rules with the
// 418 ban time, and the one-line excerpts and status descriptions put in messages.
#include "header_parsing.h"

#include "liqheat/live/http_client.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace liqheat;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    HttpResponse response;
    response.status = size >= 2 ? 100 + (data[0] | (data[1] << 8)) % 500 : 200;

    // Each line is a header line as libcurl hands them over; a blank line starts the body.
    std::string_view rest = input;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 1);
        rest.remove_prefix(line.size());
        if (line == "\n" || line == "\r\n") {
            break;
        }
        const HeaderLine parsed = parseHeaderLine(line, 1 << 20);
        if (parsed.kind == HeaderLine::Kind::StatusLine) {
            response.reason = parsed.value;
        } else if (parsed.kind == HeaderLine::Kind::Field) {
            response.headers[parsed.name] = parsed.value;
            const auto wait = parseRetryAfter(parsed.value, 1'712'736'000'000);
            if (wait.count() < -1) {
                __builtin_trap();  // a wait is -1 (none) or >= 0
            }
        }
    }
    response.body = std::string(rest);
    const RetryDecision decision = classifyHttp(response);
    const std::string text = describeStatus(response) + bodyExcerpt(response.body) + decision.error.message;
    for (const char c : bodyExcerpt(response.body)) {
        if (c == '\n' || c == '\r') {
            __builtin_trap();  // excerpts are one line
        }
    }
    return text.empty() ? 1 : 0;
}
