#pragma once

// CLI11 plumbing shared by every command: value checks with messages that read as one sentence,
// the SNAPSHOT and -o declarations, and the one-line form of a parse error.

#include "liqheat/model/time.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <limits>
#include <optional>
#include <string>

namespace liqheat::cli {

/// One subcommand: its declaration on the root app, and what runs once the whole command line
/// has parsed (so no core call ever sees a half-checked command line).
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

/// Strict number parsing ("1e3", "-0.5", "+2"); std::nullopt for anything else or non-finite values.
std::optional<double> parseNumber(const std::string& text);

// Value checks. CLI::Range and CLI::PositiveNumber accept "nan" and print their bounds with
// std::to_string (DBL_MAX in 309 digits), so numbers are checked here; each message is phrased so
// that "OPTION must ..." reads as a sentence.
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

/// A finite number for which `accept` holds; otherwise "must be REQUIREMENT (got 'TEXT')".
CLI::Validator numberCheck(std::function<bool(double)> accept, const std::string& requirement);
/// A finite number within [low, high].
CLI::Validator numberWithin(double low, double high = kUnbounded);
/// A finite number within (low, high].
CLI::Validator numberAbove(double low, double high = kUnbounded);
/// A finite number > 0.
CLI::Validator positiveNumber();
/// Any finite number.
CLI::Validator finiteNumber();
/// A whole number within [low, high].
CLI::Validator wholeNumberWithin(long long low, long long high);
/// Milliseconds since the epoch or ISO 8601 UTC.
CLI::Validator timeValue();
/// A candle interval such as 5m or 1h.
CLI::Validator intervalValue();

/// The time of an option `timeValue` checked; std::nullopt when it was not given (empty).
std::optional<TimeMs> optionalTime(const std::string& text);

/// CLI::ExistingFile without its help text (the type name says FILE).
CLI::Validator existingFile();

/// The positional SNAPSHOT (an existing file).
CLI::Option* addSnapshotArgument(CLI::App& app, std::string& path);

/// -o OUT: write there (atomically) instead of stdout.
CLI::Option* addOutputOption(CLI::App& app, std::string& path,
                             const std::string& what = "write to OUT instead of stdout");

/// The one-line message for a parse error of `root`'s command line.
std::string usageMessage(const CLI::App& root, const CLI::ParseError& error);

}  // namespace liqheat::cli
