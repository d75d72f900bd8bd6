// Time panes: funding bars, long/short ratios, estimated vs realized liquidations on one scale;
// notes for absent series, aggregation into realized intervals, time-range following, the main
// chart's time grid, and real drawing.
#include "chart/chart_transform.h"
#include "panes/funding_pane.h"
#include "panes/liquidation_strip_pane.h"
#include "panes/open_interest_pane.h"
#include "panes/pane_colors.h"
#include "panes/ratio_pane.h"
#include "panes/rsi_pane.h"
#include "panes/step_path.h"
#include "panes/time_panes.h"

#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <QAbstractSeries>
#include <QChart>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QValueAxis>

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace liqheat::ui {
namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kT0 = 1'717'200'000'000;  // 2024-06-01 00:00 UTC

ValueSeries threeFundingPoints() { return {{kT0, kT0 + 8 * kHour, kT0 + 16 * kHour}, {0.0001, -0.00025, 0.0003}}; }

/// Shows the widget at the size and lets the chart lay out, then grabs it.
QImage render(QWidget& widget, int width = 600, int height = 120)
{
    widget.resize(width, height);
    widget.show();
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
    }
    return widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

/// Pixels within a small distance of `color` (the interior of a filled bar is exact).
int pixelsNear(const QImage& image, const QColor& color)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                    std::abs(c.blue() - color.blue()) <
                12) {
                ++count;
            }
        }
    }
    return count;
}

int pixelsDifferentFrom(const QImage& image, const QColor& background)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            count += image.pixelColor(x, y) != background ? 1 : 0;
        }
    }
    return count;
}

const MarketData& sampleData()
{
    static const MarketData data = [] {
        auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
        EXPECT_TRUE(snapshot.ok()) << (snapshot.ok() ? std::string() : snapshot.error().message);
        return snapshot.ok() ? snapshot->data : MarketData{};
    }();
    return data;
}

// --- FundingPane -------------------------------------------------------------------------------

TEST(FundingPane, ShowsEveryFundingValue)
{
    FundingPane pane;
    const ValueSeries funding = threeFundingPoints();
    pane.setFunding(funding);

    const QList<QPointF> points = pane.fundingPoints();
    ASSERT_EQ(points.size(), 3);
    for (qsizetype i = 0; i < points.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        EXPECT_EQ(static_cast<TimeMs>(points[i].x()), funding.time[k]);
        EXPECT_DOUBLE_EQ(points[i].y(), funding.value[k]);
    }
    EXPECT_FALSE(pane.showsNotInSnapshot());
    // Percent axis spans both signs.
    EXPECT_LT(pane.valueAxis()->min(), -0.025);
    EXPECT_GT(pane.valueAxis()->max(), 0.03);
    EXPECT_EQ(pane.valueAxis()->labelFormat(), QStringLiteral("%.3f%%"));
}

TEST(FundingPane, AbsentSeriesShowsNote)
{
    FundingPane pane;
    pane.setFunding(threeFundingPoints());
    pane.setFunding({});
    EXPECT_TRUE(pane.showsNotInSnapshot());
    EXPECT_TRUE(pane.fundingPoints().isEmpty());
    EXPECT_EQ(pane.messageText(), QStringLiteral("Funding rate: not in this snapshot"));
}

TEST(FundingPane, ShowsBundledSampleFunding)
{
    const MarketData& data = sampleData();
    ASSERT_FALSE(data.fundingRate.empty());
    TimePanes panes;
    QElapsedTimer timer;
    timer.start();
    panes.setMarketData(std::make_shared<const MarketData>(data));
    const QList<QPointF> points = panes.fundingPane()->fundingPoints();
    ASSERT_EQ(static_cast<std::size_t>(points.size()), data.fundingRate.size());
    EXPECT_DOUBLE_EQ(points.front().y(), data.fundingRate.value.front());
    EXPECT_EQ(static_cast<TimeMs>(points.front().x()), data.fundingRate.time.front());
    EXPECT_FALSE(panes.fundingPane()->showsNotInSnapshot());
    // The sample has no long/short ratio but has realized liquidations.
    EXPECT_EQ(panes.ratioPane()->showsNotInSnapshot(), data.longShortRatio.empty());
    EXPECT_EQ(panes.liquidationPane()->showsNotInSnapshot(), data.liquidations.empty());
    // Until the chart reports a view, the panes line up on the candles.
    EXPECT_EQ(panes.fundingPane()->timeRange().first, data.candles.time.front());
    EXPECT_LT(timer.elapsed(), 2000);
}

TEST(FundingPane, DrawsBarsInPaletteColours)
{
    FundingPane pane;
    pane.setFunding(threeFundingPoints());
    const QImage image = render(pane);
    const PaneThemeColors theme = paneThemeColors(Theme::Dark);
    EXPECT_GT(pixelsDifferentFrom(image, theme.background), 500);
    EXPECT_GT(pixelsNear(image, fundingPositiveColor(Palette::RedGreen)), 200);
    EXPECT_GT(pixelsNear(image, fundingNegativeColor(Palette::RedGreen)), 200);

    pane.setPalette(Palette::ColorBlind);
    const QImage recoloured = render(pane);
    EXPECT_GT(pixelsNear(recoloured, fundingPositiveColor(Palette::ColorBlind)), 200);
    EXPECT_EQ(pixelsNear(recoloured, fundingPositiveColor(Palette::RedGreen)), 0);
}

TEST(FundingPane, LightThemeRepaintsBackground)
{
    FundingPane pane;
    pane.setFunding(threeFundingPoints());
    pane.setTheme(Theme::Light);
    const QImage image = render(pane);
    EXPECT_EQ(image.pixelColor(image.width() - 2, 2), paneThemeColors(Theme::Light).background);
    EXPECT_GT(pixelsNear(image, fundingPositiveColor(Palette::RedGreen)), 200);
}

// --- RatioPane ---------------------------------------------------------------------------------

TEST(RatioPane, ShowsRatioWithReferenceInRange)
{
    RatioPane pane;
    pane.setRatio({{kT0, kT0 + kHour, kT0 + 2 * kHour}, {1.4, 1.8, 2.1}});
    EXPECT_EQ(pane.pointCount(), 3);
    EXPECT_FALSE(pane.showsNotInSnapshot());
    EXPECT_LE(pane.valueAxis()->min(), 1.0);  // the 1.0 reference stays visible
    EXPECT_GE(pane.valueAxis()->max(), 2.1);

    const QImage image = render(pane);
    EXPECT_GT(pixelsNear(image, paneThemeColors(Theme::Dark).accentLine), 50);
}

TEST(RatioPane, AbsentSeriesShowsNote)
{
    RatioPane pane;
    pane.setRatio({});
    EXPECT_TRUE(pane.showsNotInSnapshot());
    EXPECT_EQ(pane.messageText(), QStringLiteral("Long/short ratio: not in this snapshot"));
    EXPECT_EQ(pane.pointCount(), 0);
}

// --- LiquidationStripPane ----------------------------------------------------------------------

TEST(LiquidationStripPane, AggregatesEstimateIntoRealizedIntervals)
{
    // 5-minute candles from 00:00 to 01:25; 30-minute realized intervals at 00:00, 00:30, 01:30
    // (01:00 missing), plus one before the data.
    std::vector<TimeMs> t;
    std::vector<double> v;
    for (int i = 0; i < 18; ++i) {
        t.push_back(kT0 + i * 5 * kMinute);
        v.push_back(i + 1.0);  // 1..18
    }
    const std::vector<TimeMs> starts{kT0 - 30 * kMinute, kT0, kT0 + 30 * kMinute, kT0 + 90 * kMinute};
    const std::vector<double> sums = LiquidationStripPane::aggregateToIntervals(t, v, starts, 30 * kMinute);
    ASSERT_EQ(sums.size(), 4U);
    EXPECT_DOUBLE_EQ(sums[0], 0.0);                       // before the data
    EXPECT_DOUBLE_EQ(sums[1], 1 + 2 + 3 + 4 + 5 + 6);     // 00:00..00:25 = 21
    EXPECT_DOUBLE_EQ(sums[2], 7 + 8 + 9 + 10 + 11 + 12);  // 00:30..00:55 = 57
    EXPECT_DOUBLE_EQ(sums[3], 0.0);                       // 01:30: after the last candle (01:25)

    // The end of an interval is exclusive: a candle at exactly start + interval belongs to the next.
    const std::vector<double> edge =
        LiquidationStripPane::aggregateToIntervals({0, 10, 20}, {1.0, 2.0, 4.0}, {0, 10}, 10);
    EXPECT_EQ(edge, (std::vector<double>{1.0, 2.0}));
}

TEST(LiquidationStripPane, IntervalGridIsAnchoredToRealizedTimes)
{
    const std::vector<TimeMs> grid = LiquidationStripPane::intervalGrid(1000, 30, 950, 1070);
    EXPECT_EQ(grid, (std::vector<TimeMs>{940, 970, 1000, 1030, 1060}));
    EXPECT_TRUE(LiquidationStripPane::intervalGrid(0, 0, 0, 10).empty());
}

TEST(LiquidationStripPane, ShowsEstimateBesideRealized)
{
    LiquidationSeries realized;
    realized.time = {kT0, kT0 + 30 * kMinute};
    realized.longUsd = {5e6, 0.0};
    realized.shortUsd = {1e6, 8e6};
    realized.intervalMs = 30 * kMinute;

    SweepSeries sweep;
    for (int i = 0; i < 12; ++i) {
        sweep.time.push_back(kT0 + i * 5 * kMinute);
        sweep.longUsd.push_back(i < 6 ? 1e5 : 0.0);
        sweep.shortUsd.push_back(i < 6 ? 0.0 : 2e5);
    }

    LiquidationStripPane pane;
    pane.setRealized(realized, 30 * kMinute, 5 * kMinute);
    EXPECT_TRUE(pane.showsNothingEstimated());
    EXPECT_FALSE(pane.showsNotInSnapshot());
    EXPECT_FALSE(pane.showsRealized());

    pane.setEstimate(sweep);
    EXPECT_FALSE(pane.showsNothingEstimated());
    EXPECT_TRUE(pane.showsRealized());
    EXPECT_EQ(pane.estimatedPointCount(), 2);  // two 30-minute intervals
    EXPECT_EQ(pane.estimatedBarMs(), 30 * kMinute);
    EXPECT_EQ(pane.realizedPointCount(), 2);
    const auto* legend = pane.findChild<QLabel*>(QStringLiteral("liquidationStripPaneCornerNote"));
    ASSERT_NE(legend, nullptr);
    EXPECT_TRUE(legend->text().contains(QStringLiteral("estimated (model)")));
    EXPECT_TRUE(legend->text().contains(QStringLiteral("realized")));
    // One scale: the realized 8M shorts (larger than the estimate's 1.2M per interval) set the
    // range, and both series hang on the same axis object.
    EXPECT_GE(pane.valueAxis()->max(), 8.0);
    EXPECT_LT(pane.valueAxis()->max(), 10.0);
    EXPECT_LE(pane.valueAxis()->min(), -5.0);  // realized 5M longs, downward
    EXPECT_EQ(pane.chart()->axes(Qt::Vertical).size(), 1);
    EXPECT_EQ(pane.estimatedShortsSeries()->attachedAxes(), pane.realizedShortsSeries()->attachedAxes());
    // Readout at 00:40: the second interval, estimate 6 x 200k shorts, realized 8M shorts.
    const auto est = pane.estimatedAt(static_cast<double>(kT0 + 40 * kMinute));
    const auto real = pane.realizedAt(static_cast<double>(kT0 + 40 * kMinute));
    ASSERT_TRUE(est && real);
    EXPECT_DOUBLE_EQ(est->shortUsd, 6 * 2e5);
    EXPECT_DOUBLE_EQ(est->longUsd, 0.0);
    EXPECT_DOUBLE_EQ(real->shortUsd, 8e6);

    const QImage image = render(pane);
    EXPECT_GT(pixelsNear(image, shortsColor(Palette::RedGreen)), 200);
    EXPECT_GT(pixelsNear(image, longsColor(Palette::RedGreen)), 200);
    EXPECT_GT(pixelsNear(image, paneThemeColors(Theme::Dark).neutralLine), 20);
}

TEST(LiquidationStripPane, PerCandleWithoutRealizedAndNotes)
{
    SweepSeries sweep;
    for (int i = 0; i < 100; ++i) {
        sweep.time.push_back(kT0 + i * 5 * kMinute);
        sweep.longUsd.push_back((i % 3) * 1e4);
        sweep.shortUsd.push_back((i % 5) * 1e4);
    }
    LiquidationStripPane pane;
    EXPECT_TRUE(pane.showsNothingEstimated());
    EXPECT_TRUE(pane.showsNotInSnapshot());
    EXPECT_TRUE(pane.messageText().contains(QStringLiteral("Estimated liquidations: nothing estimated yet")));

    pane.setRealized({}, 0, 5 * kMinute);
    pane.setEstimate(sweep);
    EXPECT_EQ(pane.estimatedPointCount(), 100);
    EXPECT_FALSE(pane.showsRealized());
    EXPECT_TRUE(pane.showsNotInSnapshot());
    const auto* note = pane.findChild<QLabel*>(QStringLiteral("liquidationStripPaneCornerNote"));
    ASSERT_NE(note, nullptr);
    EXPECT_EQ(note->text(), QStringLiteral("Realized liquidations: not in this snapshot"));

    const QImage image = render(pane);
    EXPECT_GT(pixelsNear(image, shortsColor(Palette::RedGreen)), 100);
    EXPECT_TRUE(note->isVisible());

    pane.clearEstimate();
    EXPECT_TRUE(pane.showsNothingEstimated());
    EXPECT_EQ(pane.estimatedPointCount(), 0);
}

TEST(LiquidationStripPane, SampleEstimateAggregatesIntoRealized)
{
    const MarketData& data = sampleData();
    ASSERT_FALSE(data.candles.empty());
    auto result = estimate(data, ModelSettings{});
    ASSERT_TRUE(result.ok()) << result.error().message;

    TimePanes panes;
    panes.setMarketData(std::make_shared<const MarketData>(data));
    QElapsedTimer timer;
    timer.start();
    panes.setEstimatedLiquidations(result->sweep);
    EXPECT_LT(timer.elapsed(), 1000);
    LiquidationStripPane* strip = panes.liquidationPane();
    ASSERT_FALSE(data.liquidations.empty());
    EXPECT_TRUE(strip->showsRealized());
    const TimeMs realizedMs = data.liquidationIntervalMs();
    if (realizedMs > data.candleIntervalMs()) {
        EXPECT_EQ(strip->estimatedBarMs(), realizedMs);
        EXPECT_LT(strip->estimatedPointCount(), static_cast<int>(result->sweep.time.size()));
    } else {
        EXPECT_EQ(strip->estimatedPointCount(), static_cast<int>(result->sweep.time.size()));
    }
    EXPECT_EQ(strip->realizedPointCount(), static_cast<int>(data.liquidations.size()));

    const QImage image = render(panes, 900, 330);
    EXPECT_GT(pixelsDifferentFrom(image, paneThemeColors(Theme::Dark).background), 2000);
}

// --- TimePanes ---------------------------------------------------------------------------------

TEST(TimePanes, SetTimeRangeMovesEveryPaneAxis)
{
    MarketData data;
    data.fundingRate = threeFundingPoints();
    data.longShortRatio = {{kT0, kT0 + kHour}, {1.2, 0.9}};
    TimePanes panes;
    panes.setMarketData(std::make_shared<const MarketData>(data));
    SweepSeries sweep{{kT0, kT0 + 5 * kMinute}, {1e3, 2e3}, {3e3, 0.0}};
    panes.setEstimatedLiquidations(sweep);

    const TimeMs from = kT0 + 2 * kHour;
    const TimeMs to = kT0 + 6 * kHour;
    panes.setTimeRange(from, to);
    ASSERT_EQ(panes.panes().size(), 5U);
    for (TimePane* pane : panes.panes()) {
        EXPECT_EQ(pane->timeRange().first, from) << pane->objectName().toStdString();
        EXPECT_EQ(pane->timeRange().second, to) << pane->objectName().toStdString();
        EXPECT_DOUBLE_EQ(pane->timeAxis()->min(), static_cast<double>(from));  // UTC ms, no local shift
    }
    // The range does not rebuild the series.
    EXPECT_EQ(panes.fundingPane()->fundingPoints().size(), 3);
}

TEST(TimePanes, PlotInsetsLineUpEveryPane)
{
    MarketData data;
    data.fundingRate = threeFundingPoints();
    data.longShortRatio = {{kT0, kT0 + kHour}, {1.2, 0.9}};
    // Every pane with something to draw: a pane showing its message keeps its chart unlaid.
    for (int i = 0; i < 20; ++i) {
        const double close = 100.0 + (i % 3);
        data.candles.time.push_back(kT0 + i * 5 * kMinute);
        for (auto* column : {&data.candles.open, &data.candles.high, &data.candles.low, &data.candles.close}) {
            column->push_back(close);
        }
        data.openInterest.time.push_back(kT0 + i * 5 * kMinute);
        data.openInterest.base.push_back(1000.0 + i);
    }
    TimePanes panes;
    panes.setMarketData(std::make_shared<const MarketData>(data));
    panes.setEstimatedLiquidations({{kT0, kT0 + 5 * kMinute}, {1e3, 2e3}, {3e3, 0.0}});
    panes.setPlotInsets(10, 200);
    render(panes, 800, 400);
    for (TimePane* pane : panes.panes()) {
        const QRectF plot = pane->chart()->plotArea();
        EXPECT_DOUBLE_EQ(plot.left(), 10.0) << pane->objectName().toStdString();
        EXPECT_DOUBLE_EQ(plot.right(), 800.0 - 200.0) << pane->objectName().toStdString();
    }
}

TEST(TimePanes, GridLinesAreTheChartsRoundUtcTicks)
{
    // A day from 00:00 UTC on an 800 px plot: at most 800 / 90 = 8 ticks, so 4-hour steps (6 a day;
    // 2-hour steps would need 12): 00:00 (a midnight reads as the date), 04:00, ... 24:00.
    FundingPane pane;
    pane.setFunding(threeFundingPoints());
    pane.setPlotInsets(0, 100);
    render(pane, 900, 120);
    pane.setTimeRange(kT0, kT0 + 24 * kHour);
    const QRectF plot = pane.chart()->plotArea();
    ASSERT_DOUBLE_EQ(plot.width(), 800.0);
    const std::vector<TimeTick> grid = pane.timeGrid();
    ASSERT_EQ(grid.size(), 7U);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        EXPECT_DOUBLE_EQ(grid[i].timeMs, static_cast<double>(kT0 + static_cast<TimeMs>(i) * 4 * kHour));
        EXPECT_NEAR(pane.xForTime(grid[i].timeMs), plot.left() + plot.width() * static_cast<double>(i) / 6.0, 1e-9);
    }
    EXPECT_EQ(grid[0].label, QStringLiteral("Jun 1"));
    EXPECT_EQ(grid[1].label, QStringLiteral("04:00"));
    EXPECT_EQ(grid[3].label, QStringLiteral("12:00"));
    // The same ticks the main chart draws for this span and plot width.
    const std::vector<TimeTick> chartTicks = timeTicks(kT0, kT0 + 24 * kHour, static_cast<int>(plot.width() / 90));
    ASSERT_EQ(chartTicks.size(), grid.size());
    EXPECT_EQ(chartTicks[2].label, grid[2].label);
    // Qt Charts draws the series with the same mapping: a settlement lands where xForTime says.
    const QPointF drawn =
        pane.chart()->mapToPosition(QPointF(static_cast<qreal>(kT0 + 8 * kHour), 0.0), pane.chart()->series().front());
    EXPECT_NEAR(drawn.x(), pane.xForTime(static_cast<double>(kT0 + 8 * kHour)), 0.5);
}

TEST(TimePanes, ObjectNamesForLookup)
{
    TimePanes panes;
    EXPECT_EQ(panes.objectName(), QStringLiteral("timePanes"));
    EXPECT_NE(panes.findChild<FundingPane*>(QStringLiteral("fundingPane")), nullptr);
    EXPECT_NE(panes.findChild<RatioPane*>(QStringLiteral("ratioPane")), nullptr);
    EXPECT_NE(panes.findChild<LiquidationStripPane*>(QStringLiteral("liquidationStripPane")), nullptr);
    EXPECT_NE(panes.findChild<OpenInterestPane*>(QStringLiteral("openInterestPane")), nullptr);
    EXPECT_NE(panes.findChild<RsiPane*>(QStringLiteral("rsiPane")), nullptr);
}

// --- step path ---------------------------------------------------------------------------------

TEST(PaneStepPath, BarsStartAndEndAtZeroAndMergeEqualNeighbours)
{
    QList<QPointF> path;
    appendStep(path, 0, 10, 2.0);
    appendStep(path, 10, 20, 2.0);  // merges
    appendStep(path, 20, 30, 0.0);
    appendStep(path, 40, 50, -1.0);  // after a gap
    closeStep(path);
    // The zero run of the third bar continues across the gap to the fourth.
    const QList<QPointF> expected{{0, 0}, {0, 2}, {20, 2}, {20, 0}, {40, 0}, {40, -1}, {50, -1}, {50, 0}};
    EXPECT_EQ(path, expected);
    EXPECT_DOUBLE_EQ(niceStep(0.37), 0.5);
    EXPECT_DOUBLE_EQ(niceStep(2.1), 2.5);
    EXPECT_DOUBLE_EQ(niceStep(1000.0), 1000.0);
    EXPECT_DOUBLE_EQ(niceStepBelow(99.0), 50.0);
    EXPECT_DOUBLE_EQ(niceStepBelow(2.4), 2.0);
    EXPECT_DOUBLE_EQ(niceStepBelow(1000.0), 1000.0);
}

}  // namespace
}  // namespace liqheat::ui
