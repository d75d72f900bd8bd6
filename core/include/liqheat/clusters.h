#pragma once

#include "liqheat/estimator.h"
#include "liqheat/liquidation_price.h"

#include <cstddef>
#include <vector>

namespace liqheat {

/// A contiguous run of price buckets whose resting notional stands well above its surroundings.
struct Cluster {
    Side side = Side::Long;      ///< Long: longs liquidated if price falls here (below price)
    double priceLow = 0.0;       ///< lower edge of the lowest bucket
    double priceHigh = 0.0;      ///< upper edge of the highest bucket
    double peakPrice = 0.0;      ///< centre of the strongest bucket
    double peakUsd = 0.0;
    double totalUsd = 0.0;
    double distancePercent = 0.0;  ///< from the current price to the cluster's nearest edge
    double strength = 0.0;         ///< peak / local background
};

struct ClusterOptions {
    int backgroundRadius = 25;      ///< buckets each side for the local background (mean)
    double minStrength = 2.0;       ///< a bucket counts when value > minStrength x background
    double minShareOfPeak = 0.05;   ///< ...and > this share of the side's strongest bucket
    int maxGap = 1;                 ///< empty buckets allowed inside one cluster
};

/// Clusters of both sides of the map, strongest (total notional) first. Longs are searched only
/// below the price, shorts only above.
std::vector<Cluster> findClusters(const LiquidationMap& map, const ClusterOptions& options = {});

}  // namespace liqheat
