#include "liqheat/analysis/alerts.h"

#include "liqheat/analysis/signals.h"
#include "liqheat/analysis/trade_plan.h"
#include "liqheat/model/exchange.h"
#include "liqheat/model/format.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace liqheat {
namespace {

struct KindName {
    AlertKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {{AlertKind::NearCluster, "near_cluster"},
                                   {AlertKind::ClusterSwept, "cluster_swept"},
                                   {AlertKind::SignalFired, "signal"},
                                   {AlertKind::NearLiquidation, "near_liquidation"},
                                   {AlertKind::RealizedLiquidations, "realized_liquidations"}};

std::string number(double value, int decimals)
{
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(decimals);
    out << value;
    return out.str();
}

AlertEvent baseEvent(const AlertRule& rule, const AlertInput& input, double price)
{
    AlertEvent event;
    event.time = input.time;
    event.exchange = input.exchange;
    event.symbol = input.symbol;
    event.rule = rule.id;
    event.kind = rule.kind;
    event.price = price;
    return event;
}

/// Edge trigger with cooldown: fires on a false -> true change unless it fired within the cooldown.
bool crossing(AlertState& state, bool condition, TimeMs now, TimeMs cooldownMs)
{
    const bool rising = condition && !state.active;
    state.active = condition;
    if (!rising) {
        return false;
    }
    if (state.lastFired >= 0 && now - state.lastFired < cooldownMs) {
        return false;  // a crossing inside the cooldown stays quiet
    }
    state.lastFired = now;
    return true;
}

std::optional<AlertEvent> nearCluster(const AlertRule& rule, const AlertInput& input, AlertState& state)
{
    const WatchEvaluation& eval = *input.evaluation;
    const double price = eval.row.lastPrice;
    std::optional<NearCluster> best;
    for (const Cluster& cluster : eval.clusters) {
        if (cluster.totalUsd < rule.minUsd) {
            continue;
        }
        const NearCluster near = liqheat::nearCluster(cluster, price);
        if (near.distancePercent <= rule.percent && (!best || near.distancePercent < best->distancePercent)) {
            best = near;
        }
    }
    if (!crossing(state, best.has_value(), input.time, rule.cooldownMs)) {
        return std::nullopt;
    }
    AlertEvent event = baseEvent(rule, input, price);
    event.side = toString(best->side);
    event.numbers = {{"cluster_price", best->price},
                     {"cluster_usd", best->notionalUsd},
                     {"distance_pct", best->distancePercent},
                     {"threshold_pct", rule.percent},
                     {"min_cluster_usd", rule.minUsd}};
    event.message = input.symbol + " " + number(price, 2) + " is " + number(best->distancePercent, 2) + " % from a " +
                    event.side + " cluster of " + number(best->notionalUsd / 1e6, 1) + " M USD at " +
                    number(best->price, 2);
    return event;
}

std::vector<AlertEvent> clusterSwept(const AlertRule& rule, const AlertInput& input, AlertState& state)
{
    std::vector<AlertEvent> events;
    const CandleSeries& candles = input.data->candles;
    const WatchEvaluation& eval = *input.evaluation;
    // The range traded since the last evaluation: from the candle seen last (it was still forming).
    double low = candles.low.back();
    double high = candles.high.back();
    if (state.lastSeen > 0) {
        for (std::size_t i = candles.size(); i-- > 0 && candles.time[i] >= state.lastSeen;) {
            low = std::min(low, candles.low[i]);
            high = std::max(high, candles.high[i]);
        }
        for (const Cluster& cluster : state.tracked) {
            const bool swept = cluster.side == Side::Long ? low <= cluster.peakPrice : high >= cluster.peakPrice;
            if (!swept) {
                continue;
            }
            // Each cluster fires once (it is dropped below); the cooldown spaces the alerts of one rule.
            if (state.lastFired >= 0 && input.time - state.lastFired < rule.cooldownMs) {
                continue;
            }
            state.lastFired = input.time;
            AlertEvent event = baseEvent(rule, input, eval.row.lastPrice);
            event.side = toString(cluster.side);
            event.numbers = {
                {"cluster_price", cluster.peakPrice},
                {"cluster_usd", cluster.totalUsd},
                {"distance_pct", std::abs(cluster.peakPrice - eval.row.lastPrice) / eval.row.lastPrice * 100.0},
                {"min_cluster_usd", rule.minUsd}};
            event.message = input.symbol + " swept the " + event.side + " cluster of " +
                            number(cluster.totalUsd / 1e6, 1) + " M USD at " + number(cluster.peakPrice, 2);
            events.push_back(std::move(event));
        }
    }
    // Watch the clusters big enough now; a swept one is gone from the new map anyway.
    state.tracked.clear();
    for (const Cluster& cluster : eval.clusters) {
        if (cluster.totalUsd >= rule.minUsd) {
            state.tracked.push_back(cluster);
        }
    }
    state.lastSeen = candles.time.back();
    return events;
}

std::vector<AlertEvent> signalFired(const AlertRule& rule, const AlertInput& input, AlertState& state)
{
    std::vector<AlertEvent> events;
    for (const Signal& signal : input.evaluation->signalReport.results) {
        if (!rule.signal.empty() && signal.id != rule.signal) {
            continue;
        }
        bool& wasActive = state.signalsActive[signal.id];
        const bool rising = signal.fired && !wasActive;
        wasActive = signal.fired;
        if (!rising || (state.lastFired >= 0 && input.time - state.lastFired < rule.cooldownMs)) {
            continue;
        }
        state.lastFired = input.time;
        AlertEvent event = baseEvent(rule, input, input.evaluation->row.lastPrice);
        event.signal = signal.id;
        event.numbers = {{"severity", static_cast<double>(signal.severity)}};
        event.message = input.symbol + ": " + signal.message;
        events.push_back(std::move(event));
    }
    return events;
}

std::optional<AlertEvent> nearLiquidation(const AlertRule& rule, const AlertInput& input, AlertState& state)
{
    const WatchEvaluation& eval = *input.evaluation;
    std::optional<double> lp = input.plannedLiquidation;
    if (!lp && rule.entry > 0.0 && rule.leverage > 0.0) {
        lp = ruleLiquidationPrice(rule, input.exchange, input.estimate->map, eval.clusters, input.data->candles);
    }
    const double price = eval.row.lastPrice;
    const bool condition = lp && *lp > 0.0 && std::abs(price - *lp) / price * 100.0 <= rule.percent;
    if (!crossing(state, condition, input.time, rule.cooldownMs)) {
        return std::nullopt;
    }
    AlertEvent event = baseEvent(rule, input, price);
    const double distance = std::abs(price - *lp) / price * 100.0;
    event.side = toString(rule.side);
    event.numbers = {{"liquidation_price", *lp}, {"distance_pct", distance}, {"threshold_pct", rule.percent}};
    if (rule.entry > 0.0) {
        event.numbers["entry"] = rule.entry;
        event.numbers["leverage"] = rule.leverage;
    }
    event.message = input.symbol + " " + number(price, 2) + " is " + number(distance, 2) +
                    " % from the planned position's liquidation at " + number(*lp, 2);
    return event;
}

std::optional<AlertEvent> realizedLiquidations(const AlertRule& rule, const AlertInput& input, AlertState& state)
{
    const LiquidationSeries& liq = input.data->liquidations;
    if (liq.empty()) {
        state.active = false;
        return std::nullopt;
    }
    const double total = liq.longUsd.back() + liq.shortUsd.back();
    const TimeMs interval = liq.time.back();
    // One interval is one crossing: a new interval above the threshold fires again.
    const bool newInterval = interval != state.lastSeen;
    state.lastSeen = interval;
    if (newInterval) {
        state.active = false;
    }
    if (!crossing(state, total >= rule.minUsd, input.time, rule.cooldownMs)) {
        return std::nullopt;
    }
    AlertEvent event = baseEvent(rule, input, input.evaluation->row.lastPrice);
    event.numbers = {{"liquidations_usd", total},
                     {"long_usd", liq.longUsd.back()},
                     {"short_usd", liq.shortUsd.back()},
                     {"interval_time", static_cast<double>(interval)},
                     {"min_usd", rule.minUsd}};
    event.message = input.symbol + ": " + number(total / 1e6, 2) + " M USD liquidated in one interval";
    return event;
}

}  // namespace

std::string toString(AlertKind kind)
{
    for (const auto& entry : kKindNames) {
        if (entry.kind == kind) {
            return entry.name;
        }
    }
    return "unknown";
}

std::optional<AlertKind> alertKindFromString(const std::string& text)
{
    for (const auto& entry : kKindNames) {
        if (text == entry.name) {
            return entry.kind;
        }
    }
    return std::nullopt;
}

bool AlertRule::appliesTo(const std::string& exchangeName, const std::string& symbolName) const
{
    return enabled && (exchange.empty() || exchange == exchangeName) && (symbol.empty() || symbol == symbolName);
}

namespace {

// Why `rule` cannot run, or empty.
std::string ruleProblem(const AlertRule& rule)
{
    if (rule.id.empty()) {
        return "the rule needs an id";
    }
    if (!rule.exchange.empty() && !exchangeFromString(rule.exchange)) {
        return "exchange must be binance, bybit or okx (or none: every exchange)";
    }
    if (!(rule.percent > 0.0) || !std::isfinite(rule.percent)) {
        return "percent must be above 0";
    }
    if (!(rule.minUsd >= 0.0) || !std::isfinite(rule.minUsd)) {
        return "min_usd must be 0 or more";
    }
    if (rule.cooldownMs < 0) {
        return "cooldown must be 0 or more";
    }
    if (rule.kind == AlertKind::SignalFired && !rule.signal.empty()) {
        const auto& ids = signalIds();
        if (std::find(ids.begin(), ids.end(), rule.signal) == ids.end()) {
            std::string known;
            for (const std::string& id : ids) {
                known += (known.empty() ? "" : ", ") + id;
            }
            return "signal must be one of " + known + " (or none: any signal)";
        }
    }
    if (rule.kind == AlertKind::NearLiquidation &&
        (!std::isfinite(rule.entry) || !std::isfinite(rule.leverage) || rule.entry < 0.0 || rule.leverage < 0.0 ||
         (rule.entry > 0.0) != (rule.leverage > 0.0))) {
        return "entry and leverage go together, both above 0";
    }
    return {};
}

}  // namespace

Status validate(const AlertRule& rule)
{
    const std::string problem = ruleProblem(rule);
    if (problem.empty()) {
        return {};
    }
    return invalidArgument(rule.id.empty() ? "an alert rule needs an id"
                                           : "alert rule \"" + rule.id + "\": " + problem);
}

std::vector<AlertRuleProblem> alertRuleProblems(const std::vector<AlertRule>& rules)
{
    std::vector<AlertRuleProblem> problems;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const AlertRule& rule = rules[i];
        std::string reason = ruleProblem(rule);
        if (reason.empty()) {
            for (std::size_t k = 0; k < i; ++k) {
                if (rules[k].id == rule.id) {
                    reason = "id \"" + rule.id + "\" is used twice (rule " + std::to_string(k + 1) + " has it)";
                    break;
                }
            }
        }
        if (!reason.empty()) {
            const std::string who =
                "rule " + std::to_string(i + 1) + (rule.id.empty() ? std::string() : " (\"" + rule.id + "\")");
            problems.push_back({i, reason, who + ": " + reason});
        }
    }
    return problems;
}

void AlertEngine::setRules(std::vector<AlertRule> rules)
{
    m_rules = std::move(rules);
    // State of rules that are gone is dropped; a changed rule keeps its cooldown.
    std::map<std::string, AlertState> kept;
    for (auto& [key, value] : m_state) {
        const std::string id = key.substr(0, key.find('|'));
        if (std::any_of(m_rules.begin(), m_rules.end(), [&](const AlertRule& r) { return r.id == id; })) {
            kept.emplace(key, std::move(value));
        }
    }
    m_state = std::move(kept);
}

std::vector<AlertEvent> AlertEngine::evaluate(const AlertInput& input)
{
    std::vector<AlertEvent> events;
    if (input.data == nullptr || input.estimate == nullptr || input.evaluation == nullptr ||
        input.data->candles.empty()) {
        return events;
    }
    for (const AlertRule& rule : m_rules) {
        if (!rule.appliesTo(input.exchange, input.symbol)) {
            continue;
        }
        AlertState& state = m_state[rule.id + "|" + input.exchange + "|" + input.symbol];
        switch (rule.kind) {
        case AlertKind::NearCluster:
            if (auto e = nearCluster(rule, input, state)) {
                events.push_back(std::move(*e));
            }
            break;
        case AlertKind::ClusterSwept:
            for (auto& e : clusterSwept(rule, input, state)) {
                events.push_back(std::move(e));
            }
            break;
        case AlertKind::SignalFired:
            for (auto& e : signalFired(rule, input, state)) {
                events.push_back(std::move(e));
            }
            break;
        case AlertKind::NearLiquidation:
            if (auto e = nearLiquidation(rule, input, state)) {
                events.push_back(std::move(*e));
            }
            break;
        case AlertKind::RealizedLiquidations:
            if (auto e = realizedLiquidations(rule, input, state)) {
                events.push_back(std::move(*e));
            }
            break;
        }
    }
    return events;
}

std::optional<double> ruleLiquidationPrice(const AlertRule& rule, const std::string& exchange,
                                           const LiquidationMap& map, const std::vector<Cluster>& clusters,
                                           const CandleSeries& candles)
{
    TradeRequest request;
    request.side = rule.side;
    request.entryPrice = rule.entry;
    request.leverage = rule.leverage;
    request.rules.exchange = exchange == "bybit" ? Exchange::Bybit : Exchange::Binance;
    auto plan = planTrade(map, clusters, candles, request);
    if (!plan || !plan->liquidation || !(plan->liquidation->liquidationPrice > 0.0)) {
        return std::nullopt;
    }
    return plan->liquidation->liquidationPrice;
}

}  // namespace liqheat
