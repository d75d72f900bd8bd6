#pragma once

// Small helpers the trader tools (stop advisor, sizer, signals, cascade) share for their errors
// and their human-readable notes. Internal to liqheat_core.

#include "liqheat/result.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace liqheat::detail {

inline Error invalid(const std::string& message) { return makeError(Error::Code::InvalidArgument, message); }

/// `v` with exactly `decimals` decimals.
inline std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// A USD amount for a sentence: "1.23B USD", "4.5M USD", "12k USD", "950 USD".
inline std::string usd(double v)
{
    const double a = std::abs(v);
    if (a >= 1e9) {
        return fixed(v / 1e9, 2) + "B USD";
    }
    if (a >= 1e6) {
        return fixed(v / 1e6, 1) + "M USD";
    }
    if (a >= 1e3) {
        return fixed(v / 1e3, 0) + "k USD";
    }
    return fixed(v, 0) + " USD";
}

}  // namespace liqheat::detail
