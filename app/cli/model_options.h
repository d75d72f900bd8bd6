#pragma once

#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace liqheat::cli {

/// The MODEL options every estimating command accepts; unset ones keep the base settings.
struct ModelOptions {
    std::string preset;
    std::string tiers;
    std::optional<double> bucketSize;
    std::optional<double> decayHours;
    std::string entryPlacement;
    std::optional<double> maintenanceRate;
};

/// Where the entry placement option lives: `--entry` (also `--entry-placement`), or only
/// `--entry-placement` in the commands whose `--entry` is an entry price (stop).
enum class EntryPlacementName { EntryOrEntryPlacement, EntryPlacementOnly };

/// Declares --preset, --tiers, --bucket, --decay-hours, the entry placement and --model-mmr, each
/// checked as it is parsed.
void addModelOptions(CLI::App& app, ModelOptions& options,
                     EntryPlacementName entryName = EntryPlacementName::EntryOrEntryPlacement);

/// The options applied over `base` (usually the snapshot's own settings).
Result<ModelSettings> applyModelOptions(const ModelOptions& options, ModelSettings base);

}  // namespace liqheat::cli
