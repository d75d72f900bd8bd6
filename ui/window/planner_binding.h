#pragma once

#include <QObject>

namespace liqheat {
struct CascadeOptions;
struct CascadeResult;
struct TradePlan;
struct TradeRequest;
}  // namespace liqheat

namespace liqheat::ui {

class ChartWidget;
class DocumentController;
class TradePlannerPanel;

/// Ties the Trade Planner dock, the document controller and the chart's price lines together:
/// inputs go to the controller (planTrade, off the GUI thread), the plan comes back to the dock
/// and the chart's entry, stop and liquidation lines; dragging a line changes the inputs. Also the
/// cascade what-if and its path.
class PlannerBinding final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlannerBinding)

public:
    PlannerBinding(DocumentController* document, TradePlannerPanel* planner, ChartWidget* chart, QObject* parent);

    /// Plans what the dock shows now (after new data, a new estimate or a palette change).
    void requestPlan();

signals:
    /// One line for the status bar (for example a liquidation line dragged where no leverage reaches).
    void message(const QString& text);

private:
    void showPlan(const TradeRequest& request, const TradePlan& plan);
    void showPlanError(const TradeRequest& request, const QString& error);
    void onLiquidationLineDragged(double price);
    void showCascade(const CascadeOptions& options, const CascadeResult& result);

    DocumentController* m_document;
    TradePlannerPanel* m_planner;
    ChartWidget* m_chart;
    double m_plannedQuantity = 0.0;  ///< of the plan on screen, for the liquidation line's drag
};

}  // namespace liqheat::ui
