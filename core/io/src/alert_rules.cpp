#include "liqheat/io/alert_rules.h"

#include "liqheat/io/file_io.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace liqheat {
namespace {

using nlohmann::json;

const char* const kKnownFields[] = {"id",     "kind", "exchange", "symbol",   "percent",          "min_usd",
                                    "signal", "side", "entry",    "leverage", "cooldown_minutes", "enabled"};

Result<AlertRule> parseRule(const json& j, std::size_t index)
{
    const std::string where = "rule " + std::to_string(index + 1);
    if (!j.is_object()) {
        return makeError(Error::Code::ParseError, where + " is not an object");
    }
    for (const auto& [key, value] : j.items()) {
        if (std::find(std::begin(kKnownFields), std::end(kKnownFields), key) == std::end(kKnownFields)) {
            return makeError(Error::Code::ParseError, where + ": unknown field \"" + key + "\"");
        }
    }
    AlertRule rule;
    try {
        rule.id = j.value("id", std::string());
        const std::string who = rule.id.empty() ? where : where + " (\"" + rule.id + "\")";
        const auto kind = alertKindFromString(j.value("kind", std::string()));
        if (!kind) {
            return makeError(Error::Code::ParseError,
                             who +
                                 ": kind must be near_cluster, cluster_swept, signal, near_liquidation or "
                                 "realized_liquidations");
        }
        rule.kind = *kind;
        rule.exchange = j.value("exchange", std::string());
        rule.symbol = j.value("symbol", std::string());
        rule.percent = j.value("percent", rule.percent);
        rule.minUsd = j.value("min_usd", rule.minUsd);
        rule.signal = j.value("signal", std::string());
        const std::string side = j.value("side", std::string("long"));
        if (side != "long" && side != "short") {
            return makeError(Error::Code::ParseError, who + ": side must be long or short");
        }
        rule.side = side == "long" ? Side::Long : Side::Short;
        rule.entry = j.value("entry", 0.0);
        rule.leverage = j.value("leverage", 0.0);
        const double cooldownMinutes = j.value("cooldown_minutes", 30.0);
        if (!std::isfinite(cooldownMinutes) || std::abs(cooldownMinutes) > 1e9) {
            return makeError(Error::Code::ParseError, who + ": cooldown_minutes is out of range");
        }
        rule.cooldownMs = static_cast<TimeMs>(std::llround(cooldownMinutes * 60'000.0));
        rule.enabled = j.value("enabled", true);
    } catch (const json::exception& e) {
        return makeError(Error::Code::ParseError, where + ": " + e.what());
    }
    return rule;
}

}  // namespace

Result<std::vector<AlertRule>> parseAlertRules(const std::string& text)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        return makeError(Error::Code::ParseError, "alert rules: not valid JSON");
    }
    const json* list = &doc;
    if (doc.is_object()) {
        if (!doc.contains("rules") || !doc["rules"].is_array()) {
            return makeError(Error::Code::ParseError, "alert rules: expected {\"rules\": [...]}");
        }
        list = &doc["rules"];
    } else if (!doc.is_array()) {
        return makeError(Error::Code::ParseError, "alert rules: expected {\"rules\": [...]}");
    }
    std::vector<AlertRule> rules;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto rule = parseRule((*list)[i], i);
        if (!rule) {
            return rule.error();
        }
        rules.push_back(std::move(*rule));
    }
    // The same check the GUI's rules editor applies to its rows.
    if (const auto problems = alertRuleProblems(rules); !problems.empty()) {
        return makeError(Error::Code::ParseError, problems.front().message);
    }
    return rules;
}

std::string alertRulesJson(const std::vector<AlertRule>& rules)
{
    json list = json::array();
    for (const AlertRule& r : rules) {
        json j = {{"id", r.id},
                  {"kind", toString(r.kind)},
                  {"percent", r.percent},
                  {"min_usd", r.minUsd},
                  {"cooldown_minutes", static_cast<double>(r.cooldownMs) / 60'000.0},
                  {"enabled", r.enabled}};
        if (!r.exchange.empty()) {
            j["exchange"] = r.exchange;
        }
        if (!r.symbol.empty()) {
            j["symbol"] = r.symbol;
        }
        if (!r.signal.empty()) {
            j["signal"] = r.signal;
        }
        if (r.kind == AlertKind::NearLiquidation) {
            j["side"] = toString(r.side);
            if (r.entry > 0.0) {
                j["entry"] = r.entry;
                j["leverage"] = r.leverage;
            }
        }
        list.push_back(std::move(j));
    }
    return json{{"rules", list}}.dump(2) + "\n";
}

Result<std::vector<AlertRule>> readAlertRules(const std::string& path)
{
    auto text = readFile(path, std::size_t{1} << 20);
    if (!text) {
        return text.error();
    }
    auto rules = parseAlertRules(*text);
    if (!rules) {
        return makeError(rules.error().code, path + ": " + rules.error().message);
    }
    return rules;
}

Status writeAlertRules(const std::string& path, const std::vector<AlertRule>& rules)
{
    if (const auto problems = alertRuleProblems(rules); !problems.empty()) {
        return invalidArgument(problems.front().message);
    }
    return writeFileAtomic(path, alertRulesJson(rules));
}

std::string alertStateJson(const std::map<std::string, AlertState>& state)
{
    json out = json::object();
    for (const auto& [key, s] : state) {
        out[key] = {{"active", s.active},
                    {"last_fired", s.lastFired},
                    {"last_seen", s.lastSeen},
                    {"signals_active", s.signalsActive}};
    }
    return out.dump();
}

Result<std::map<std::string, AlertState>> parseAlertState(const std::string& text)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return makeError(Error::Code::ParseError, "alert state: not a JSON object");
    }
    std::map<std::string, AlertState> state;
    try {
        for (const auto& [key, j] : doc.items()) {
            AlertState s;
            s.active = j.value("active", false);
            s.lastFired = j.value("last_fired", TimeMs{-1});
            s.lastSeen = j.value("last_seen", TimeMs{0});
            s.signalsActive = j.value("signals_active", std::map<std::string, bool>{});
            state.emplace(key, std::move(s));
        }
    } catch (const json::exception& e) {
        return makeError(Error::Code::ParseError, std::string("alert state: ") + e.what());
    }
    return state;
}

std::string alertEventJson(const AlertEvent& e)
{
    json j = {{"time", formatTimeIso(e.time)}, {"exchange", e.exchange}, {"symbol", e.symbol}, {"rule", e.rule},
              {"kind", toString(e.kind)},      {"price", e.price}};
    for (const auto& [name, value] : e.numbers) {
        j[name] = value;
    }
    if (!e.side.empty()) {
        j["side"] = e.side;
    }
    if (!e.signal.empty()) {
        j["signal"] = e.signal;
    }
    j["message"] = e.message;
    return j.dump();
}

}  // namespace liqheat
