// Estimator throughput on synthetic random walks with the shape of real BTC data.
#include "liqheat/estimate/estimator.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

using namespace liqheat;

namespace {

MarketData randomWalk(std::size_t candles, TimeMs interval)
{
    std::mt19937 rng(42);
    // About 0.1 % per 5 minutes, like BTC; scaled with sqrt(time) for other intervals.
    const double sigma = 0.001 * std::sqrt(static_cast<double>(interval) / 300'000.0);
    std::normal_distribution<double> step(0.0, sigma);
    std::normal_distribution<double> oiStep(0.0, 0.002);
    MarketData d;
    d.source.intervalMs = interval;
    double price = 65'000;
    double oi = 100'000;
    for (std::size_t i = 0; i < candles; ++i) {
        const double open = price;
        price *= std::exp(step(rng));
        const double wick = std::abs(step(rng)) * price * 0.5;
        d.candles.time.push_back(static_cast<TimeMs>(i) * interval);
        d.candles.open.push_back(open);
        d.candles.high.push_back(std::max(open, price) + wick);
        d.candles.low.push_back(std::min(open, price) - wick);
        d.candles.close.push_back(price);
        oi = std::max(1'000.0, oi * (1.0 + oiStep(rng)));
        d.openInterest.time.push_back(static_cast<TimeMs>(i) * interval);
        d.openInterest.base.push_back(oi);
    }
    return d;
}

/// Bucket size that gives about `buckets` buckets for the balanced preset on this data.
double bucketFor(const MarketData& d, int buckets)
{
    ModelSettings s;
    s.bucketSize = 1.0;
    EstimateOptions probe;
    probe.maxBuckets = 100'000'000;
    probe.maxColumns = 1;
    const auto r = estimate(d, s, probe);
    return r ? r->heatmap.grid.count / static_cast<double>(buckets) : 100.0;
}

}  // namespace

// DESIGN.md 8: 7 days of 5m candles x 1,000 buckets in well under 10 ms.
static void BM_Estimate7Days5m1000Buckets(benchmark::State& state)
{
    const MarketData d = randomWalk(7 * 288, 300'000);
    ModelSettings s;
    s.bucketSize = bucketFor(d, 1000);
    for (auto _ : state) {
        auto r = estimate(d, s);
        benchmark::DoNotOptimize(r);
        state.counters["buckets"] = r->heatmap.grid.count;
        state.counters["columns"] = static_cast<double>(r->heatmap.columns());
    }
}
BENCHMARK(BM_Estimate7Days5m1000Buckets)->Unit(benchmark::kMillisecond);

// DESIGN.md 8: one year of 1m candles in under 1 s with bounded memory (columns capped).
static void BM_EstimateOneYear1mCapped(benchmark::State& state)
{
    const MarketData d = randomWalk(365 * 1440, 60'000);
    ModelSettings s;
    s.bucketSize = bucketFor(d, 1000);
    EstimateOptions options;
    options.maxColumns = 4096;
    for (auto _ : state) {
        auto r = estimate(d, s, options);
        benchmark::DoNotOptimize(r);
        state.counters["buckets"] = r->heatmap.grid.count;
        state.counters["grid_MB"] =
            static_cast<double>((r->heatmap.longUsd.size() + r->heatmap.shortUsd.size()) * sizeof(float)) / 1e6;
    }
}
BENCHMARK(BM_EstimateOneYear1mCapped)->Unit(benchmark::kMillisecond)->Iterations(3);

// The default spreads entries over 5 points of each candle; one point at the typical price is
// the cheaper alternative.
static void BM_Estimate7Days5mSingleEntry(benchmark::State& state)
{
    const MarketData d = randomWalk(7 * 288, 300'000);
    ModelSettings s;
    s.bucketSize = bucketFor(d, 1000);
    s.entry = EntryPlacement::Typical;
    for (auto _ : state) {
        auto r = estimate(d, s);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_Estimate7Days5mSingleEntry)->Unit(benchmark::kMillisecond);

namespace {

/// The first `n` candles (and their open interest) of `d`.
MarketData prefix(const MarketData& d, std::size_t n)
{
    MarketData out = d;
    for (auto* v :
         {&out.candles.open, &out.candles.high, &out.candles.low, &out.candles.close, &out.openInterest.base}) {
        v->resize(n);
    }
    out.candles.time.resize(n);
    out.openInterest.time.resize(n);
    return out;
}

}  // namespace

// A live refresh: a week of 5m candles gains 3 new ones. Full run on the same grid vs resuming
// from the previous estimate's checkpoint.
static void BM_RefreshWeek5mFull(benchmark::State& state)
{
    const MarketData all = randomWalk(7 * 288 + 3, 300'000);
    const MarketData week = prefix(all, 7 * 288);
    const ModelSettings s;
    const auto previous = estimate(week, s);
    EstimateOptions options;
    options.grid = previous->heatmap.grid;
    for (auto _ : state) {
        auto r = estimate(all, s, options);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_RefreshWeek5mFull)->Unit(benchmark::kMillisecond);

static void BM_RefreshWeek5mIncremental(benchmark::State& state)
{
    const MarketData all = randomWalk(7 * 288 + 3, 300'000);
    const MarketData week = prefix(all, 7 * 288);
    const ModelSettings s;
    const auto previous = estimate(week, s);
    bool resumed = false;
    for (auto _ : state) {
        auto r = estimateIncremental(all, s, *previous, {}, &resumed);
        benchmark::DoNotOptimize(r);
    }
    state.counters["resumed"] = resumed ? 1.0 : 0.0;
}
BENCHMARK(BM_RefreshWeek5mIncremental)->Unit(benchmark::kMillisecond);
