// The main window as a user drives it, offscreen: open, look, hover, save, reopen, bad files.
#include "window/main_window.h"
#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "docks/calibration_panel.h"
#include "docks/clusters_panel.h"
#include "docks/trade_planner_panel.h"
#include "panes/funding_pane.h"
#include "panes/time_panes.h"
#include "window/actions.h"

#include "liqheat/io/snapshot.h"
#include "text_format.h"
#include "wait_for.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

/// A window with the bundled sample on screen and its estimate done.
class MainWindowTest : public ::testing::Test {
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
    }
    void TearDown() override { window.reset(); }

    void waitForNextEstimate()
    {
        const int before = estimates;
        ASSERT_TRUE(waitFor([&] { return estimates > before; })) << window->lastError().toStdString();
    }

    std::unique_ptr<MainWindow> window;
    int estimates = 0;
};

Snapshot referenceSample()
{
    auto s = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    EXPECT_TRUE(s.ok());
    return s.ok() ? std::move(s).value() : Snapshot{};
}

int redness(QRgb c) { return qRed(c) - std::max(qGreen(c), qBlue(c)); }
int greenness(QRgb c) { return qGreen(c) - std::max(qRed(c), qBlue(c)); }

}  // namespace

TEST_F(MainWindowTest, OpensTheBundledSample)
{
    const Snapshot reference = referenceSample();
    ASSERT_TRUE(window->document().hasData());
    EXPECT_EQ(window->document().snapshot().data.candles.time, reference.data.candles.time);
    EXPECT_NE(window->document().estimate(), nullptr);
    EXPECT_TRUE(window->chart()->renderer().hasData());
    EXPECT_TRUE(window->windowTitle().contains(QStringLiteral("sample")));
}

TEST_F(MainWindowTest, StrongestRedIsAboveThePriceAndStrongestGreenBelow)
{
    ChartWidget* chart = window->chart();
    // The heatmap's own pixels only: no realized bubbles, and the colour scale's ramps skipped.
    window->actions().showRealized->setChecked(false);
    const QImage image = chart->renderImage(chart->size());
    const QRectF legend = chart->renderer().legendRect(QRectF(chart->rect()));
    const ChartTransform t = chart->transform();
    const auto& candles = window->document().snapshot().data.candles;
    const double priceY = t.yForPrice(candles.close.back());
    // The current state: the last three hours of columns before the last candle.
    const int x1 = static_cast<int>(t.xForTime(static_cast<double>(candles.time.back())));
    const int x0 = static_cast<int>(t.xForTime(static_cast<double>(candles.time.back()) - 3 * 3'600'000.0));
    int bestRed = 0;
    int bestRedY = -1;
    int bestGreen = 0;
    int bestGreenY = -1;
    for (int x = std::max(x0, 0); x < x1; ++x) {
        for (int y = static_cast<int>(t.plot().top()); y < static_cast<int>(t.plot().bottom()); ++y) {
            if (legend.contains(QPointF(x, y))) {
                continue;
            }
            const QRgb c = image.pixel(x, y);
            if (redness(c) > bestRed) {
                bestRed = redness(c);
                bestRedY = y;
            }
            if (greenness(c) > bestGreen) {
                bestGreen = greenness(c);
                bestGreenY = y;
            }
        }
    }
    ASSERT_GT(bestRed, 40) << "no red cells near the last candle";
    ASSERT_GT(bestGreen, 40) << "no green cells near the last candle";
    EXPECT_LT(bestRedY, priceY) << "strongest red must be above the last-price line";
    EXPECT_GT(bestGreenY, priceY) << "strongest green must be below the last-price line";

    // The profile tells the same story for the whole visible range.
    const ChartLayout l = chart->renderer().layout(QRectF(chart->rect()));
    int redAbove = 0;
    int redBelow = 0;
    int greenAbove = 0;
    int greenBelow = 0;
    for (int y = static_cast<int>(l.profile.top()); y < static_cast<int>(l.profile.bottom()) - 60; ++y) {
        const QRgb c = image.pixel(static_cast<int>(l.profile.left()) + 3, y);
        (y < priceY ? redAbove : redBelow) += redness(c) > 60 ? 1 : 0;
        (y < priceY ? greenAbove : greenBelow) += greenness(c) > 60 ? 1 : 0;
    }
    EXPECT_GT(redAbove, 0);
    EXPECT_EQ(redBelow, 0);
    EXPECT_GT(greenBelow, 0);
    EXPECT_EQ(greenAbove, 0);
}

TEST_F(MainWindowTest, TooltipShowsTheCoresNumbersForTheBucket)
{
    const EstimateResult* estimate = window->document().estimate();
    ASSERT_NE(estimate, nullptr);
    const HeatmapGrid& h = estimate->heatmap;
    ChartWidget* chart = window->chart();
    const ChartTransform t = chart->transform();
    // The strongest short bucket of the last column that is on screen.
    const std::size_t column = h.columns() - 1;
    int best = -1;
    for (int b = 0; b < h.grid.count; ++b) {
        const double y = t.yForPrice(h.grid.center(b));
        if (y > t.plot().top() + 5 && y < t.plot().bottom() - 5 &&
            (best < 0 || h.shortAt(column, b) > h.shortAt(column, best))) {
            best = b;
        }
    }
    ASSERT_GE(best, 0);
    ASSERT_GT(h.shortAt(column, best), 0.0F);
    const double columnSpan =
        static_cast<double>(h.columnTime.back() - h.columnTime.front()) / static_cast<double>(h.columns() - 1);
    const QPointF at(t.xForTime(static_cast<double>(h.columnTime[column]) + columnSpan / 2.0),
                     t.yForPrice(h.grid.center(best)));
    HoverInfo seen;
    QObject::connect(chart, &ChartWidget::hoverChanged, [&seen](const HoverInfo& info) { seen = info; });
    chart->setCrosshair(at);
    ASSERT_TRUE(seen.valid);
    EXPECT_EQ(seen.column, column);
    EXPECT_EQ(seen.bucket, best);
    EXPECT_EQ(seen.shortUsd, static_cast<double>(h.shortAt(column, best)));
    EXPECT_EQ(seen.longUsd, static_cast<double>(h.longAt(column, best)));
    const QStringList lines = chart->renderer().hoverLines(seen);
    EXPECT_TRUE(lines.join(QLatin1Char('\n')).contains(usdText(static_cast<double>(h.shortAt(column, best)))))
        << lines.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(lines.join(QLatin1Char('\n')).contains(QString::number(h.grid.lower(best), 'f', 1)));
}

TEST_F(MainWindowTest, SaveThenOpenGivesTheSameData)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json.gz"));
    ASSERT_TRUE(window->saveSnapshotTo(path)) << window->lastError().toStdString();
    const MarketData before = window->document().snapshot().data;
    window->openPath(path);
    waitForNextEstimate();
    const MarketData& after = window->document().snapshot().data;
    EXPECT_EQ(after.candles.time, before.candles.time);
    EXPECT_EQ(after.candles.high, before.candles.high);
    EXPECT_EQ(after.openInterest.quote, before.openInterest.quote);
    EXPECT_EQ(after.fundingRate.value, before.fundingRate.value);
    EXPECT_EQ(after.liquidations.longUsd, before.liquidations.longUsd);
    EXPECT_EQ(window->document().filePath(), QFileInfo(path).absoluteFilePath());
    EXPECT_TRUE(
        QSettings().value(QStringLiteral("files/recent")).toStringList().contains(QFileInfo(path).absoluteFilePath()));
}

TEST_F(MainWindowTest, AnOpenedFileShowsItsCandlesBeforeItsHeatmapAndPaintsSafelyMeanwhile)
{
    // The controller drops the previous snapshot and estimate when new data arrives; a paint
    // between that and the new estimate must draw the new candles (without a heatmap yet), never
    // the freed ones. Under ASan this catches a renderer that keeps borrowed pointers.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("second.json"));
    ASSERT_TRUE(window->saveSnapshotTo(path)) << window->lastError().toStdString();
    bool checked = false;
    const auto connection = QObject::connect(&window->document(), &DocumentController::dataLoaded, [&] {
        ChartRenderer& r = window->chart()->renderer();
        EXPECT_TRUE(r.hasData());
        EXPECT_TRUE(r.heatmapImage().isNull()) << "the heatmap of the previous document is still shown";
        const QImage painted = window->chart()->grab().toImage();
        EXPECT_FALSE(painted.isNull());
        checked = true;
    });
    window->openPath(path);
    waitForNextEstimate();
    QObject::disconnect(connection);
    EXPECT_TRUE(checked);
    EXPECT_FALSE(window->chart()->renderer().heatmapImage().isNull());
}

TEST_F(MainWindowTest, CorruptFileLeavesTheCurrentDataOnScreen)
{
    const std::size_t candles = window->document().snapshot().data.candles.size();
    const EstimateResult* estimate = window->document().estimate();
    window->openPath(QStringLiteral(LIQHEAT_FIXTURES_DIR "/malformed/snapshot_truncated.json"));
    ASSERT_TRUE(waitFor([this] { return !window->lastError().isEmpty(); }));
    EXPECT_TRUE(window->lastError().contains(QStringLiteral("truncated"))) << window->lastError().toStdString();
    EXPECT_EQ(window->document().snapshot().data.candles.size(), candles);
    EXPECT_EQ(window->document().estimate(), estimate);
    EXPECT_TRUE(window->chart()->renderer().hasData());
    EXPECT_NE(window->findChild<QWidget*>(QStringLiteral("errorDialog")), nullptr);
}

TEST_F(MainWindowTest, FundingPaneShowsTheSampleFundingValues)
{
    const Snapshot reference = referenceSample();
    const QList<QPointF> points = window->panes()->fundingPane()->fundingPoints();
    ASSERT_EQ(static_cast<std::size_t>(points.size()), reference.data.fundingRate.size());
    for (qsizetype i = 0; i < points.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        EXPECT_EQ(static_cast<TimeMs>(points[i].x()), reference.data.fundingRate.time[k]);
        EXPECT_DOUBLE_EQ(points[i].y(), reference.data.fundingRate.value[k]);
    }
}

TEST_F(MainWindowTest, ChangingTheModelReestimates)
{
    const double before = window->document().estimate()->map.totalLongUsd;
    ModelSettings high;
    high.preset = "high-leverage";
    window->document().setModel(high);
    waitForNextEstimate();
    EXPECT_EQ(window->document().model().preset, "high-leverage");
    EXPECT_NE(window->document().estimate()->map.totalLongUsd, before);
}

TEST_F(MainWindowTest, ActionsHaveStandardShortcuts)
{
    EXPECT_EQ(window->actions().open->shortcut(), QKeySequence(QKeySequence::Open));
    // Save As answers Ctrl+Shift+S on every platform, and the platform's own key where it has one.
    const QList<QKeySequence> saveAs = window->actions().saveAs->shortcuts();
    EXPECT_EQ(saveAs.front(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    for (const QKeySequence& key : QKeySequence::keyBindings(QKeySequence::SaveAs)) {
        EXPECT_TRUE(saveAs.contains(key)) << key.toString().toStdString();
    }
    EXPECT_EQ(window->actions().quit->shortcut(), QKeySequence(QKeySequence::Quit));
    EXPECT_NE(window->findChild<QAction*>(QStringLiteral("actionExportPng")), nullptr);
}

TEST_F(MainWindowTest, ExportsPngAndCsv)
{
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    ASSERT_TRUE(window->exportPngTo(png));
    QImage image(png);
    EXPECT_EQ(image.size(), window->chart()->size());
    const QString csv = dir.filePath(QStringLiteral("map.csv"));
    ASSERT_TRUE(window->exportCsvTo(csv, false));
    QFile f(csv);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_TRUE(f.readLine().startsWith("price_low,price_high,long_usd,short_usd"));
    EXPECT_FALSE(window->exportPngTo(dir.filePath(QStringLiteral("missing/dir/chart.png"))));
}

TEST(GuiBinary, ScreenshotRendersTheWindowOffscreen)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("shot.png"));
    QProcess process;
    process.start(QStringLiteral(LIQHEAT_GUI_PATH),
                  {QStringLiteral("--screenshot"), out, QStringLiteral(LIQHEAT_SAMPLE_SNAPSHOT)});
    ASSERT_TRUE(process.waitForFinished(60'000));
    EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().toStdString();
    const QImage image(out);
    EXPECT_EQ(image.size(), QSize(1600, 1000));

    QProcess bad;
    bad.start(QStringLiteral(LIQHEAT_GUI_PATH),
              {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("bad.png")),
               QStringLiteral(LIQHEAT_FIXTURES_DIR "/malformed/snapshot_truncated.json")});
    ASSERT_TRUE(bad.waitForFinished(60'000));
    EXPECT_NE(bad.exitCode(), 0);
    EXPECT_TRUE(bad.readAllStandardError().contains("truncated"));
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("bad.png"))));
}

TEST_F(MainWindowTest, ClusterListCentresTheChartOnTheClickedCluster)
{
    ClustersPanel* panel = window->docks().clusters;
    ASSERT_GT(panel->rowCount(), 0);
    EXPECT_EQ(panel->clusters().size(), window->document().clusters().size());
    auto* table = panel->findChild<QTableWidget*>(QStringLiteral("clustersTable"));
    ASSERT_NE(table, nullptr);
    const Cluster target = panel->clusters().back();
    emit table->cellClicked(panel->rowCount() - 1, 0);
    const ChartViewport& v = window->chart()->viewport();
    EXPECT_NEAR((v.priceLow + v.priceHigh) / 2.0, target.peakPrice, 1e-6);
    // Longs lie below the price, shorts above, as the list says.
    const double price = window->document().estimate()->map.price;
    for (const Cluster& c : panel->clusters()) {
        if (c.side == Side::Long) {
            EXPECT_LE(c.priceHigh, price);
        } else {
            EXPECT_GE(c.priceLow, price);
        }
    }
}

TEST_F(MainWindowTest, SkillPanelScoresTheSampleAndFollowsModelEdits)
{
    const std::optional<CalibrationReport> report = window->document().calibration();
    ASSERT_TRUE(report.has_value()) << window->document().calibrationNote().toStdString();
    CalibrationPanel* panel = window->docks().calibration;
    // Row 0: estimate vs realized; the panel shows the core's number for each side.
    EXPECT_EQ(panel->cellText(0, 0), QString::number(*report->longs.spearman, 'f', 2));
    EXPECT_EQ(panel->cellText(0, 1), QString::number(*report->shorts.spearman, 'f', 2));
    EXPECT_EQ(panel->cellText(7, 0), QString::number(report->longs.intervals));
    EXPECT_TRUE(panel->reading().startsWith(QStringLiteral("Longs"))) << panel->reading().toStdString();

    ModelSettings lowLeverage;
    lowLeverage.preset = "low-leverage";
    window->document().setModel(lowLeverage);
    waitForNextEstimate();
    ASSERT_TRUE(window->document().calibration().has_value());
    EXPECT_NE(window->document().calibration()->longs.spearman, report->longs.spearman);
    EXPECT_EQ(panel->cellText(0, 0), QString::number(*window->document().calibration()->longs.spearman, 'f', 2));
}

TEST_F(MainWindowTest, SkillPanelRescoresWhenAModelOptionIsToggled)
{
    const std::optional<CalibrationReport> report = window->document().calibration();
    ASSERT_TRUE(report.has_value());
    CalibrationPanel* panel = window->docks().calibration;
    EXPECT_TRUE(panel->optionsText().contains(QStringLiteral("none"))) << panel->optionsText().toStdString();

    ModelSettings learned = window->document().model();
    learned.learnMix = 0.5;  // the sample carries realized liquidations to learn from
    window->document().setModel(learned);
    waitForNextEstimate();
    ASSERT_TRUE(window->document().calibration().has_value());
    EXPECT_TRUE(panel->optionsText().contains(QStringLiteral("learned_mix"))) << panel->optionsText().toStdString();
    EXPECT_NE(window->document().calibration()->longs.spearman, report->longs.spearman);
    EXPECT_EQ(panel->cellText(0, 0), QString::number(*window->document().calibration()->longs.spearman, 'f', 2));
}

TEST_F(MainWindowTest, DraggingTheEntryLineUpdatesThePlanner)
{
    TradePlannerPanel* planner = window->docks().planner;
    ASSERT_TRUE(waitFor([&] { return planner->inputs().entryPrice > 0.0 && !planner->resultText().isEmpty(); }));
    ChartWidget* chart = window->chart();
    const ChartTransform t = chart->transform();
    const double target = std::round(t.priceForY(t.plot().center().y() - 40.0));
    chart->dragMarker(QStringLiteral("entry"), QPointF(t.plot().center().x(), t.yForPrice(target)));
    ASSERT_TRUE(waitFor([&] { return std::abs(planner->inputs().entryPrice - target) < 0.01; }));
    // Binance 10x isolated long, first tier (MMR 0.4 %, no maintenance amount): the liquidation
    // price is entry * (1 - 1/10) / (1 - 0.004).
    const double expected = target * 0.9 / 0.996;
    ASSERT_TRUE(waitFor([&] {
        return planner->shownValue(QStringLiteral("liquidation")) == QString::fromStdString(formatFixed(expected, 2));
    })) << planner->shownValue(QStringLiteral("liquidation")).toStdString();
    // The entry line follows, and the stop stays below the entry for a long.
    bool found = false;
    for (const auto& m : chart->renderer().markers()) {
        if (m.id == QLatin1String("entry")) {
            EXPECT_NEAR(m.price, target, 0.01);
            found = true;
        }
        if (m.id == QLatin1String("stop")) {
            EXPECT_LT(m.price, target);
        }
    }
    EXPECT_TRUE(found);
    // Dragging the stop makes it the trader's own.
    const double stop = target * 0.97;
    chart->dragMarker(QStringLiteral("stop"), QPointF(t.plot().center().x(), t.yForPrice(stop)));
    ASSERT_TRUE(waitFor([&] { return planner->inputs().manualStop.has_value(); }));
    EXPECT_NEAR(*planner->inputs().manualStop, stop, std::abs(t.priceForY(0) - t.priceForY(1)) + 0.01);
}

TEST_F(MainWindowTest, CascadeWhatIfDrawsAPathAndReportsTotals)
{
    TradePlannerPanel* planner = window->docks().planner;
    auto* run = planner->findChild<QPushButton*>(QStringLiteral("cascadeRun"));
    ASSERT_NE(run, nullptr);
    run->click();
    auto* label = planner->findChild<QLabel*>(QStringLiteral("cascadeResult"));
    ASSERT_NE(label, nullptr);
    ASSERT_TRUE(waitFor([&] { return label->text().contains(QStringLiteral("Liquidated")); }))
        << label->text().toStdString();
    const auto direct = simulateCascade(window->document().estimate()->map, CascadeOptions{});
    ASSERT_TRUE(direct.ok());
    EXPECT_TRUE(label->text().contains(usdText(direct->totalLongUsd))) << label->text().toStdString();
}

TEST_F(MainWindowTest, DraggingTheLiquidationLineSetsTheLeverage)
{
    TradePlannerPanel* planner = window->docks().planner;
    ASSERT_TRUE(waitFor([&] { return planner->inputs().entryPrice > 0.0 && !planner->resultText().isEmpty(); }));
    const double entry = planner->inputs().entryPrice;
    // Drop the long's liquidation line where 20x puts it in the first tier: EP * 0.95 / 0.996.
    const double target = entry * (1.0 - 1.0 / 20.0) / (1.0 - 0.004);
    ChartWidget* chart = window->chart();
    const ChartTransform t = chart->transform();
    chart->dragMarker(QStringLiteral("liquidation"), QPointF(t.plot().center().x(), t.yForPrice(target)));
    // One pixel of drag is worth a few dollars: the leverage lands within a tenth of 20.
    ASSERT_TRUE(waitFor([&] { return std::abs(planner->inputs().leverage - 20.0) < 0.15; }))
        << planner->inputs().leverage;
}
