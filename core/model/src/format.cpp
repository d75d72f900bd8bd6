#include "liqheat/model/format.h"

#include <cmath>
#include <cstdio>

namespace liqheat {

std::string formatFixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string formatGeneral(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string formatUsdCompact(double v)
{
    // The unit is chosen after rounding, so 999,999 reads "1.0M", not "1000k".
    const double a = std::abs(v);
    if (a >= 999.995e6) {
        return formatFixed(v / 1e9, 2) + "B";
    }
    if (a >= 999.5e3) {
        // Three significant digits are enough to compare levels; more is noise in an estimate.
        return formatFixed(v / 1e6, a >= 99.95e6 ? 0 : 1) + "M";
    }
    if (a >= 999.5) {
        return formatFixed(v / 1e3, 0) + "k";
    }
    return formatFixed(v, 0);
}

std::string formatUsd(double v) { return formatUsdCompact(v) + " USD"; }

std::string formatPrice(double v)
{
    std::string s = formatFixed(v, 2);
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

std::string formatPercent(double percent, int decimals) { return formatFixed(percent, decimals) + " %"; }

std::string formatUtcMinute(TimeMs time)
{
    // Whole minutes, floored (also before 1970).
    constexpr TimeMs kMinute = 60'000;
    TimeMs minutes = time / kMinute;
    if (time % kMinute < 0) {
        --minutes;
    }
    const std::string iso = formatTimeIso(minutes * kMinute);  // "2026-06-07T22:00:00Z"
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

namespace {

/// Length of the well-formed UTF-8 sequence starting at `i` (RFC 3629: no overlongs, no
/// surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + length > s.size() || byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
            return 0;
        }
    }
    return length;
}

}  // namespace

std::string printableText(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const auto ch = static_cast<unsigned char>(bytes[i]);
        if (ch >= 0x20 && ch < 0x7F) {
            out += static_cast<char>(ch);
            ++i;
            continue;
        }
        if (const std::size_t length = ch >= 0x80 ? utf8SequenceLength(bytes, i) : 0; length > 0) {
            out.append(bytes.substr(i, length));
            i += length;
            continue;
        }
        constexpr char kHex[] = "0123456789ABCDEF";
        out += "\\x";
        out += kHex[ch >> 4];
        out += kHex[ch & 0xF];
        ++i;
    }
    return out;
}

}  // namespace liqheat
