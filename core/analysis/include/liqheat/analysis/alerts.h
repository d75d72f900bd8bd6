#pragma once

// Alert rules over watched markets. Every rule is edge-triggered: it fires when its condition
// turns true (a crossing), then stays quiet for its cooldown, and fires again only on a later
// crossing. The GUI alerts dock and `liqheat-cli watch` both run AlertEngine.

#include "liqheat/analysis/watch_row.h"
#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

enum class AlertKind {
    NearCluster,           ///< price within `percent` of a cluster of at least `minUsd`
    ClusterSwept,          ///< price traded through a cluster of at least `minUsd` seen before
    SignalFired,           ///< a signal (`signal`, or any when empty) starts firing
    NearLiquidation,       ///< price within `percent` of the planned position's liquidation price
    RealizedLiquidations,  ///< realized liquidations of one interval (both sides) >= `minUsd`
};
std::string toString(AlertKind kind);  ///< near_cluster, cluster_swept, signal, near_liquidation, realized_liquidations
std::optional<AlertKind> alertKindFromString(const std::string& text);

struct AlertRule {
    std::string id;  ///< unique name, printed with every alert
    AlertKind kind = AlertKind::NearCluster;
    std::string exchange;  ///< empty: any exchange
    std::string symbol;    ///< empty: every watched symbol
    double percent = 1.0;  ///< NearCluster, NearLiquidation
    double minUsd = 0.0;   ///< NearCluster, ClusterSwept, RealizedLiquidations
    std::string signal;    ///< SignalFired: a signal id; empty: any
    // NearLiquidation without a plan from the caller: the position to price with planTrade.
    Side side = Side::Long;
    double entry = 0.0;
    double leverage = 0.0;
    TimeMs cooldownMs = 30 * 60'000;
    bool enabled = true;

    [[nodiscard]] bool appliesTo(const std::string& exchangeName, const std::string& symbolName) const;
};

/// Checks a rule's numbers (a non-empty id, percent > 0, minUsd >= 0, cooldown >= 0, ...).
Status validate(const AlertRule& rule);

/// What is wrong with one rule of a list.
struct AlertRuleProblem {
    std::size_t index = 0;  ///< the rule's position in the list
    std::string reason;     ///< e.g. "percent must be above 0"
    std::string message;    ///< the rule named: "rule 2 (\"near\"): percent must be above 0"
};
/// Every rule that cannot run, in order: each rule's own check (validate) and ids used twice.
/// The rules file parser (so `liqheat-cli watch --rules`) and the GUI's rules editor both use it.
std::vector<AlertRuleProblem> alertRuleProblems(const std::vector<AlertRule>& rules);

/// What one evaluation of one market sees.
struct AlertInput {
    std::string exchange;
    std::string symbol;
    TimeMs time = 0;  ///< the evaluation's present (cooldowns count in it)
    const MarketData* data = nullptr;
    const EstimateResult* estimate = nullptr;
    const WatchEvaluation* evaluation = nullptr;
    /// The planned position's liquidation price (the GUI planner's plan); when absent,
    /// NearLiquidation rules with an entry and a leverage price their own position.
    std::optional<double> plannedLiquidation;
};

struct AlertEvent {
    TimeMs time = 0;
    std::string exchange;
    std::string symbol;
    std::string rule;  ///< the rule's id
    AlertKind kind = AlertKind::NearCluster;
    double price = 0.0;
    std::map<std::string, double> numbers;  ///< e.g. cluster_price, cluster_usd, distance_pct
    std::string side;                       ///< the cluster's or the position's side, when there is one
    std::string signal;                     ///< SignalFired: which signal
    std::string message;                    ///< one plain-language line
};

/// A rule's memory for one market: whether its condition held last time, when it last fired,
/// and (ClusterSwept) the clusters it watches.
struct AlertState {
    bool active = false;
    TimeMs lastFired = -1;
    TimeMs lastSeen = 0;                        ///< time of the last evaluated candle
    std::vector<Cluster> tracked;               ///< ClusterSwept
    std::map<std::string, bool> signalsActive;  ///< SignalFired, per signal id
};

class AlertEngine {
public:
    void setRules(std::vector<AlertRule> rules);
    [[nodiscard]] const std::vector<AlertRule>& rules() const { return m_rules; }

    /// Evaluates every rule that applies to the input's market; returns what fired now.
    std::vector<AlertEvent> evaluate(const AlertInput& input);

    /// State per "rule|exchange|symbol", for persisting across restarts.
    [[nodiscard]] const std::map<std::string, AlertState>& state() const { return m_state; }
    void restoreState(std::map<std::string, AlertState> state) { m_state = std::move(state); }

private:
    std::vector<AlertRule> m_rules;
    std::map<std::string, AlertState> m_state;
};

/// The liquidation price of `rule`'s position (side, entry, leverage; Binance rules by default,
/// the market's exchange when it has a formula) on `map`, or empty when it has none.
std::optional<double> ruleLiquidationPrice(const AlertRule& rule, const std::string& exchange,
                                           const LiquidationMap& map, const std::vector<Cluster>& clusters,
                                           const CandleSeries& candles);

}  // namespace liqheat
