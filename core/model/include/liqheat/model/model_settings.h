#pragma once

#include "liqheat/model/result.h"

#include <optional>
#include <string>
#include <vector>

namespace liqheat {

/// One leverage tier of the assumed leverage distribution of newly opened positions.
struct LeverageTier {
    double leverage = 10.0;
    double weight = 1.0;  ///< relative; the estimator normalises the weights to sum to 1
    friend bool operator==(const LeverageTier&, const LeverageTier&) = default;
};

/// Where within a candle new positions are assumed to be opened.
enum class EntryPlacement {
    Close,    ///< at the candle's close
    Typical,  ///< at (high + low + close) / 3
    Spread,   ///< spread evenly over [low, high] (entrySpreadPoints points)
};

/// Everything the estimator needs besides the market data. Saved in snapshots.
struct ModelSettings {
    std::string preset = "balanced";                ///< name of the preset the tiers came from, or "custom"
    std::vector<LeverageTier> tiers;                ///< empty: the preset's tiers
    double bucketSize = 0.0;                        ///< quote units per price bucket; 0: automatic
    double decayHalfLifeHours = 0.0;                ///< 0: no decay
    EntryPlacement entry = EntryPlacement::Spread;  ///< best against realized liquidations (docs/MODEL.md)
    int entrySpreadPoints = 5;
    double maintenanceMarginRate = 0.004;  ///< MMR used for the estimated liquidation prices

    friend bool operator==(const ModelSettings&, const ModelSettings&) = default;

    /// Tiers with weights normalised to sum to 1 (the preset's when `tiers` is empty).
    [[nodiscard]] std::vector<LeverageTier> effectiveTiers() const;
};

/// A named leverage distribution.
struct ModelPreset {
    std::string name;
    std::string description;
    std::vector<LeverageTier> tiers;
};

/// The built-in presets; the first is the default.
const std::vector<ModelPreset>& modelPresets();
const ModelPreset* findPreset(const std::string& name);

/// Checks ranges: leverage in [1, 200], weights >= 0 with a positive sum, bucket >= 0, decay >= 0,
/// MMR in [0, 0.5), spread points in [1, 50].
Status validate(const ModelSettings& settings);

/// Parses "5:0.15,10:0.3,25:0.25" (leverage:weight, comma separated).
Result<std::vector<LeverageTier>> parseTiers(const std::string& text);
std::string formatTiers(const std::vector<LeverageTier>& tiers);

std::string toString(EntryPlacement placement);
std::optional<EntryPlacement> entryPlacementFromString(const std::string& text);

}  // namespace liqheat
