#pragma once

#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/model/market_data.h"

#include <vector>

namespace liqheat {

/// A realized liquidation as the chart shows it: one side's total of one interval, placed at a
/// price.
struct LiquidationPrint {
    TimeMs time = 0;  ///< start of the interval
    TimeMs intervalMs = 0;
    Side side = Side::Long;  ///< whose positions were liquidated
    double usd = 0.0;
    /// The series carries no prices, so the interval's extreme stands in: the lowest low of its
    /// candles for longs (price fell into them), the highest high for shorts. 0 when no candle
    /// falls inside the interval.
    double price = 0.0;
};

/// Every interval side with a positive amount, in time order (longs before shorts on equal times).
std::vector<LiquidationPrint> liquidationPrints(const MarketData& data);

}  // namespace liqheat
