#include "market_options.h"

#include "cli_options.h"
#include "cli_support.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace liqheat::cli {

CLI::Option* addMarketOptions(CLI::App& app, MarketOptions& o)
{
    app.add_option("--exchange", o.exchange, "binance, bybit, okx or all")
        ->required()
        ->check(CLI::IsMember({"binance", "bybit", "okx", "all"}).description(""))
        ->type_name("binance|bybit|okx|all");
    app.add_option("--symbol", o.symbol, "e.g. BTCUSDT")->required()->type_name("S");
    return app.add_option("--interval", o.interval, "candle interval, e.g. 5m or 1h")->required()->type_name("I");
}

CLI::Option* addReferenceOption(CLI::App& app, MarketOptions& o)
{
    return app.add_option("--reference", o.reference, "with --exchange all: whose prices lead (default binance)")
        ->type_name("EX");
}

void checkReference(const std::string& command, const MarketOptions& o)
{
    if (!o.reference.empty() && o.exchange != "all") {
        usage(command + ": --reference only applies to --exchange all");
    }
}

void RequestLimits::applyTo(HttpClientOptions& http) const
{
    if (timeoutSeconds) {
        http.totalTimeout = std::chrono::milliseconds{std::llround(*timeoutSeconds * 1000.0)};
        http.connectTimeout = std::min(http.connectTimeout, http.totalTimeout);
    }
    if (retries) {
        http.retry.maxAttempts = *retries + 1;
    }
}

void addRequestLimitOptions(CLI::App& app, RequestLimits& limits, const std::string& unit,
                            const std::string& timeoutNote)
{
    app.add_option("--timeout", limits.timeoutSeconds, "total timeout per " + unit + " in seconds" + timeoutNote)
        ->check(numberAbove(0.0, 3600.0))
        ->type_name("S");
    app.add_option("--retries", limits.retries, "retries per " + unit + " (0..20)")
        ->check(wholeNumberWithin(0, 20))
        ->type_name("N");
}

}  // namespace liqheat::cli
