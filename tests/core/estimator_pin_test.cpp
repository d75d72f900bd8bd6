// Regression pin for the estimator's speed work (issue 13): every output of a few representative
// estimates, hashed bit for bit. The expected hashes are NOT values derived from a formula: they
// were captured from the estimator as it was at commit 78ccea0 (main, before the optimisation of
// issue 13) to pin that behaviour, so that faster code provably gives the very same heatmap cells,
// sweep series, near-price series, map, flows and tier detail. A change to the model itself must
// update them deliberately (and say why in its commit).
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace liqheat;

namespace {

/// FNV-1a over 64-bit words, order-sensitive.
class BitHash {
public:
    void word(std::uint64_t w)
    {
        for (int k = 0; k < 8; ++k) {
            m_h = (m_h ^ ((w >> (8 * k)) & 0xffu)) * 0x100000001b3ULL;
        }
    }
    void value(double x) { word(std::bit_cast<std::uint64_t>(x)); }
    void value(float x) { word(std::bit_cast<std::uint32_t>(x)); }
    template <typename T>
    void values(const std::vector<T>& v)
    {
        word(v.size());
        for (const T& x : v) {
            if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
                value(x);
            } else {
                word(static_cast<std::uint64_t>(x));
            }
        }
    }
    void grid(const PriceGrid& g)
    {
        value(g.origin);
        value(g.size);
        word(static_cast<std::uint64_t>(g.count));
    }
    void map(const LiquidationMap& m)
    {
        grid(m.grid);
        value(m.price);
        word(static_cast<std::uint64_t>(m.time));
        values(m.longUsd);
        values(m.shortUsd);
        values(m.cumulativeLong);
        values(m.cumulativeShort);
        value(m.totalLongUsd);
        value(m.totalShortUsd);
    }
    void flow(const FlowTotals& f)
    {
        for (const double x : {f.opened, f.swept, f.closed, f.decayed, f.resting, f.outsideGrid}) {
            value(x);
        }
    }
    [[nodiscard]] std::uint64_t get() const { return m_h; }

private:
    std::uint64_t m_h = 0xcbf29ce484222325ULL;
};

std::uint64_t hashOf(const EstimateResult& r)
{
    BitHash h;
    h.grid(r.heatmap.grid);
    h.values(r.heatmap.columnTime);
    h.values(r.heatmap.columnCandle);
    h.values(r.heatmap.longUsd);
    h.values(r.heatmap.shortUsd);
    h.values(r.sweep.time);
    h.values(r.sweep.longUsd);
    h.values(r.sweep.shortUsd);
    h.value(r.nearPrice.rangePercent);
    h.values(r.nearPrice.time);
    h.values(r.nearPrice.usd);
    h.map(r.map);
    h.word(r.visibleMap.has_value() ? 1 : 0);
    if (r.visibleMap) {
        h.map(*r.visibleMap);
    }
    h.values(r.tiers.leverage);
    h.values(r.tiers.visible);
    for (const auto& v : r.tiers.mapLongUsd) {
        h.values(v);
    }
    for (const auto& v : r.tiers.mapShortUsd) {
        h.values(v);
    }
    h.values(r.tiers.longShares);
    h.values(r.tiers.shortShares);
    h.word(r.tiers.shareStride);
    h.flow(r.longFlow);
    h.flow(r.shortFlow);
    h.value(r.bucketSize);
    return h.get();
}

/// A random walk from a fixed-formula generator (splitmix64; no std distributions, whose output
/// differs between standard libraries), with open interest every candle and hours of gaps in it.
MarketData generated(std::size_t n, TimeMs interval)
{
    std::uint64_t s = 0x9e3779b97f4a7c15ULL;
    auto uniform = [&s] {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) / 9007199254740992.0;  // [0, 1)
    };
    MarketData d;
    d.source.intervalMs = interval;
    double price = 65'000.0;
    double oi = 100'000.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double open = price;
        price *= 1.0 + 0.004 * (uniform() - 0.5);
        const double wick = 0.001 * uniform() * price;
        const auto t = static_cast<TimeMs>(i) * interval;
        d.candles.time.push_back(t);
        d.candles.open.push_back(open);
        d.candles.high.push_back(std::max(open, price) + wick);
        d.candles.low.push_back(std::min(open, price) - wick);
        d.candles.close.push_back(price);
        d.candles.volume.push_back(1.0);
        oi = std::max(1'000.0, oi * (1.0 + 0.008 * (uniform() - 0.5)));
        if (i % 97 < 90) {
            d.openInterest.time.push_back(t);
            d.openInterest.base.push_back(oi);
        }
    }
    return d;
}

std::string hex(std::uint64_t h)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void expectPinned(const MarketData& data, const ModelSettings& settings, const EstimateOptions& options,
                  std::uint64_t pinned)
{
    auto r = estimate(data, settings, options);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(hex(hashOf(*r)), hex(pinned));
}

}  // namespace

TEST(EstimatorPin, BundledSampleDefaultModel)
{
    auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    expectPinned(snapshot->data, ModelSettings{}, {}, 0x91636cb78b0544d5ULL);
}

TEST(EstimatorPin, BundledSampleSnapshotModelCappedColumnsAndTierDetail)
{
    auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    EstimateOptions options;
    options.maxColumns = 300;
    options.tierDetail = true;
    expectPinned(snapshot->data, snapshot->model, options, 0x1172df726207cf2aULL);
}

TEST(EstimatorPin, GeneratedSeriesSpreadWithDecay)
{
    const MarketData d = generated(6000, 60'000);
    ModelSettings s;
    s.decayHalfLifeHours = 6.0;
    EstimateOptions options;
    options.maxColumns = 1000;
    expectPinned(d, s, options, 0x5d5ed02ae8ee4162ULL);
}

TEST(EstimatorPin, GeneratedSeriesTypicalEntryVisibleTiers)
{
    const MarketData d = generated(3000, 300'000);
    ModelSettings s;
    s.entry = EntryPlacement::Typical;
    s.bucketSize = 25.0;
    EstimateOptions options;
    options.visibleTiers = std::vector<bool>(s.effectiveTiers().size(), true);
    options.visibleTiers->front() = false;
    expectPinned(d, s, options, 0x8a0187432ffa94eeULL);
}

TEST(EstimatorPin, GeneratedSeriesCloseAndForcedGrid)
{
    const MarketData d = generated(4000, 60'000);
    ModelSettings s;
    s.entry = EntryPlacement::Close;
    EstimateOptions options;
    options.grid = PriceGrid{60'000.0, 10.0, 1500};  // part of the levels fall beyond it
    options.maxColumns = 777;
    expectPinned(d, s, options, 0xa8063e4d3a94bfd9ULL);
}

TEST(EstimatorPin, GeneratedSeriesIssue16OptionsOn)
{
    const MarketData d = generated(3000, 300'000);
    ModelSettings s;
    s.closeWinnersFirst = 0.7;
    s.entry = EntryPlacement::Profile;
    EstimateOptions options;
    options.maxColumns = 500;
    expectPinned(d, s, options, 0x9cae680d926dfa8fULL);
}
