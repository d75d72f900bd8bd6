#include "fetch_command.h"

#include "arguments.h"
#include "cli_support.h"
#include "model_options.h"

#include "liqheat/io/csv_import.h"
#include "liqheat/live/fetch.h"
#include "liqheat/io/snapshot.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>
#include <iostream>

namespace liqheat::cli {
namespace {

using nlohmann::json;

constexpr int kExitCancelled = 130;  // as a shell reports a process stopped by SIGINT
constexpr double kDayMs = 86'400'000.0;

// Ctrl+C cancels the fetch cleanly (the output file stays as it was) instead of killing it.
CancelToken* g_interruptToken = nullptr;

extern "C" void onInterrupt(int /*signal*/)
{
    if (g_interruptToken != nullptr) {
        g_interruptToken->cancel();  // a lock-free atomic store: safe in a signal handler
    }
}

class InterruptGuard {
public:
    explicit InterruptGuard(CancelToken& token)
    {
        g_interruptToken = &token;
        m_previousInt = std::signal(SIGINT, onInterrupt);
        m_previousTerm = std::signal(SIGTERM, onInterrupt);
    }
    ~InterruptGuard()
    {
        std::signal(SIGINT, m_previousInt);
        std::signal(SIGTERM, m_previousTerm);
        g_interruptToken = nullptr;
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*m_previousInt)(int) = SIG_DFL;
    void (*m_previousTerm)(int) = SIG_DFL;
};

json rowsJson(const MarketData& d)
{
    return {{"candles", d.candles.size()},
            {"open_interest", d.openInterest.size()},
            {"funding_rate", d.fundingRate.size()},
            {"long_short_ratio", d.longShortRatio.size()},
            {"taker_buy_sell_ratio", d.takerBuySellRatio.size()}};
}

json tickerJson(const Ticker& t)
{
    return {{"mark_price", t.markPrice},
            {"funding_rate", t.fundingRate},
            {"next_funding_time", t.nextFundingTime > 0 ? json(formatTimeIso(t.nextFundingTime)) : json(nullptr)}};
}

int fetchBody(const std::vector<std::string>& raw)
{
    const Arguments args = parseArgs(raw,
                                     {"-o", "--exchange", "--symbol", "--interval", "--days", "--base-url",
                                      "--reference", "--end", "--timeout", "--retries"},
                                     {"--strict", "--quiet"}, true);
    if (!args.positionals().empty()) {
        usage("fetch takes no positional arguments (got '" + args.positionals().front() + "')");
    }
    const auto out = args.value("-o");
    const auto exchange = args.value("--exchange");
    const auto symbol = args.value("--symbol");
    const auto interval = args.value("--interval");
    if (!out || !exchange || !symbol || !interval) {
        usage("fetch needs -o OUT, --exchange binance|bybit|okx|all, --symbol S and --interval I");
    }

    FetchRequest request;
    request.exchange = *exchange;
    request.symbol = *symbol;
    request.interval = *interval;
    request.allowPartial = !args.has("--strict");
    request.reference = args.value("--reference").value_or("binance");
    if (args.has("--reference") && *exchange != "all") {
        usage("--reference only applies to --exchange all");
    }

    const double dayCount = number(args, "--days").value_or(7.0);
    if (!(dayCount > 0.0) || dayCount > 1000.0) {
        usage("--days must be more than 0 and at most 1000");
    }
    request.spanMs = static_cast<TimeMs>(std::llround(dayCount * kDayMs));
    if (const auto end = timeOption(args, "--end")) {
        request.end = *end;
    }

    const auto timeout = number(args, "--timeout");
    const auto retries = number(args, "--retries");
    if (timeout) {
        if (!(*timeout > 0.0) || *timeout > 3600.0) {
            usage("--timeout must be more than 0 and at most 3600 seconds");
        }
        request.http.totalTimeout = std::chrono::milliseconds{std::llround(*timeout * 1000.0)};
        request.http.connectTimeout = std::min(request.http.connectTimeout, request.http.totalTimeout);
    }
    if (retries) {
        if (*retries < 0 || *retries > 20 || *retries != std::floor(*retries)) {
            usage("--retries must be a whole number from 0 to 20");
        }
        request.http.retry.maxAttempts = static_cast<int>(*retries) + 1;
    }
    request.http.userAgent = std::string("liqheat-cli/") + LIQHEAT_VERSION;

    // --base-url URL sets the chosen exchange (all three for `all`); NAME=URL sets one.
    for (const std::string& value : args.values("--base-url")) {
        const auto eq = value.find('=');
        const auto scheme = value.find("://");
        if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
            request.baseUrls[value.substr(0, eq)] = value.substr(eq + 1);
        } else if (*exchange == "all") {
            for (const Exchange id : allExchanges()) {
                request.baseUrls[toString(id)] = value;
            }
        } else {
            request.baseUrls[*exchange] = value;
        }
    }

    const ModelSettings model = take(applyModelOptions(args, ModelSettings{}), {}, kExitUsage);

    CancelToken interrupt;
    const InterruptGuard guard(interrupt);
    request.cancel = &interrupt;
    const bool quiet = args.has("--quiet");
    int lastDone = -1;
    const auto progress = [&](int done, int total, const std::string& message) {
        // One line per finished step, plus every retry or wait, so a slow fetch explains itself.
        const bool notable = message.find("retrying") != std::string::npos || message.find("waiting") != std::string::npos;
        if (!quiet && (done != lastDone || notable)) {
            std::cerr << "liqheat-cli: [" << done << "/" << total << "] " << message << "\n";
            lastDone = done;
        }
        return true;
    };

    auto result = fetchMarket(request, progress);
    if (!result) {
        const bool cancelled = result.error().code == Error::Code::Cancelled;
        fail(result.error().message + "; " + *out + " was not written", cancelled ? kExitCancelled : kExitError);
    }

    Snapshot snapshot;
    snapshot.data = result->merged;
    if (*exchange == "all") {
        snapshot.perExchange = result->perExchange;
    }
    snapshot.model = model;
    check(writeSnapshot(snapshot, *out), *out);

    if (!quiet) {
        for (const std::string& note : result->notes) {
            std::cerr << "liqheat-cli: note: " << note << "\n";
        }
    }
    json perExchange = json::object();
    for (const auto& [name, data] : result->perExchange) {
        json entry = {{"rows", rowsJson(data)}};
        if (const auto it = result->tickers.find(name); it != result->tickers.end()) {
            entry.update(tickerJson(it->second));
        }
        perExchange[name] = entry;
    }
    json summary = {{"output", *out},
                    {"exchange", *exchange},
                    {"symbol", result->merged.source.symbol},
                    {"interval", formatInterval(result->merged.source.intervalMs)},
                    {"from", formatTimeIso(result->from)},
                    {"to", formatTimeIso(result->to)},
                    {"exchanges", result->merged.source.exchanges},
                    {"reference", result->reference},
                    {"rows", rowsJson(result->merged)},
                    {"per_exchange", perExchange},
                    {"requests", result->requests},
                    {"notes", result->notes}};
    summary.update(tickerJson(result->ticker));
    if (!result->merged.candles.empty()) {
        summary["last_price"] = result->merged.candles.close.back();
        summary["last_time"] = formatTimeIso(result->merged.candles.time.back());
    }
    std::cout << summary.dump(2) << "\n";
    return 0;
}

}  // namespace

int runFetch(const std::vector<std::string>& args)
{
    return guarded([&] { return fetchBody(args); });
}

}  // namespace liqheat::cli
