#include "liqheat/analysis/tier_breakdown.h"

#include <algorithm>

namespace liqheat {
namespace {

void fillShares(std::vector<TierAmount>& out)
{
    double total = 0.0;
    for (const auto& t : out) {
        total += t.usd;
    }
    for (auto& t : out) {
        t.share = total > 0.0 ? t.usd / total : 0.0;
    }
}

}  // namespace

std::optional<TierAmount> dominantTier(const Cluster& cluster, const EstimateResult& estimate)
{
    const TierDetail& d = estimate.tiers;
    if (d.empty() || d.mapLongUsd.size() != d.leverage.size()) {
        return std::nullopt;
    }
    const PriceGrid& grid = estimate.map.grid;
    const int first = std::max(grid.indexOf(cluster.priceLow + 0.5 * grid.size), 0);
    const int last = std::min(grid.indexOf(cluster.priceHigh - 0.5 * grid.size), grid.count - 1);
    const auto& maps = cluster.side == Side::Long ? d.mapLongUsd : d.mapShortUsd;
    std::vector<TierAmount> amounts;
    for (std::size_t t = 0; t < d.leverage.size(); ++t) {
        TierAmount a{d.leverage[t], 0.0, 0.0};
        for (int b = first; b <= last; ++b) {
            a.usd += maps[t][static_cast<std::size_t>(b)];
        }
        amounts.push_back(a);
    }
    fillShares(amounts);
    const auto best = std::max_element(amounts.begin(), amounts.end(),
                                       [](const TierAmount& a, const TierAmount& b) { return a.usd < b.usd; });
    if (best == amounts.end() || !(best->usd > 0.0)) {
        return std::nullopt;
    }
    return *best;
}

std::vector<TierAmount> cellByTier(const EstimateResult& estimate, std::size_t column, int bucket, Side side,
                                   std::size_t* sampledColumn)
{
    std::vector<TierAmount> out;
    const TierDetail& d = estimate.tiers;
    const HeatmapGrid& h = estimate.heatmap;
    const std::size_t tiers = d.leverage.size();
    if (d.shareStride == 0 || tiers == 0 || column >= h.columns() || bucket < 0 || bucket >= h.grid.count) {
        return out;
    }
    const std::size_t kept = column / d.shareStride;
    const std::size_t buckets = static_cast<std::size_t>(h.grid.count);
    const auto& shares = side == Side::Long ? d.longShares : d.shortShares;
    const std::size_t at = (kept * buckets + static_cast<std::size_t>(bucket)) * tiers;
    if (at + tiers > shares.size()) {
        return out;
    }
    // The shares are of all tiers, but a layer view's cell holds only the visible ones: scale the
    // cell back to all tiers through the visible tiers' shares.
    const double cell = side == Side::Long ? h.longAt(column, bucket) : h.shortAt(column, bucket);
    double visibleShare = 0.0;
    for (std::size_t t = 0; t < tiers; ++t) {
        if (t >= d.visible.size() || d.visible[t]) {
            visibleShare += shares[at + t] / 255.0;
        }
    }
    const double allTiers = visibleShare > 0.0 ? cell / visibleShare : 0.0;
    for (std::size_t t = 0; t < tiers; ++t) {
        const double share = shares[at + t] / 255.0;
        out.push_back({d.leverage[t], share * allTiers, share});
    }
    if (sampledColumn != nullptr) {
        *sampledColumn = kept * d.shareStride;
    }
    return out;
}

std::vector<TierAmount> mapBucketByTier(const EstimateResult& estimate, int bucket, Side side)
{
    std::vector<TierAmount> out;
    const TierDetail& d = estimate.tiers;
    if (d.empty() || bucket < 0 || bucket >= estimate.map.grid.count) {
        return out;
    }
    const auto& maps = side == Side::Long ? d.mapLongUsd : d.mapShortUsd;
    for (std::size_t t = 0; t < d.leverage.size(); ++t) {
        out.push_back({d.leverage[t], maps[t][static_cast<std::size_t>(bucket)], 0.0});
    }
    fillShares(out);
    return out;
}

}  // namespace liqheat
