#include "liqheat/analysis/clusters.h"

#include <gtest/gtest.h>

using namespace liqheat;

namespace {

/// Flat background of 1 per bucket on both sides, price at 50.5 (bucket 50).
LiquidationMap flatMap()
{
    const PriceGrid grid{0.0, 1.0, 101};
    std::vector<double> longs(101, 0.0);
    std::vector<double> shorts(101, 0.0);
    for (int i = 0; i < 101; ++i) {
        (i < 50 ? longs : shorts)[static_cast<std::size_t>(i)] = 1.0;
    }
    return makeLiquidationMap(grid, 50.5, 0, longs, shorts);
}

}  // namespace

TEST(Clusters, FindsADenseRunAboveTheBackgroundOnEachSide)
{
    LiquidationMap m = flatMap();
    // Long cluster in buckets 40..42 (prices 40-43), short cluster at bucket 60 (60-61).
    m.longUsd[40] = 30;
    m.longUsd[41] = 50;
    m.longUsd[42] = 20;
    m.shortUsd[60] = 40;
    m = makeLiquidationMap(m.grid, m.price, 0, m.longUsd, m.shortUsd);
    const auto clusters = findClusters(m);
    ASSERT_EQ(clusters.size(), 2U);
    const Cluster& longC = clusters[0];  // 100 total beats 40
    EXPECT_EQ(longC.side, Side::Long);
    EXPECT_DOUBLE_EQ(longC.priceLow, 40.0);
    EXPECT_DOUBLE_EQ(longC.priceHigh, 43.0);
    EXPECT_DOUBLE_EQ(longC.peakPrice, 41.5);
    EXPECT_DOUBLE_EQ(longC.totalUsd, 100.0);
    EXPECT_NEAR(longC.distancePercent, (50.5 - 43.0) / 50.5 * 100.0, 1e-12);
    const Cluster& shortC = clusters[1];
    EXPECT_EQ(shortC.side, Side::Short);
    EXPECT_DOUBLE_EQ(shortC.priceLow, 60.0);
    EXPECT_DOUBLE_EQ(shortC.priceHigh, 61.0);
    EXPECT_NEAR(shortC.distancePercent, (60.0 - 50.5) / 50.5 * 100.0, 1e-12);
}

TEST(Clusters, UniformBackgroundHasNoClusters)
{
    EXPECT_TRUE(findClusters(flatMap()).empty());
    LiquidationMap empty =
        makeLiquidationMap(PriceGrid{0, 1, 10}, 5, 0, std::vector<double>(10, 0.0), std::vector<double>(10, 0.0));
    EXPECT_TRUE(findClusters(empty).empty());
}

TEST(Clusters, OneEmptyBucketDoesNotSplitACluster)
{
    LiquidationMap m = flatMap();
    m.shortUsd[70] = 40;
    m.shortUsd[71] = 0;
    m.shortUsd[72] = 40;
    m = makeLiquidationMap(m.grid, m.price, 0, m.longUsd, m.shortUsd);
    const auto clusters = findClusters(m);
    ASSERT_EQ(clusters.size(), 1U);
    EXPECT_DOUBLE_EQ(clusters[0].priceLow, 70.0);
    EXPECT_DOUBLE_EQ(clusters[0].priceHigh, 73.0);
}
