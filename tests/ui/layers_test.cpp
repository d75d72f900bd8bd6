// Leverage layers as a trader uses them: turn them on, keep only 50x and 100x, and the heatmap,
// the profile, the clusters and the tooltip speak of those tiers only.
#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "docks/clusters_panel.h"
#include "docks/layer_control.h"
#include "docks/model_panel.h"
#include "window/main_window.h"

#include "liqheat/analysis/tier_breakdown.h"
#include "wait_for.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QSettings>

#include <gtest/gtest.h>

#include <functional>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {}  // namespace

TEST(LeverageLayers, OnlyTheChosenTiersAreDrawnAndNamed)
{
    QSettings().clear();
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    int estimates = 0;
    QObject::connect(&window, &MainWindow::estimateShown, [&] { ++estimates; });
    window.openPath({});
    ASSERT_TRUE(waitFor([&] { return estimates > 0; }));
    const EstimateResult full = *window.document().estimate();
    const std::vector<LeverageTier> tiers = window.document().model().effectiveTiers();
    ASSERT_EQ(tiers.size(), 5U);  // the balanced preset: 5, 10, 25, 50, 100x

    const int before = estimates;
    window.docks().model->layers()->setVisible({false, false, false, true, true});
    ASSERT_TRUE(waitFor([&] { return estimates > before; }));
    const EstimateResult* layered = window.document().estimate();
    ASSERT_NE(layered, nullptr);
    ASSERT_TRUE(layered->visibleMap.has_value());
    // The map a trader acts on is unchanged; the drawn one holds the 50x and 100x tiers only.
    EXPECT_EQ(layered->map.longUsd, full.map.longUsd);
    double visible = 0.0;
    double fromTiers = 0.0;
    for (std::size_t b = 0; b < layered->visibleMap->longUsd.size(); ++b) {
        visible += layered->visibleMap->longUsd[b];
        fromTiers += layered->tiers.mapLongUsd[3][b] + layered->tiers.mapLongUsd[4][b];
    }
    EXPECT_NEAR(visible, fromTiers, 1e-6 * visible);
    EXPECT_LT(visible, full.map.totalLongUsd);
    // Each cluster shown comes from those tiers and names one of them.
    const ClustersPanel* clusters = window.docks().clusters;
    ASSERT_FALSE(clusters->clusters().empty());
    for (int row = 0; row < static_cast<int>(clusters->clusters().size()); ++row) {
        const QString tier = clusters->cellText(row, 2);
        EXPECT_TRUE(tier.startsWith(QStringLiteral("50x")) || tier.startsWith(QStringLiteral("100x")))
            << tier.toStdString();
    }
    // The tooltip at the strongest visible long level breaks it down by leverage.
    const ChartRenderer& renderer = window.chart()->renderer();
    const ChartTransform t = window.chart()->transform();
    const Cluster& c = clusters->clusters().front();
    HoverInfo info = renderer.hoverAt(t, QPointF(t.plot().right() - 2, t.yForPrice(c.peakPrice)));
    ASSERT_TRUE(info.valid);
    const QString lines = renderer.hoverLines(info).join(QLatin1Char('\n'));
    EXPECT_TRUE(lines.contains(QStringLiteral("by leverage"))) << lines.toStdString();
    // Memory of the per-cell shares stays within the documented budget.
    EXPECT_LE(layered->tiers.longShares.size() + layered->tiers.shortShares.size(), std::size_t{64} << 20);

    // Layers off: back to the plain, incremental-friendly estimate.
    const int again = estimates;
    QCheckBox* enabled = window.docks().model->layers()->findChild<QCheckBox*>(QStringLiteral("layersEnabled"));
    ASSERT_NE(enabled, nullptr);
    enabled->setChecked(false);
    ASSERT_TRUE(waitFor([&] { return estimates > again; }));
    EXPECT_FALSE(window.document().estimate()->visibleMap.has_value());
    EXPECT_TRUE(window.document().estimate()->tiers.empty());
}
