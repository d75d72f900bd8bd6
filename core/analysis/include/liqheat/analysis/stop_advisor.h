#pragma once

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// Wilder's average true range of the last candles: TR = max(high - low, |high - prev close|,
/// |low - prev close|); the first ATR is the mean of the first `period` TRs (from the second
/// candle on), then ATR = (ATR * (period - 1) + TR) / period. Needs period + 1 candles.
Result<double> averageTrueRange(const CandleSeries& candles, int period = 14);

enum class BufferMode {
    Ticks,    ///< ticks x tickSize
    Percent,  ///< percent of the cluster's far edge
    Atr,      ///< atrMultiple x atr (volatility)
};
std::string toString(BufferMode mode);

/// How far beyond the cluster's far edge the stop goes.
struct StopBuffer {
    BufferMode mode = BufferMode::Percent;
    double ticks = 0.0;        ///< Ticks: how many
    double tickSize = 0.0;     ///< > 0: the price step; the stop is also rounded to it, away from the cluster
    double percent = 0.1;      ///< Percent
    double atrMultiple = 1.0;  ///< Atr: k
    double atr = 0.0;          ///< Atr: in price units, e.g. averageTrueRange(candles, 14)
};

/// Where to place a stop for a position entered at `entryPrice`. The position's liquidation,
/// size and warnings are the trade plan's job (trade_plan.h).
struct StopRequest {
    Side side = Side::Long;
    double entryPrice = 0.0;
    StopBuffer buffer;
    double fallbackPercent = 2.0;  ///< stop distance from the entry when there is no adverse cluster
    SignificanceOptions significance;
};

struct StopAdvice {
    Side side = Side::Long;
    double entryPrice = 0.0;
    /// The nearest significant adverse cluster: for a long the nearest long cluster reaching below
    /// the entry, for a short the nearest short cluster reaching above it.
    std::optional<Cluster> cluster;
    double clusterShareOfSide = 0.0;      ///< its total / the visible side's notional
    double clusterDistancePercent = 0.0;  ///< from the entry to its near edge (0 when it spans the entry)
    std::vector<Cluster> alsoCleared;     ///< further clusters the buffer landed in, stepped over
    bool fallback = false;                ///< no adverse cluster: a percent stop
    double buffer = 0.0;                  ///< price units
    double stopPrice = 0.0;               ///< long: cluster low - buffer; short: cluster high + buffer
    double riskPercent = 0.0;             ///< |entry - stop| / entry * 100
    std::vector<std::string> notes;       ///< plain language: why this stop
};

/// Rounds a stop to the price step away from the entry side's cluster: down for a long's stop,
/// up for a short's (a price already on a tick stays). `tick` <= 0: unchanged.
double roundStopToTick(double stop, double tick, Side side);

/// Places a stop just beyond the nearest significant adverse cluster of `clusters` (as found by
/// findClusters on `map`), or a percent stop when there is none.
Result<StopAdvice> adviseStop(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                              const StopRequest& request);

}  // namespace liqheat
