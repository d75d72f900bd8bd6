#pragma once

#include "liqheat/clusters.h"
#include "liqheat/estimator.h"
#include "liqheat/liquidation_price.h"
#include "liqheat/market_data.h"
#include "liqheat/position_sizer.h"
#include "liqheat/result.h"

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

/// A planned position. Leverage or margin are optional: without them the liquidation check is
/// skipped. Without a quantity a small position is priced (first maintenance tier), whose
/// liquidation price does not depend on its size when the margin follows from the leverage.
struct StopRequest {
    Side side = Side::Long;
    double entryPrice = 0.0;
    double leverage = 0.0;  ///< > 0: isolated, margin = notional / leverage
    double margin = 0.0;    ///< > 0: isolated with this margin (needs quantity)
    double quantity = 0.0;  ///< base units; 0: a small position
    double topUp = 0.0;     ///< margin added (negative: funding deducted); needs quantity
    LiquidationRules rules; ///< default: Binance with its dated table
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
    std::optional<LiquidationQuote> liquidation;  ///< with a leverage or margin
    double quotedQuantity = 0.0;          ///< the quantity the liquidation was priced for
    bool liquidationBeforeStop = false;   ///< long: LP >= stop; short: LP <= stop
    /// Highest leverage (1..1000) whose liquidation price stays beyond the stop for this quantity;
    /// 0 when none does or when a fixed margin was given.
    double maxLeverageBeforeStop = 0.0;
    std::vector<std::string> notes;     ///< plain language: why this stop
    std::vector<std::string> warnings;  ///< plain language: what to fix
};

/// Places a stop just beyond the nearest significant adverse cluster of `clusters` (as found by
/// findClusters on `map`), or a percent stop when there is none, and checks the position's own
/// liquidation price against it.
Result<StopAdvice> adviseStop(const LiquidationMap& map, const std::vector<Cluster>& clusters,
                              const StopRequest& request);

}  // namespace liqheat
