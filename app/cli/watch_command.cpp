#include "watch_command.h"

#include "cli_support.h"
#include "interrupt_guard.h"
#include "model_options.h"
#include "store_commands.h"

#include "liqheat/io/alert_rules.h"
#include "liqheat/live/exchange_api.h"
#include "liqheat/live/watch_session.h"
#include "liqheat/sync/store_market_feed.h"
#include "liqheat/model/time.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

namespace liqheat::cli {
namespace {

using nlohmann::json;

struct WatchOptions {
    std::string symbols;
    std::string exchanges = "binance";
    std::string interval = "5m";
    std::string rulesFile;
    std::optional<double> nearClusterPercent;
    std::optional<double> minClusterUsd;
    double cooldownMinutes = 30.0;
    double pollSeconds = 60.0;
    double historyHours = 72.0;
    std::vector<std::string> baseUrls;
    std::vector<std::string> budgets;
    bool quiet = false;
    std::string store;
    bool noStore = false;
    ModelOptions model;
};

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) {
            items.push_back(item);
        }
    }
    return items;
}

std::vector<WatchKey> watchKeys(const WatchOptions& o)
{
    std::vector<WatchKey> keys;
    for (const std::string& exchangeName : splitList(o.exchanges)) {
        const auto exchange = exchangeFromString(exchangeName);
        if (!exchange) {
            usage("watch: unknown exchange \"" + exchangeName + "\" (expected binance, bybit or okx)");
        }
        if (Status ok = checkInterval(*exchange, parseInterval(o.interval)); !ok) {
            usage("watch: " + ok.error().message);
        }
        for (const std::string& symbolText : splitList(o.symbols)) {
            keys.push_back({*exchange, take(canonicalSymbol(symbolText), "watch", kExitUsage), o.interval});
        }
    }
    if (keys.empty()) {
        usage("watch: --symbols and --exchanges name no market");
    }
    return keys;
}

std::vector<AlertRule> watchRules(const WatchOptions& o)
{
    std::vector<AlertRule> rules;
    if (!o.rulesFile.empty()) {
        auto read = readAlertRules(o.rulesFile);
        if (!read) {
            fail(read.error().message, read.error().code == Error::Code::ParseError ? kExitUsage : kExitError);
        }
        rules = std::move(*read);
    }
    if (o.nearClusterPercent.has_value() != o.minClusterUsd.has_value()) {
        usage("watch: --near-cluster-pct and --min-cluster-usd go together");
    }
    if (o.nearClusterPercent) {
        AlertRule rule;
        rule.id = "near_cluster";
        rule.kind = AlertKind::NearCluster;
        rule.percent = *o.nearClusterPercent;
        rule.minUsd = *o.minClusterUsd;
        rule.cooldownMs = static_cast<TimeMs>(std::llround(o.cooldownMinutes * 60'000.0));
        for (const AlertRule& other : rules) {
            if (other.id == rule.id) {
                usage("watch: the rules file already has a rule \"near_cluster\"");
            }
        }
        check(validate(rule));
        rules.push_back(rule);
    }
    if (rules.empty()) {
        usage("watch: no alert rules (give --rules FILE or --near-cluster-pct X --min-cluster-usd Y)");
    }
    return rules;
}

/// --base-url URL sets every watched exchange; NAME=URL sets one.
std::map<std::string, std::string> baseUrls(const WatchOptions& o)
{
    std::map<std::string, std::string> urls;
    for (const std::string& value : o.baseUrls) {
        const auto eq = value.find('=');
        const auto scheme = value.find("://");
        if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
            urls[value.substr(0, eq)] = value.substr(eq + 1);
        } else {
            for (const Exchange id : allExchanges()) {
                urls[toString(id)] = value;
            }
        }
    }
    for (const auto& [name, url] : urls) {
        const auto id = exchangeFromString(name);
        if (!id) {
            usage("watch: --base-url for unknown exchange \"" + name + "\"");
        }
        take(resolveBaseUrl(*id, url), "watch: --base-url", kExitUsage);
    }
    return urls;
}

/// --budget NAME=PER_SECOND[:BURST] replaces an exchange's stated request budget.
std::map<Exchange, BudgetRate> budgetRates(const WatchOptions& o)
{
    std::map<Exchange, BudgetRate> rates;
    for (const std::string& value : o.budgets) {
        const auto eq = value.find('=');
        const auto id = exchangeFromString(value.substr(0, eq));
        if (eq == std::string::npos || !id) {
            usage("watch: --budget wants NAME=PER_SECOND[:BURST] with NAME binance, bybit or okx (got '" + value +
                  "')");
        }
        BudgetRate rate;
        const std::string numbers = value.substr(eq + 1);
        char* end = nullptr;
        rate.perSecond = std::strtod(numbers.c_str(), &end);
        rate.burst = *end == ':' ? std::strtod(end + 1, &end) : std::max(1.0, rate.perSecond);
        if (*end != '\0' || !(rate.perSecond > 0.0) || !(rate.burst >= 1.0) || !std::isfinite(rate.perSecond) ||
            !std::isfinite(rate.burst)) {
            usage("watch: --budget wants a rate above 0 and a burst of at least 1 (got '" + value + "')");
        }
        rates[*id] = rate;
    }
    return rates;
}

/// Sleeps `seconds` in short slices; false when interrupted.
bool pause(double seconds, const CancelToken& interrupt)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::llround(seconds * 1000.0));
    while (std::chrono::steady_clock::now() < end) {
        if (interrupt.cancelled()) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return !interrupt.cancelled();
}

int runWatch(const WatchOptions& o)
{
    const std::vector<WatchKey> keys = watchKeys(o);
    const ModelSettings model = take(applyModelOptions(o.model, ModelSettings{}), {}, kExitUsage);
    AlertEngine engine;
    engine.setRules(watchRules(o));

    CancelToken interrupt;
    const InterruptGuard guard(interrupt);
    RequestBudgets budgets(BudgetClock::system(), budgetRates(o));
    FetchFeedOptions feedOptions;
    feedOptions.historyMs = static_cast<TimeMs>(std::llround(o.historyHours * 3'600'000.0));
    feedOptions.baseUrls = baseUrls(o);
    feedOptions.budgets = &budgets;
    feedOptions.cancel = &interrupt;
    feedOptions.http.userAgent = std::string("liqheat-cli/") + LIQHEAT_VERSION;
    // With the store (the default) every poll records the market and fetches only what is new
    // since the store's last row, which `record` may already have written.
    std::unique_ptr<MarketFeed> feed;
    if (o.noStore) {
        feed = std::make_unique<FetchMarketFeed>(feedOptions);
    } else {
        feed = std::make_unique<StoreMarketFeed>(openStoreOrFail(o.store), feedOptions);
    }

    if (!o.quiet) {
        std::cerr << "liqheat-cli: watching " << keys.size() << " market(s) with " << engine.rules().size()
                  << " rule(s), every " << o.pollSeconds << " s; Ctrl+C stops\n";
    }
    while (!interrupt.cancelled()) {
        for (const WatchKey& key : keys) {
            if (interrupt.cancelled()) {
                break;
            }
            const WatchUpdate update = refreshMarket(*feed, key, model, &engine, nowUtcMs());
            if (!update.error.empty()) {
                if (!interrupt.cancelled()) {
                    // A failed poll is told and tried again next time: a watcher outlives network blips.
                    std::cerr << "liqheat-cli: " << toString(key) << ": " << update.error << "\n";
                }
                continue;
            }
            for (const AlertEvent& event : update.alerts) {
                std::cout << alertEventJson(event) << "\n";
            }
            std::cout.flush();
        }
        if (!pause(o.pollSeconds, interrupt)) {
            break;
        }
    }
    if (!o.quiet) {
        std::cerr << "liqheat-cli: watch stopped after " << feed->requests() << " requests\n";
    }
    return 0;
}

}  // namespace

Command addWatchCommand(CLI::App& root)
{
    auto o = std::make_shared<WatchOptions>();
    CLI::App* app = root.add_subcommand("watch", "poll markets and print each alert as one JSON line until stopped");
    app->add_option("--symbols", o->symbols, "comma-separated, e.g. BTCUSDT,ETHUSDT")->required()->type_name("S,...");
    app->add_option("--exchanges", o->exchanges, "comma-separated binance, bybit, okx (default binance)")
        ->type_name("E,...");
    app->add_option("--interval", o->interval, "candle interval (default 5m)")->check(intervalValue())->type_name("I");
    app->add_option("--rules", o->rulesFile, "alert rules file (JSON, see docs/WATCH.md)")
        ->check(existingFile())
        ->type_name("FILE");
    app->add_option("--near-cluster-pct", o->nearClusterPercent, "alert when price is within X % of a cluster...")
        ->check(numberAbove(0.0, 100.0))
        ->type_name("X");
    app->add_option("--min-cluster-usd", o->minClusterUsd, "...of at least Y USD")
        ->check(numberWithin(0.0))
        ->type_name("Y");
    app->add_option("--cooldown-minutes", o->cooldownMinutes,
                    "quiet time after the near-cluster rule fires (default 30)")
        ->check(numberWithin(0.0))
        ->type_name("M");
    app->add_option("--poll-seconds", o->pollSeconds, "pause between polls (default 60)")
        ->check(numberAbove(0.0, 86'400.0))
        ->type_name("N");
    app->add_option("--history-hours", o->historyHours, "history estimated per market (default 72)")
        ->check(numberAbove(1.0, 24.0 * 90.0))
        ->type_name("H");
    app->add_option("--base-url", o->baseUrls, "[NAME=]URL instead of the exchange's API (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("[NAME=]URL");
    app->add_option("--budget", o->budgets,
                    "NAME=PER_SECOND[:BURST]: an exchange's request budget instead of the stated one (repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("NAME=R[:B]");
    addStoreOption(*app, o->store);
    app->add_flag("--no-store", o->noStore, "poll the exchanges only and leave the local store alone");
    app->add_flag("--quiet", o->quiet, "nothing on stderr but errors");
    addModelOptions(*app, o->model);
    return {app, [o] { return runWatch(*o); }};
}

}  // namespace liqheat::cli
