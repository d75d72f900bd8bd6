#pragma once

// Shared plumbing of the liqheat-cli commands: one error path (a single "liqheat-cli: error: ..."
// line on stderr, exit 2 for usage errors and 1 otherwise), argument helpers, output to -o or
// stdout, and the JSON pieces several commands print the same way.

#include "arguments.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"
#include "liqheat/io/snapshot.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace liqheat::cli {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

/// Thrown by `fail` to unwind a command to `guarded`, which prints it as one line.
struct CommandError {
    int code;
    std::string message;
};

[[noreturn]] void fail(const std::string& message, int code = kExitError);
[[noreturn]] void usage(const std::string& message);

/// The value of `result`, or `fail` with "context: message" (just the message without context).
template <typename T>
T take(Result<T> result, const std::string& context = {}, int code = kExitError)
{
    if (!result) {
        fail(context.empty() ? result.error().message : context + ": " + result.error().message, code);
    }
    return std::move(result).value();
}

/// `fail` with "context: message" unless `status` is fine.
void check(const Status& status, const std::string& context = {});

/// Runs a command body; a CommandError or any other exception becomes one error line and its exit
/// code.
int guarded(const std::function<int()>& body);

/// Parses `raw` with the given options (plus the MODEL options when `withModel`); usage error
/// otherwise.
Arguments parseArgs(const std::vector<std::string>& raw, std::set<std::string> valued,
                    const std::set<std::string>& flags, bool withModel);

/// The single positional argument; usage error "expected exactly one WHAT argument" otherwise.
std::string onePositional(const Arguments& args, const std::string& what);

/// A number option; usage error when it is given but not a finite number.
std::optional<double> number(const Arguments& args, const std::string& name);

/// A time option (ms or ISO 8601); usage error when it is given but not a time.
std::optional<TimeMs> timeOption(const Arguments& args, const std::string& name);

/// Writes `text` to -o atomically (an existing file stays intact on failure), or to stdout.
void emit(const Arguments& args, const std::string& text);

/// Pretty-printed JSON with a final newline.
std::string dump(const nlohmann::json& j);

nlohmann::json nullable(const std::optional<double>& v);

/// The effective leverage tiers as [{leverage, weight}].
nlohmann::json tiersJson(const ModelSettings& m);

/// The model settings as `info`, `estimate`, `map`, ... print them.
nlohmann::json modelJson(const ModelSettings& m);

nlohmann::json clusterJson(const Cluster& c);

/// Liquidation and bankruptcy price, margins and the maintenance tier of a quote.
nlohmann::json quoteJson(const LiquidationQuote& q);

/// A snapshot (the single SNAPSHOT positional) with the MODEL options applied and estimated.
struct Estimated {
    Snapshot snapshot;
    ModelSettings model;
    EstimateResult result;
};

Estimated loadAndEstimate(const Arguments& args, std::size_t maxColumns);

}  // namespace liqheat::cli
