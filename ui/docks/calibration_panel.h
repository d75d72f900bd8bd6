#pragma once

#include "liqheat/estimate/calibration.h"
#include "liqheat/model/model_settings.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;

namespace liqheat::ui {

/// How well the current estimate matches the snapshot's realized liquidations, next to the
/// "price movement alone" baseline, with a plain-language reading. Follows every re-estimate.
class CalibrationPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CalibrationPanel)

public:
    explicit CalibrationPanel(QWidget* parent = nullptr);

    /// A report to show, or the reason there is none (e.g. no realized liquidations).
    void setReport(const std::optional<CalibrationReport>& report, const QString& unavailableReason);

    /// Names the model options of issue 16 that the scored estimate ran with (docs/MODEL.md 7).
    void setModelOptions(const ModelSettings& model);
    [[nodiscard]] QString optionsText() const;

    [[nodiscard]] QString reading() const;
    /// The table cell text at (metric row, side column 0 = longs, 1 = shorts).
    [[nodiscard]] QString cellText(int row, int column) const;

private:
    QLabel* m_reading = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_options = nullptr;
    QTableWidget* m_table = nullptr;
};

}  // namespace liqheat::ui
