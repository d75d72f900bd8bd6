#include "liqheat/analysis/signals.h"

#include "liqheat/analysis/indicators.h"
#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace liqheat {
namespace {

std::string fundingText(double rate) { return formatFixed(rate * 100.0, 4) + " %"; }

/// How a condition's value and threshold read in a message.
std::string valueText(const std::string& name, double v)
{
    if (name.rfind("funding", 0) == 0) {
        return fundingText(v);
    }
    if (name == "cluster_distance_percent") {
        return formatFixed(v, 2) + " %";
    }
    if (name == "near_price_vs_median") {
        return formatFixed(v, 2) + "x";
    }
    if (name == "strong_clusters_near_price") {
        return formatFixed(v, 0);
    }
    if (name == "rsi") {
        return formatFixed(v, v == std::round(v) ? 0 : 1);  // "RSI 74.2 >= 70"
    }
    return formatFixed(v, 2);
}

std::string label(const std::string& name)
{
    if (name == "funding_latest") {
        return "funding";
    }
    if (name == "funding_average") {
        return "average funding";
    }
    if (name == "long_short_ratio") {
        return "long/short ratio";
    }
    if (name == "cluster_distance_percent") {
        return "nearest dense cluster";
    }
    if (name == "near_price_vs_median") {
        return "near-price notional vs its median";
    }
    if (name == "rsi") {
        return "RSI";
    }
    return "strong clusters near the price";
}

SignalCondition condition(std::string name, std::string comparison, std::optional<double> value, double threshold,
                          bool available, bool required = true)
{
    SignalCondition c;
    c.name = std::move(name);
    c.comparison = std::move(comparison);
    c.value = value;
    c.threshold = threshold;
    c.available = available;
    c.required = required;
    c.met = available && value && (c.comparison == ">=" ? *value >= threshold : *value <= threshold);
    return c;
}

/// "funding 0.0035 % is not >= 0.0200 %" for each available condition that failed.
std::string unmetText(const std::vector<SignalCondition>& conditions, const std::string& clusterMissing)
{
    std::string out;
    for (const auto& c : conditions) {
        if (!c.available || c.met) {
            continue;
        }
        out += out.empty() ? "" : "; ";
        if (!c.value) {
            out += clusterMissing;
        } else {
            out += label(c.name) + " " + valueText(c.name, *c.value) + " is not " + c.comparison + " " +
                   valueText(c.name, c.threshold);
        }
    }
    return out;
}

/// Hours to milliseconds, bounded so that absurd thresholds cannot overflow the conversion.
TimeMs hoursToMs(double hours)
{
    return std::isfinite(hours) ? static_cast<TimeMs>(std::clamp(hours, 0.0, 1e6) * 3'600'000.0) : 0;
}

double median(std::vector<double> v)
{
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1) {
        return upper;
    }
    return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid)));
}

double sumRange(const PriceGrid& grid, double price, double rangePercent, const float* longs, const float* shorts,
                const double* longD, const double* shortD)
{
    const double r = std::clamp(rangePercent, 0.0, 100.0) / 100.0;
    const int lo = std::max(grid.indexOf(price * (1.0 - r)), 0);
    const int hi = std::min(grid.indexOf(price * (1.0 + r)), grid.count - 1);
    double sum = 0.0;
    for (int b = lo; b <= hi; ++b) {
        const auto i = static_cast<std::size_t>(b);
        sum += longs ? static_cast<double>(longs[i]) + static_cast<double>(shorts[i]) : longD[i] + shortD[i];
    }
    return sum;
}

/// The significant cluster of `side` nearest the price (longs lie below it, shorts above).
std::optional<Cluster> nearestCluster(Side side, const std::vector<Cluster>& significant)
{
    std::optional<Cluster> nearest;
    for (const auto& c : significant) {
        if (c.side == side && (!nearest || c.distancePercent < nearest->distancePercent)) {
            nearest = c;
        }
    }
    return nearest;
}

/// "12.3M USD of short liquidations 1.20 % above the price (63500-63800)".
std::string clusterText(const Cluster& c)
{
    const bool isLong = c.side == Side::Long;
    return formatUsd(c.totalUsd) + " of " + (isLong ? "long" : "short") + " liquidations " +
           formatFixed(c.distancePercent, 2) + " % " + (isLong ? "below" : "above") + " the price (" +
           formatFixed(c.priceLow, 0) + "-" + formatFixed(c.priceHigh, 0) + ")";
}

Signal squeezeRule(Side side, const MarketInputs& in, const std::vector<Cluster>& significant,
                   const SignalThresholds& t)
{
    const bool isLong = side == Side::Long;
    Signal s;
    s.id = isLong ? "long_squeeze_risk" : "short_squeeze_risk";
    const std::string cmp = isLong ? ">=" : "<=";
    const bool funding = in.fundingLatest.has_value();
    s.conditions.push_back(condition("funding_latest", cmp, in.fundingLatest,
                                     isLong ? t.longCrowdedFunding : t.shortCrowdedFunding, funding));
    s.conditions.push_back(condition("funding_average", cmp, in.fundingAverage,
                                     isLong ? t.longCrowdedAverageFunding : t.shortCrowdedAverageFunding, funding));
    const bool ratio = in.longShortRatio.has_value();
    s.conditions.push_back(condition("long_short_ratio", cmp, in.longShortRatio,
                                     isLong ? t.longHeavyRatio : t.shortHeavyRatio, ratio, false));
    s.cluster = nearestCluster(side, significant);
    s.conditions.push_back(condition("cluster_distance_percent",
                                     "<=", s.cluster ? std::optional<double>(s.cluster->distancePercent) : std::nullopt,
                                     t.squeezeClusterPercent, true));

    if (!funding) {
        s.notes.push_back("no funding rate within " + formatFixed(t.maxInputAgeHours, 0) +
                          " h of the map time: the rule cannot fire");
    }
    if (!ratio) {
        s.notes.push_back("long/short ratio not available: evaluated on funding and clusters only");
    }
    bool all = true;
    int unmet = 0;
    for (const auto& c : s.conditions) {
        if (c.required && !c.available) {
            all = false;
        }
        if (c.available && !c.met) {
            all = false;
            ++unmet;
        }
    }
    s.fired = all;
    const std::string name = isLong ? "long" : "short";
    const std::string where = isLong ? "below" : "above";
    if (s.fired) {
        const double f = t.highSeverityFactor;
        const bool extremeFunding =
            isLong ? *in.fundingLatest >= f * t.longCrowdedFunding : *in.fundingLatest <= f * t.shortCrowdedFunding;
        const bool veryNear = s.cluster->distancePercent <= t.squeezeClusterPercent / f;
        s.severity = ratio && (extremeFunding || veryNear) ? Severity::High : Severity::Medium;
        s.message = std::string(isLong ? "Long" : "Short") + "-squeeze risk: funding " +
                    fundingText(*in.fundingLatest) + " (average " + fundingText(*in.fundingAverage) + " over " +
                    std::to_string(in.fundingCount) + " settlements)" +
                    (ratio ? ", long/short ratio " + formatFixed(*in.longShortRatio, 2) : std::string()) + " and " +
                    clusterText(*s.cluster) + (ratio ? "" : "; long/short ratio not available") + ".";
    } else {
        s.severity = funding && unmet == 1 ? Severity::Low : Severity::None;
        std::string why =
            unmetText(s.conditions, "no significant " + name + " cluster within " +
                                        formatFixed(t.significance.rangePercent, 1) + " % " + where + " the price");
        if (!funding) {
            why = "no funding data" + (why.empty() ? std::string() : "; " + why);
        }
        s.message = "No " + name + "-squeeze setup: " + why + ".";
    }
    return s;
}

/// Momentum into fuel: an overbought RSI with dense short liquidations just above (a further rise
/// runs into them), or an oversold RSI with dense long liquidations just below. The side follows
/// the RSI, so the rule always shows the one setup that could be forming.
Signal rsiRule(const MarketInputs& in, const std::vector<Cluster>& significant, const SignalThresholds& t)
{
    Signal s;
    s.id = "rsi_extreme_near_cluster";
    const bool up = !in.rsi || *in.rsi >= 50.0;
    s.conditions.push_back(
        condition("rsi", up ? ">=" : "<=", in.rsi, up ? t.rsiOverbought : t.rsiOversold, in.rsi.has_value()));
    s.cluster = nearestCluster(up ? Side::Short : Side::Long, significant);
    s.conditions.push_back(condition("cluster_distance_percent",
                                     "<=", s.cluster ? std::optional<double>(s.cluster->distancePercent) : std::nullopt,
                                     t.squeezeClusterPercent, true));
    const bool extreme = s.conditions[0].met;
    s.fired = extreme && s.conditions[1].met;
    const std::string side = up ? "short" : "long";
    const std::string where = up ? "above" : "below";
    if (!in.rsi) {
        s.notes.push_back("fewer than " + std::to_string(t.rsiPeriod + 1) + " candles: no RSI(" +
                          std::to_string(t.rsiPeriod) + "), the rule cannot fire");
    }
    const std::string rsiText = in.rsi ? "RSI " + valueText("rsi", *in.rsi) + " " + s.conditions[0].comparison + " " +
                                             valueText("rsi", s.conditions[0].threshold)
                                       : std::string();
    if (s.fired) {
        const bool veryNear = s.cluster->distancePercent <= t.squeezeClusterPercent / t.highSeverityFactor;
        s.severity = veryNear ? Severity::High : Severity::Medium;
        s.message = rsiText + (up ? " (overbought)" : " (oversold)") + " with " + clusterText(*s.cluster) +
                    ": a further " + (up ? "rise" : "fall") + " would run into them.";
    } else {
        // The RSI is the trigger: an extreme without a cluster is worth a look, a cluster alone is not.
        s.severity = extreme ? Severity::Low : Severity::None;
        std::string why =
            unmetText(s.conditions, "no significant " + side + " cluster within " +
                                        formatFixed(t.significance.rangePercent, 1) + " % " + where + " the price");
        if (!in.rsi) {
            why = "no RSI" + (why.empty() ? std::string() : "; " + why);
        }
        s.message = (extreme ? rsiText + ", but " : "No RSI extreme near a cluster: ") + why + ".";
    }
    return s;
}

Signal overheatRule(const LiquidationMap& map, double nearUsd, std::optional<double> medianUsd,
                    const std::vector<Cluster>& clusters, const SignalThresholds& t)
{
    Signal s;
    s.id = "overheated";
    const bool haveMedian = medianUsd && *medianUsd > 0.0;
    s.conditions.push_back(condition("near_price_vs_median",
                                     ">=", haveMedian ? std::optional<double>(nearUsd / *medianUsd) : std::nullopt,
                                     t.overheatMedianMultiple, haveMedian, false));
    int strong = 0;
    for (const auto& c : clusters) {
        if (c.strength >= t.strongClusterStrength && c.distancePercent <= t.overheatRangePercent) {
            ++strong;
        }
    }
    s.conditions.push_back(condition("strong_clusters_near_price", ">=", static_cast<double>(strong),
                                     static_cast<double>(t.strongClusterCount), true, false));
    if (!haveMedian) {
        s.notes.push_back("too little near-price history (" + formatFixed(t.overheatLookbackHours, 0) +
                          " h lookback): judged on the clusters only");
    }
    const int met = static_cast<int>(s.conditions[0].met) + static_cast<int>(s.conditions[1].met);
    s.fired = met > 0;
    s.severity = met == 2 ? Severity::High : met == 1 ? Severity::Medium : Severity::None;
    const std::string range = formatFixed(t.overheatRangePercent, 1) + " %";
    std::string facts = formatUsd(nearUsd) + " rests within " + range + " of the price " + formatFixed(map.price, 2);
    if (haveMedian) {
        facts += ", " + formatFixed(nearUsd / *medianUsd, 2) + "x its " + formatFixed(t.overheatLookbackHours, 0) +
                 " h median (" + formatUsd(*medianUsd) + ", threshold " + formatFixed(t.overheatMedianMultiple, 2) +
                 "x)";
    }
    facts += "; " + std::to_string(strong) + " clusters of strength >= " + formatFixed(t.strongClusterStrength, 1) +
             " within " + range + " (threshold " + std::to_string(t.strongClusterCount) + ")";
    s.message = (s.fired ? "Overheated: " : "Not overheated: ") + facts + ".";
    return s;
}

}  // namespace

std::string toString(Severity severity)
{
    switch (severity) {
    case Severity::None: return "none";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    }
    return "none";
}

double nearPriceUsd(const LiquidationMap& map, double rangePercent)
{
    if (!checkLiquidationMap(map).ok() || map.grid.count == 0) {
        return 0.0;
    }
    return sumRange(map.grid, map.price, rangePercent, nullptr, nullptr, map.longUsd.data(), map.shortUsd.data());
}

MarketInputs marketInputs(const MarketData& data, TimeMs at, const SignalThresholds& t)
{
    MarketInputs in;
    const TimeMs maxAge = hoursToMs(t.maxInputAgeHours);
    // The last index with time <= at, or -1.
    auto lastAtOrBefore = [at](const ValueSeries& s) {
        const auto it = std::upper_bound(s.time.begin(), s.time.end(), at);
        return static_cast<long>(it - s.time.begin()) - 1;
    };
    const ValueSeries& funding = data.fundingRate;
    if (funding.value.size() == funding.size()) {
        const long last = lastAtOrBefore(funding);
        if (last >= 0 && at - funding.time[static_cast<std::size_t>(last)] <= maxAge) {
            const auto end = static_cast<std::size_t>(last) + 1;
            const std::size_t n =
                std::min<std::size_t>(end, static_cast<std::size_t>(std::max(t.fundingAverageCount, 1)));
            double sum = 0.0;
            for (std::size_t i = end - n; i < end; ++i) {
                sum += funding.value[i];
            }
            in.fundingLatest = funding.value[end - 1];
            in.fundingAverage = sum / static_cast<double>(n);
            in.fundingCount = static_cast<int>(n);
            in.fundingTime = funding.time[end - 1];
        }
    }
    if (auto rsi = relativeStrengthIndex(data.candles, t.rsiPeriod)) {
        const long last = lastAtOrBefore(*rsi);
        if (last >= 0) {
            in.rsi = rsi->value[static_cast<std::size_t>(last)];
            in.rsiTime = rsi->time[static_cast<std::size_t>(last)];
        }
    }
    const ValueSeries& ratio = data.longShortRatio;
    if (ratio.value.size() == ratio.size()) {
        const long last = lastAtOrBefore(ratio);
        if (last >= 0 && at - ratio.time[static_cast<std::size_t>(last)] <= maxAge) {
            in.longShortRatio = ratio.value[static_cast<std::size_t>(last)];
            in.longShortRatioTime = ratio.time[static_cast<std::size_t>(last)];
        }
    }
    return in;
}

const std::vector<std::string>& signalIds()
{
    static const std::vector<std::string> ids{"long_squeeze_risk", "short_squeeze_risk", "overheated",
                                              "rsi_extreme_near_cluster"};
    return ids;
}

Result<SignalReport> evaluateSignals(const MarketData& data, const LiquidationMap& map,
                                     const std::vector<Cluster>& clusters, const NearPriceSeries& history,
                                     const SignalThresholds& t)
{
    if (auto s = checkLiquidationMap(map); !s) {
        return s.error();
    }
    const bool finite = std::isfinite(t.longCrowdedFunding) && std::isfinite(t.longCrowdedAverageFunding) &&
                        std::isfinite(t.shortCrowdedFunding) && std::isfinite(t.shortCrowdedAverageFunding) &&
                        std::isfinite(t.longHeavyRatio) && std::isfinite(t.shortHeavyRatio);
    if (!finite || t.fundingAverageCount < 1 || !(t.maxInputAgeHours > 0.0) || !(t.squeezeClusterPercent > 0.0) ||
        !(t.overheatRangePercent > 0.0) || !(t.overheatMedianMultiple > 0.0) || !(t.overheatLookbackHours > 0.0) ||
        t.overheatMinHistory < 1 || !(t.highSeverityFactor >= 1.0) || t.strongClusterCount < 1 ||
        !std::isfinite(t.strongClusterStrength) || !std::isfinite(t.maxInputAgeHours) ||
        !std::isfinite(t.overheatLookbackHours)) {
        return invalidArgument("signal thresholds out of range (counts >= 1, percents and hours > 0, finite rates)");
    }
    if (t.rsiPeriod < 1 || t.rsiPeriod > 10'000 || !(t.rsiOversold >= 0.0) || !(t.rsiOversold < 50.0) ||
        !(t.rsiOverbought > 50.0) || !(t.rsiOverbought <= 100.0)) {
        return invalidArgument("RSI thresholds out of range (period 1..10000, 0 <= oversold < 50 < overbought <= 100)");
    }
    if (history.time.size() != history.usd.size()) {
        return invalidArgument("near-price history: times and values differ in length");
    }

    SignalReport report;
    report.price = map.price;
    report.time = map.time;
    report.inputs = marketInputs(data, map.time, t);
    report.nearPriceUsd = nearPriceUsd(map, t.overheatRangePercent);

    // The lookback: columns strictly before the map's own state, so "latest" is not in its median.
    const TimeMs lookback = hoursToMs(t.overheatLookbackHours);
    std::vector<double> window;
    for (std::size_t i = 0; i < history.time.size(); ++i) {
        if (history.time[i] < map.time && history.time[i] >= map.time - lookback && std::isfinite(history.usd[i])) {
            window.push_back(history.usd[i]);
        }
    }
    if (static_cast<int>(window.size()) >= t.overheatMinHistory) {
        report.nearPriceMedianUsd = median(window);
    }

    const std::vector<Cluster> significant = significantClusters(map, clusters, t.significance);
    report.results.push_back(squeezeRule(Side::Long, report.inputs, significant, t));
    report.results.push_back(squeezeRule(Side::Short, report.inputs, significant, t));
    report.results.push_back(overheatRule(map, report.nearPriceUsd, report.nearPriceMedianUsd, clusters, t));
    report.results.push_back(rsiRule(report.inputs, significant, t));
    return report;
}

Result<SignalReport> signalsFor(const MarketData& data, const EstimateResult& estimate,
                                const std::vector<Cluster>& clusters, const SignalThresholds& thresholds)
{
    if (std::abs(estimate.nearPrice.rangePercent - thresholds.overheatRangePercent) > 1e-12) {
        return invalidArgument("the estimate's near-price band (" + formatFixed(estimate.nearPrice.rangePercent, 2) +
                               " %) differs from the overheat range (" +
                               formatFixed(thresholds.overheatRangePercent, 2) + " %): re-estimate with it");
    }
    return evaluateSignals(data, estimate.map, clusters, estimate.nearPrice, thresholds);
}

}  // namespace liqheat
