#include "liqheat/analysis/clusters.h"

#include <algorithm>
#include <cmath>
#include <string>

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
        prefix[static_cast<std::size_t>(j) + 1] =
            prefix[static_cast<std::size_t>(j)] + values[static_cast<std::size_t>(j)];
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

double visibleSideUsd(const LiquidationMap& map, Side side, double rangePercent)
{
    if (!checkLiquidationMap(map).ok() || map.grid.count == 0 || !(rangePercent >= 0.0)) {
        return 0.0;
    }
    const int last = map.grid.count - 1;
    const double r = std::min(rangePercent, 100.0) / 100.0;
    const std::vector<double>& values = side == Side::Long ? map.longUsd : map.shortUsd;
    // The same bucket range the `map` command calls "within range": from the price's bucket out.
    const int lo = side == Side::Long ? map.grid.indexOf(map.price * (1.0 - r)) : map.grid.indexOf(map.price);
    const int hi = side == Side::Long ? map.grid.indexOf(map.price) : map.grid.indexOf(map.price * (1.0 + r));
    double sum = 0.0;
    for (int b = std::max(lo, 0); b <= std::min(hi, last); ++b) {
        sum += values[static_cast<std::size_t>(b)];
    }
    return sum;
}

double shareOfSide(const Cluster& cluster, double sideUsd)
{
    return sideUsd > 0.0 && std::isfinite(sideUsd) ? cluster.totalUsd / sideUsd : 0.0;
}

bool isSignificant(const Cluster& cluster, double sideUsd, const SignificanceOptions& options)
{
    if (!(cluster.distancePercent <= options.rangePercent)) {
        return false;
    }
    return shareOfSide(cluster, sideUsd) >= options.minShareOfSide || cluster.strength >= options.minStrength;
}

std::vector<Cluster> significantClusters(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                                         const SignificanceOptions& options)
{
    const double longSide = visibleSideUsd(map, Side::Long, options.rangePercent);
    const double shortSide = visibleSideUsd(map, Side::Short, options.rangePercent);
    std::vector<Cluster> out;
    for (const auto& c : clusters) {
        if (isSignificant(c, c.side == Side::Long ? longSide : shortSide, options)) {
            out.push_back(c);
        }
    }
    return out;
}

Status checkLiquidationMap(const LiquidationMap& map)
{
    if (!std::isfinite(map.price) || map.price <= 0.0) {
        return makeError(Error::Code::InvalidData, "liquidation map: the price must be a positive number");
    }
    if (map.grid.count < 0 || !std::isfinite(map.grid.origin) || !std::isfinite(map.grid.size) ||
        map.grid.size <= 0.0) {
        return makeError(Error::Code::InvalidData, "liquidation map: the price grid is malformed");
    }
    const auto n = static_cast<std::size_t>(map.grid.count);
    if (map.longUsd.size() != n || map.shortUsd.size() != n) {
        return makeError(Error::Code::InvalidData, "liquidation map: long/short columns do not match the grid");
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!(map.longUsd[i] >= 0.0) || !(map.shortUsd[i] >= 0.0) || !std::isfinite(map.longUsd[i]) ||
            !std::isfinite(map.shortUsd[i])) {
            return makeError(Error::Code::InvalidData,
                             "liquidation map: bucket " + std::to_string(i) + " holds a negative or non-finite value");
        }
    }
    return {};
}

}  // namespace liqheat
