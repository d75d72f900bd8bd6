#pragma once

#include "app/trade_planner.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTimer;

namespace liqheat::ui {

/// The trade planner dock: liquidation calculator, stop advisor and position sizer in one place,
/// plus the cascade what-if. Entry and stop also follow the lines dragged on the chart.
class TradePlannerPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TradePlannerPanel)

public:
    explicit TradePlannerPanel(QWidget* parent = nullptr);

    [[nodiscard]] PlanInputs inputs() const;
    void setEntry(double price);
    /// Sets the leverage (clamped to the allowed range), e.g. from dragging the liquidation line.
    void setLeverage(double leverage);
    /// A stop the trader placed (dragging the stop line); the advisor's stop until cleared.
    void setManualStop(double price);
    void clearManualStop();
    void showPlan(const TradePlan& plan);
    void showCascade(const std::optional<CascadeResult>& result, const QString& error);
    /// The last price, for "use last price" and the first entry.
    void setLastPrice(double price);

    [[nodiscard]] double cascadeShockPercent() const;
    [[nodiscard]] double cascadeImpact() const;
    [[nodiscard]] QString resultText() const;

signals:
    /// Inputs changed (debounced while typing).
    void inputsChanged();
    void cascadeRequested();
    void cascadeCleared();

private:
    QDoubleSpinBox* makeSpin(const char* name, double min, double max, int decimals, double value);

    QComboBox* m_exchange = nullptr;
    QComboBox* m_side = nullptr;
    QDoubleSpinBox* m_entry = nullptr;
    QDoubleSpinBox* m_leverage = nullptr;
    QDoubleSpinBox* m_topUp = nullptr;
    QCheckBox* m_mmrOverride = nullptr;
    QDoubleSpinBox* m_mmr = nullptr;
    QComboBox* m_bufferMode = nullptr;
    QDoubleSpinBox* m_bufferValue = nullptr;
    QDoubleSpinBox* m_tickSize = nullptr;
    QDoubleSpinBox* m_stop = nullptr;
    QPushButton* m_useSuggested = nullptr;
    QDoubleSpinBox* m_account = nullptr;
    QDoubleSpinBox* m_risk = nullptr;
    QLabel* m_result = nullptr;
    QDoubleSpinBox* m_shock = nullptr;
    QDoubleSpinBox* m_impact = nullptr;
    QLabel* m_cascadeResult = nullptr;
    QTimer* m_debounce = nullptr;
    bool m_manualStop = false;
    double m_lastPrice = 0.0;
};

}  // namespace liqheat::ui
