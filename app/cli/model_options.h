#pragma once

#include "arguments.h"

#include "liqheat/model/model_settings.h"
#include "liqheat/model/result.h"

#include <set>
#include <string>

namespace liqheat::cli {

/// The MODEL options every estimating command accepts.
const std::set<std::string>& modelOptionNames();

/// Applies --preset, --tiers, --bucket, --decay-hours, --entry, --mmr-model over `base` (usually
/// the snapshot's own settings).
Result<ModelSettings> applyModelOptions(const Arguments& args, ModelSettings base);

}  // namespace liqheat::cli
