#pragma once

#include "liqheat/model/model_settings.h"

#include <QGroupBox>

class QComboBox;
class QDoubleSpinBox;

namespace liqheat::ui {

/// The Model dock's controls for the options of issue 16 (docs/MODEL.md, section 7): side tilt
/// from positioning, closing winners first, the causally learned leverage mix. Each is off at 0.
class ModelOptionsBox final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelOptionsBox)

public:
    explicit ModelOptionsBox(QWidget* parent = nullptr);

    /// Shows `settings`' options without emitting changed().
    void setOptions(const ModelSettings& settings);
    /// Writes the shown options into `settings`.
    void apply(ModelSettings& settings) const;

signals:
    void changed();

private:
    void emitIfChanged();

    ModelSettings m_shown;  ///< the options the controls showed at the last change or setOptions
    QDoubleSpinBox* m_tilt = nullptr;
    QComboBox* m_tiltSource = nullptr;
    QDoubleSpinBox* m_closeBlend = nullptr;
    QDoubleSpinBox* m_loserScale = nullptr;
    QDoubleSpinBox* m_learnMix = nullptr;
    QDoubleSpinBox* m_learnWindow = nullptr;
};

}  // namespace liqheat::ui
