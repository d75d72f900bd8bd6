#pragma once

#include "liqheat/model/model_settings.h"

#include <QGroupBox>

#include <optional>
#include <vector>

class QCheckBox;
class QHBoxLayout;

namespace liqheat::ui {

/// Leverage layers: off, the chart shows every tier together; on, the tooltip, the profile and the
/// Clusters dock break levels down by tier, and unticking a tier hides it from the heatmap, the
/// profile and the clusters (say only 50x and 100x).
class LayerControl final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LayerControl)

public:
    explicit LayerControl(QWidget* parent = nullptr);

    /// The model's tiers, in its order; keeps the ticks of tiers that stay.
    void setTiers(const std::vector<LeverageTier>& tiers);
    /// Nothing when layers are off, else one flag per tier (visible or not).
    [[nodiscard]] std::optional<std::vector<bool>> layers() const;
    /// Ticks exactly these tiers (by position) and turns layers on; for tests and restored views.
    void setVisible(const std::vector<bool>& visible);

signals:
    void layersChanged(const std::optional<std::vector<bool>>& layers);

private:
    void emitChanged();

    QCheckBox* m_enabled = nullptr;
    QHBoxLayout* m_tierRow = nullptr;
    std::vector<QCheckBox*> m_tierBoxes;
    std::vector<double> m_leverage;
};

}  // namespace liqheat::ui
