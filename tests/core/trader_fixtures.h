#pragma once

// Small hand-checkable inputs shared by the trader tool tests (stop advisor, trade plan).

#include "liqheat/analysis/stop_advisor.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace liqheat::fixtures {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline bool contains(const std::vector<std::string>& lines, const std::string& part)
{
    for (const auto& l : lines) {
        if (l.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

/// BTC-like map: buckets of 100 from 30,000 to 50,000, price 43,500 (bucket 135). 10k USD rests
/// in every bucket on each side; a 5M long cluster at 40,000-40,100 (bucket 100) and a 5M short
/// cluster at 46,000-46,100 (bucket 160). Extra long buckets can be added.
inline LiquidationMap btcMap(const std::vector<std::pair<int, double>>& extraLongs = {})
{
    const PriceGrid grid{30'000.0, 100.0, 200};
    std::vector<double> longs(200, 0.0);
    std::vector<double> shorts(200, 0.0);
    for (int b = 0; b < 200; ++b) {
        if (b < 135) {
            longs[static_cast<std::size_t>(b)] = 10'000.0;
        } else if (b > 135) {
            shorts[static_cast<std::size_t>(b)] = 10'000.0;
        }
    }
    longs[100] = 5e6;
    shorts[160] = 5e6;
    for (const auto& [b, usd] : extraLongs) {
        longs[static_cast<std::size_t>(b)] = usd;
    }
    return makeLiquidationMap(grid, 43'500.0, 0, longs, shorts);
}

inline StopRequest stopRequest(Side side, double entry, StopBuffer buffer)
{
    StopRequest r;
    r.side = side;
    r.entryPrice = entry;
    r.buffer = buffer;
    return r;
}

inline StopBuffer ticks(double count, double tick)
{
    StopBuffer b;
    b.mode = BufferMode::Ticks;
    b.ticks = count;
    b.tickSize = tick;
    return b;
}

inline StopBuffer percent(double p, double tick = 0.0)
{
    StopBuffer b;
    b.mode = BufferMode::Percent;
    b.percent = p;
    b.tickSize = tick;
    return b;
}

inline StopBuffer atr(double k, double value)
{
    StopBuffer b;
    b.mode = BufferMode::Atr;
    b.atrMultiple = k;
    b.atr = value;
    return b;
}

}  // namespace liqheat::fixtures
