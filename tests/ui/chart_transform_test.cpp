#include "chart/chart_transform.h"
#include "text_format.h"

#include <gtest/gtest.h>

using namespace liqheat::ui;

namespace {
// Plot 1000 x 500 px at (50, 20); one day of time, prices 100..200.
const QRectF kPlot(50, 20, 1000, 500);
const ChartViewport kView{0.0, 86'400'000.0, 100.0, 200.0};
}  // namespace

TEST(ChartTransform, MapsCornersAndCentre)
{
    const ChartTransform t(kPlot, kView);
    EXPECT_DOUBLE_EQ(t.xForTime(0.0), 50.0);
    EXPECT_DOUBLE_EQ(t.xForTime(86'400'000.0), 1050.0);
    EXPECT_DOUBLE_EQ(t.xForTime(43'200'000.0), 550.0);
    EXPECT_DOUBLE_EQ(t.yForPrice(100.0), 520.0);  // low price at the bottom
    EXPECT_DOUBLE_EQ(t.yForPrice(200.0), 20.0);
    EXPECT_DOUBLE_EQ(t.yForPrice(150.0), 270.0);
}

TEST(ChartTransform, InverseMappingRoundTrips)
{
    const ChartTransform t(kPlot, kView);
    for (const double time : {0.0, 1.0, 12'345'678.0, 86'400'000.0}) {
        EXPECT_NEAR(t.timeForX(t.xForTime(time)), time, 1e-6);
    }
    for (const double price : {100.0, 137.25, 199.99}) {
        EXPECT_NEAR(t.priceForY(t.yForPrice(price)), price, 1e-9);
    }
    EXPECT_DOUBLE_EQ(t.priceForY(520.0), 100.0);
    EXPECT_DOUBLE_EQ(t.timeForX(300.0), 21'600'000.0);  // a quarter of the way
}

TEST(ChartTransform, ZoomKeepsTheAnchorInPlace)
{
    const ChartTransform before(kPlot, kView);
    const double anchor = 21'600'000.0;
    const ChartViewport zoomed = zoomTime(kView, 0.5, anchor);
    const ChartTransform after(kPlot, zoomed);
    EXPECT_DOUBLE_EQ(after.xForTime(anchor), before.xForTime(anchor));
    EXPECT_DOUBLE_EQ(zoomed.timeSpan(), kView.timeSpan() * 0.5);

    const ChartViewport priceZoomed = zoomPrice(kView, 2.0, 125.0);
    EXPECT_DOUBLE_EQ(ChartTransform(kPlot, priceZoomed).yForPrice(125.0), before.yForPrice(125.0));
    EXPECT_DOUBLE_EQ(priceZoomed.priceSpan(), 200.0);
}

TEST(ChartTransform, PanAndClamp)
{
    const ChartViewport moved = pan(kView, 3'600'000.0, -10.0);
    EXPECT_DOUBLE_EQ(moved.timeFrom, 3'600'000.0);
    EXPECT_DOUBLE_EQ(moved.priceLow, 90.0);
    EXPECT_DOUBLE_EQ(moved.priceHigh, 190.0);
    const ChartViewport tiny = clampViewport({0.0, 10.0, 100.0, 100.0001}, 1000.0, 1.0);
    EXPECT_DOUBLE_EQ(tiny.timeSpan(), 1000.0);
    EXPECT_NEAR(tiny.priceSpan(), 1.0, 1e-12);
    const ChartViewport negative = clampViewport({0.0, 1e6, -50.0, 50.0}, 1.0, 1.0);
    EXPECT_DOUBLE_EQ(negative.priceLow, 0.0);
    EXPECT_DOUBLE_EQ(negative.priceHigh, 100.0);
}

TEST(ChartTransform, NiceTicksAreRoundAndInside)
{
    EXPECT_EQ(niceTicks(0.0, 100.0, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
    EXPECT_EQ(niceTicks(61'234.0, 63'890.0, 6), (std::vector<double>{61'500, 62'000, 62'500, 63'000, 63'500}));
    EXPECT_TRUE(niceTicks(5.0, 5.0, 5).empty());
}

TEST(ChartTransform, TimeTicksAreOnUtcBoundaries)
{
    // 2026-06-02 00:00 UTC = 1780358400000 ms; a 12 h span with ~6 ticks gives 2 h steps.
    const double start = 1'780'358'400'000.0;
    const auto ticks = timeTicks(start + 1, start + 12 * 3'600'000.0, 6);
    ASSERT_FALSE(ticks.empty());
    EXPECT_DOUBLE_EQ(ticks.front().timeMs, start + 2 * 3'600'000.0);
    EXPECT_EQ(ticks.front().label, QStringLiteral("02:00"));
    const auto days = timeTicks(start - 1, start + 5 * 86'400'000.0, 6);
    ASSERT_FALSE(days.empty());
    EXPECT_EQ(days.front().label, QStringLiteral("Jun 2"));
    EXPECT_EQ(utcText(start), QStringLiteral("2026-06-02 00:00 UTC"));
}

TEST(ChartTransform, FormatUsd)
{
    EXPECT_EQ(usdText(950), QStringLiteral("950"));
    EXPECT_EQ(usdText(12'345), QStringLiteral("12k"));
    EXPECT_EQ(usdText(3'450'000), QStringLiteral("3.5M"));
    EXPECT_EQ(usdText(1.2e9), QStringLiteral("1.20B"));
}
