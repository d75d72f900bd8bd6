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

}  // namespace liqheat
