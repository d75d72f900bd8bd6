#pragma once

#include "heatmap_style.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"

#include <QWidget>

#include <vector>

class QLabel;
class QTableWidget;

namespace liqheat::ui {

/// The current map's liquidation clusters, strongest first. Activating a row asks the chart to
/// centre on that cluster.
class ClustersPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClustersPanel)

public:
    explicit ClustersPanel(QWidget* parent = nullptr);

    /// The clusters found on `estimate` (or on its visible layers); the Tier column names the
    /// leverage tier holding most of each when the estimate has tier detail.
    void setClusters(const std::vector<Cluster>& clusters, const EstimateResult& estimate);
    void clear();
    /// Side labels follow the heatmap's palette (red/green or the colour-blind one) and the theme
    /// (dark shades on the light theme, so they stay readable on white).
    void setColors(Palette palette, Theme theme);
    [[nodiscard]] QString cellText(int row, int column) const;
    [[nodiscard]] int rowCount() const;
    [[nodiscard]] const std::vector<Cluster>& clusters() const { return m_clusters; }

signals:
    void clusterActivated(const liqheat::Cluster& cluster);

private:
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
    std::vector<Cluster> m_clusters;
    Palette m_palette = Palette::RedGreen;
    Theme m_theme = Theme::Dark;
};

}  // namespace liqheat::ui
