#include "liqheat/model/model_settings.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace liqheat {

const std::vector<ModelPreset>& modelPresets()
{
    // Weights are shares of newly opened notional per leverage. See docs/MODEL.md for where they
    // come from and how they score against realized liquidations.
    static const std::vector<ModelPreset> presets{
        {"balanced",
         "5/10/25/50/100x weighted 15/30/25/20/10 %: moderate leverage dominates",
         {{5, 0.15}, {10, 0.30}, {25, 0.25}, {50, 0.20}, {100, 0.10}}},
        {"high-leverage",
         "25/50/100x only: the retail-heavy picture most web heatmaps draw",
         {{25, 0.40}, {50, 0.35}, {100, 0.25}}},
        {"low-leverage",
         "2-20x, most capital at 3-5x: what on-chain position data shows",
         {{2, 0.20}, {3, 0.25}, {5, 0.30}, {10, 0.18}, {20, 0.07}}},
    };
    return presets;
}

const ModelPreset* findPreset(const std::string& name)
{
    for (const auto& preset : modelPresets()) {
        if (preset.name == name) {
            return &preset;
        }
    }
    return nullptr;
}

std::vector<LeverageTier> ModelSettings::effectiveTiers() const
{
    std::vector<LeverageTier> result = tiers;
    if (result.empty()) {
        const ModelPreset* p = findPreset(preset);
        result = p ? p->tiers : modelPresets().front().tiers;
    }
    double sum = 0.0;
    for (const auto& t : result) {
        sum += t.weight;
    }
    if (sum > 0.0) {
        for (auto& t : result) {
            t.weight /= sum;
        }
    }
    return result;
}

Status validate(const ModelSettings& s)
{
    auto bad = [](const std::string& what) { return makeError(Error::Code::InvalidArgument, what); };
    if (s.tiers.empty() && !findPreset(s.preset)) {
        return bad("unknown model preset '" + s.preset + "'");
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < s.tiers.size(); ++i) {
        const auto& t = s.tiers[i];
        if (!std::isfinite(t.leverage) || t.leverage < 1.0 || t.leverage > 200.0) {
            return bad("tier " + std::to_string(i + 1) + ": leverage must be within 1..200");
        }
        if (!std::isfinite(t.weight) || t.weight < 0.0) {
            return bad("tier " + std::to_string(i + 1) + ": weight must be a non-negative number");
        }
        sum += t.weight;
    }
    if (!s.tiers.empty() && !(sum > 0.0)) {
        return bad("leverage tier weights sum to zero");
    }
    if (!std::isfinite(s.bucketSize) || s.bucketSize < 0.0) {
        return bad("bucket size must be >= 0 (0 = automatic)");
    }
    if (!std::isfinite(s.decayHalfLifeHours) || s.decayHalfLifeHours < 0.0) {
        return bad("decay half-life must be >= 0 hours (0 = no decay)");
    }
    if (!std::isfinite(s.maintenanceMarginRate) || s.maintenanceMarginRate < 0.0 || s.maintenanceMarginRate >= 0.5) {
        return bad("maintenance margin rate must be within [0, 0.5)");
    }
    if (s.entrySpreadPoints < 1 || s.entrySpreadPoints > 50) {
        return bad("entry spread points must be within 1..50");
    }
    if (!std::isfinite(s.sideTilt) || std::abs(s.sideTilt) > 5.0) {
        return bad("side tilt must be within -5..5 (0 = off)");
    }
    if (!std::isfinite(s.closeWinnersFirst) || s.closeWinnersFirst < 0.0 || s.closeWinnersFirst > 1.0) {
        return bad("close-winners-first blend must be within 0..1 (0 = proportional)");
    }
    if (!std::isfinite(s.closeLoserScalePercent) || s.closeLoserScalePercent <= 0.0 ||
        s.closeLoserScalePercent > 100.0) {
        return bad("loser scale must be within (0, 100] percent");
    }
    if (!std::isfinite(s.learnMix) || s.learnMix < 0.0 || s.learnMix > 1.0) {
        return bad("learned-mix strength must be within 0..1 (0 = off)");
    }
    for (const double hours : {s.learnWindowHours, s.learnEveryHours}) {
        if (!std::isfinite(hours) || hours <= 0.0 || hours > 8760.0) {
            return bad("learn window and step must be within (0, 8760] hours");
        }
    }
    return {};
}

Result<std::vector<LeverageTier>> parseTiers(const std::string& text)
{
    std::vector<LeverageTier> tiers;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        const auto colon = item.find(':');
        if (colon == std::string::npos) {
            return makeError(Error::Code::InvalidArgument,
                             "tier '" + item + "' is not LEVERAGE:WEIGHT (for example 10:0.3)");
        }
        LeverageTier tier;
        const std::string lev = item.substr(0, colon);
        const std::string weight = item.substr(colon + 1);
        auto parse = [](const std::string& s, double& out) {
            const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
            return ec == std::errc{} && ptr == s.data() + s.size() && !s.empty();
        };
        if (!parse(lev, tier.leverage) || !parse(weight, tier.weight)) {
            return makeError(Error::Code::InvalidArgument, "tier '" + item + "' has a non-numeric part");
        }
        tiers.push_back(tier);
    }
    if (tiers.empty()) {
        return makeError(Error::Code::InvalidArgument, "no leverage tiers given");
    }
    ModelSettings check;
    check.tiers = tiers;
    if (auto s = validate(check); !s) {
        return s.error();
    }
    return tiers;
}

std::string formatTiers(const std::vector<LeverageTier>& tiers)
{
    std::ostringstream out;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        if (i > 0) {
            out << ',';
        }
        out << tiers[i].leverage << ':' << tiers[i].weight;
    }
    return out.str();
}

std::string toString(EntryPlacement placement)
{
    switch (placement) {
    case EntryPlacement::Close: return "close";
    case EntryPlacement::Typical: return "typical";
    case EntryPlacement::Spread: return "spread";
    case EntryPlacement::Profile: return "profile";
    }
    return "typical";
}

std::optional<EntryPlacement> entryPlacementFromString(const std::string& text)
{
    if (text == "close") {
        return EntryPlacement::Close;
    }
    if (text == "typical") {
        return EntryPlacement::Typical;
    }
    if (text == "spread") {
        return EntryPlacement::Spread;
    }
    if (text == "profile") {
        return EntryPlacement::Profile;
    }
    return std::nullopt;
}

std::string toString(TiltSource source)
{
    switch (source) {
    case TiltSource::Taker: return "taker";
    case TiltSource::Accounts: return "accounts";
    case TiltSource::TopAccounts: return "top-accounts";
    case TiltSource::TopPositions: return "top-positions";
    }
    return "taker";
}

std::optional<TiltSource> tiltSourceFromString(const std::string& text)
{
    for (const TiltSource s :
         {TiltSource::Taker, TiltSource::Accounts, TiltSource::TopAccounts, TiltSource::TopPositions}) {
        if (text == toString(s)) {
            return s;
        }
    }
    return std::nullopt;
}

std::vector<std::string> activeModelOptions(const ModelSettings& settings)
{
    std::vector<std::string> on;
    if (settings.entry == EntryPlacement::Profile) {
        on.emplace_back("entry_profile");
    }
    if (settings.sideTilt != 0.0) {
        on.push_back("side_tilt(" + toString(settings.tiltSource) + ")");
    }
    if (settings.closeWinnersFirst > 0.0) {
        on.emplace_back("close_winners_first");
    }
    if (settings.learnMix > 0.0) {
        on.emplace_back("learned_mix");
    }
    return on;
}

}  // namespace liqheat
