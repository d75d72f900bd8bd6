#include "liqheat/clusters.h"

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

void findSide(const LiquidationMap& map, Side side, const ClusterOptions& options, std::vector<Cluster>& out)
{
    const PriceGrid& grid = map.grid;
    const std::vector<double>& values = side == Side::Long ? map.longUsd : map.shortUsd;
    const int n = static_cast<int>(values.size());
    if (n == 0) {
        return;
    }
    const double peak = *std::max_element(values.begin(), values.end());
    if (!(peak > 0.0)) {
        return;
    }

    // Local background: the mean over a window, from a prefix sum so it costs O(n).
    std::vector<double> prefix(static_cast<std::size_t>(n) + 1, 0.0);
    for (int j = 0; j < n; ++j) {
        prefix[static_cast<std::size_t>(j) + 1] = prefix[static_cast<std::size_t>(j)] + values[static_cast<std::size_t>(j)];
    }
    auto background = [&](int j) {
        const int a = std::max(0, j - options.backgroundRadius);
        const int b = std::min(n - 1, j + options.backgroundRadius);
        return (prefix[static_cast<std::size_t>(b) + 1] - prefix[static_cast<std::size_t>(a)]) / (b - a + 1);
    };
    auto significant = [&](int j) {
        const double v = values[static_cast<std::size_t>(j)];
        return v > options.minShareOfPeak * peak && v > options.minStrength * background(j);
    };

    int j = 0;
    while (j < n) {
        if (!significant(j)) {
            ++j;
            continue;
        }
        Cluster c;
        c.side = side;
        int first = j;
        int last = j;
        int k = j + 1;
        while (k < n && k - last <= options.maxGap + 1) {
            if (significant(k)) {
                last = k;
            }
            ++k;
        }
        int peakAt = first;
        for (int m = first; m <= last; ++m) {
            const double v = values[static_cast<std::size_t>(m)];
            c.totalUsd += v;
            if (v > values[static_cast<std::size_t>(peakAt)]) {
                peakAt = m;
            }
        }
        c.priceLow = grid.lower(first);
        c.priceHigh = grid.upper(last);
        c.peakPrice = grid.center(peakAt);
        c.peakUsd = values[static_cast<std::size_t>(peakAt)];
        c.strength = c.peakUsd / std::max(background(peakAt), 1e-12);
        const double edge = side == Side::Long ? c.priceHigh : c.priceLow;
        c.distancePercent = std::abs(edge - map.price) / map.price * 100.0;
        out.push_back(c);
        j = last + 1;
    }
}

}  // namespace

std::vector<Cluster> findClusters(const LiquidationMap& map, const ClusterOptions& options)
{
    std::vector<Cluster> clusters;
    findSide(map, Side::Long, options, clusters);
    findSide(map, Side::Short, options, clusters);
    std::sort(clusters.begin(), clusters.end(),
              [](const Cluster& a, const Cluster& b) { return a.totalUsd > b.totalUsd; });
    return clusters;
}

}  // namespace liqheat
