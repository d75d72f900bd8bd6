#include "cli_support.h"

#include "liqheat/io/file_io.h"
#include "liqheat/model/time.h"

#include <cmath>
#include <exception>
#include <iostream>

namespace liqheat::cli {

using nlohmann::json;

void fail(const std::string& message, int code) { throw CommandError{code, message}; }

void usage(const std::string& message) { fail(message, kExitUsage); }

void printError(const std::string& message) { std::cerr << "liqheat-cli: error: " << message << "\n"; }

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
        printError(e.message);
        return e.code;
    } catch (const std::exception& e) {
        printError(e.what());
        return kExitError;
    }
}

void emit(const std::string& outputPath, const std::string& text)
{
    if (!outputPath.empty()) {
        check(writeFileAtomic(outputPath, text));
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
    json j = {{"preset", m.preset},          {"tiers", tiersJson(m)},
              {"bucket_size", m.bucketSize}, {"decay_half_life_hours", m.decayHalfLifeHours},
              {"entry", toString(m.entry)},  {"maintenance_margin_rate", m.maintenanceMarginRate}};
    // Which options of issue 16 are on, with their parameters (docs/MODEL.md, section 7).
    j["options_on"] = activeModelOptions(m);
    if (m.sideTilt != 0.0) {
        j["side_tilt"] = m.sideTilt;
        j["tilt_source"] = toString(m.tiltSource);
    }
    if (m.closeWinnersFirst > 0.0) {
        j["close_winners_first"] = m.closeWinnersFirst;
        j["close_loser_scale_percent"] = m.closeLoserScalePercent;
    }
    if (m.learnMix > 0.0) {
        j["learn_mix"] = m.learnMix;
        j["learn_window_hours"] = m.learnWindowHours;
        j["learn_every_hours"] = m.learnEveryHours;
    }
    return j;
}

json traderModelJson(const ModelSettings& m, double bucketSize)
{
    return {{"preset", m.preset}, {"tiers", tiersJson(m)}, {"bucket_size", bucketSize}};
}

json clusterJson(const Cluster& c)
{
    return {{"side", toString(c.side)},  {"price_low", c.priceLow},
            {"price_high", c.priceHigh}, {"peak_price", c.peakPrice},
            {"peak_usd", c.peakUsd},     {"total_usd", c.totalUsd},
            {"strength", c.strength},    {"distance_percent", c.distancePercent}};
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

Estimated loadAndEstimate(const std::string& snapshotPath, const ModelOptions& model, const EstimateOptions& options)
{
    Estimated e;
    e.snapshot = take(readSnapshot(snapshotPath));
    e.model = take(applyModelOptions(model, e.snapshot.model));
    e.result = take(estimate(e.snapshot.data, e.model, options), "estimate");
    return e;
}

}  // namespace liqheat::cli
