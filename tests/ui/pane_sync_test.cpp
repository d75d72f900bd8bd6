// The panes under the chart as a trader uses them in the main window: a time sits at the same x in
// the chart and in every pane through zoom, profile toggle and resize; the chart's crosshair runs
// through the panes and each pane reads its value there; estimated and realized liquidations share
// one scale. The bundled sample's realized liquidations spike at 2026-06-07 22:00 UTC.
#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "panes/funding_pane.h"
#include "panes/liquidation_strip_pane.h"
#include "panes/open_interest_pane.h"
#include "panes/pane_chart_view.h"
#include "panes/ratio_pane.h"
#include "panes/rsi_pane.h"
#include "panes/time_panes.h"
#include "text_format.h"
#include "window/actions.h"
#include "window/main_window.h"

#include "liqheat/analysis/indicators.h"
#include "wait_for.h"

#include <QAbstractSeries>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLabel>
#include <QMouseEvent>
#include <QSettings>
#include <QTimeZone>
#include <QValueAxis>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

const double kSpikeMs =
    static_cast<double>(QDateTime(QDate(2026, 6, 7), QTime(22, 0), QTimeZone::utc()).toMSecsSinceEpoch());
constexpr double kHourMs = 3'600'000.0;

void settle()
{
    for (int i = 0; i < 10; ++i) {
        QApplication::processEvents();
    }
}

/// Index of the sample at exactly `timeMs`.
std::size_t indexOf(const std::vector<TimeMs>& time, double timeMs)
{
    const auto it = std::lower_bound(time.cbegin(), time.cend(), static_cast<TimeMs>(timeMs));
    EXPECT_TRUE(it != time.cend() && *it == static_cast<TimeMs>(timeMs));
    return static_cast<std::size_t>(it - time.cbegin());
}

class PaneSyncTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QSettings().clear();
        window = std::make_unique<MainWindow>();
        window->resize(1400, 900);
        window->show();
        QObject::connect(window.get(), &MainWindow::estimateShown, [this] { ++estimates; });
        window->openPath({});
        ASSERT_TRUE(waitFor([this] { return estimates > 0; })) << window->lastError().toStdString();
        settle();
    }
    void TearDown() override
    {
        window.reset();
        QSettings().clear();  // hidden panes and the like must not leak into other tests
    }

    void useModel(const std::string& preset)
    {
        ModelSettings model = window->document().model();
        model.preset = preset;
        model.tiers.clear();
        const int before = estimates;
        window->document().setModel(model);
        ASSERT_TRUE(waitFor([&] { return estimates > before; })) << window->lastError().toStdString();
        settle();
    }

    /// Where the chart draws a time, in window pixels.
    [[nodiscard]] double chartX(double timeMs) const
    {
        ChartWidget* chart = window->chart();
        return chart->mapTo(window.get(), QPointF(chart->transform().xForTime(timeMs), 0.0)).x();
    }

    /// Where Qt Charts draws a time in a pane (through its first series), in window pixels.
    [[nodiscard]] double paneX(const TimePane* pane, double timeMs) const
    {
        const QPointF inChart = pane->chart()->mapToPosition(QPointF(timeMs, 0.0), pane->chart()->series().front());
        const QPointF inView = pane->chartView()->viewportTransform().map(pane->chart()->mapToScene(inChart));
        return pane->chartView()->viewport()->mapTo(window.get(), inView).x();
    }

    void expectAligned(const char* when) const
    {
        const double expected = chartX(kSpikeMs);
        for (const TimePane* pane : window->panes()->panes()) {
            EXPECT_NEAR(paneX(pane, kSpikeMs), expected, 1.0) << when << ": " << pane->objectName().toStdString();
            EXPECT_NEAR(pane->chartView()->viewport()->mapTo(window.get(), QPointF(pane->xForTime(kSpikeMs), 0.0)).x(),
                        expected, 1.0)
                << when << ": " << pane->objectName().toStdString();
            // The grid: the chart's own ticks for its span and plot width.
            const ChartTransform t = window->chart()->transform();
            const std::vector<TimeTick> ticks = timeTicks(t.viewport().timeFrom, t.viewport().timeTo,
                                                          std::max(2, static_cast<int>(t.plot().width() / 90)));
            const std::vector<TimeTick> grid = pane->timeGrid();
            ASSERT_EQ(grid.size(), ticks.size()) << when;
            for (std::size_t i = 0; i < grid.size(); ++i) {
                EXPECT_DOUBLE_EQ(grid[i].timeMs, ticks[i].timeMs) << when;
            }
        }
    }

    std::unique_ptr<MainWindow> window;
    int estimates = 0;
};

TEST_F(PaneSyncTest, SpikeLinesUpThroughZoomProfileToggleAndResize)
{
    ChartWidget* chart = window->chart();
    const MarketData& data = window->document().snapshot().data;
    // The spike is in the data: the largest realized short interval.
    const auto spike = std::max_element(data.liquidations.shortUsd.cbegin(), data.liquidations.shortUsd.cend());
    ASSERT_EQ(static_cast<double>(
                  data.liquidations.time[static_cast<std::size_t>(spike - data.liquidations.shortUsd.cbegin())]),
              kSpikeMs);
    EXPECT_GT(*spike, 90e6);
    for (const TimePane* pane : window->panes()->panes()) {
        ASSERT_FALSE(pane->isHidden()) << pane->objectName().toStdString();
    }
    expectAligned("full view");

    ChartViewport v = chart->viewport();
    v.timeFrom = kSpikeMs - 12 * kHourMs;
    v.timeTo = kSpikeMs + 6 * kHourMs;
    chart->setViewport(v);
    settle();
    expectAligned("around the spike");
    chart->zoomBy(0.5);
    settle();
    expectAligned("zoomed in");

    const double plotWidth = chart->transform().plot().width();
    window->actions().showProfile->toggle();
    settle();
    ASSERT_NE(chart->transform().plot().width(), plotWidth) << "the profile toggle changes the plot";
    expectAligned("profile toggled");
    window->actions().showProfile->toggle();
    settle();
    expectAligned("profile toggled back");

    window->resize(1111, 833);
    settle();
    expectAligned("resized");
}

TEST_F(PaneSyncTest, LiquidationsShareOneScaleInTheHighLeveragePreset)
{
    useModel("high-leverage");
    LiquidationStripPane* pane = window->panes()->liquidationPane();
    ASSERT_TRUE(pane->showsRealized());
    const QList<QAbstractAxis*> estimatedAxes = pane->estimatedShortsSeries()->attachedAxes();
    const QList<QAbstractAxis*> realizedAxes = pane->realizedShortsSeries()->attachedAxes();
    EXPECT_EQ(estimatedAxes, realizedAxes);
    EXPECT_TRUE(realizedAxes.contains(pane->valueAxis()));
    EXPECT_EQ(pane->chart()->axes(Qt::Vertical).size(), 1);

    // The caption states the interval both are drawn in: the realized 30 minutes.
    const MarketData& data = window->document().snapshot().data;
    ASSERT_EQ(data.liquidationIntervalMs(), 30 * 60'000);
    EXPECT_EQ(pane->estimatedBarMs(), 30 * 60'000);
    const auto* caption = pane->findChild<QLabel*>(QStringLiteral("liquidationStripPaneCaption"));
    ASSERT_NE(caption, nullptr);
    EXPECT_TRUE(caption->text().contains(QStringLiteral("per 30m"))) << caption->text().toStdString();

    // The axis covers the larger of the two on each side: the realized 91.8M spike and the
    // estimate summed into the same 30-minute intervals.
    const SweepSeries& sweep = window->document().estimate()->sweep;
    const std::vector<TimeMs> starts = LiquidationStripPane::intervalGrid(data.liquidations.time.front(), 30 * 60'000,
                                                                          sweep.time.front(), sweep.time.back());
    const std::vector<double> estShorts =
        LiquidationStripPane::aggregateToIntervals(sweep.time, sweep.shortUsd, starts, 30 * 60'000);
    const std::vector<double> estLongs =
        LiquidationStripPane::aggregateToIntervals(sweep.time, sweep.longUsd, starts, 30 * 60'000);
    const double up =
        std::max(*std::max_element(estShorts.cbegin(), estShorts.cend()),
                 *std::max_element(data.liquidations.shortUsd.cbegin(), data.liquidations.shortUsd.cend()));
    const double down =
        std::max(*std::max_element(estLongs.cbegin(), estLongs.cend()),
                 *std::max_element(data.liquidations.longUsd.cbegin(), data.liquidations.longUsd.cend()));
    const double divisor = pane->unitDivisor();
    EXPECT_GE(pane->valueAxis()->max() * divisor, up);
    EXPECT_LE(pane->valueAxis()->max() * divisor, up * 1.2);
    EXPECT_LE(-pane->valueAxis()->min() * divisor * 1.0001, std::max(down, up * 0.1) * 1.2);
    EXPECT_GE(-pane->valueAxis()->min() * divisor, down);
    // The spike reads 91.8M realized at its interval.
    const auto realized = pane->realizedAt(kSpikeMs + 60'000.0);
    ASSERT_TRUE(realized);
    EXPECT_DOUBLE_EQ(realized->shortUsd, data.liquidations.shortUsd[indexOf(data.liquidations.time, kSpikeMs)]);
}

TEST_F(PaneSyncTest, ChartCrosshairRunsThroughThePanesWithTheirValues)
{
    ChartWidget* chart = window->chart();
    TimePanes* panes = window->panes();
    const MarketData& data = window->document().snapshot().data;
    const double at = kSpikeMs + 7 * 60'000.0;  // inside the 22:00 interval and the 22:05 candle
    const ChartTransform t = chart->transform();
    chart->setCrosshair(QPointF(t.xForTime(at), t.plot().center().y()));
    settle();

    for (const TimePane* pane : panes->panes()) {
        ASSERT_TRUE(pane->crosshairTime()) << pane->objectName().toStdString();
        EXPECT_NEAR(*pane->crosshairTime(), at, 60'000.0) << pane->objectName().toStdString();
        // The line is drawn at the chart's x.
        const auto lineX = pane->chartView()->overlay().crosshairX;
        ASSERT_TRUE(lineX);
        EXPECT_NEAR(pane->chartView()->viewport()->mapTo(window.get(), QPointF(*lineX, 0.0)).x(), chartX(at), 1.0);
    }

    // Realized: the data's own 22:00 interval; estimated: the sweep's six 5m candles from 22:00.
    LiquidationStripPane* liq = panes->liquidationPane();
    const double realizedShort = data.liquidations.shortUsd[indexOf(data.liquidations.time, kSpikeMs)];
    EXPECT_DOUBLE_EQ(liq->realizedAt(at)->shortUsd, realizedShort);
    const SweepSeries& sweep = window->document().estimate()->sweep;
    const std::size_t first = indexOf(sweep.time, kSpikeMs);
    double estimatedShort = 0.0;
    for (std::size_t i = first; i < first + 6; ++i) {
        estimatedShort += sweep.shortUsd[i];
    }
    EXPECT_NEAR(liq->estimatedAt(at)->shortUsd, estimatedShort, 1e-6 * std::max(1.0, estimatedShort));
    EXPECT_TRUE(liq->readoutText().contains(usdText(realizedShort))) << liq->readoutText().toStdString();

    // Funding: the settlement in effect (the last at or before the time).
    const auto settled =
        std::upper_bound(data.fundingRate.time.cbegin(), data.fundingRate.time.cend(), static_cast<TimeMs>(at)) - 1;
    const double rate = data.fundingRate.value[static_cast<std::size_t>(settled - data.fundingRate.time.cbegin())];
    EXPECT_DOUBLE_EQ(*panes->fundingPane()->rateAt(at), rate);
    EXPECT_EQ(panes->fundingPane()->readoutText(), percentText(rate * 100.0, 4));

    // Open interest (USD, the sample's unit) at the 22:05 sample, and its change from 22:00.
    OpenInterestPane* oi = panes->openInterestPane();
    const std::size_t k = indexOf(data.openInterest.time, kSpikeMs + 5 * 60'000.0);
    EXPECT_DOUBLE_EQ(*oi->levelAt(at), data.openInterest.quote[k]);
    EXPECT_DOUBLE_EQ(*oi->changeAt(at), data.openInterest.quote[k] - data.openInterest.quote[k - 1]);
    EXPECT_TRUE(oi->readoutText().startsWith(usdText(data.openInterest.quote[k]))) << oi->readoutText().toStdString();

    // RSI 14 of the 22:05 candle, from core.
    auto rsi = relativeStrengthIndex(data.candles, 14);
    ASSERT_TRUE(rsi.ok());
    const double expectedRsi = rsi->value[indexOf(rsi->time, kSpikeMs + 5 * 60'000.0)];
    EXPECT_DOUBLE_EQ(*panes->rsiPane()->rsiAt(at), expectedRsi);
    EXPECT_EQ(panes->rsiPane()->readoutText(), QString::number(expectedRsi, 'f', 1));

    // Long/short: whatever the snapshot has, the readout is the data's value (empty without it).
    RatioPane* ratio = panes->ratioPane();
    if (data.longShortRatio.empty()) {
        EXPECT_FALSE(ratio->accountRatioAt(at));
    } else if (const auto r = ratio->accountRatioAt(at)) {
        const auto s = std::upper_bound(data.longShortRatio.time.cbegin(), data.longShortRatio.time.cend(),
                                        static_cast<TimeMs>(at)) -
                       1;
        EXPECT_DOUBLE_EQ(*r,
                         data.longShortRatio.value[static_cast<std::size_t>(s - data.longShortRatio.time.cbegin())]);
    }

    // Off the plot (over the price axis): the line goes away everywhere.
    chart->setCrosshair(QPointF(t.plot().right() + 20.0, t.plot().center().y()));
    settle();
    for (const TimePane* pane : panes->panes()) {
        EXPECT_FALSE(pane->crosshairTime()) << pane->objectName().toStdString();
        EXPECT_TRUE(pane->readoutText().isEmpty());
    }
}

TEST_F(PaneSyncTest, HoveringOnePaneMovesTheLineInTheOthers)
{
    TimePanes* panes = window->panes();
    FundingPane* funding = panes->fundingPane();
    const double x = funding->xForTime(kSpikeMs);
    QWidget* viewport = funding->chartView()->viewport();
    const QPointF local(x, funding->chart()->plotArea().center().y());
    QMouseEvent move(QEvent::MouseMove, local, viewport->mapToGlobal(local), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    settle();
    const auto [from, to] = funding->timeRange();
    const double msPerPixel = static_cast<double>(to - from) / funding->chart()->plotArea().width();
    for (const TimePane* pane : panes->panes()) {
        ASSERT_TRUE(pane->crosshairTime()) << pane->objectName().toStdString();
        EXPECT_NEAR(*pane->crosshairTime(), kSpikeMs, msPerPixel) << pane->objectName().toStdString();
    }
    // ...and in the chart: its time line sits where the chart draws that time.
    ASSERT_TRUE(window->chart()->timeCursor().has_value());
    EXPECT_NEAR(*window->chart()->timeCursor(), kSpikeMs, msPerPixel);
}

TEST_F(PaneSyncTest, HiddenPanesStayHiddenAndTheLowestShowsTheTime)
{
    TimePanes* panes = window->panes();
    panes->setPaneVisible(panes->rsiPane(), false);
    settle();
    EXPECT_TRUE(panes->rsiPane()->isHidden());
    EXPECT_TRUE(panes->ratioPane()->timeLabelsVisible());
    EXPECT_FALSE(panes->fundingPane()->timeLabelsVisible());
    EXPECT_EQ(QSettings().value(QLatin1String(TimePanes::kHiddenSettingKey)).toStringList(),
              QStringList{QStringLiteral("rsiPane")});
    TimePanes reopened;
    EXPECT_TRUE(reopened.rsiPane()->isHidden());
    // The last one cannot go.
    for (TimePane* pane : panes->panes()) {
        panes->setPaneVisible(pane, false);
    }
    EXPECT_EQ(
        std::count_if(panes->panes().cbegin(), panes->panes().cend(), [](const TimePane* p) { return !p->isHidden(); }),
        1);
}

}  // namespace
