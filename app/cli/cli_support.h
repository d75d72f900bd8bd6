#pragma once

// Shared plumbing of the liqheat-cli commands: one error path (a single "liqheat-cli: error: ..."
// line on stderr, exit 2 for usage errors and 1 otherwise), output to -o or stdout, and the JSON
// pieces several commands print the same way.

#include "model_options.h"

#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"
#include "liqheat/liquidation/liquidation_price.h"
#include "liqheat/live/http_client.h"
#include "liqheat/model/market_data.h"
#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace liqheat::cli {

constexpr int kExitError = 1;  ///< the data, a file or the network failed
constexpr int kExitUsage = 2;  ///< the command line is wrong

/// Thrown by `fail` to unwind a command to `guarded`, which prints it as one line.
struct CommandError {
    int code;
    std::string message;
};

[[noreturn]] void fail(const std::string& message, int code = kExitError);
[[noreturn]] void usage(const std::string& message);

/// Prints "liqheat-cli: error: MESSAGE" (one line) to stderr.
void printError(const std::string& message);

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

/// Writes `text` to `outputPath` atomically (an existing file stays intact on failure), or to
/// stdout when the path is empty.
void emit(const std::string& outputPath, const std::string& text);

/// Flushes stdout and checks that everything written to it arrived (a full device, a closed pipe):
/// if not, prints the reason and turns a success `code` into kExitError.
int finishOutput(int code);

/// Pretty-printed JSON with a final newline.
std::string dump(const nlohmann::json& j);

nlohmann::json nullable(const std::optional<double>& v);

/// The rows of each series of `d`, as the commands that write a snapshot report them (with the
/// liquidations for the commands that keep them).
nlohmann::json rowCounts(const MarketData& d, bool withLiquidations = false);

/// The effective leverage tiers as [{leverage, weight}].
nlohmann::json tiersJson(const ModelSettings& m);

/// The model settings as `info`, `estimate`, `map`, ... print them.
nlohmann::json modelJson(const ModelSettings& m);

/// The trader tools print a shorter model: what produced the clusters, at the bucket used.
nlohmann::json traderModelJson(const ModelSettings& m, double bucketSize);

nlohmann::json clusterJson(const Cluster& c);

/// Liquidation and bankruptcy price, margins and the maintenance tier of a quote.
nlohmann::json quoteJson(const LiquidationQuote& q);

/// A snapshot with the MODEL options applied and estimated.
struct Estimated {
    Snapshot snapshot;
    ModelSettings model;
    EstimateResult result;
};

Estimated loadAndEstimate(const std::string& snapshotPath, const ModelOptions& model, const EstimateOptions& options);

}  // namespace liqheat::cli
