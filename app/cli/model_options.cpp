#include "model_options.h"

#include "cli_options.h"

#include <vector>

namespace liqheat::cli {
namespace {

std::vector<std::string> presetNames()
{
    std::vector<std::string> names;
    for (const auto& p : modelPresets()) {
        names.push_back(p.name);
    }
    return names;
}

/// parseTiers and the model's own tier limits, so a bad --tiers is a usage error.
CLI::Validator tiersValue()
{
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto tiers = parseTiers(text);
            if (!tiers) {
                return tiers.error().message;
            }
            ModelSettings settings;
            settings.tiers = std::move(tiers).value();
            const Status valid = validate(settings);
            return valid ? std::string{} : valid.error().message;
        },
        "");
}

}  // namespace

void addModelOptions(CLI::App& app, ModelOptions& options, EntryPlacementName entryName)
{
    CLI::App* group = app.add_option_group("MODEL", "model options (default: the snapshot's own)");
    group->add_option("--preset", options.preset, "leverage tier preset")
        ->check(CLI::IsMember(presetNames()).description(""))
        ->type_name("NAME");
    group->add_option("--tiers", options.tiers, "custom leverage tiers, e.g. 5:0.15,10:0.3,25:0.35,50:0.2")
        ->check(tiersValue())
        ->type_name("L:W,...");
    group->add_option("--bucket", options.bucketSize, "price bucket size (0: automatic)")
        ->check(numberWithin(0.0))
        ->type_name("USD");
    group->add_option("--decay-hours", options.decayHours, "half-life of resting positions (0: no decay)")
        ->check(numberWithin(0.0))
        ->type_name("H");
    const char* entryNames =
        entryName == EntryPlacementName::EntryPlacementOnly ? "--entry-placement" : "--entry,--entry-placement";
    group->add_option(entryNames, options.entryPlacement, "where positions enter within a candle")
        ->check(CLI::IsMember({"close", "typical", "spread", "profile"}).description(""))
        ->type_name("close|typical|spread|profile");
    group->add_option("--model-mmr", options.maintenanceRate, "maintenance margin rate of the estimated levels")
        ->check(numberCheck([](double v) { return v >= 0.0 && v < 0.5; }, "within [0, 0.5)"))
        ->type_name("R");
    group->add_option("--side-tilt", options.sideTilt, "tilt each side's leverage mix by positioning (0: off)")
        ->check(numberWithin(-5.0, 5.0))
        ->type_name("T");
    group->add_option("--tilt-source", options.tiltSource, "positioning series the tilt reads")
        ->check(CLI::IsMember({"taker", "accounts", "top-accounts", "top-positions"}).description(""))
        ->type_name("taker|accounts|top-accounts|top-positions");
    group
        ->add_option("--close-winners-first", options.closeWinnersFirst,
                     "closes: blend from proportional (0) to winners first (1)")
        ->check(numberWithin(0.0, 1.0))
        ->type_name("B");
    group
        ->add_option("--close-loser-scale", options.closeLoserScale,
                     "closes: a loser's weight falls by e per this loss, in percent (default 2)")
        ->check(numberCheck([](double v) { return v > 0.0 && v <= 100.0; }, "within (0, 100]"))
        ->type_name("PCT");
    group
        ->add_option("--learn-mix", options.learnMix,
                     "blend of the leverage mix learned from past realized liquidations (0: off)")
        ->check(numberWithin(0.0, 1.0))
        ->type_name("S");
    group->add_option("--learn-window-hours", options.learnWindowHours, "learned mix: trailing window (default 336)")
        ->check(numberCheck([](double v) { return v > 0.0 && v <= 8760.0; }, "within (0, 8760]"))
        ->type_name("H");
    group->add_option("--learn-every-hours", options.learnEveryHours, "learned mix: refit step (default 24)")
        ->check(numberCheck([](double v) { return v > 0.0 && v <= 8760.0; }, "within (0, 8760]"))
        ->type_name("H");
}

Result<ModelSettings> applyModelOptions(const ModelOptions& options, ModelSettings base)
{
    if (!options.preset.empty()) {
        base.preset = options.preset;
        base.tiers.clear();
    }
    if (!options.tiers.empty()) {
        auto tiers = parseTiers(options.tiers);
        if (!tiers) {
            return makeError(Error::Code::InvalidArgument, "--tiers: " + tiers.error().message);
        }
        base.tiers = std::move(tiers).value();
        base.preset = "custom";
    }
    base.bucketSize = options.bucketSize.value_or(base.bucketSize);
    base.decayHalfLifeHours = options.decayHours.value_or(base.decayHalfLifeHours);
    base.maintenanceMarginRate = options.maintenanceRate.value_or(base.maintenanceMarginRate);
    if (!options.entryPlacement.empty()) {
        base.entry = entryPlacementFromString(options.entryPlacement).value_or(base.entry);
    }
    base.sideTilt = options.sideTilt.value_or(base.sideTilt);
    if (!options.tiltSource.empty()) {
        base.tiltSource = tiltSourceFromString(options.tiltSource).value_or(base.tiltSource);
    }
    base.closeWinnersFirst = options.closeWinnersFirst.value_or(base.closeWinnersFirst);
    base.closeLoserScalePercent = options.closeLoserScale.value_or(base.closeLoserScalePercent);
    base.learnMix = options.learnMix.value_or(base.learnMix);
    base.learnWindowHours = options.learnWindowHours.value_or(base.learnWindowHours);
    base.learnEveryHours = options.learnEveryHours.value_or(base.learnEveryHours);
    if (auto s = validate(base); !s) {
        return s.error();
    }
    return base;
}

}  // namespace liqheat::cli
