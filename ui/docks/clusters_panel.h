#pragma once

#include "liqheat/analysis/clusters.h"

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

    void setClusters(const std::vector<Cluster>& clusters, double price);
    [[nodiscard]] int rowCount() const;
    [[nodiscard]] const std::vector<Cluster>& clusters() const { return m_clusters; }

signals:
    void clusterActivated(const liqheat::Cluster& cluster);

private:
    QTableWidget* m_table = nullptr;
    QLabel* m_summary = nullptr;
    std::vector<Cluster> m_clusters;
};

}  // namespace liqheat::ui
