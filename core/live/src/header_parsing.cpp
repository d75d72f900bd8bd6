#include "header_parsing.h"

#include "liqheat/live/http_client.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>

namespace liqheat {
namespace {

using std::chrono::milliseconds;

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
    return out;
}

int monthIndex(const char* name)
{
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (std::strncmp(name, months[i], 3) == 0) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

}  // namespace

HeaderLine parseHeaderLine(std::string_view line, std::size_t maxBodyBytes)
{
    HeaderLine out;
    if (line.substr(0, 5) == "HTTP/") {
        out.kind = HeaderLine::Kind::StatusLine;
        // "HTTP/1.1 302 Found": the reason is what follows the version and the status code.
        const auto afterVersion = line.find(' ');
        const auto afterCode = afterVersion == std::string_view::npos ? afterVersion : line.find(' ', afterVersion + 1);
        if (afterCode != std::string_view::npos) {
            out.value = std::string(trimmed(line.substr(afterCode + 1)));
        }
        return out;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        return out;
    }
    out.name = lowerCase(trimmed(line.substr(0, colon)));
    out.value = std::string(trimmed(line.substr(colon + 1)));
    out.kind = HeaderLine::Kind::Field;
    if (out.name == "content-length") {
        std::uint64_t length = 0;
        const char* begin = out.value.data();
        const char* end = begin + out.value.size();
        const auto [stop, ec] = std::from_chars(begin, end, length);
        // Digits beyond 2^64 are certainly over the limit too.
        if ((ec == std::errc() && stop == end && length > maxBodyBytes) ||
            (ec == std::errc::result_out_of_range && stop == end)) {
            out.kind = HeaderLine::Kind::TooLarge;
        }
    }
    return out;
}

milliseconds parseRetryAfter(const std::string& raw, std::int64_t nowMs)
{
    const std::string value(trimmed(raw));
    if (value.empty()) {
        return milliseconds{-1};
    }
    constexpr std::int64_t kMaxSeconds = 10LL * 365 * 86'400;  // absurd values are clamped, not overflowed
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (end == value.data() + value.size()) {
        if (ec == std::errc()) {
            return milliseconds{std::clamp<std::int64_t>(seconds, 0, kMaxSeconds) * 1000};
        }
        if (ec == std::errc::result_out_of_range) {
            return milliseconds{value.front() == '-' ? 0 : kMaxSeconds * 1000};
        }
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
    int day = 0;
    int year = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    char month[4] = {};
    if (std::sscanf(value.c_str(), "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &day, month, &year, &hour, &minute, &second) !=
        6) {
        return milliseconds{-1};
    }
    const int monthNumber = monthIndex(month);
    if (monthNumber == 0 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
        second > 60) {
        return milliseconds{-1};
    }
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(monthNumber)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) {
        return milliseconds{-1};
    }
    const auto days = std::chrono::sys_days{date}.time_since_epoch();
    const std::int64_t at =
        std::chrono::duration_cast<milliseconds>(days).count() + ((hour * 60LL + minute) * 60LL + second) * 1000LL;
    return milliseconds{std::max<std::int64_t>(0, at - nowMs)};
}

}  // namespace liqheat
