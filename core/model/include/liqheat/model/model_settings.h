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
    Profile,  ///< the same points, weighted by the time an open-extreme-extreme-close path spends there
};

/// Which positioning series tilts each side's leverage mix (docs/MODEL.md, "Side tilt").
enum class TiltSource {
    Taker,         ///< taker buy/sell volume ratio: the aggressive side opened with more leverage
    Accounts,      ///< global account long/short ratio: the crowded side
    TopAccounts,   ///< top traders' account long/short ratio
    TopPositions,  ///< top traders' position long/short ratio
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

    // Options of issue 16 (docs/MODEL.md, section 7). Each is off at its default value and then
    // costs nothing: the sweep takes exactly the path it took before the option existed.

    /// Side tilt: each side's tier weights are multiplied by L^(+-sideTilt * p), p in (-1, 1) the
    /// pressure from `tiltSource` ((r - 1) / (r + 1) of its ratio r). Both books still receive the
    /// same notional; only how close to the price it rests differs. 0: off.
    double sideTilt = 0.0;
    TiltSource tiltSource = TiltSource::Taker;
    /// Closing rule: 0 closes every level proportionally; 1 closes by weight w = 1 for levels at
    /// or above their entry in profit, exp(u / scale) for losers at return u < 0; in between, a
    /// blend. The requested amount is always removed exactly.
    double closeWinnersFirst = 0.0;
    double closeLoserScalePercent = 2.0;
    /// Leverage mix learned causally from realized liquidations already seen: every
    /// learnEveryHours, tier weights are refitted on the trailing learnWindowHours and blended
    /// into the mix with this strength (0: off, 1: the fit alone).
    double learnMix = 0.0;
    double learnWindowHours = 336.0;
    double learnEveryHours = 24.0;

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
/// MMR in [0, 0.5), spread points in [1, 50], tilt in [-5, 5], close blend and learn strength in
/// [0, 1], loser scale in (0, 100], learn window and step in (0, 8760] hours.
Status validate(const ModelSettings& settings);

/// Parses "5:0.15,10:0.3,25:0.25" (leverage:weight, comma separated).
Result<std::vector<LeverageTier>> parseTiers(const std::string& text);
std::string formatTiers(const std::vector<LeverageTier>& tiers);

std::string toString(EntryPlacement placement);
std::optional<EntryPlacement> entryPlacementFromString(const std::string& text);

std::string toString(TiltSource source);
std::optional<TiltSource> tiltSourceFromString(const std::string& text);

/// The issue-16 options that are on, e.g. {"side_tilt", "close_winners_first"} (empty: none).
std::vector<std::string> activeModelOptions(const ModelSettings& settings);

}  // namespace liqheat
