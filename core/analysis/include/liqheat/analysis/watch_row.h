#pragma once

// One row of the watchlist: what a trader scans for each watched market. The GUI watchlist dock
// and `liqheat-cli watch` both call evaluateWatch, so they always show the same numbers.

#include "liqheat/analysis/clusters.h"
#include "liqheat/analysis/signals.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// The nearest cluster of one side, as the row shows it.
struct NearCluster {
    Side side = Side::Long;
    double price = 0.0;            ///< the cluster's peak (strongest bucket)
    double distancePercent = 0.0;  ///< |peak - last price| / last price * 100
    double notionalUsd = 0.0;      ///< the cluster's total resting notional
};

/// `cluster` as the row shows it, measured from `price`.
NearCluster nearCluster(const Cluster& cluster, double price);

struct WatchRow {
    double lastPrice = 0.0;
    TimeMs lastTime = 0;                      ///< open time of the last candle
    std::optional<double> change24hPercent;   ///< vs the close 24 h before; empty with less history
    std::optional<NearCluster> nearestLong;   ///< below the price
    std::optional<NearCluster> nearestShort;  ///< above the price
    std::optional<double> funding;            ///< latest funding rate (fraction per settlement)
    std::optional<double> longShortRatio;     ///< latest global account long/short ratio
    std::vector<std::string> activeSignals;   ///< ids of the signals that fire now
    TimeMs dataAgeMs = 0;                     ///< now - the end of the last candle (0 when in progress)
};

/// The row, the clusters it came from and the signal report (the alert rules use all three).
struct WatchEvaluation {
    WatchRow row;
    std::vector<Cluster> clusters;
    SignalReport signalReport;
};

/// The estimate a row needs: the last map only (one heatmap column), the near-price history at
/// the signals' overheat range.
Result<EstimateResult> estimateForWatch(const MarketData& data, const ModelSettings& settings,
                                        const SignalThresholds& thresholds = {});

/// The row of `data` and its estimate at `now` (for the data age). Errors: no candles, or an
/// estimate whose map is unusable.
Result<WatchEvaluation> evaluateWatch(const MarketData& data, const EstimateResult& estimate, TimeMs now,
                                      const SignalThresholds& thresholds = {});

}  // namespace liqheat
