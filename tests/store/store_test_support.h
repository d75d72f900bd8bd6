#pragma once

// Helpers of the store tests: a temporary folder and markets built from formulas.

#include "liqheat/model/market_data.h"

#include "../support/temp_dir.h"

#include <filesystem>
#include <string>

namespace liqheat::test {

inline constexpr TimeMs kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
inline constexpr TimeMs kFiveMinutes = 300'000;

/// Candles i in [first, last) of a 5m market, each value a formula of i (so any row can be checked).
inline double openOf(int i) { return 40'000.0 + i * 1.5; }

inline MarketData candlesBetween(int first, int last)
{
    MarketData data;
    data.source.exchanges = {"binance"};
    data.source.symbol = "BTCUSDT";
    data.source.intervalMs = kFiveMinutes;
    for (int i = first; i < last; ++i) {
        auto& c = data.candles;
        c.time.push_back(kStart + i * kFiveMinutes);
        c.open.push_back(openOf(i));
        c.high.push_back(openOf(i) + 10.0);
        c.low.push_back(openOf(i) - 10.0);
        c.close.push_back(openOf(i) + 2.0);
        c.volume.push_back(1.0 + i * 0.25);
    }
    return data;
}

}  // namespace liqheat::test
