#include "cli_support.h"

#include "model_options.h"

#include "liqheat/io/csv_import.h"
#include "liqheat/io/file_io.h"

#include <cmath>
#include <exception>
#include <iostream>

namespace liqheat::cli {

using nlohmann::json;

void fail(const std::string& message, int code) { throw CommandError{code, message}; }

void usage(const std::string& message) { fail(message, kExitUsage); }

void check(const Status& status, const std::string& context)
{
    if (!status) {
        fail(context.empty() ? status.error().message : context + ": " + status.error().message);
    }
}

int guarded(const std::function<int()>& body)
{
    try {
        return body();
    } catch (const CommandError& e) {
        std::cerr << "liqheat-cli: error: " << e.message << "\n";
        return e.code;
    } catch (const std::exception& e) {
        std::cerr << "liqheat-cli: error: " << e.what() << "\n";
        return kExitError;
    }
}

Arguments parseArgs(const std::vector<std::string>& raw, std::set<std::string> valued,
                    const std::set<std::string>& flags, bool withModel)
{
    if (withModel) {
        valued.insert(modelOptionNames().begin(), modelOptionNames().end());
    }
    return take(Arguments::parse(raw, valued, flags), {}, kExitUsage);
}

std::string onePositional(const Arguments& args, const std::string& what)
{
    if (args.positionals().size() != 1) {
        usage("expected exactly one " + what + " argument");
    }
    return args.positionals().front();
}

std::optional<double> number(const Arguments& args, const std::string& name)
{
    return take(args.number(name), {}, kExitUsage);
}

std::optional<TimeMs> timeOption(const Arguments& args, const std::string& name)
{
    const auto text = args.value(name);
    if (!text) {
        return std::nullopt;
    }
    const auto time = parseTime(*text);
    if (!time) {
        usage(name + ": '" + *text + "' is not a time (ms or ISO 8601)");
    }
    return time;
}

void emit(const Arguments& args, const std::string& text)
{
    if (const auto out = args.value("-o")) {
        check(writeFileAtomic(*out, text));
    } else {
        std::cout << text;
        std::cout.flush();
    }
}

std::string dump(const json& j) { return j.dump(2) + "\n"; }

json nullable(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json tiersJson(const ModelSettings& m)
{
    json tiers = json::array();
    for (const auto& t : m.effectiveTiers()) {
        // Normalised weights carry float noise (0.15000000000000002); 1e-12 is far below meaning.
        tiers.push_back({{"leverage", t.leverage}, {"weight", std::round(t.weight * 1e12) / 1e12}});
    }
    return tiers;
}

json modelJson(const ModelSettings& m)
{
    return {{"preset", m.preset},
            {"tiers", tiersJson(m)},
            {"bucket_size", m.bucketSize},
            {"decay_half_life_hours", m.decayHalfLifeHours},
            {"entry", toString(m.entry)},
            {"maintenance_margin_rate", m.maintenanceMarginRate}};
}

json clusterJson(const Cluster& c)
{
    return {{"side", toString(c.side)},   {"price_low", c.priceLow},
            {"price_high", c.priceHigh},  {"peak_price", c.peakPrice},
            {"peak_usd", c.peakUsd},      {"total_usd", c.totalUsd},
            {"strength", c.strength},     {"distance_percent", c.distancePercent}};
}

json quoteJson(const LiquidationQuote& q)
{
    return {{"liquidation_price", q.liquidationPrice > 0.0 ? json(q.liquidationPrice) : json(nullptr)},
            {"bankruptcy_price", q.bankruptcyPrice},
            {"distance_percent", q.distancePercent},
            {"initial_margin", q.initialMargin},
            {"maintenance_margin", q.maintenanceMargin},
            {"maintenance_tier",
             {{"index", q.tierIndex},
              {"rate", q.tier.rate},
              {"amount", q.tier.amount},
              {"notional_floor", q.tier.notionalFloor},
              {"notional_cap", std::isfinite(q.tier.notionalCap) ? json(q.tier.notionalCap) : json(nullptr)}}}};
}

Estimated loadAndEstimate(const Arguments& args, std::size_t maxColumns)
{
    Estimated e;
    e.snapshot = take(readSnapshot(onePositional(args, "SNAPSHOT")));
    e.model = take(applyModelOptions(args, e.snapshot.model));
    EstimateOptions options;
    options.maxColumns = maxColumns;
    e.result = take(estimate(e.snapshot.data, e.model, options), "estimate");
    return e;
}

}  // namespace liqheat::cli
