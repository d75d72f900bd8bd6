// Zoomed into a long history, the chart's heatmap gets columns for the visible span at screen
// resolution, from the same sweep as the document's estimate; zoomed out again, it goes back.
#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "window/main_window.h"

#include "liqheat/io/snapshot.h"
#include "wait_for.h"

#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

/// The bundled sample's candles and open interest repeated `copies` times, each copy after the
/// last: more candles than the screen estimate keeps columns for.
Snapshot longHistory(int copies)
{
    auto sample = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    EXPECT_TRUE(sample.ok());
    Snapshot s = *sample;
    s.data.liquidations = {};
    s.perExchange.clear();
    const MarketData one = s.data;
    const TimeMs step = one.candles.time[1] - one.candles.time[0];
    const TimeMs span = one.candles.time.back() - one.candles.time.front() + step;
    for (int copy = 1; copy < copies; ++copy) {
        const TimeMs shift = copy * span;
        for (std::size_t i = 0; i < one.candles.size(); ++i) {
            s.data.candles.time.push_back(one.candles.time[i] + shift);
            s.data.candles.open.push_back(one.candles.open[i]);
            s.data.candles.high.push_back(one.candles.high[i]);
            s.data.candles.low.push_back(one.candles.low[i]);
            s.data.candles.close.push_back(one.candles.close[i]);
            if (one.candles.hasVolume()) {
                s.data.candles.volume.push_back(one.candles.volume[i]);
            }
        }
        for (std::size_t i = 0; i < one.openInterest.size(); ++i) {
            s.data.openInterest.time.push_back(one.openInterest.time[i] + shift);
            if (!one.openInterest.base.empty()) {
                s.data.openInterest.base.push_back(one.openInterest.base[i]);
            }
            if (!one.openInterest.quote.empty()) {
                s.data.openInterest.quote.push_back(one.openInterest.quote[i]);
            }
        }
    }
    s.data.fundingRate = {};
    s.data.longShortRatio = {};
    s.data.topTraderAccountRatio = {};
    s.data.topTraderPositionRatio = {};
    s.data.takerBuySellRatio = {};
    return s;
}

std::size_t columnsWithin(const EstimateResult& e, double from, double to)
{
    const auto& t = e.heatmap.columnTime;
    return static_cast<std::size_t>(std::count_if(t.begin(), t.end(), [&](TimeMs x) {
        return static_cast<double>(x) >= from && static_cast<double>(x) <= to;
    }));
}

}  // namespace

TEST(ZoomDetail, AZoomedSpanGetsScreenResolutionColumnsFromTheSameSweep)
{
    QSettings().clear();
    QTemporaryDir dir;
    const Snapshot history = longHistory(12);
    ASSERT_GT(history.data.candles.size(), 3u * 8192u);  // the screen estimate strides 3+ candles
    const QString path = dir.filePath(QStringLiteral("long.json.gz"));
    ASSERT_TRUE(writeSnapshot(history, path.toStdString()).ok());

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    int estimates = 0;
    QObject::connect(&window, &MainWindow::estimateShown, [&] { ++estimates; });
    window.openPath(path);
    ASSERT_TRUE(waitFor([&] { return estimates > 0; }, 60'000)) << window.lastError().toStdString();
    const auto main = window.document().sharedEstimate();
    ASSERT_NE(main, nullptr);
    ChartWidget* chart = window.chart();

    // Zoom into 300 candles in the middle of the history.
    const auto& time = history.data.candles.time;
    const std::size_t first = time.size() / 2;
    ChartViewport v = chart->viewport();
    v.timeFrom = static_cast<double>(time[first]);
    v.timeTo = static_cast<double>(time[first + 299]);
    const std::size_t coarse = columnsWithin(*main, v.timeFrom, v.timeTo);
    ASSERT_LT(coarse * 2, 300u);
    chart->setViewport(v);
    ASSERT_TRUE(waitFor([&] { return chart->renderer().estimate() != main.get(); }, 30'000));

    const EstimateResult* detail = chart->renderer().estimate();
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(columnsWithin(*detail, v.timeFrom, v.timeTo), 300u);  // one per candle in view
    // The same sweep: same grid, the same map, and every detail column is the state after its
    // candle, which the coarse estimate also holds where a coarse column ends on that candle.
    EXPECT_EQ(detail->heatmap.grid.origin, main->heatmap.grid.origin);
    EXPECT_EQ(detail->heatmap.grid.count, main->heatmap.grid.count);
    EXPECT_EQ(detail->map.longUsd, main->map.longUsd);
    std::size_t compared = 0;
    for (std::size_t c = 0; c < detail->heatmap.columns(); ++c) {
        const auto& mainCandles = main->heatmap.columnCandle;
        const auto at = std::find(mainCandles.begin(), mainCandles.end(), detail->heatmap.columnCandle[c]);
        if (at == mainCandles.end()) {
            continue;
        }
        const auto mc = static_cast<std::size_t>(at - mainCandles.begin());
        for (int b = 0; b < detail->heatmap.grid.count; ++b) {
            ASSERT_EQ(detail->heatmap.longAt(c, b), main->heatmap.longAt(mc, b));
            ASSERT_EQ(detail->heatmap.shortAt(c, b), main->heatmap.shortAt(mc, b));
        }
        ++compared;
    }
    EXPECT_GT(compared, 50u);
    EXPECT_FALSE(chart->renderer().heatmapImage().isNull());

    // Zoomed out to everything, the document's estimate is drawn again.
    v.timeFrom = static_cast<double>(time.front());
    v.timeTo = static_cast<double>(time.back());
    chart->setViewport(v);
    ASSERT_TRUE(waitFor([&] { return chart->renderer().estimate() == main.get(); }, 10'000));
}
