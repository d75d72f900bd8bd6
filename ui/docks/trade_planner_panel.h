#pragma once

#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/trade_plan.h"
#include "window/app_settings.h"

#include <QWidget>

#include <map>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTimer;

namespace liqheat::ui {

/// The trade planner dock: what the trader types (a TradeRequest) and the TradePlan core returns
/// for it, shown to the cent, plus the cascade what-if. It computes nothing itself: the window
/// sends inputs() to the document controller and shows what comes back. Entry, stop and
/// leverage also follow the lines dragged on the chart.
class TradePlannerPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TradePlannerPanel)

public:
    explicit TradePlannerPanel(QWidget* parent = nullptr);

    [[nodiscard]] TradeRequest inputs() const;
    /// The inputs remembered between runs (exchange, side, account, risk, leverage, buffer, tick).
    [[nodiscard]] PlannerPreferences preferences() const;
    /// Shows remembered inputs; unknown names keep the current choice, numbers are clamped.
    void setPreferences(const PlannerPreferences& preferences);
    void setEntry(double price);
    /// Sets the leverage (clamped to the allowed range), e.g. from dragging the liquidation line.
    void setLeverage(double leverage);
    /// A stop the trader placed (dragging the stop line); the advisor's stop until cleared.
    void setManualStop(double price);
    void clearManualStop();
    void showPlan(const TradePlan& plan);
    void showPlanError(const QString& message);
    /// The value shown in one of the plan's fields ("liquidation", "bankruptcy", "stop",
    /// "quantity", "notional", "implied_leverage", "risk_usd", "max_leverage", "tier",
    /// "liquidation_move"), as text.
    [[nodiscard]] QString shownValue(const QString& field) const;
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
    QLabel* makeValue(const QString& field);

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
    QDoubleSpinBox* m_quantity = nullptr;
    QDoubleSpinBox* m_account = nullptr;
    QDoubleSpinBox* m_risk = nullptr;
    QLabel* m_result = nullptr;
    std::map<QString, QLabel*> m_values;
    QDoubleSpinBox* m_shock = nullptr;
    QDoubleSpinBox* m_impact = nullptr;
    QLabel* m_cascadeResult = nullptr;
    QTimer* m_debounce = nullptr;
    bool m_manualStop = false;
    double m_lastPrice = 0.0;
};

}  // namespace liqheat::ui
