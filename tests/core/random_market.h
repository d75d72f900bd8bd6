#pragma once

// A seeded random walk of 5 minute candles with open interest that rises and falls: the market
// the estimator and calibration tests check their invariants on.

#include "liqheat/model/market_data.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace liqheat::test {

/// `n` candles from `start`, 5 minutes apart; the same seed gives the same market.
inline MarketData randomMarket(unsigned seed, int n, TimeMs start = 0)
{
    constexpr TimeMs kFiveMinutes = 300'000;
    std::mt19937 rng(seed);
    std::normal_distribution<double> step(0.0, 0.004);
    std::normal_distribution<double> oiStep(0.0, 0.01);
    MarketData d;
    d.source.intervalMs = kFiveMinutes;
    double price = 30'000;
    double oi = 1'000;
    for (int i = 0; i < n; ++i) {
        const double open = price;
        price *= std::exp(step(rng));
        const double wick = std::abs(step(rng)) * price;
        d.candles.time.push_back(start + i * kFiveMinutes);
        d.candles.open.push_back(open);
        d.candles.high.push_back(std::max(open, price) + wick);
        d.candles.low.push_back(std::min(open, price) - wick);
        d.candles.close.push_back(price);
        oi = std::max(10.0, oi * (1.0 + oiStep(rng)));
        d.openInterest.time.push_back(d.candles.time.back());
        d.openInterest.base.push_back(oi);
    }
    return d;
}

}  // namespace liqheat::test
