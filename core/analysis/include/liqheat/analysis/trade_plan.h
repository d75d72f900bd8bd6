#pragma once

// The trade plan: the one answer to "where do I put my stop, how big can I go, where am I
// liquidated?". The GUI planner, its draggable chart lines, `liqheat-cli stop` and
// `liqheat-cli size` all call planTrade, so they always agree.

#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/position_sizer.h"
#include "liqheat/analysis/stop_advisor.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/liquidation/liquidation_rules.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// Risk-based sizing: lose `riskPercent` of `accountSize` if the stop fills.
struct SizingInputs {
    double accountSize = 0.0;
    double riskPercent = 1.0;
};

struct TradeRequest {
    Side side = Side::Long;
    double entryPrice = 0.0;
    double leverage = 0.0;  ///< > 0: isolated, margin = notional / leverage
    double margin = 0.0;    ///< > 0: isolated with this margin (needs a quantity or sizing)
    /// Base units. 0: the sized quantity with sizing, else a small position whose liquidation
    /// price does not depend on its size (first maintenance tier).
    double quantity = 0.0;
    double topUp = 0.0;  ///< margin added (negative: funding or fees deducted); needs a quantity or sizing
    LiquidationRules rules;
    StopBuffer buffer;   ///< buffer.tickSize > 0 also rounds a manual stop; buffer.atr <= 0: from the candles
    int atrPeriod = 14;  ///< Wilder's ATR of the candles, for an ATR buffer
    double fallbackPercent = 2.0;
    SignificanceOptions significance;
    std::optional<double> manualStop;  ///< the trader's own stop (typed or dragged) instead of the advisor's
    std::optional<SizingInputs> sizing;
};

struct TradePlan {
    Side side = Side::Long;
    double entryPrice = 0.0;
    /// The advisor's stop and why; absent when a manual stop was given on an empty map.
    std::optional<StopAdvice> advice;
    double atr = 0.0;        ///< the ATR the buffer used (ATR buffers only)
    double stopPrice = 0.0;  ///< the plan's stop: the manual one (on the tick) or the advisor's
    bool manualStop = false;
    double riskPercent = 0.0;                     ///< |entry - stop| / entry * 100
    std::optional<PositionSize> size;             ///< with sizing
    double quantity = 0.0;                        ///< the quantity the liquidation is priced for
    bool smallPosition = false;                   ///< no quantity and no sizing: a small position was priced
    std::string maintenanceTable;                 ///< the table the liquidation used
    std::optional<LiquidationQuote> liquidation;  ///< with a leverage, a margin or sizing (cross)
    MarginMode marginMode = MarginMode::Isolated;
    bool liquidationBeforeStop = false;  ///< long: LP >= stop; short: LP <= stop
    /// Highest leverage (1..1000) whose liquidation stays beyond the stop for this quantity and
    /// top-up; 0 when none does or when a fixed margin or cross margin prices the position.
    double maxLeverageBeforeStop = 0.0;
    /// The adverse move, in % of the entry, that liquidates the position (liquidation->distancePercent);
    /// empty without a liquidation price. Stated in a note, and a warning when it is thin.
    std::optional<double> liquidationMovePercent;
    std::vector<std::string> notes;     ///< plain language: why this stop, which liquidation
    std::vector<std::string> warnings;  ///< plain language: what to fix
};

/// Leverage sanity: at or above this leverage, or with a liquidation this close, the plan warns.
inline constexpr double kHighLeverage = 25.0;
inline constexpr double kThinLiquidationMovePercent = 4.0;

/// How far price may move against a position before it is liquidated, in plain words.
struct LeverageCheck {
    double leverage = 0.0;               ///< the leverage given, else notional / initial margin (top-up included)
    double movePercent = 0.0;            ///< |LP - entry| / entry * 100
    std::string note;                    ///< "at 10x a 9.6 % move against the position liquidates it"
    std::optional<std::string> warning;  ///< at >= kHighLeverage or a move <= kThinLiquidationMovePercent
};

/// The check of a priced position: `leverage` is the one the trader gave (0: derived from the
/// quote's initial margin). Empty when the position has no liquidation price. planTrade and
/// `liqheat-cli liqprice` both use it.
std::optional<LeverageCheck> checkLeverage(const LiquidationQuote& quote, double entryPrice, double quantity,
                                           double leverage);

/// Places the stop (advisor or manual, rounded to the tick), sizes the position, prices its
/// liquidation with the exchange formula and dated table (top-up included), and warns. `candles`
/// are needed only for an ATR buffer without a given ATR.
Result<TradePlan> planTrade(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                            const CandleSeries& candles, const TradeRequest& request);

/// The position `request` describes with `quantity` base units, as the liquidation formulas take it
/// (the exchange comes from request.rules).
PositionSpec positionSpec(const TradeRequest& request, double quantity);

/// The inverse: the leverage (1..1000) that puts the liquidation of `request`'s position, with
/// `quantity` base units and its top-up, at `liquidationPrice`, with the exact formula and tiers.
/// An error when no leverage in that range reaches it.
Result<double> leverageForLiquidation(const TradeRequest& request, double quantity, double liquidationPrice);

}  // namespace liqheat
