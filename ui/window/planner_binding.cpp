#include "window/planner_binding.h"

#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "docks/trade_planner_panel.h"
#include "text_format.h"

namespace liqheat::ui {

PlannerBinding::PlannerBinding(DocumentController* document, TradePlannerPanel* planner, ChartWidget* chart,
                               QObject* parent)
    : QObject(parent), m_document(document), m_planner(planner), m_chart(chart)
{
    connect(planner, &TradePlannerPanel::inputsChanged, this, &PlannerBinding::requestPlan);
    connect(document, &DocumentController::planReady, this, &PlannerBinding::showPlan);
    connect(document, &DocumentController::planFailed, this, &PlannerBinding::showPlanError);
    connect(planner, &TradePlannerPanel::cascadeRequested, this, [this] {
        CascadeOptions options;
        options.shockPercent = m_planner->cascadeShockPercent();
        options.impactPerMillion = m_planner->cascadeImpact();
        m_document->requestCascade(options);
    });
    connect(document, &DocumentController::cascadeReady, this, &PlannerBinding::showCascade);
    connect(document, &DocumentController::cascadeFailed, this,
            [this](const QString& error) { m_planner->showCascade(std::nullopt, error); });
    connect(planner, &TradePlannerPanel::cascadeCleared, this, [this] {
        m_chart->renderer().setPricePath({}, {});
        m_chart->update();
    });
    connect(chart, &ChartWidget::markerDragged, this, [this](const QString& id, double price) {
        if (id == QLatin1String("entry")) {
            m_planner->setEntry(price);
        } else if (id == QLatin1String("stop")) {
            m_planner->setManualStop(price);
        } else if (id == QLatin1String("liquidation")) {
            onLiquidationLineDragged(price);
        }
    });
}

void PlannerBinding::requestPlan()
{
    const TradeRequest request = m_planner->inputs();
    if (request.entryPrice > 0.0) {
        m_document->requestPlan(request);
    }
}

void PlannerBinding::showPlan(const TradeRequest& request, const TradePlan& plan)
{
    m_planner->showPlan(plan);
    m_plannedQuantity = plan.quantity;
    std::vector<PriceMarker> markers;
    const MarkerColors colors = markerColors(m_chart->renderer().style().palette);
    markers.push_back({QStringLiteral("entry"), tr("entry"), request.entryPrice, colors.entry, true});
    markers.push_back({QStringLiteral("stop"), tr("stop"), plan.stopPrice, colors.stop, true});
    if (plan.liquidation && plan.liquidation->liquidationPrice > 0.0) {
        markers.push_back({QStringLiteral("liquidation"),
                           plan.liquidationBeforeStop ? tr("liquidation (before stop!)") : tr("liquidation"),
                           plan.liquidation->liquidationPrice, colors.liquidation, true});
    }
    m_chart->renderer().setMarkers(std::move(markers));
    m_chart->update();
}

void PlannerBinding::showPlanError(const TradeRequest& request, const QString& error)
{
    m_planner->showPlanError(error);
    std::vector<PriceMarker> markers;
    markers.push_back({QStringLiteral("entry"), tr("entry"), request.entryPrice,
                       markerColors(m_chart->renderer().style().palette).entry, true});
    m_chart->renderer().setMarkers(std::move(markers));
    m_chart->update();
}

void PlannerBinding::onLiquidationLineDragged(double price)
{
    // The leverage whose liquidation lands where the line was dropped, by the exact formula for
    // the planned quantity and top-up (core's inverse of the plan's own pricing).
    const auto leverage = leverageForLiquidation(m_planner->inputs(), m_plannedQuantity, price);
    if (leverage) {
        m_planner->setLeverage(*leverage);
    } else {
        emit message(QString::fromStdString(leverage.error().message));
    }
}

void PlannerBinding::showCascade(const CascadeOptions& options, const CascadeResult& result)
{
    std::vector<double> path{result.startPrice};
    for (const auto& step : result.steps) {
        path.push_back(step.priceTo);
    }
    m_chart->renderer().setPricePath(std::move(path), tr("what-if %1 %: %2 liquidated")
                                                          .arg(options.shockPercent, 0, 'f', 1)
                                                          .arg(usdText(result.totalLongUsd + result.totalShortUsd)));
    m_chart->update();
    m_planner->showCascade(result, {});
}

}  // namespace liqheat::ui
