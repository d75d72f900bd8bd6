#pragma once

#include "liqheat/liquidation/liquidation_rules.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

enum class MarginMode { Isolated, Cross };
std::string toString(MarginMode mode);

/// Risk-based sizing: lose `riskPercent` of the account if the stop fills (fees and slippage
/// are not included).
struct SizingRequest {
    double accountSize = 0.0;  ///< quote currency, > 0
    double riskPercent = 1.0;  ///< of the account, in (0, 100]
    double entryPrice = 0.0;
    double stopPrice = 0.0;
    std::optional<Side> side;  ///< set: checked against entry/stop; unset: long when stop < entry
    double leverage = 0.0;     ///< > 0: isolated, margin = notional / leverage
    double margin = 0.0;       ///< > 0: isolated with this margin; neither: cross on the whole account
    double topUp = 0.0;        ///< margin added after opening (negative: funding deducted)
    LiquidationRules rules;
};

struct PositionSize {
    Side side = Side::Long;
    double quantity = 0.0;             ///< account * risk / |entry - stop|, base units
    double notional = 0.0;             ///< quantity * entry
    double riskUsd = 0.0;              ///< account * risk / 100
    double stopDistancePercent = 0.0;  ///< |entry - stop| / entry * 100
    MarginMode marginMode = MarginMode::Cross;
    double margin = 0.0;                ///< what backs the position: notional / leverage, the margin, or the account
    double leverage = 0.0;              ///< the chosen leverage (0 when none was given)
    double impliedLeverage = 0.0;       ///< notional / margin when a margin is given, else notional / account
    LiquidationQuote liquidation;       ///< at the chosen leverage / margin / cross balance
    bool liquidationBeyondStop = true;  ///< false: the position is liquidated before the stop
    std::vector<std::string> warnings;  ///< plain language, one per problem
};

/// quantity = account * risk% / |entry - stop|; the liquidation price of that quantity under the
/// chosen margin, and whether it lies beyond the stop.
Result<PositionSize> sizePosition(const SizingRequest& request);

}  // namespace liqheat
