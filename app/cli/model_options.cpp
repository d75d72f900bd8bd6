#include "model_options.h"

namespace liqheat::cli {

const std::set<std::string>& modelOptionNames()
{
    static const std::set<std::string> names{"--tiers", "--bucket", "--decay-hours", "--preset", "--entry",
                                             "--model-mmr"};
    return names;
}

Result<ModelSettings> applyModelOptions(const Arguments& args, ModelSettings base)
{
    if (const auto preset = args.value("--preset")) {
        if (!findPreset(*preset)) {
            std::string names;
            for (const auto& p : modelPresets()) {
                names += (names.empty() ? "" : ", ") + p.name;
            }
            return makeError(Error::Code::InvalidArgument, "unknown preset '" + *preset + "' (known: " + names + ")");
        }
        base.preset = *preset;
        base.tiers.clear();
    }
    if (const auto tiers = args.value("--tiers")) {
        auto parsed = parseTiers(*tiers);
        if (!parsed) {
            return makeError(Error::Code::InvalidArgument, "--tiers: " + parsed.error().message);
        }
        base.tiers = std::move(parsed).value();
        base.preset = "custom";
    }
    const auto bucket = args.number("--bucket");
    if (!bucket) {
        return bucket.error();
    }
    if (*bucket) {
        base.bucketSize = **bucket;
    }
    const auto decay = args.number("--decay-hours");
    if (!decay) {
        return decay.error();
    }
    if (*decay) {
        base.decayHalfLifeHours = **decay;
    }
    const auto mmr = args.number("--model-mmr");
    if (!mmr) {
        return mmr.error();
    }
    if (*mmr) {
        base.maintenanceMarginRate = **mmr;
    }
    if (const auto entry = args.value("--entry")) {
        const auto placement = entryPlacementFromString(*entry);
        if (!placement) {
            return makeError(Error::Code::InvalidArgument, "--entry must be close, typical or spread");
        }
        base.entry = *placement;
    }
    if (auto s = validate(base); !s) {
        return s.error();
    }
    return base;
}

}  // namespace liqheat::cli
