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
        ->check(CLI::IsMember({"close", "typical", "spread"}).description(""))
        ->type_name("close|typical|spread");
    group->add_option("--model-mmr", options.maintenanceRate, "maintenance margin rate of the estimated levels")
        ->check(numberCheck([](double v) { return v >= 0.0 && v < 0.5; }, "within [0, 0.5)"))
        ->type_name("R");
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
    if (auto s = validate(base); !s) {
        return s.error();
    }
    return base;
}

}  // namespace liqheat::cli
