#pragma once

// The options of the commands that read or fetch one market: which exchange (or all), symbol and
// interval, whose prices lead a merge, and the per-request time and retry limits of a download.

#include "liqheat/live/http_client.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace liqheat::cli {

struct MarketOptions {
    std::string exchange;
    std::string symbol;
    std::string interval;
    std::string reference;  ///< empty: binance

    /// The exchange whose prices lead a merge of `all`.
    [[nodiscard]] std::string referenceOrDefault() const { return reference.empty() ? "binance" : reference; }
};

/// --exchange binance|bybit|okx|all, --symbol and --interval, all required; returns --interval's
/// option for a command that checks it further.
CLI::Option* addMarketOptions(CLI::App& app, MarketOptions& o);

/// --reference EX (with --exchange all).
CLI::Option* addReferenceOption(CLI::App& app, MarketOptions& o);

/// A usage error unless --reference comes with --exchange all.
void checkReference(const std::string& command, const MarketOptions& o);

struct RequestLimits {
    std::optional<double> timeoutSeconds;
    std::optional<int> retries;

    /// Sets the total timeout (and a connect timeout no longer than it) and the attempts given.
    void applyTo(HttpClientOptions& http) const;
};

/// --timeout S ("total timeout per UNIT in seconds" + timeoutNote) and --retries N (0..20).
void addRequestLimitOptions(CLI::App& app, RequestLimits& limits, const std::string& unit,
                            const std::string& timeoutNote = {});

}  // namespace liqheat::cli
