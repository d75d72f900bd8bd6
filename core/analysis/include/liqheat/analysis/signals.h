#pragma once

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// Thresholds of the confluence rules. Funding is a fraction per 8 h settlement (0.0001 =
/// 0.01 %, Binance's baseline); the defaults are chosen against Binance BTCUSDT funding history
/// (docs/TRADER_TOOLS.md).
struct SignalThresholds {
    int fundingAverageCount = 9;                ///< settlements averaged: 3 days of 8 h
    double maxInputAgeHours = 24.0;             ///< older funding / ratio values count as absent
    double longCrowdedFunding = 0.0002;         ///< latest >= : twice the baseline (top 4.6 % since 2024)
    double longCrowdedAverageFunding = 0.0001;  ///< average >= : at least the baseline, sustained
    double shortCrowdedFunding = -0.00005;      ///< latest <= : (bottom 3.6 % since 2024)
    double shortCrowdedAverageFunding = 0.0;    ///< average <= : shorts have been paying
    double longHeavyRatio = 2.0;                ///< long/short account ratio >= : two thirds long
    double shortHeavyRatio = 0.9;               ///< ratio <=
    double squeezeClusterPercent = 3.0;         ///< a significant cluster within this % of price
    // RSI extreme near a cluster: Wilder's RSI of the candles (the classic 14 / 70 / 30) beside a
    // significant cluster within squeezeClusterPercent on the side the move is heading to.
    int rsiPeriod = 14;
    double rsiOverbought = 70.0;       ///< RSI >= : overbought, shorts above are the fuel
    double rsiOversold = 30.0;         ///< RSI <= : oversold, longs below are the fuel
    SignificanceOptions significance;  ///< which clusters count as dense
    // Overheated: on the bundled sample's history each part alone fires on about 2.5 % (notional
    // vs median) and 5 % (strong clusters) of the heatmap columns (docs/TRADER_TOOLS.md).
    double overheatRangePercent = 5.0;    ///< notional within this % of price, both sides
    double overheatMedianMultiple = 1.5;  ///< latest >= this x the median of the lookback
    double overheatLookbackHours = 72.0;
    int overheatMinHistory = 12;         ///< fewer lookback columns: the comparison is skipped
    double strongClusterStrength = 8.0;  ///< a "strong" cluster: peak / background >= this
    int strongClusterCount = 4;          ///< this many strong clusters within overheatRangePercent
    double highSeverityFactor = 2.0;     ///< a fired rule is High when a condition is this far past its threshold
};

enum class Severity { None, Low, Medium, High };
std::string toString(Severity severity);

/// One named input of a rule: its value, the threshold it was held against, and the outcome.
struct SignalCondition {
    std::string name;             ///< e.g. "funding_latest"
    std::string comparison;       ///< ">=" or "<=": met when value <comparison> threshold
    std::optional<double> value;  ///< empty: the input is missing (see available)
    double threshold = 0.0;
    bool available = true;  ///< false: the data is absent; the rule is evaluated without it
    bool required = true;   ///< false: the rule may fire without it (the long/short ratio)
    bool met = false;
};

struct Signal {
    std::string id;  ///< long_squeeze_risk, short_squeeze_risk, overheated, rsi_extreme_near_cluster
    bool fired = false;
    Severity severity = Severity::None;
    std::string message;  ///< plain language, with the numbers
    std::vector<SignalCondition> conditions;
    std::optional<Cluster> cluster;  ///< the cluster a squeeze rule looked at
    std::vector<std::string> notes;  ///< e.g. which input was missing
};

/// The same sum on the current map.
double nearPriceUsd(const LiquidationMap& map, double rangePercent);

/// The funding and ratio inputs as the rules saw them (at or before the map's time).
struct MarketInputs {
    std::optional<double> fundingLatest;
    std::optional<double> fundingAverage;
    int fundingCount = 0;  ///< settlements in the average
    TimeMs fundingTime = 0;
    std::optional<double> longShortRatio;
    TimeMs longShortRatioTime = 0;
    std::optional<double> rsi;  ///< RSI(rsiPeriod) of the last candle at or before the time; empty: too few candles
    TimeMs rsiTime = 0;         ///< open time of that candle
};
MarketInputs marketInputs(const MarketData& data, TimeMs at, const SignalThresholds& thresholds = {});

struct SignalReport {
    double price = 0.0;
    TimeMs time = 0;
    MarketInputs inputs;
    double nearPriceUsd = 0.0;
    std::optional<double> nearPriceMedianUsd;  ///< median over the lookback, when there is enough
    /// Every rule, fired or not: long squeeze, short squeeze, overheated, RSI extreme near a cluster.
    std::vector<Signal> results;
};

/// The ids evaluateSignals reports, in its order (alert rules name one of them).
const std::vector<std::string>& signalIds();

/// Evaluates every rule on the map (and the clusters found on it), the market data's funding
/// and long/short ratio, and the near-price history (columns before the map's time count).
///  - long_squeeze_risk: latest funding >= longCrowdedFunding, its average >= longCrowdedAverageFunding,
///    ratio >= longHeavyRatio (skipped when absent), a significant long cluster within
///    squeezeClusterPercent below the price. Fires when every available condition holds.
///  - short_squeeze_risk: the mirror (low funding, short-heavy ratio, shorts above).
///  - overheated: near-price notional >= overheatMedianMultiple x its lookback median, or at least
///    strongClusterCount clusters of strength >= strongClusterStrength within overheatRangePercent.
///  - rsi_extreme_near_cluster: RSI >= rsiOverbought with a significant short cluster within
///    squeezeClusterPercent above, or RSI <= rsiOversold with a long cluster within it below (the
///    side follows the RSI: >= 50 looks up, < 50 looks down). Without an RSI it cannot fire.
Result<SignalReport> evaluateSignals(const MarketData& data, const LiquidationMap& map,
                                     const std::vector<Cluster>& clusters, const NearPriceSeries& history,
                                     const SignalThresholds& thresholds = {});

/// The signals of an estimate: its map, the clusters found on it and its hourly near-price
/// history (EstimateResult::nearPrice, which must use thresholds.overheatRangePercent). The GUI
/// and `liqheat-cli signals` both call this.
Result<SignalReport> signalsFor(const MarketData& data, const EstimateResult& estimate,
                                const std::vector<Cluster>& clusters, const SignalThresholds& thresholds = {});

}  // namespace liqheat
