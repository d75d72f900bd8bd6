#include "liqheat/analysis/watch_row.h"

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

constexpr TimeMs kDayMs = 86'400'000;

std::optional<double> lastValue(const ValueSeries& series)
{
    if (series.empty()) {
        return std::nullopt;
    }
    return series.value.back();
}

std::optional<double> changeOverDay(const CandleSeries& candles)
{
    const TimeMs target = candles.time.back() - kDayMs;
    // The last candle whose open is at or before 24 h before the last one.
    const auto it = std::upper_bound(candles.time.begin(), candles.time.end(), target);
    if (it == candles.time.begin()) {
        return std::nullopt;
    }
    const auto index = static_cast<std::size_t>(it - candles.time.begin()) - 1;
    const double before = candles.close[index];
    if (!(before > 0.0)) {
        return std::nullopt;
    }
    return (candles.close.back() / before - 1.0) * 100.0;
}

}  // namespace

NearCluster nearCluster(const Cluster& cluster, double price)
{
    return {cluster.side, cluster.peakPrice, std::abs(cluster.peakPrice - price) / price * 100.0, cluster.totalUsd};
}

Result<EstimateResult> estimateForWatch(const MarketData& data, const ModelSettings& settings,
                                        const SignalThresholds& thresholds)
{
    EstimateOptions options;
    options.maxColumns = 1;
    options.nearPriceRangePercent = thresholds.overheatRangePercent;
    return estimate(data, settings, options);
}

Result<WatchEvaluation> evaluateWatch(const MarketData& data, const EstimateResult& estimate, TimeMs now,
                                      const SignalThresholds& thresholds)
{
    if (data.candles.empty()) {
        return makeError(Error::Code::InvalidData, "no candles to watch");
    }
    if (Status valid = checkLiquidationMap(estimate.map); !valid) {
        return valid.error();
    }
    WatchEvaluation out;
    out.clusters = findClusters(estimate.map);
    auto signals = signalsFor(data, estimate, out.clusters, thresholds);
    if (!signals) {
        return signals.error();
    }
    out.signalReport = std::move(*signals);

    WatchRow& row = out.row;
    const CandleSeries& candles = data.candles;
    row.lastPrice = candles.close.back();
    row.lastTime = candles.time.back();
    row.change24hPercent = changeOverDay(candles);
    for (const Cluster& cluster : out.clusters) {
        const NearCluster near = nearCluster(cluster, row.lastPrice);
        auto& slot = cluster.side == Side::Long ? row.nearestLong : row.nearestShort;
        if (!slot || near.distancePercent < slot->distancePercent) {
            slot = near;
        }
    }
    row.funding = lastValue(data.fundingRate);
    row.longShortRatio = lastValue(data.longShortRatio);
    for (const Signal& signal : out.signalReport.results) {
        if (signal.fired) {
            row.activeSignals.push_back(signal.id);
        }
    }
    const TimeMs candleEnd = row.lastTime + std::max<TimeMs>(data.candleIntervalMs(), 0);
    row.dataAgeMs = std::max<TimeMs>(0, now - candleEnd);
    return out;
}

}  // namespace liqheat
