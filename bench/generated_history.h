#pragma once

// A generated 1-minute BTCUSDT-shaped history with volume and open interest, for benchmarks that
// need more candles than any fixture: seeded, so every run measures the same data.
#include "liqheat/io/snapshot.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace liqheat {

// The same walk as tests/tools/generate_year_snapshot.py (not bit-identical: another generator).
inline Snapshot generatedHistory(std::size_t rows)
{
    std::mt19937_64 rng(42);
    const double sigma = 0.001 * std::sqrt(60.0 / 300.0);
    std::normal_distribution<double> step(0.0, sigma);
    std::normal_distribution<double> volume(50.0, 20.0);
    std::normal_distribution<double> oiStep(0.0, 0.0005);
    auto round = [](double v, double scale) { return std::round(v * scale) / scale; };
    Snapshot s;
    MarketData& d = s.data;
    d.source = {{"binance"}, "BTCUSDT", 60'000};
    double price = 65'000;
    double oi = 100'000;
    for (std::size_t i = 0; i < rows; ++i) {
        const double open = price;
        price *= std::exp(step(rng));
        const double wick = std::abs(step(rng)) * price * 0.5;
        const TimeMs t = 1'672'531'200'000 + static_cast<TimeMs>(i) * 60'000;
        d.candles.time.push_back(t);
        d.candles.open.push_back(round(open, 10));
        d.candles.close.push_back(round(price, 10));
        d.candles.high.push_back(round(std::max(open, price) + wick + 0.1, 10));
        d.candles.low.push_back(round(std::min(open, price) - wick - 0.1, 10));
        d.candles.volume.push_back(round(std::abs(volume(rng)), 1000));
        oi = std::max(1'000.0, oi * (1.0 + oiStep(rng)));
        d.openInterest.time.push_back(t);
        d.openInterest.base.push_back(round(oi, 1000));
    }
    s.createdUtc = "2026-12-01T00:00:00Z";
    return s;
}

}  // namespace liqheat
