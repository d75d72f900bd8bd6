#pragma once

#include "liqheat/estimate/estimator.h"
#include "liqheat/liquidation/liquidation_price.h"

#include <cstddef>
#include <vector>

namespace liqheat {

/// A contiguous run of price buckets whose resting notional stands well above its surroundings.
struct Cluster {
    Side side = Side::Long;  ///< Long: longs liquidated if price falls here (below price)
    double priceLow = 0.0;   ///< lower edge of the lowest bucket
    double priceHigh = 0.0;  ///< upper edge of the highest bucket
    double peakPrice = 0.0;  ///< centre of the strongest bucket
    double peakUsd = 0.0;
    double totalUsd = 0.0;
    double distancePercent = 0.0;  ///< from the current price to the cluster's nearest edge
    double strength = 0.0;         ///< peak / local background
};

struct ClusterOptions {
    int backgroundRadius = 25;     ///< buckets each side for the local background (mean)
    double minStrength = 2.0;      ///< a bucket counts when value > minStrength x background
    double minShareOfPeak = 0.05;  ///< ...and > this share of the side's strongest bucket
    int maxGap = 1;                ///< empty buckets allowed inside one cluster
};

/// Clusters of both sides of the map, strongest (total notional) first. Longs are searched only
/// below the price, shorts only above.
std::vector<Cluster> findClusters(const LiquidationMap& map, const ClusterOptions& options = {});

/// When a cluster is big enough to plan around (stop advisor, signals). The "visible side" is that
/// side's notional within `rangePercent` of the map price (longs below it, shorts above). A cluster
/// is significant when its near edge lies within that range and either its total is at least
/// `minShareOfSide` of the visible side, or its strength (peak / local background) is at least
/// `minStrength` (a sharp spike in thin surroundings matters even when it is small overall).
struct SignificanceOptions {
    double rangePercent = 10.0;
    double minShareOfSide = 0.10;
    double minStrength = 8.0;
};

/// The notional of `side` in the buckets from the price out to `rangePercent` away (0 on an
/// empty or inconsistent map).
double visibleSideUsd(const LiquidationMap& map, Side side, double rangePercent);

/// `cluster.totalUsd / visibleSideUsd`, 0 when the side is empty.
double shareOfSide(const Cluster& cluster, double visibleSideUsd);

bool isSignificant(const Cluster& cluster, double visibleSideUsd, const SignificanceOptions& options = {});

/// The significant clusters among `clusters`, in their order.
std::vector<Cluster> significantClusters(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                                         const SignificanceOptions& options = {});

/// Checks what the analysis tools rely on: a positive finite price and bucket size, per-bucket
/// vectors of grid.count finite, non-negative values. An empty grid is valid (nothing rests).
Status checkLiquidationMap(const LiquidationMap& map);

}  // namespace liqheat
