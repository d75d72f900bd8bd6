#pragma once

// Which leverage makes a level: the estimate's TierDetail read for a cluster, a heatmap cell or a
// bucket of the current map. The chart's tooltip and profile and the Clusters dock all ask here.

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"

#include <optional>
#include <vector>

namespace liqheat {

struct TierAmount {
    double leverage = 0.0;
    double usd = 0.0;
    double share = 0.0;  ///< of the level, 0..1
};

/// The tier holding most of a cluster's notional (from the final per-tier maps), or nothing when
/// the estimate has no tier detail.
std::optional<TierAmount> dominantTier(const Cluster& cluster, const EstimateResult& estimate);

/// One heatmap cell split by tier: the cell's notional on `side` times each tier's recorded share
/// (shares are kept for every TierDetail::shareStride-th column; the nearest kept column at or
/// before `column` stands in, `sampledColumn` says which). Empty without tier detail.
std::vector<TierAmount> cellByTier(const EstimateResult& estimate, std::size_t column, int bucket, Side side,
                                   std::size_t* sampledColumn = nullptr);

/// One bucket of the final map split by tier (exact).
std::vector<TierAmount> mapBucketByTier(const EstimateResult& estimate, int bucket, Side side);

}  // namespace liqheat
