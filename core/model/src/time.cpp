#include "liqheat/model/time.h"

#include "liqheat/model/text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace liqheat {
namespace {

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (H. Hinnant's days_from_civil), so no timegm / locale is involved
// ---------------------------------------------------------------------------------------------

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    if (m <= 2) {
        --y;
    }
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
    if (month <= 2) {
        ++year;
    }
    return {year, month, day};
}

unsigned daysInMonth(std::int64_t year, unsigned month)
{
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

/// Reads exactly `width` digits at `pos`.
bool readDigits(std::string_view s, std::size_t& pos, std::size_t width, unsigned& out)
{
    if (pos + width > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char ch = s[pos + i];
        if (ch < '0' || ch > '9') {
            return false;
        }
        out = out * 10 + static_cast<unsigned>(ch - '0');
    }
    pos += width;
    return true;
}

std::optional<TimeMs> parseIso(std::string_view s)
{
    std::size_t pos = 0;
    unsigned year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (!readDigits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' || !readDigits(s, pos, 2, month) ||
        pos >= s.size() || s[pos++] != '-' || !readDigits(s, pos, 2, day)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        return std::nullopt;
    }
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    unsigned millis = 0;
    TimeMs offsetMs = 0;
    if (pos < s.size()) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') {
            return std::nullopt;
        }
        ++pos;
        if (!readDigits(s, pos, 2, hour) || pos >= s.size() || s[pos++] != ':' || !readDigits(s, pos, 2, minute)) {
            return std::nullopt;
        }
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!readDigits(s, pos, 2, second)) {
                return std::nullopt;
            }
            if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
                ++pos;
                // Keep milliseconds; finer digits are truncated.
                std::size_t digits = 0;
                while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                    if (digits < 3) {
                        millis = millis * 10 + static_cast<unsigned>(s[pos] - '0');
                    }
                    ++digits;
                    ++pos;
                }
                if (digits == 0 || digits > 9) {
                    return std::nullopt;
                }
                for (std::size_t i = digits; i < 3; ++i) {
                    millis *= 10;
                }
            }
        }
        if (pos < s.size()) {
            const char zone = s[pos++];
            if (zone == 'Z' || zone == 'z') {
                // UTC
            } else if (zone == '+' || zone == '-') {
                unsigned offH = 0;
                unsigned offM = 0;
                if (!readDigits(s, pos, 2, offH)) {
                    return std::nullopt;
                }
                if (pos < s.size() && s[pos] == ':') {
                    ++pos;
                }
                if (pos < s.size() && !readDigits(s, pos, 2, offM)) {
                    return std::nullopt;
                }
                if (offH > 23 || offM > 59) {
                    return std::nullopt;
                }
                offsetMs = (static_cast<TimeMs>(offH) * 60 + offM) * 60'000 * (zone == '-' ? -1 : 1);
            } else {
                return std::nullopt;
            }
        }
        if (pos != s.size() || hour > 23 || minute > 59 || second > 59) {
            return std::nullopt;
        }
    }
    const std::int64_t days = daysFromCivil(year, month, day);
    const TimeMs seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
    return seconds * 1000 + millis - offsetMs;
}

}  // namespace

std::optional<TimeMs> parseTime(const std::string& text)
{
    const std::string_view s = trimBlanks(text);
    if (allDigits(s)) {
        TimeMs value = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
        if (ec != std::errc{} || end != s.data() + s.size()) {
            return std::nullopt;
        }
        // Integers are milliseconds; from 1e15 on they are microseconds (Binance spot since 2025).
        constexpr TimeMs kMicrosecondsFrom = 1'000'000'000'000'000;
        return value >= kMicrosecondsFrom ? value / 1000 : value;
    }
    return parseIso(s);
}

std::string formatTimeIso(TimeMs time)
{
    constexpr TimeMs kDayMs = 86'400'000;
    // Floor division, so times before 1970 land on the right day.
    TimeMs days = time / kDayMs;
    TimeMs msOfDay = time % kDayMs;
    if (msOfDay < 0) {
        msOfDay += kDayMs;
        --days;
    }
    const Civil date = civilFromDays(days);
    const auto hour = static_cast<unsigned>(msOfDay / 3'600'000);
    const auto minute = static_cast<unsigned>(msOfDay / 60'000 % 60);
    const auto second = static_cast<unsigned>(msOfDay / 1000 % 60);
    const auto millis = static_cast<unsigned>(msOfDay % 1000);
    std::array<char, 64> buffer{};
    if (millis != 0) {
        std::snprintf(buffer.data(), buffer.size(), "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ",
                      static_cast<long long>(date.year), date.month, date.day, hour, minute, second, millis);
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%04lld-%02u-%02uT%02u:%02u:%02uZ",
                      static_cast<long long>(date.year), date.month, date.day, hour, minute, second);
    }
    return buffer.data();
}

TimeMs parseInterval(const std::string& text)
{
    if (text.size() < 2) {
        return 0;
    }
    const char unit = text.back();
    const std::string digits = text.substr(0, text.size() - 1);
    if (!std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
        digits.size() > 6) {
        return 0;
    }
    const TimeMs n = std::stoll(digits);
    switch (unit) {
    case 's': return n * 1000;
    case 'm': return n * 60'000;
    case 'h': return n * 3'600'000;
    case 'd': return n * 86'400'000;
    case 'w': return n * 7 * 86'400'000;
    default: return 0;
    }
}

std::string formatInterval(TimeMs ms)
{
    if (ms <= 0) {
        return "unknown";
    }
    constexpr std::array<std::pair<TimeMs, char>, 5> units{
        {{7 * 86'400'000LL, 'w'}, {86'400'000LL, 'd'}, {3'600'000LL, 'h'}, {60'000LL, 'm'}, {1000LL, 's'}}};
    for (const auto& [size, unit] : units) {
        if (ms % size == 0) {
            return std::to_string(ms / size) + unit;
        }
    }
    return std::to_string(ms) + "ms";
}

}  // namespace liqheat
