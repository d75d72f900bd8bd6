#include "trade_planner.h"

namespace liqheat::ui {

TradePlan computePlan(const PlanInputs& in, const LiquidationMap& map, const std::vector<Cluster>& clusters,
                      const CandleSeries& candles)
{
    TradePlan plan;
    StopRequest request;
    request.side = in.side;
    request.entryPrice = in.entry;
    request.leverage = in.leverage;
    request.rules = in.rules;
    request.buffer = in.buffer;
    if (request.buffer.mode == BufferMode::Atr) {
        const auto atr = averageTrueRange(candles, 14);
        if (!atr) {
            plan.error = QString::fromStdString(atr.error().message);
            return plan;
        }
        request.buffer.atr = *atr;
    }
    auto advice = adviseStop(map, clusters, request);
    if (!advice) {
        plan.error = QString::fromStdString(advice.error().message);
        return plan;
    }
    plan.stop = in.manualStop.value_or(advice->stopPrice);
    plan.liquidation = advice->liquidation;
    plan.liquidationBeforeStop = advice->liquidationBeforeStop;
    plan.advice = std::move(advice).value();

    if (in.accountSize > 0.0 && plan.stop > 0.0 && plan.stop != in.entry) {
        SizingRequest sizing;
        sizing.accountSize = in.accountSize;
        sizing.riskPercent = in.riskPercent;
        sizing.entryPrice = in.entry;
        sizing.stopPrice = plan.stop;
        sizing.side = in.side;
        sizing.leverage = in.leverage;
        sizing.rules = in.rules;
        auto size = sizePosition(sizing);
        if (!size) {
            plan.error = QString::fromStdString(size.error().message);
            return plan;
        }
        plan.liquidation = size->liquidation;
        plan.liquidationBeforeStop = !size->liquidationBeyondStop;
        plan.size = std::move(size).value();
    } else if (plan.liquidation) {
        plan.liquidationBeforeStop = !liquidationBeyondStop(in.side, plan.liquidation->liquidationPrice, plan.stop);
    }
    return plan;
}

}  // namespace liqheat::ui
