#pragma once

// The alert rules file (docs/WATCH.md), the persisted alert state and the one-line JSON form of
// an alert that `liqheat-cli watch` prints and the GUI's alert log keeps.

#include "liqheat/analysis/alerts.h"
#include "liqheat/model/result.h"

#include <map>
#include <string>
#include <vector>

namespace liqheat {

/// Parses {"rules": [...]} (or a bare array of rules). Errors name the rule and the field.
Result<std::vector<AlertRule>> parseAlertRules(const std::string& json);
std::string alertRulesJson(const std::vector<AlertRule>& rules);
/// Reads and parses a rules file (at most 1 MiB).
Result<std::vector<AlertRule>> readAlertRules(const std::string& path);
/// Writes `rules` as a rules file (atomically: a failed write leaves the old file); refuses rules
/// that alertRuleProblems finds wrong, so the file always reads back.
Status writeAlertRules(const std::string& path, const std::vector<AlertRule>& rules);

/// The engine's state as JSON and back (tracked clusters are not kept: they come back on the
/// next evaluation).
std::string alertStateJson(const std::map<std::string, AlertState>& state);
Result<std::map<std::string, AlertState>> parseAlertState(const std::string& json);

/// One line (no newline): time (ISO 8601), exchange, symbol, rule, kind, price, the rule's
/// numbers, side and signal when set, message.
std::string alertEventJson(const AlertEvent& event);

}  // namespace liqheat
