// The alert engine: edge-triggered rules with cooldowns on synthetic price paths given by
// formulas, the watchlist row on the bundled real sample, and the rules file.
#include "liqheat/analysis/alerts.h"
#include "liqheat/analysis/watch_row.h"
#include "liqheat/io/alert_rules.h"
#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include <unistd.h>

using namespace liqheat;

namespace {

constexpr TimeMs kStep = 300'000;  // 5 min
constexpr TimeMs kT0 = 1'780'000'000'000;

// One market at one step: a single candle at `price` (low/high given), the clusters given.
struct Step {
    MarketData data;
    EstimateResult estimate;
    WatchEvaluation eval;

    Step(TimeMs time, double price, double low, double high, std::vector<Cluster> clusters)
    {
        data.candles.time = {time};
        data.candles.open = {price};
        data.candles.high = {high};
        data.candles.low = {low};
        data.candles.close = {price};
        eval.row.lastPrice = price;
        eval.row.lastTime = time;
        eval.clusters = std::move(clusters);
    }
    AlertInput input(TimeMs now) { return {"binance", "BTCUSDT", now, &data, &estimate, &eval, std::nullopt}; }
};

Cluster cluster(Side side, double peak, double totalUsd)
{
    Cluster c;
    c.side = side;
    c.peakPrice = peak;
    c.priceLow = peak - 0.5;
    c.priceHigh = peak + 0.5;
    c.totalUsd = totalUsd;
    c.peakUsd = totalUsd / 4.0;
    return c;
}

// price(k) = 100 (1 + 0.03 cos(pi k / 10)): within 1 % of 100 exactly when |cos(pi k / 10)| <= 1/3,
// i.e. k mod 10 in {4, 5, 6}: a crossing every 10 steps (50 min), at k = 4, 14, 24, ...
double pathPrice(int k) { return 100.0 * (1.0 + 0.03 * std::cos(std::numbers::pi * k / 10.0)); }

std::vector<int> firedSteps(TimeMs cooldownMs)
{
    AlertRule rule;
    rule.id = "near";
    rule.kind = AlertKind::NearCluster;
    rule.percent = 1.0;
    rule.minUsd = 10e6;
    rule.cooldownMs = cooldownMs;
    AlertEngine engine;
    engine.setRules({rule});
    std::vector<int> fired;
    for (int k = 0; k < 50; ++k) {
        const double p = pathPrice(k);
        // A long cluster at 100 while the price is above it, a short one while below; a small
        // cluster right at the price never counts (below min_usd).
        const Side side = p >= 100.0 ? Side::Long : Side::Short;
        Step step(kT0 + k * kStep, p, p, p, {cluster(side, 100.0, 50e6), cluster(Side::Long, p, 1e6)});
        const auto events = engine.evaluate(step.input(kT0 + k * kStep));
        for (const auto& e : events) {
            EXPECT_EQ(e.rule, "near");
            EXPECT_DOUBLE_EQ(e.numbers.at("cluster_price"), 100.0);
            EXPECT_DOUBLE_EQ(e.numbers.at("cluster_usd"), 50e6);
            EXPECT_NEAR(e.numbers.at("distance_pct"), std::abs(p - 100.0) / p * 100.0, 1e-12);
            fired.push_back(k);
        }
    }
    return fired;
}

}  // namespace

TEST(Alerts, NearClusterFiresOncePerCrossing) { EXPECT_EQ(firedSteps(0), (std::vector<int>{4, 14, 24, 34, 44})); }

TEST(Alerts, NearClusterStaysQuietDuringCooldown)
{
    // 60 min cooldown: the crossing 50 min after a fire is swallowed, the one 100 min after fires.
    EXPECT_EQ(firedSteps(60 * 60'000), (std::vector<int>{4, 24, 44}));
    // 50 min exactly: the next crossing is due again.
    EXPECT_EQ(firedSteps(50 * 60'000), (std::vector<int>{4, 14, 24, 34, 44}));
}

TEST(Alerts, SweptClusterFiresItsRule)
{
    AlertRule rule;
    rule.id = "swept";
    rule.kind = AlertKind::ClusterSwept;
    rule.minUsd = 20e6;
    AlertEngine engine;
    engine.setRules({rule});
    const std::vector<Cluster> before{cluster(Side::Long, 95.0, 30e6), cluster(Side::Long, 96.0, 5e6),
                                      cluster(Side::Short, 108.0, 40e6)};
    Step first(kT0, 100.0, 99.0, 101.0, before);
    EXPECT_TRUE(engine.evaluate(first.input(kT0)).empty());  // nothing seen yet

    // The next candle dips to 94.5: through the 30 M cluster at 95 (and the small one at 96).
    Step second(kT0 + kStep, 97.0, 94.5, 100.5, {cluster(Side::Short, 108.0, 40e6)});
    const auto events = engine.evaluate(second.input(kT0 + kStep));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].side, "long");
    EXPECT_DOUBLE_EQ(events[0].numbers.at("cluster_price"), 95.0);
    EXPECT_DOUBLE_EQ(events[0].numbers.at("cluster_usd"), 30e6);
    EXPECT_DOUBLE_EQ(events[0].price, 97.0);

    // It does not fire again, and the short cluster above is untouched.
    Step third(kT0 + 2 * kStep, 98.0, 97.5, 99.0, {cluster(Side::Short, 108.0, 40e6)});
    EXPECT_TRUE(engine.evaluate(third.input(kT0 + 2 * kStep)).empty());
    // A spike through 108 sweeps the short cluster (after the 30 min cooldown).
    const TimeMs later = kT0 + 8 * kStep;
    Step fourth(later, 107.0, 98.0, 108.5, {});
    const auto shorts = engine.evaluate(fourth.input(later));
    ASSERT_EQ(shorts.size(), 1u);
    EXPECT_EQ(shorts[0].side, "short");
    EXPECT_DOUBLE_EQ(shorts[0].numbers.at("cluster_price"), 108.0);
}

TEST(Alerts, SignalFiresOnItsRisingEdge)
{
    AlertRule rule;
    rule.id = "squeeze";
    rule.kind = AlertKind::SignalFired;
    rule.signal = "long_squeeze_risk";
    rule.cooldownMs = 0;
    AlertEngine engine;
    engine.setRules({rule});
    const std::vector<bool> firing{false, true, true, false, true, true};
    std::vector<int> fired;
    for (int k = 0; k < static_cast<int>(firing.size()); ++k) {
        Step step(kT0 + k * kStep, 100.0, 100.0, 100.0, {});
        step.eval.signalReport.results = {
            {"long_squeeze_risk", firing[k], Severity::Medium, "crowded longs", {}, {}, {}},
            {"overheated", true, Severity::Low, "hot", {}, {}, {}}};
        for (const auto& e : engine.evaluate(step.input(kT0 + k * kStep))) {
            EXPECT_EQ(e.signal, "long_squeeze_risk");
            fired.push_back(k);
        }
    }
    EXPECT_EQ(fired, (std::vector<int>{1, 4}));
}

TEST(Alerts, PlannedLiquidationWithinPercent)
{
    AlertRule rule;
    rule.id = "liq";
    rule.kind = AlertKind::NearLiquidation;
    rule.percent = 2.0;
    AlertEngine engine;
    engine.setRules({rule});
    // Price falls 1 % a step from 110 towards a liquidation at 100: within 2 % from 102.04 down.
    std::vector<int> fired;
    for (int k = 0; k < 12; ++k) {
        const double p = 110.0 * std::pow(0.99, k);
        Step step(kT0 + k * kStep, p, p, p, {});
        AlertInput in = step.input(kT0 + k * kStep);
        in.plannedLiquidation = 100.0;
        for (const auto& e : engine.evaluate(in)) {
            EXPECT_DOUBLE_EQ(e.numbers.at("liquidation_price"), 100.0);
            fired.push_back(k);
        }
    }
    // First k with |p - 100| / p <= 2 %: 110 * 0.99^k <= 102.0408..., k >= 7.3 -> 8.
    EXPECT_EQ(fired, (std::vector<int>{8}));
}

TEST(Alerts, RealizedLiquidationsOncePerInterval)
{
    AlertRule rule;
    rule.id = "rekt";
    rule.kind = AlertKind::RealizedLiquidations;
    rule.minUsd = 10e6;
    rule.cooldownMs = 0;
    AlertEngine engine;
    engine.setRules({rule});
    const std::vector<double> totals{2e6, 12e6, 15e6, 3e6, 20e6};
    std::vector<int> fired;
    for (int k = 0; k < static_cast<int>(totals.size()); ++k) {
        Step step(kT0 + k * kStep, 100.0, 100.0, 100.0, {});
        step.data.liquidations.time = {kT0 + k * kStep};
        step.data.liquidations.longUsd = {totals[k] * 0.75};
        step.data.liquidations.shortUsd = {totals[k] * 0.25};
        // The same interval evaluated twice fires at most once.
        for (int repeat = 0; repeat < 2; ++repeat) {
            for (const auto& e : engine.evaluate(step.input(kT0 + k * kStep))) {
                EXPECT_DOUBLE_EQ(e.numbers.at("liquidations_usd"), totals[k]);
                fired.push_back(k);
            }
        }
    }
    EXPECT_EQ(fired, (std::vector<int>{1, 2, 4}));
}

TEST(Alerts, StateSurvivesARestart)
{
    AlertRule rule;
    rule.id = "near";
    rule.percent = 1.0;
    rule.cooldownMs = 60 * 60'000;
    AlertEngine engine;
    engine.setRules({rule});
    Step at(kT0, 100.5, 100.5, 100.5, {cluster(Side::Long, 100.0, 1e6)});
    ASSERT_EQ(engine.evaluate(at.input(kT0)).size(), 1u);

    auto restored = parseAlertState(alertStateJson(engine.state()));
    ASSERT_TRUE(restored) << restored.error().message;
    AlertEngine again;
    again.setRules({rule});
    again.restoreState(*restored);
    // Still inside the crossing: quiet. Leaves and comes back within the cooldown: quiet.
    EXPECT_TRUE(again.evaluate(at.input(kT0 + kStep)).empty());
    Step away(kT0 + 2 * kStep, 105.0, 105.0, 105.0, {cluster(Side::Long, 100.0, 1e6)});
    EXPECT_TRUE(again.evaluate(away.input(kT0 + 2 * kStep)).empty());
    EXPECT_TRUE(again.evaluate(at.input(kT0 + 3 * kStep)).empty());
}

TEST(AlertRulesFile, ParsesEveryKindAndRoundTrips)
{
    const std::string text = R"({"rules": [
      {"id": "near", "kind": "near_cluster", "symbol": "BTCUSDT", "percent": 0.5, "min_usd": 5e7},
      {"id": "swept", "kind": "cluster_swept", "min_usd": 2e7, "cooldown_minutes": 10},
      {"id": "sig", "kind": "signal", "signal": "overheated", "exchange": "bybit"},
      {"id": "liq", "kind": "near_liquidation", "side": "short", "entry": 65000, "leverage": 20, "percent": 1.5},
      {"id": "rekt", "kind": "realized_liquidations", "min_usd": 1e7, "enabled": false}]})";
    auto rules = parseAlertRules(text);
    ASSERT_TRUE(rules) << rules.error().message;
    ASSERT_EQ(rules->size(), 5u);
    EXPECT_EQ((*rules)[0].symbol, "BTCUSDT");
    EXPECT_DOUBLE_EQ((*rules)[0].minUsd, 5e7);
    EXPECT_EQ((*rules)[1].cooldownMs, 10 * 60'000);
    EXPECT_EQ((*rules)[2].exchange, "bybit");
    EXPECT_EQ((*rules)[3].side, Side::Short);
    EXPECT_DOUBLE_EQ((*rules)[3].leverage, 20.0);
    EXPECT_FALSE((*rules)[4].enabled);
    auto again = parseAlertRules(alertRulesJson(*rules));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(alertRulesJson(*again), alertRulesJson(*rules));
}

TEST(AlertRulesFile, RejectsMistakesWithTheRuleNamed)
{
    const auto error = [](const std::string& text) {
        auto r = parseAlertRules(text);
        return r ? std::string() : r.error().message;
    };
    EXPECT_NE(error(R"({"rules":[{"id":"a","kind":"near_clusters"}]})").find("kind must be"), std::string::npos);
    EXPECT_NE(error(R"({"rules":[{"id":"a","kind":"near_cluster","percnt":1}]})").find("unknown field \"percnt\""),
              std::string::npos);
    EXPECT_NE(error(R"({"rules":[{"id":"a","kind":"near_cluster","percent":0}]})").find("\"a\""), std::string::npos);
    EXPECT_NE(error(R"([{"id":"a","kind":"signal"},{"id":"a","kind":"signal"}])").find("used twice"),
              std::string::npos);
    EXPECT_NE(error("{").find("not valid JSON"), std::string::npos);
}

namespace {

AlertRule namedRule(std::string id, AlertKind kind)
{
    AlertRule rule;
    rule.id = std::move(id);
    rule.kind = kind;
    return rule;
}

// Every field a rule keeps, for comparing rules read back from a file.
void expectSameRule(const AlertRule& a, const AlertRule& b)
{
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.kind, b.kind) << a.id;
    EXPECT_EQ(a.exchange, b.exchange) << a.id;
    EXPECT_EQ(a.symbol, b.symbol) << a.id;
    EXPECT_EQ(a.percent, b.percent) << a.id;
    EXPECT_EQ(a.minUsd, b.minUsd) << a.id;
    EXPECT_EQ(a.signal, b.signal) << a.id;
    EXPECT_EQ(a.cooldownMs, b.cooldownMs) << a.id;
    EXPECT_EQ(a.enabled, b.enabled) << a.id;
    if (a.kind == AlertKind::NearLiquidation) {
        EXPECT_EQ(a.side, b.side) << a.id;
        EXPECT_EQ(a.entry, b.entry) << a.id;
        EXPECT_EQ(a.leverage, b.leverage) << a.id;
    }
}

std::string tempRulesPath(const char* name)
{
    return (std::filesystem::temp_directory_path() /
            ("liqheat-rules-" + std::to_string(::getpid()) + "-" + name + ".json"))
        .string();
}

}  // namespace

// The GUI's "Export rules..." writes with writeAlertRules and `liqheat-cli watch --rules` reads with
// readAlertRules: every field must come back, including numbers that are not round in JSON.
TEST(AlertRulesFile, WrittenFileReadsBackTheSameRules)
{
    std::vector<AlertRule> rules(5);
    rules[0] = namedRule("near", AlertKind::NearCluster);
    rules[0].exchange = "binance";
    rules[0].symbol = "BTCUSDT";
    rules[0].percent = 0.1 + 0.2;  // 0.30000000000000004: the exact double must survive
    rules[0].minUsd = 12'345'678.9;
    rules[0].cooldownMs = 7;  // 7 ms is 1.1666...e-4 minutes in the file
    rules[1] = namedRule("swept", AlertKind::ClusterSwept);
    rules[1].exchange = "okx";
    rules[1].minUsd = 3e7;
    rules[1].cooldownMs = 0;
    rules[2] = namedRule("sig", AlertKind::SignalFired);
    rules[2].signal = "overheated";
    rules[2].enabled = false;
    rules[3] = namedRule("mine", AlertKind::NearLiquidation);
    rules[3].symbol = "ETHUSDT";
    rules[3].side = Side::Short;
    rules[3].entry = 3456.78;
    rules[3].leverage = 12.5;
    rules[3].percent = 2.0 / 3.0;
    rules[3].cooldownMs = 90 * 60'000 + 1;
    rules[4] = namedRule("rekt", AlertKind::RealizedLiquidations);
    rules[4].minUsd = 1e7;

    const std::string path = tempRulesPath("roundtrip");
    ASSERT_TRUE(writeAlertRules(path, rules).ok());
    auto back = readAlertRules(path);
    std::filesystem::remove(path);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->size(), rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i) {
        expectSameRule((*back)[i], rules[i]);
    }
}

TEST(AlertRulesFile, WriterRefusesWrongRulesAndKeepsTheFile)
{
    const std::string path = tempRulesPath("keep");
    const std::vector<AlertRule> good{namedRule("a", AlertKind::ClusterSwept)};
    ASSERT_TRUE(writeAlertRules(path, good).ok());
    const auto before = readAlertRules(path);
    ASSERT_TRUE(before);

    AlertRule bad = namedRule("b", AlertKind::NearCluster);
    bad.percent = 0.0;
    const Status refused = writeAlertRules(path, {good[0], bad});
    EXPECT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("rule 2 (\"b\"): percent must be above 0"), std::string::npos)
        << refused.error().message;
    const auto after = readAlertRules(path);
    std::filesystem::remove(path);
    ASSERT_TRUE(after);
    ASSERT_EQ(after->size(), 1u);
    expectSameRule(after->front(), good[0]);
}

TEST(AlertRules, ProblemsNameEveryWrongRuleByPosition)
{
    std::vector<AlertRule> rules(6);
    rules[0] = namedRule("ok", AlertKind::NearCluster);
    rules[1] = namedRule("neg", AlertKind::RealizedLiquidations);
    rules[1].minUsd = -1.0;
    rules[2] = namedRule("ok", AlertKind::ClusterSwept);  // the id of rule 1 again
    rules[3] = namedRule("pos", AlertKind::NearLiquidation);
    rules[3].entry = 70'000.0;  // an entry without a leverage
    rules[4] = namedRule("typo", AlertKind::SignalFired);
    rules[4].signal = "overheatd";
    rules[5] = namedRule("venue", AlertKind::NearCluster);
    rules[5].exchange = "kraken";
    const auto problems = alertRuleProblems(rules);
    ASSERT_EQ(problems.size(), 5u);
    EXPECT_EQ(problems[0].index, 1u);
    EXPECT_EQ(problems[0].reason, "min_usd must be 0 or more");
    EXPECT_EQ(problems[0].message, "rule 2 (\"neg\"): min_usd must be 0 or more");
    EXPECT_EQ(problems[1].index, 2u);
    EXPECT_NE(problems[1].reason.find("used twice"), std::string::npos);
    EXPECT_EQ(problems[2].index, 3u);
    EXPECT_NE(problems[2].reason.find("entry and leverage"), std::string::npos);
    EXPECT_EQ(problems[3].index, 4u);
    EXPECT_NE(problems[3].reason.find("overheated"), std::string::npos);
    EXPECT_EQ(problems[4].index, 5u);
    EXPECT_NE(problems[4].reason.find("binance, bybit or okx"), std::string::npos);

    rules.resize(1);
    EXPECT_TRUE(alertRuleProblems(rules).empty());
    EXPECT_TRUE(validate(rules[0]).ok());
    // The rules file says the same about the same mistake.
    auto parsed = parseAlertRules(R"([{"id":"ok","kind":"near_cluster"},{"id":"neg","kind":"realized_liquidations",
        "min_usd":-1}])");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message, problems[0].message);
}

TEST(WatchRow, RealSampleRow)
{
    auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    const MarketData& data = snapshot->data;
    auto estimate = estimateForWatch(data, snapshot->model);
    ASSERT_TRUE(estimate) << estimate.error().message;
    const TimeMs interval = data.candleIntervalMs();
    const TimeMs now = data.candles.time.back() + interval + 90'000;
    auto eval = evaluateWatch(data, *estimate, now);
    ASSERT_TRUE(eval) << eval.error().message;
    const WatchRow& row = eval->row;
    EXPECT_DOUBLE_EQ(row.lastPrice, data.candles.close.back());
    EXPECT_EQ(row.dataAgeMs, 90'000);
    // 24 h change against the close of the candle that opened exactly a day before the last.
    const TimeMs dayBefore = data.candles.time.back() - 86'400'000;
    for (std::size_t i = 0; i < data.candles.size(); ++i) {
        if (data.candles.time[i] == dayBefore) {
            ASSERT_TRUE(row.change24hPercent);
            EXPECT_NEAR(*row.change24hPercent, (data.candles.close.back() / data.candles.close[i] - 1.0) * 100.0, 1e-9);
        }
    }
    ASSERT_TRUE(row.nearestLong && row.nearestShort);
    EXPECT_LT(row.nearestLong->price, row.lastPrice);
    EXPECT_GT(row.nearestShort->price, row.lastPrice);
    for (const Cluster& c : eval->clusters) {
        const auto& nearest = c.side == Side::Long ? row.nearestLong : row.nearestShort;
        EXPECT_LE(nearest->distancePercent, std::abs(c.peakPrice - row.lastPrice) / row.lastPrice * 100.0 + 1e-12);
    }
    if (!data.fundingRate.empty()) {
        EXPECT_EQ(row.funding, data.fundingRate.value.back());
    }
    std::vector<std::string> reported;
    for (const Signal& s : eval->signalReport.results) {
        EXPECT_EQ(std::count(row.activeSignals.begin(), row.activeSignals.end(), s.id), s.fired ? 1 : 0);
        reported.push_back(s.id);
    }
    EXPECT_EQ(reported, signalIds());  // the ids a signal rule may name are the ones reported
}
