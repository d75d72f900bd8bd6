#pragma once

#include "heatmap_style.h"

#include "liqheat/model/model_settings.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTableView;
class QTimer;

namespace liqheat::ui {

class LeverageTierModel;
class ModelOptionsBox;
class LayerControl;

/// Model settings editor: leverage tiers table (add, remove, edit; weights shown normalised),
/// presets, bucket size (auto or fixed), decay, entry placement, and the heatmap style (intensity
/// threshold, log scale, palette). Emits changes after a short debounce so typing does not
/// re-estimate on every key.
class ModelPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelPanel)

public:
    explicit ModelPanel(QWidget* parent = nullptr);

    /// Shows these settings without emitting modelChanged.
    void setModel(const ModelSettings& settings);
    [[nodiscard]] ModelSettings model() const;
    /// Shows this style without emitting styleChanged.
    void setStyle(const HeatmapStyle& style);
    [[nodiscard]] HeatmapStyle style() const;
    /// The bucket size the estimator actually used, shown beside "auto".
    void setEffectiveBucketSize(double size);
    [[nodiscard]] LayerControl* layers() const { return m_layers; }

signals:
    void modelChanged(const liqheat::ModelSettings& settings);
    void styleChanged(const liqheat::ui::HeatmapStyle& style);

private:
    QWidget* createLeverageGroup();
    QWidget* createBucketGroup();
    QWidget* createHeatmapGroup();

    void onPresetChosen(int index);
    void onTiersEdited();
    void addTier();
    void removeSelectedTier();
    void showTierMessage(const QString& message);
    void ensureCustomPresetItem();
    void selectPresetItem(const QString& name);
    void updatePresetToolTip();
    void updateTierButtons();
    void updateBucketControls();
    void updateThresholdLabel();
    void scheduleModelChanged();
    void emitStyleChanged();

    QComboBox* m_presetCombo = nullptr;
    LayerControl* m_layers = nullptr;
    LeverageTierModel* m_tierModel = nullptr;
    QTableView* m_tierTable = nullptr;
    QPushButton* m_addTierButton = nullptr;
    QPushButton* m_removeTierButton = nullptr;
    QLabel* m_tierMessage = nullptr;
    QCheckBox* m_bucketAuto = nullptr;
    QDoubleSpinBox* m_bucketSize = nullptr;
    QLabel* m_bucketAutoLabel = nullptr;
    QDoubleSpinBox* m_decay = nullptr;
    QComboBox* m_entryCombo = nullptr;
    ModelOptionsBox* m_options = nullptr;
    QSlider* m_threshold = nullptr;
    QLabel* m_thresholdLabel = nullptr;
    QCheckBox* m_logScale = nullptr;
    QComboBox* m_paletteCombo = nullptr;
    QTimer* m_debounce = nullptr;

    ModelSettings m_base;                     ///< fields without a control (MMR, spread points)
    HeatmapStyle m_style;                     ///< keeps `reference` and the exact threshold
    std::vector<LeverageTier> m_customTiers;  ///< the last hand-edited tiers, behind "custom"
    double m_effectiveBucketSize = 0.0;
    bool m_loading = false;  ///< set by setModel/setStyle: no signals
};

}  // namespace liqheat::ui
