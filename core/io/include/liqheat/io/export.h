#pragma once

#include "liqheat/estimate/estimator.h"

#include <string>

namespace liqheat {

/// The heatmap grid as CSV in long format, non-empty cells only:
/// `time,price_low,price_high,long_usd,short_usd`.
std::string heatmapCsv(const HeatmapGrid& heatmap);

/// The liquidation map between buckets [first, last] (clamped to the grid) as CSV:
/// `price_low,price_high,long_usd,short_usd,cumulative_long_usd,cumulative_short_usd`.
std::string liquidationMapCsv(const LiquidationMap& map, int first, int last);

/// The per-candle estimated liquidations as CSV: `time,long_usd,short_usd`.
std::string sweepCsv(const SweepSeries& sweep);

}  // namespace liqheat
