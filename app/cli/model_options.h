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
    // Options of issue 16 (docs/MODEL.md, section 7).
    std::optional<double> sideTilt;
    std::string tiltSource;
    std::optional<double> closeWinnersFirst;
    std::optional<double> closeLoserScale;
    std::optional<double> learnMix;
    std::optional<double> learnWindowHours;
    std::optional<double> learnEveryHours;
};

/// Where the entry placement option lives: `--entry` (also `--entry-placement`), or only
/// `--entry-placement` in the commands whose `--entry` is an entry price (stop).
enum class EntryPlacementName { EntryOrEntryPlacement, EntryPlacementOnly };

/// Declares --preset, --tiers, --bucket, --decay-hours, the entry placement, --model-mmr and the
/// options of issue 16 (--side-tilt, --tilt-source, --close-winners-first, --close-loser-scale,
/// --learn-mix, --learn-window-hours, --learn-every-hours), each checked as it is parsed.
void addModelOptions(CLI::App& app, ModelOptions& options,
                     EntryPlacementName entryName = EntryPlacementName::EntryOrEntryPlacement);

/// The options applied over `base` (usually the snapshot's own settings).
Result<ModelSettings> applyModelOptions(const ModelOptions& options, ModelSettings base);

}  // namespace liqheat::cli
