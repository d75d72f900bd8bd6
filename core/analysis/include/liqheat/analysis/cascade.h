#pragma once

#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <string>
#include <vector>

namespace liqheat {

/// Price impact of liquidations, as a fraction of price per 1 million USD liquidated (linear
/// model: move = impactPerMillion x liquidated / 1e6). Fitted on the realized liquidations of
/// shared/data (Binance + Bybit + OKX, 30 min) against the same intervals' price change: 1.52e-4
/// on the bundled sample, 1.53e-4 on the whole 30 min file; see docs/TRADER_TOOLS.md.
inline constexpr double kDefaultImpactPerMillion = 1.5e-4;

/// A single step never moves price by more than this fraction, so a huge impact factor or level
/// cannot push price to zero or below.
inline constexpr double kMaxStepMoveFraction = 0.5;

struct CascadeOptions {
    double shockPercent = -3.0;  ///< signed initial move; > -100
    double impactPerMillion = kDefaultImpactPerMillion;
    int maxSteps = 100;  ///< the shock counts as step 1
};

/// One step: price moves from `priceFrom` to `priceTo` and liquidates what rests between; that
/// notional sets the next step's move.
struct CascadeStep {
    int index = 0;  ///< 1-based; 1 is the shock
    double priceFrom = 0.0;
    double priceTo = 0.0;
    double longUsd = 0.0;   ///< longs liquidated (falling price)
    double shortUsd = 0.0;  ///< shorts liquidated (rising price)
};

enum class CascadeEnd {
    Exhausted,  ///< the last step crossed no new level
    MaxSteps,   ///< stopped at options.maxSteps
    LeftMap,    ///< every level on that side is liquidated; nothing can move price further
};
std::string toString(CascadeEnd end);

struct CascadeResult {
    double startPrice = 0.0;  ///< the map's price
    double shockPrice = 0.0;  ///< after the shock alone
    double finalPrice = 0.0;
    double impactPerMillion = 0.0;
    double totalLongUsd = 0.0;
    double totalShortUsd = 0.0;
    double cascadeMovePercent = 0.0;  ///< final vs shock price, signed
    double totalMovePercent = 0.0;    ///< final vs start price, signed
    CascadeEnd end = CascadeEnd::Exhausted;
    std::vector<CascadeStep> steps;
};

/// Applies the shock to the map's price and repeats: liquidate every level the move reached (a
/// bucket counts once price enters it, as in the estimator's sweep), then move price further by
/// impactPerMillion x liquidated / 1e6 in the same direction. A falling price liquidates longs, a
/// rising one shorts. The total equals the map's notional on that side in the buckets from the
/// start price's bucket to the final price's bucket.
Result<CascadeResult> simulateCascade(const LiquidationMap& map, const CascadeOptions& options = {});

/// The impact factor fitted on realized data: per liquidation interval, x = (short - long
/// liquidated) / 1e6 (net forced buying, in millions) and y = (close - open) / open over the same
/// interval (from candles that cover it without gaps); impactPerMillion = sum(x y) / sum(x^2), a
/// least-squares line through the origin.
struct ImpactFit {
    double impactPerMillion = 0.0;
    double correlation = 0.0;  ///< Pearson r of x and y
    std::size_t intervals = 0;
    double liquidatedUsd = 0.0;  ///< long + short over the intervals used
    TimeMs intervalMs = 0;
    TimeMs first = 0;
    TimeMs last = 0;
};

/// Needs realized liquidations and candles whose interval divides the liquidations' interval;
/// at least 20 covered intervals.
Result<ImpactFit> fitImpact(const MarketData& data);

}  // namespace liqheat
