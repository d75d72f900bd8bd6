// ModelPanel: round trips, presets, tier edits (valid and refused), debounce, style signals.
#include "docks/model_panel.h"
#include "docks/leverage_tier_model.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QTableView>

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace liqheat::ui {
namespace {

/// Spins the event loop until `done` or `timeoutMs` (the debounce is 250 ms).
bool waitFor(const std::function<bool()>& done, int timeoutMs = 2000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return done();
}

/// Spins the event loop long enough for any pending debounce to fire.
void settle(int ms = 400)
{
    waitFor([] { return false; }, ms);
}

class ModelPanelTest : public ::testing::Test {
protected:
    ModelPanelTest()
    {
        QObject::connect(&panel, &ModelPanel::modelChanged, &panel,
                         [this](const ModelSettings& s) { emitted.push_back(s); });
        QObject::connect(&panel, &ModelPanel::styleChanged, &panel,
                         [this](const HeatmapStyle& s) { styles.push_back(s); });
    }

    template <typename T>
    T* child(const char* name)
    {
        T* widget = panel.findChild<T*>(QString::fromLatin1(name));
        EXPECT_NE(widget, nullptr) << name;
        return widget;
    }

    QAbstractItemModel* tiers() { return child<QTableView>("tierTable")->model(); }

    bool setCell(int row, int column, double value)
    {
        return tiers()->setData(tiers()->index(row, column), value, Qt::EditRole);
    }

    std::vector<LeverageTier> tableTiers()
    {
        std::vector<LeverageTier> out;
        for (int row = 0; row < tiers()->rowCount(); ++row) {
            out.push_back({tiers()->index(row, LeverageTierModel::LeverageColumn).data(Qt::EditRole).toDouble(),
                           tiers()->index(row, LeverageTierModel::WeightColumn).data(Qt::EditRole).toDouble()});
        }
        return out;
    }

    bool waitForModelChanged()
    {
        return waitFor([this] { return !emitted.empty(); });
    }

    ModelPanel panel;
    std::vector<ModelSettings> emitted;
    std::vector<HeatmapStyle> styles;
};

ModelSettings customSettings()
{
    ModelSettings s;
    s.preset = "custom";
    s.tiers = {{3, 1.0}, {20, 2.5}, {75, 0.5}};
    s.bucketSize = 25.0;
    s.decayHalfLifeHours = 12.0;
    s.entry = EntryPlacement::Spread;
    s.entrySpreadPoints = 7;
    s.maintenanceMarginRate = 0.005;
    return s;
}

TEST_F(ModelPanelTest, ModelPanelDefaultsAreValid)
{
    EXPECT_TRUE(validate(panel.model()).ok());
    EXPECT_EQ(panel.model().preset, modelPresets().front().name);
    EXPECT_TRUE(panel.model().tiers.empty());
    EXPECT_EQ(tableTiers(), modelPresets().front().tiers);
}

TEST_F(ModelPanelTest, ModelPanelSetModelRoundTripsCustomSettings)
{
    const ModelSettings s = customSettings();
    panel.setModel(s);
    EXPECT_EQ(panel.model(), s);
    EXPECT_EQ(child<QComboBox>("presetCombo")->currentData().toString(), QStringLiteral("custom"));
    EXPECT_FALSE(child<QCheckBox>("bucketAutoCheck")->isChecked());
    EXPECT_TRUE(child<QDoubleSpinBox>("bucketSizeSpin")->isEnabled());
    EXPECT_EQ(child<QComboBox>("entryCombo")->currentData().toString(), QStringLiteral("spread"));
}

TEST_F(ModelPanelTest, ModelPanelRoundTripsTheIssue16Options)
{
    ModelSettings s;
    s.entry = EntryPlacement::Profile;
    s.sideTilt = -0.75;
    s.tiltSource = TiltSource::TopAccounts;
    s.closeWinnersFirst = 0.4;
    s.closeLoserScalePercent = 3.5;
    s.learnMix = 0.25;
    s.learnWindowHours = 96.0;
    s.learnEveryHours = 6.0;  // no control: kept from the settings
    panel.setModel(s);
    EXPECT_EQ(panel.model(), s);
    EXPECT_EQ(child<QComboBox>("tiltSourceCombo")->currentData().toString(), QStringLiteral("top-accounts"));
    panel.setModel(ModelSettings{});
    EXPECT_EQ(panel.model().sideTilt, 0.0);
    EXPECT_EQ(panel.model().learnMix, 0.0);
}

TEST_F(ModelPanelTest, ModelPanelSetModelRoundTripsPresetAndAutoBucket)
{
    ModelSettings s;
    s.preset = "low-leverage";
    s.bucketSize = 0.0;
    s.decayHalfLifeHours = 0.0;
    s.entry = EntryPlacement::Close;
    panel.setModel(s);
    EXPECT_EQ(panel.model(), s);
    EXPECT_EQ(tableTiers(), findPreset("low-leverage")->tiers);
    EXPECT_TRUE(child<QCheckBox>("bucketAutoCheck")->isChecked());
    EXPECT_FALSE(child<QDoubleSpinBox>("bucketSizeSpin")->isEnabled());
    EXPECT_EQ(child<QDoubleSpinBox>("decaySpin")->text(), QStringLiteral("off"));
    // No "custom" entry for an untouched preset.
    EXPECT_LT(child<QComboBox>("presetCombo")->findData(QStringLiteral("custom")), 0);
}

TEST_F(ModelPanelTest, ModelPanelSetModelSanitisesInvalidInput)
{
    ModelSettings s;
    s.preset = "no-such-preset";
    s.tiers = {{0.0, 1.0}};  // leverage out of range
    s.maintenanceMarginRate = 0.9;
    s.entrySpreadPoints = 0;
    panel.setModel(s);
    EXPECT_TRUE(validate(panel.model()).ok());
}

TEST_F(ModelPanelTest, ModelPanelSetModelDoesNotEmit)
{
    panel.setModel(customSettings());
    HeatmapStyle style;
    style.threshold = 0.2;
    style.logScale = true;
    style.palette = Palette::ColorBlind;
    panel.setStyle(style);
    settle();
    EXPECT_TRUE(emitted.empty());
    EXPECT_TRUE(styles.empty());
    EXPECT_EQ(panel.style(), style);
}

TEST_F(ModelPanelTest, ModelPanelSetModelCancelsPendingEdit)
{
    child<QDoubleSpinBox>("decaySpin")->setValue(6.0);
    panel.setModel(customSettings());
    settle();
    EXPECT_TRUE(emitted.empty());
}

TEST_F(ModelPanelTest, ModelPanelChoosingPresetEmitsItsTiers)
{
    auto* combo = child<QComboBox>("presetCombo");
    const int index = combo->findData(QStringLiteral("high-leverage"));
    ASSERT_GE(index, 0);
    combo->setCurrentIndex(index);
    EXPECT_TRUE(emitted.empty()) << "debounced, not immediate";
    ASSERT_TRUE(waitForModelChanged());
    ASSERT_EQ(emitted.size(), 1U);
    EXPECT_EQ(emitted.back().preset, "high-leverage");
    EXPECT_TRUE(emitted.back().tiers.empty());
    EXPECT_EQ(emitted.back().effectiveTiers(), findPreset("high-leverage")->tiers);
    EXPECT_EQ(tableTiers(), findPreset("high-leverage")->tiers);
    EXPECT_EQ(combo->toolTip(), QString::fromStdString(findPreset("high-leverage")->description));
}

TEST_F(ModelPanelTest, ModelPanelBurstOfEditsEmitsOnce)
{
    auto* decay = child<QDoubleSpinBox>("decaySpin");
    decay->setValue(1.0);
    decay->setValue(2.0);
    child<QCheckBox>("bucketAutoCheck")->setChecked(false);
    child<QDoubleSpinBox>("bucketSizeSpin")->setValue(50.0);
    ASSERT_TRUE(waitForModelChanged());
    settle();
    ASSERT_EQ(emitted.size(), 1U);
    EXPECT_EQ(emitted.back().decayHalfLifeHours, 2.0);
    EXPECT_EQ(emitted.back().bucketSize, 50.0);
}

TEST_F(ModelPanelTest, ModelPanelEditingWeightSwitchesToCustom)
{
    ModelSettings s;
    s.preset = "balanced";
    panel.setModel(s);
    ASSERT_TRUE(setCell(1, LeverageTierModel::WeightColumn, 0.5));
    EXPECT_EQ(child<QComboBox>("presetCombo")->currentData().toString(), QStringLiteral("custom"));
    ASSERT_TRUE(waitForModelChanged());
    std::vector<LeverageTier> expected = findPreset("balanced")->tiers;
    expected[1].weight = 0.5;
    EXPECT_EQ(emitted.back().preset, "custom");
    EXPECT_EQ(emitted.back().tiers, expected);
    EXPECT_EQ(panel.model().tiers, expected);

    // Going back to the preset reloads its tiers; "custom" restores the edit.
    auto* combo = child<QComboBox>("presetCombo");
    combo->setCurrentIndex(combo->findData(QStringLiteral("balanced")));
    EXPECT_EQ(tableTiers(), findPreset("balanced")->tiers);
    EXPECT_TRUE(panel.model().tiers.empty());
    combo->setCurrentIndex(combo->findData(QStringLiteral("custom")));
    EXPECT_EQ(tableTiers(), expected);
}

TEST_F(ModelPanelTest, ModelPanelShareColumnIsNormalised)
{
    ModelSettings s;
    s.preset = "custom";
    s.tiers = {{10, 1.0}, {50, 3.0}};
    panel.setModel(s);
    const auto share = [this](int row) {
        return tiers()->index(row, LeverageTierModel::ShareColumn).data(Qt::DisplayRole).toString();
    };
    const auto percent = [](double value) { return QStringLiteral("%1 %").arg(QLocale().toString(value, 'f', 1)); };
    EXPECT_EQ(share(0), percent(25.0));
    EXPECT_EQ(share(1), percent(75.0));
    EXPECT_FALSE(tiers()->flags(tiers()->index(0, LeverageTierModel::ShareColumn)) & Qt::ItemIsEditable);

    ASSERT_TRUE(setCell(0, LeverageTierModel::WeightColumn, 3.0));
    EXPECT_EQ(share(0), percent(50.0));
    EXPECT_EQ(share(1), percent(50.0));
}

TEST_F(ModelPanelTest, ModelPanelRefusesInvalidEdits)
{
    ModelSettings s;
    s.preset = "custom";
    s.tiers = {{10, 1.0}, {50, 0.0}};
    panel.setModel(s);
    auto* message = child<QLabel>("tierMessage");

    EXPECT_FALSE(setCell(0, LeverageTierModel::LeverageColumn, 0.0));
    EXPECT_FALSE(message->text().isEmpty());
    EXPECT_FALSE(setCell(0, LeverageTierModel::LeverageColumn, 250.0));
    EXPECT_FALSE(setCell(0, LeverageTierModel::LeverageColumn, 50.0)) << "duplicate leverage";
    EXPECT_FALSE(setCell(1, LeverageTierModel::WeightColumn, -1.0));
    EXPECT_FALSE(setCell(0, LeverageTierModel::WeightColumn, 0.0)) << "all weights zero";
    EXPECT_FALSE(tiers()->setData(tiers()->index(0, LeverageTierModel::WeightColumn), QStringLiteral("abc")));
    EXPECT_FALSE(tiers()->setData(tiers()->index(0, LeverageTierModel::ShareColumn), 10.0));

    EXPECT_EQ(panel.model(), s);
    EXPECT_TRUE(validate(panel.model()).ok());
    settle();
    EXPECT_TRUE(emitted.empty()) << "refused edits change nothing";

    // The next accepted edit clears the message.
    EXPECT_TRUE(setCell(0, LeverageTierModel::LeverageColumn, 12.5));
    EXPECT_TRUE(message->text().isEmpty());
    EXPECT_EQ(panel.model().tiers.front().leverage, 12.5);
}

TEST_F(ModelPanelTest, ModelPanelAddAndRemoveTier)
{
    ModelSettings s;
    s.preset = "custom";
    s.tiers = {{2, 1.0}, {3, 1.0}, {10, 1.0}};
    panel.setModel(s);
    auto* add = child<QPushButton>("addTierButton");
    auto* remove = child<QPushButton>("removeTierButton");
    auto* table = child<QTableView>("tierTable");

    add->click();  // 5 is the first unused common leverage; inserted in leverage order
    const std::vector<LeverageTier> afterAdd{{2, 1.0}, {3, 1.0}, {5, 1.0}, {10, 1.0}};
    EXPECT_EQ(tableTiers(), afterAdd);
    EXPECT_EQ(panel.model().tiers, afterAdd);
    EXPECT_EQ(table->currentIndex().row(), 2);
    EXPECT_TRUE(remove->isEnabled());

    table->setCurrentIndex(tiers()->index(0, 0));
    remove->click();
    const std::vector<LeverageTier> afterRemove{{3, 1.0}, {5, 1.0}, {10, 1.0}};
    EXPECT_EQ(panel.model().tiers, afterRemove);
    ASSERT_TRUE(waitForModelChanged());
    EXPECT_EQ(emitted.back().tiers, afterRemove);
}

TEST_F(ModelPanelTest, ModelPanelRefusesRemovingLastPositiveWeight)
{
    ModelSettings s;
    s.preset = "custom";
    s.tiers = {{10, 0.0}, {20, 2.0}};
    panel.setModel(s);
    auto* table = child<QTableView>("tierTable");
    table->setCurrentIndex(tiers()->index(1, 0));
    child<QPushButton>("removeTierButton")->click();
    EXPECT_EQ(panel.model().tiers, s.tiers);
    EXPECT_FALSE(child<QLabel>("tierMessage")->text().isEmpty());

    // A single remaining tier cannot be removed either.
    table->setCurrentIndex(tiers()->index(0, 0));
    child<QPushButton>("removeTierButton")->click();
    ASSERT_EQ(tableTiers().size(), 1U);
    EXPECT_FALSE(child<QPushButton>("removeTierButton")->isEnabled());
    EXPECT_TRUE(validate(panel.model()).ok());
}

TEST_F(ModelPanelTest, ModelPanelAutoBucketShowsEffectiveSize)
{
    panel.setModel(ModelSettings{});
    panel.setEffectiveBucketSize(100.0);
    auto* label = child<QLabel>("bucketAutoLabel");
    EXPECT_EQ(label->text(), QStringLiteral("auto: 100"));
    EXPECT_FALSE(label->isHidden());
    child<QCheckBox>("bucketAutoCheck")->setChecked(false);
    EXPECT_TRUE(label->isHidden());
    EXPECT_TRUE(child<QDoubleSpinBox>("bucketSizeSpin")->isEnabled());
}

TEST_F(ModelPanelTest, ModelPanelThresholdSliderEmitsStyleImmediately)
{
    auto* slider = child<QSlider>("thresholdSlider");
    EXPECT_EQ(slider->maximum(), 50);
    slider->setValue(20);
    ASSERT_EQ(styles.size(), 1U);
    EXPECT_DOUBLE_EQ(styles.back().threshold, 0.20);
    EXPECT_EQ(child<QLabel>("thresholdLabel")->text(), QStringLiteral("20 %"));

    child<QCheckBox>("logScaleCheck")->setChecked(true);
    auto* palette = child<QComboBox>("paletteCombo");
    palette->setCurrentIndex(palette->findData(toString(Palette::ColorBlind)));
    ASSERT_EQ(styles.size(), 3U);
    EXPECT_TRUE(styles.back().logScale);
    EXPECT_EQ(styles.back().palette, Palette::ColorBlind);
    EXPECT_DOUBLE_EQ(styles.back().threshold, 0.20);
    EXPECT_EQ(panel.style(), styles.back());
    EXPECT_TRUE(emitted.empty()) << "style edits do not re-estimate";
}

}  // namespace
}  // namespace liqheat::ui
