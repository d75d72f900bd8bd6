// What the indicator panes plot and read out: open interest in BTC or USD (converted at the candle
// close when the snapshot has only one unit), its change per sample, RSI from core at its period,
// both long/short ratios, and the value lookup behind every readout.
#include "panes/open_interest_pane.h"
#include "panes/pane_units.h"
#include "panes/ratio_pane.h"
#include "panes/rsi_pane.h"
#include "panes/sample_lookup.h"

#include "liqheat/analysis/indicators.h"
#include "liqheat/io/snapshot.h"

#include <QChart>
#include <QLabel>
#include <QLineSeries>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QValueAxis>

#include <gtest/gtest.h>

#include <memory>

#include <algorithm>

namespace liqheat::ui {
namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kT0 = 1'717'200'000'000;  // 2024-06-01 00:00 UTC

const MarketData& sampleData()
{
    static const MarketData data = [] {
        auto snapshot = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
        EXPECT_TRUE(snapshot.ok());
        return snapshot.ok() ? snapshot->data : MarketData{};
    }();
    return data;
}

/// Candles every 5 minutes with the given closes (open = high = low = close).
CandleSeries candlesWithCloses(const std::vector<double>& closes)
{
    CandleSeries c;
    for (std::size_t i = 0; i < closes.size(); ++i) {
        c.time.push_back(kT0 + static_cast<TimeMs>(i) * 5 * kMinute);
        c.open.push_back(closes[i]);
        c.high.push_back(closes[i]);
        c.low.push_back(closes[i]);
        c.close.push_back(closes[i]);
    }
    return c;
}

QLineSeries* seriesNamed(const TimePane& pane, const QString& name)
{
    for (QAbstractSeries* s : pane.chart()->series()) {
        if (s->name() == name) {
            return qobject_cast<QLineSeries*>(s);
        }
    }
    return nullptr;
}

class PaneSettings : public ::testing::Test {
protected:
    void SetUp() override { QSettings().remove(QStringLiteral("panes")); }
    void TearDown() override { QSettings().remove(QStringLiteral("panes")); }
};

// --- sample lookup -----------------------------------------------------------------------------

TEST(PaneSampleLookup, StepsHoldUntilTheNextSampleAndEndAfterTheLastSpan)
{
    const std::vector<TimeMs> t{100, 200, 400};
    EXPECT_FALSE(sampleIndexAt(t, 99.0, 50));
    EXPECT_EQ(sampleIndexAt(t, 100.0, 50), 0U);
    EXPECT_EQ(sampleIndexAt(t, 399.0, 50), 1U);  // a gap keeps the earlier sample
    EXPECT_EQ(sampleIndexAt(t, 449.0, 50), 2U);
    EXPECT_FALSE(sampleIndexAt(t, 450.0, 50));  // past the last sample's span
    EXPECT_FALSE(sampleIndexAt({}, 0.0, 50));
}

// --- open interest -----------------------------------------------------------------------------

TEST_F(PaneSettings, OpenInterestToggleDividesByTheCandleClose)
{
    const MarketData& data = sampleData();
    ASSERT_FALSE(data.openInterest.empty());
    ASSERT_TRUE(data.openInterest.base.empty()) << "the sample has USD open interest only";
    OpenInterestPane pane;
    pane.setOpenInterest(std::make_shared<const OpenInterestSeries>(data.openInterest),
                         std::make_shared<const CandleSeries>(data.candles), QString::fromStdString(data.source.symbol));
    ASSERT_TRUE(pane.showsQuoteUnits());  // USD by default
    EXPECT_EQ(pane.unitName(), QStringLiteral("USD"));
    const ValueSeries usd = pane.shownSeries();
    ASSERT_EQ(usd.value, data.openInterest.quote);

    pane.unitButton()->click();
    EXPECT_FALSE(pane.showsQuoteUnits());
    EXPECT_EQ(pane.unitName(), QStringLiteral("BTC"));
    const ValueSeries btc = pane.shownSeries();
    ASSERT_EQ(btc.size(), usd.size());
    // Each sample's candle (same open time in this 5m sample): BTC = USD / close.
    for (const std::size_t i : {std::size_t{0}, usd.size() / 2, usd.size() - 1}) {
        const auto candle = std::lower_bound(data.candles.time.cbegin(), data.candles.time.cend(), usd.time[i]);
        ASSERT_EQ(*candle, usd.time[i]);
        const double close = data.candles.close[static_cast<std::size_t>(candle - data.candles.time.cbegin())];
        EXPECT_DOUBLE_EQ(btc.value[i], usd.value[i] / close);
        EXPECT_DOUBLE_EQ(*pane.levelAt(static_cast<double>(usd.time[i]) + 1.0), usd.value[i] / close);
    }
    // The plotted line moved with it (in the axis' thousands of BTC, k).
    const QLineSeries* line = seriesNamed(pane, QStringLiteral("open interest"));
    ASSERT_NE(line, nullptr);
    EXPECT_NEAR(line->at(0).y() * 1e3, btc.value[0], 1e-6 * btc.value[0]);
    EXPECT_TRUE(pane.readoutText().isEmpty());

    // Remembered: a new pane opens in BTC.
    EXPECT_FALSE(QSettings().value(QLatin1String(OpenInterestPane::kQuoteSettingKey)).toBool());
    OpenInterestPane reopened;
    EXPECT_FALSE(reopened.showsQuoteUnits());
}

TEST_F(PaneSettings, OpenInterestBaseOnlyConvertsToUsdAndReadsTheChange)
{
    const CandleSeries candles = candlesWithCloses({60'000.0, 61'000.0, 62'000.0});
    OpenInterestSeries oi;
    oi.time = {kT0 + 2 * kMinute, kT0 + 7 * kMinute, kT0 + 12 * kMinute};  // inside each candle
    oi.base = {100.0, 110.0, 105.0};
    OpenInterestPane pane;
    pane.setOpenInterest(std::make_shared<const OpenInterestSeries>(oi), std::make_shared<const CandleSeries>(candles),
                         QStringLiteral("BTCUSDT"));
    ASSERT_TRUE(pane.showsQuoteUnits());
    EXPECT_EQ(pane.shownSeries().value, (std::vector<double>{100.0 * 60'000, 110.0 * 61'000, 105.0 * 62'000}));
    const double second = static_cast<double>(kT0 + 8 * kMinute);
    EXPECT_DOUBLE_EQ(*pane.changeAt(second), 110.0 * 61'000 - 100.0 * 60'000);
    EXPECT_FALSE(pane.changeAt(static_cast<double>(kT0 + 3 * kMinute)));  // nothing before the first

    pane.setQuoteUnits(false);
    EXPECT_DOUBLE_EQ(*pane.changeAt(second), 10.0);
    pane.setCrosshairTime(second);
    EXPECT_EQ(pane.readoutText(), QStringLiteral("110.0 BTC  \u0394 +10.0 BTC"));

    pane.setOpenInterest(nullptr, std::make_shared<const CandleSeries>(candles), QStringLiteral("BTCUSDT"));
    EXPECT_TRUE(pane.showsNotInSnapshot());
    EXPECT_EQ(pane.messageText(), QStringLiteral("Open interest: not in this snapshot"));
}

TEST(PaneUnits, BaseAssetFromSymbol)
{
    EXPECT_EQ(baseAssetOf(QStringLiteral("BTCUSDT")), QStringLiteral("BTC"));
    EXPECT_EQ(baseAssetOf(QStringLiteral("ETH-USDT-SWAP")), QStringLiteral("ETH"));
    EXPECT_EQ(baseAssetOf(QStringLiteral("SOLUSD")), QStringLiteral("SOL"));
}

// --- RSI ---------------------------------------------------------------------------------------

TEST_F(PaneSettings, RsiPlotsCoresValuesAtItsPeriod)
{
    const MarketData& data = sampleData();
    RsiPane pane;
    EXPECT_EQ(pane.period(), 14);
    pane.setCandles(std::make_shared<const CandleSeries>(data.candles));
    auto expected = relativeStrengthIndex(data.candles, 14);
    ASSERT_TRUE(expected.ok());
    const QLineSeries* line = seriesNamed(pane, QStringLiteral("RSI"));
    ASSERT_NE(line, nullptr);
    ASSERT_EQ(static_cast<std::size_t>(line->count()), expected->size());
    for (const std::size_t k : {std::size_t{0}, expected->size() / 3, expected->size() - 1}) {
        EXPECT_DOUBLE_EQ(line->at(static_cast<qsizetype>(k)).x(), static_cast<double>(expected->time[k]));
        EXPECT_DOUBLE_EQ(line->at(static_cast<qsizetype>(k)).y(), expected->value[k]);
        EXPECT_DOUBLE_EQ(*pane.rsiAt(static_cast<double>(expected->time[k]) + 60'000.0), expected->value[k]);
    }
    // The first value belongs to candle 14: none before it.
    EXPECT_EQ(expected->time.front(), data.candles.time[14]);
    EXPECT_FALSE(pane.rsiAt(static_cast<double>(data.candles.time[13])));

    pane.periodBox()->setValue(7);
    EXPECT_EQ(pane.period(), 7);
    auto seven = relativeStrengthIndex(data.candles, 7);
    ASSERT_TRUE(seven.ok());
    EXPECT_DOUBLE_EQ(*pane.rsiAt(static_cast<double>(seven->time[100])), seven->value[100]);
    EXPECT_EQ(QSettings().value(QLatin1String(RsiPane::kPeriodSettingKey)).toInt(), 7);
    EXPECT_EQ(RsiPane().period(), 7);

    pane.setPeriod(1);
    EXPECT_EQ(pane.period(), 2);
    pane.setPeriod(500);
    EXPECT_EQ(pane.period(), 100);
    // 30 and 70 are the labelled lines.
    EXPECT_DOUBLE_EQ(pane.valueAxis()->tickAnchor(), 30.0);
    EXPECT_DOUBLE_EQ(pane.valueAxis()->tickInterval(), 40.0);
}

TEST_F(PaneSettings, RsiOfSteadyRiseAndOfAlternatingMoves)
{
    // Wilder: only gains -> 100; equal gains and losses (+1, -1, ...) with period 2 -> the averages
    // stay equal -> 50.
    RsiPane pane;
    pane.setPeriod(2);
    pane.setCandles(std::make_shared<const CandleSeries>(candlesWithCloses({10, 11, 12, 13, 14})));
    EXPECT_DOUBLE_EQ(*pane.rsiAt(static_cast<double>(kT0 + 20 * kMinute)), 100.0);
    pane.setCandles(std::make_shared<const CandleSeries>(candlesWithCloses({10, 11, 10, 11, 10, 11})));
    // Candle 2: the first averages, gain (1 + 0) / 2 and loss (0 + 1) / 2, are equal -> 50.
    // Candle 3 (+1): gain (0.5 * 1 + 1) / 2 = 0.75, loss (0.5 * 1 + 0) / 2 = 0.25 -> 100 - 100 / 4.
    EXPECT_DOUBLE_EQ(*pane.rsiAt(static_cast<double>(kT0 + 10 * kMinute)), 50.0);
    EXPECT_DOUBLE_EQ(*pane.rsiAt(static_cast<double>(kT0 + 15 * kMinute)), 75.0);
    pane.setCandles(std::make_shared<const CandleSeries>(candlesWithCloses({10, 11})));
    EXPECT_TRUE(pane.showsMessage());
}

// --- long/short ratios -------------------------------------------------------------------------

TEST(RatioPane, DrawsAccountsAndTopTradersWithLegend)
{
    RatioPane pane;
    const ValueSeries accounts{{kT0, kT0 + 60 * kMinute}, {1.8, 2.0}};
    const ValueSeries top{{kT0, kT0 + 60 * kMinute, kT0 + 120 * kMinute}, {0.9, 1.1, 1.3}};
    pane.setRatios(accounts, top);
    EXPECT_EQ(pane.pointCount(), 2);
    EXPECT_EQ(pane.topTraderPointCount(), 3);
    EXPECT_LE(pane.valueAxis()->min(), 0.9);
    EXPECT_GE(pane.valueAxis()->max(), 2.0);
    pane.setCrosshairTime(static_cast<double>(kT0 + 90 * kMinute));
    EXPECT_DOUBLE_EQ(*pane.accountRatioAt(static_cast<double>(kT0 + 90 * kMinute)), 2.0);
    EXPECT_DOUBLE_EQ(*pane.topTraderRatioAt(static_cast<double>(kT0 + 90 * kMinute)), 1.1);
    EXPECT_EQ(pane.readoutText(), QStringLiteral("accounts 2.00  top traders 1.10"));
    const auto* legend = pane.findChild<QLabel*>(QStringLiteral("ratioPaneCornerNote"));
    ASSERT_NE(legend, nullptr);
    EXPECT_TRUE(legend->text().contains(QStringLiteral("accounts")));
    EXPECT_TRUE(legend->text().contains(QStringLiteral("top traders (positions)")));

    // Only the top traders' ratio: drawn, not "not in this snapshot".
    pane.setRatios({}, top);
    EXPECT_FALSE(pane.showsNotInSnapshot());
    EXPECT_EQ(pane.pointCount(), 0);
    EXPECT_EQ(pane.topTraderPointCount(), 3);
}

}  // namespace
}  // namespace liqheat::ui
