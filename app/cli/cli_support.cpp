#include "cli_support.h"

#include "liqheat/io/file_io.h"
#include "liqheat/model/format.h"
#include "liqheat/model/time.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <system_error>

namespace liqheat::cli {

using nlohmann::json;

void fail(const std::string& message, int code) { throw CommandError{code, message}; }

void usage(const std::string& message) { fail(message, kExitUsage); }

void printError(const std::string& message)
{
    // A file name in the message may hold any bytes; the line stays readable and one line.
    std::cerr << "liqheat-cli: error: " << printableText(message) << "\n";
}

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
        errno = 0;
        std::cout << text;
        std::cout.flush();
        if (!std::cout) {
            // Say why now: errno still holds the reason (a full device, a closed pipe).
            fail("cannot write to standard output: " +
                 (errno != 0 ? std::generic_category().message(errno) : std::string("write error")));
        }
    }
}

int finishOutput(int code)
{
    // A full disk or a closed pipe on stdout must not pass for success: the output is lost.
    errno = 0;
    std::cout.flush();
    const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
    if (!failed || code != 0) {
        return code;  // a failed command has said why in its one line already
    }
    const int error = errno;
    printError("cannot write to standard output: " +
               (error != 0 ? std::generic_category().message(error) : std::string("write error")));
    return kExitError;
}

std::string dump(const json& j)
{
    // Strings come from ASCII option values or displayPath(); replace is a last guard, not a path.
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

json nullable(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json rowCounts(const MarketData& d, bool withLiquidations)
{
    json rows = {{"candles", d.candles.size()},
                 {"open_interest", d.openInterest.size()},
                 {"funding_rate", d.fundingRate.size()},
                 {"long_short_ratio", d.longShortRatio.size()},
                 {"top_trader_account_ratio", d.topTraderAccountRatio.size()},
                 {"top_trader_position_ratio", d.topTraderPositionRatio.size()},
                 {"taker_buy_sell_ratio", d.takerBuySellRatio.size()}};
    if (withLiquidations) {
        rows["liquidations"] = d.liquidations.size();
    }
    return rows;
}

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
