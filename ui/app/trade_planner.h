#pragma once

#include "liqheat/analysis/cascade.h"
#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/analysis/position_sizer.h"
#include "liqheat/analysis/stop_advisor.h"

#include <QString>

#include <optional>

namespace liqheat::ui {

/// What the trader typed into the planner.
struct PlanInputs {
    Side side = Side::Long;
    double entry = 0.0;
    double leverage = 10.0;
    double topUp = 0.0;
    LiquidationRules rules;
    StopBuffer buffer;
    std::optional<double> manualStop;  ///< set when the trader placed the stop (dragged or typed)
    double accountSize = 10'000.0;     ///< 0: no sizing
    double riskPercent = 1.0;
};

/// The planner's answer: where the stop goes and why, the position's liquidation, and its size.
struct TradePlan {
    std::optional<StopAdvice> advice;
    std::optional<PositionSize> size;
    double stop = 0.0;
    std::optional<LiquidationQuote> liquidation;  ///< for the sized quantity when sized
    bool liquidationBeforeStop = false;
    QString error;
};

/// Runs the stop advisor and the position sizer on the current liquidation map. Pure: no widget,
/// no state; the planner dock and tests call it.
TradePlan computePlan(const PlanInputs& inputs, const LiquidationMap& map, const std::vector<Cluster>& clusters,
                      const CandleSeries& candles);

}  // namespace liqheat::ui
