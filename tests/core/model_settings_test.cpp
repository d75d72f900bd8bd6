#include "liqheat/model/model_settings.h"

#include <gtest/gtest.h>

using namespace liqheat;

TEST(ModelSettings, PresetTiersAreNormalised)
{
    for (const auto& preset : modelPresets()) {
        ModelSettings s;
        s.preset = preset.name;
        double sum = 0.0;
        for (const auto& t : s.effectiveTiers()) {
            sum += t.weight;
        }
        EXPECT_NEAR(sum, 1.0, 1e-12) << preset.name;
        EXPECT_TRUE(validate(s).ok()) << preset.name;
    }
    ModelSettings custom;
    custom.tiers = {{10, 2}, {20, 6}};
    const auto tiers = custom.effectiveTiers();
    EXPECT_DOUBLE_EQ(tiers[0].weight, 0.25);
    EXPECT_DOUBLE_EQ(tiers[1].weight, 0.75);
}

TEST(ModelSettings, ParseTiers)
{
    const auto tiers = parseTiers("5:0.15,10:0.3,25:0.25");
    ASSERT_TRUE(tiers.ok());
    ASSERT_EQ(tiers->size(), 3U);
    EXPECT_EQ((*tiers)[1], (LeverageTier{10, 0.3}));
    EXPECT_FALSE(parseTiers("").ok());
    EXPECT_FALSE(parseTiers("10").ok());
    EXPECT_FALSE(parseTiers("10:x").ok());
    EXPECT_FALSE(parseTiers("0.5:1").ok());  // leverage below 1
    EXPECT_FALSE(parseTiers("10:-1").ok());
    EXPECT_FALSE(parseTiers("10:0,20:0").ok());  // weights sum to zero
    EXPECT_EQ(formatTiers({{5, 0.15}, {10, 0.3}}), "5:0.15,10:0.3");
}

TEST(ModelSettings, ValidationNamesTheProblem)
{
    ModelSettings s;
    s.preset = "nope";
    ASSERT_FALSE(validate(s).ok());
    EXPECT_NE(validate(s).error().message.find("nope"), std::string::npos);
    s = {};
    s.bucketSize = -1;
    EXPECT_FALSE(validate(s).ok());
    s = {};
    s.maintenanceMarginRate = 0.7;
    EXPECT_FALSE(validate(s).ok());
    s = {};
    s.entrySpreadPoints = 0;
    EXPECT_FALSE(validate(s).ok());
}

TEST(ModelSettings, EntryPlacementNames)
{
    for (const auto p : {EntryPlacement::Close, EntryPlacement::Typical, EntryPlacement::Spread}) {
        EXPECT_EQ(entryPlacementFromString(toString(p)), p);
    }
    EXPECT_FALSE(entryPlacementFromString("vwap").has_value());
}
