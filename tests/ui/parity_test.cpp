// One question, one answer: the Trade Planner and the Signals dock show what `liqheat-cli stop`
// and `liqheat-cli signals` print for the same inputs on the bundled sample. The GUI is driven
// through its widgets, the CLI as a user runs it; nothing here recomputes a plan.
#include "chart/chart_widget.h"
#include "controllers/document_controller.h"
#include "docks/signals_panel.h"
#include "docks/trade_planner_panel.h"
#include "window/main_window.h"

#include "liqheat/model/format.h"
#include "liqheat/model/model_settings.h"
#include "wait_for.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;
using nlohmann::json;

namespace {

json runCli(const QStringList& args)
{
    QProcess cli;
    cli.start(QStringLiteral(LIQHEAT_CLI_PATH), args);
    EXPECT_TRUE(cli.waitForFinished(60'000));
    const QByteArray out = cli.readAllStandardOutput();
    EXPECT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString() << " for "
                                 << args.join(QLatin1Char(' ')).toStdString();
    return json::parse(out.toStdString(), nullptr, false);
}

QString cents(double v) { return QString::fromStdString(formatFixed(v, 2)); }

/// What the trader types, in both languages.
struct PlanCase {
    const char* name;
    bool bybit = false;
    bool isShort = false;
    double entry = 63'057.9;
    double leverage = 10;
    double topUp = 0;
    double quantity = 0;    ///< 0: none typed
    double mmrPercent = 0;  ///< 0: the dated table
    int bufferMode = 0;     ///< 0 percent, 1 ticks, 2 ATR (the combo's order)
    double bufferValue = 0.1;
    double tick = 0.1;
    double account = 0;  ///< 0: no sizing
    double risk = 1;
    double manualStop = 0;  ///< 0: the advisor's stop
};

const std::vector<PlanCase>& planCases()
{
    static const std::vector<PlanCase> cases{
        {"binance long 10x sized, top-up 500", false, false, 63'057.9, 10, 500, 0, 0, 0, 0.1, 0.1, 10'000, 1},
        {"binance long 10x sized, no top-up", false, false, 63'057.9, 10, 0, 0, 0, 0, 0.1, 0.1, 10'000, 1},
        {"binance long 3x small position", false, false, 63'057.9, 3},
        {"binance long 20x small position", false, false, 63'057.9, 20},
        {"binance long 100x small position", false, false, 63'057.9, 100},
        {"binance short 5x small position", false, true, 63'057.9, 5},
        {"binance short 50x sized 2 %", false, true, 63'057.9, 50, 0, 0, 0, 0, 0.1, 0.1, 25'000, 2},
        {"binance short 25x top-up -40 sized", false, true, 63'000, 25, -40, 0, 0, 0, 0.1, 0.1, 10'000, 1},
        {"binance long 10x qty 2.5 top-up 2000", false, false, 63'057.9, 10, 2'000, 2.5},
        {"binance long 10x qty 40 (tier 2+)", false, false, 63'057.9, 10, 0, 40},
        {"binance long MMR 1 %", false, false, 63'057.9, 10, 0, 0, 1.0},
        {"binance short MMR 0.5 % qty 1 top-up 100", false, true, 63'057.9, 15, 100, 1, 0.5},
        {"binance long ticks buffer", false, false, 63'057.9, 10, 0, 0, 0, 1, 50, 0.5, 10'000, 1},
        {"binance short ATR buffer", false, true, 63'057.9, 10, 0, 0, 0, 2, 1.5, 0.1, 10'000, 1},
        {"bybit long 10x sized, top-up 500", true, false, 63'057.9, 10, 500, 0, 0, 0, 0.1, 0.1, 10'000, 1},
        {"bybit long 20x small position", true, false, 63'057.9, 20},
        {"bybit short 3x small position", true, true, 63'057.9, 3},
        {"bybit short 75x sized", true, true, 63'057.9, 75, 0, 0, 0, 0, 0.2, 0.1, 5'000, 0.5},
        {"bybit long qty 0.75 top-up -25", true, false, 62'500, 30, -25, 0.75},
        {"bybit long MMR 2 % ticks", true, false, 63'057.9, 10, 0, 0, 2.0, 1, 20, 1.0},
        {"bybit short ATR buffer sized top-up 50", true, true, 63'057.9, 12, 50, 0, 0, 2, 2.0, 0.1, 10'000, 1},
        {"binance long dragged stop", false, false, 63'057.9, 10, 0, 0, 0, 0, 0.1, 0.5, 10'000, 1, 61'234.37},
        {"bybit short dragged stop top-up", true, true, 63'057.9, 20, 30, 0, 0, 0, 0.1, 0.5, 10'000, 1, 64'321.26},
    };
    return cases;
}

QStringList cliArgs(const PlanCase& c)
{
    QStringList a{QStringLiteral("stop"),       QStringLiteral(LIQHEAT_SAMPLE_SNAPSHOT),
                  QStringLiteral("--side"),     c.isShort ? QStringLiteral("short") : QStringLiteral("long"),
                  QStringLiteral("--entry"),    QString::number(c.entry, 'g', 17),
                  QStringLiteral("--exchange"), c.bybit ? QStringLiteral("bybit") : QStringLiteral("binance"),
                  QStringLiteral("--leverage"), QString::number(c.leverage, 'g', 17),
                  QStringLiteral("--tick"),     QString::number(c.tick, 'g', 17)};
    if (c.topUp != 0) {
        a << QStringLiteral("--topup") << QString::number(c.topUp, 'g', 17);
    }
    if (c.quantity > 0) {
        a << QStringLiteral("--qty") << QString::number(c.quantity, 'g', 17);
    }
    if (c.mmrPercent > 0) {
        a << QStringLiteral("--mmr") << QString::number(c.mmrPercent / 100.0, 'g', 17);
    }
    const QString value = QString::number(c.bufferValue, 'g', 17);
    a << (c.bufferMode == 0   ? QStringLiteral("--buffer-pct")
          : c.bufferMode == 1 ? QStringLiteral("--buffer-ticks")
                              : QStringLiteral("--buffer-atr"))
      << value;
    if (c.account > 0) {
        a << QStringLiteral("--account") << QString::number(c.account, 'g', 17) << QStringLiteral("--risk-pct")
          << QString::number(c.risk, 'g', 17);
    }
    if (c.manualStop > 0) {
        a << QStringLiteral("--stop") << QString::number(c.manualStop, 'g', 17);
    }
    return a;
}

class ParityTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QSettings().clear();
        window = std::make_unique<MainWindow>();
        window->resize(1400, 900);
        window->show();
        QObject::connect(window.get(), &MainWindow::estimateShown, [this] { ++estimates; });
        QObject::connect(&window->document(), &DocumentController::planReady,
                         [this](const TradeRequest& r, const TradePlan&) {
                             lastPlanned = r;
                             ++plans;
                         });
        QObject::connect(&window->document(), &DocumentController::planFailed,
                         [this](const TradeRequest& r, const QString& e) {
                             lastPlanned = r;
                             lastPlanError = e;
                             ++plans;
                         });
        window->openPath({});
        ASSERT_TRUE(waitFor([this] { return estimates > 0; })) << window->lastError().toStdString();
        planner = window->docks().planner;
    }
    void TearDown() override { window.reset(); }

    template <typename T>
    T* child(const char* name)
    {
        auto* w = planner->findChild<T*>(QString::fromLatin1(name));
        EXPECT_NE(w, nullptr) << name;
        return w;
    }

    void enter(const PlanCase& c)
    {
        child<QComboBox>("plannerExchange")->setCurrentIndex(c.bybit ? 1 : 0);
        child<QComboBox>("plannerSide")->setCurrentIndex(c.isShort ? 1 : 0);
        child<QDoubleSpinBox>("plannerEntry")->setValue(c.entry);
        child<QDoubleSpinBox>("plannerLeverage")->setValue(c.leverage);
        child<QDoubleSpinBox>("plannerQuantity")->setValue(c.quantity);
        child<QDoubleSpinBox>("plannerTopUp")->setValue(c.topUp);
        child<QCheckBox>("plannerMmrOverride")->setChecked(c.mmrPercent > 0);
        if (c.mmrPercent > 0) {
            child<QDoubleSpinBox>("plannerMmr")->setValue(c.mmrPercent);
        }
        child<QComboBox>("plannerBufferMode")->setCurrentIndex(c.bufferMode);
        child<QDoubleSpinBox>("plannerBufferValue")->setValue(c.bufferValue);
        child<QDoubleSpinBox>("plannerTickSize")->setValue(c.tick);
        child<QDoubleSpinBox>("plannerAccount")->setValue(c.account);
        child<QDoubleSpinBox>("plannerRisk")->setValue(c.risk);
        if (c.manualStop > 0) {
            planner->setManualStop(c.manualStop);
        } else {
            planner->clearManualStop();
        }
    }

    /// Waits until the plan on screen is the one for the planner's current inputs.
    bool planShown()
    {
        return waitFor([this] {
            if (!lastPlanned) {
                return false;
            }
            const TradeRequest now = planner->inputs();
            const TradeRequest& p = *lastPlanned;
            return p.entryPrice == now.entryPrice && p.leverage == now.leverage && p.topUp == now.topUp &&
                   p.quantity == now.quantity && p.side == now.side && p.rules.exchange == now.rules.exchange &&
                   p.rules.maintenanceRate == now.rules.maintenanceRate && p.buffer.mode == now.buffer.mode &&
                   p.buffer.tickSize == now.buffer.tickSize && p.manualStop == now.manualStop &&
                   p.sizing.has_value() == now.sizing.has_value() &&
                   (!p.sizing || (p.sizing->accountSize == now.sizing->accountSize &&
                                  p.sizing->riskPercent == now.sizing->riskPercent));
        });
    }

    std::unique_ptr<MainWindow> window;
    TradePlannerPanel* planner = nullptr;
    std::optional<TradeRequest> lastPlanned;
    QString lastPlanError;
    int estimates = 0;
    int plans = 0;
};

}  // namespace

TEST_F(ParityTest, PlannerShowsWhatTheCliPrintsToTheCent)
{
    ASSERT_GE(planCases().size(), 20U);
    for (const PlanCase& c : planCases()) {
        SCOPED_TRACE(c.name);
        lastPlanError.clear();
        enter(c);
        ASSERT_TRUE(planShown());
        ASSERT_TRUE(lastPlanError.isEmpty()) << lastPlanError.toStdString();
        const json cli = runCli(cliArgs(c));
        ASSERT_TRUE(cli.is_object());
        const json& liq = cli.at("liquidation");
        EXPECT_EQ(planner->shownValue(QStringLiteral("liquidation")).toStdString(),
                  liq.is_null() ? "--" : cents(liq.at("liquidation_price").get<double>()).toStdString());
        EXPECT_EQ(planner->shownValue(QStringLiteral("bankruptcy")).toStdString(),
                  liq.is_null() ? "--" : cents(liq.at("bankruptcy_price").get<double>()).toStdString());
        EXPECT_TRUE(planner->shownValue(QStringLiteral("stop")).startsWith(cents(cli.at("stop_price").get<double>())))
            << planner->shownValue(QStringLiteral("stop")).toStdString() << " vs " << cli.at("stop_price");
        if (cli.at("small_position").get<bool>()) {
            EXPECT_EQ(planner->shownValue(QStringLiteral("quantity")), QStringLiteral("small position"));
        } else {
            EXPECT_EQ(planner->shownValue(QStringLiteral("quantity")).toStdString(),
                      formatFixed(cli.at("quantity").get<double>(), 6));
        }
        if (c.account > 0) {
            const json& s = cli.at("sizing");
            EXPECT_EQ(planner->shownValue(QStringLiteral("notional")), cents(s.at("notional").get<double>()));
            EXPECT_EQ(planner->shownValue(QStringLiteral("risk_usd")), cents(s.at("risk_usd").get<double>()));
            EXPECT_EQ(planner->shownValue(QStringLiteral("implied_leverage")),
                      cents(s.at("implied_leverage").get<double>()) + QStringLiteral(" x"));
        }
        const json& maxLeverage = cli.at("max_leverage_before_stop");
        EXPECT_EQ(
            planner->shownValue(QStringLiteral("max_leverage")).toStdString(),
            maxLeverage.is_null() ? "--" : (cents(maxLeverage.get<double>()) + QStringLiteral(" x")).toStdString());
        const json& move = cli.at("liquidation_move_percent");
        EXPECT_EQ(planner->shownValue(QStringLiteral("liquidation_move")).toStdString(),
                  move.is_null() ? "--" : formatPercent(move.get<double>(), 2));
        // Every warning the CLI gives (the leverage warning included) is on screen too.
        for (const auto& w : cli.at("warnings")) {
            EXPECT_TRUE(planner->resultText().contains(QString::fromStdString(w.get<std::string>()).toHtmlEscaped()))
                << w << " not in " << planner->resultText().toStdString();
        }
    }
}

// The report: Binance, long, entry 63,057.9, 10x, sized on 10,000 at 1 %; a top-up of 500
// must move the liquidation line to the formula's value for the sized quantity:
// LP = (Q*EP - (Q*EP/L + topUp)) / (Q*(1 - MMR)), first tier of the 2026-08 table (MMR 0.4 %).
TEST_F(ParityTest, TopUpMovesTheLiquidationLine)
{
    PlanCase c = planCases().front();
    c.topUp = 0;
    enter(c);
    ASSERT_TRUE(planShown());
    enter(planCases().front());
    ASSERT_TRUE(planShown());
    const double q = planner->shownValue(QStringLiteral("quantity")).toDouble();
    ASSERT_GT(q, 0.0);
    // The shown quantity has 6 decimals; price the formula with the CLI's exact one.
    const double exactQ = runCli(cliArgs(planCases().front())).at("quantity").get<double>();
    EXPECT_NEAR(exactQ, q, 1e-6);
    const double expected = (exactQ * c.entry - (exactQ * c.entry / 10.0 + 500.0)) / (exactQ * (1.0 - 0.004));
    double line = 0.0;
    for (const auto& m : window->chart()->renderer().markers()) {
        if (m.id == QLatin1String("liquidation")) {
            line = m.price;
        }
    }
    EXPECT_NEAR(line, expected, 1e-6);
    EXPECT_LT(line, c.entry * 0.9 / 0.996 - 1'000.0);  // far below where it was without the top-up
    EXPECT_EQ(planner->shownValue(QStringLiteral("liquidation")), cents(expected));
}

// Switching the exchange re-plans everything, notes included (the stale-note report).
TEST_F(ParityTest, ExchangeSwitchUpdatesTheWholePlan)
{
    PlanCase c{"long 20x", false, false, 63'057.9, 20};
    enter(c);
    ASSERT_TRUE(planShown());
    c.bybit = true;
    enter(c);
    ASSERT_TRUE(planShown());
    const json cli = runCli(cliArgs(c));
    const QString lp = cents(cli.at("liquidation").at("liquidation_price").get<double>());
    EXPECT_EQ(planner->shownValue(QStringLiteral("liquidation")), lp);
    EXPECT_TRUE(planner->resultText().contains(
        QString::fromStdString(formatPrice(cli.at("liquidation").at("liquidation_price").get<double>()))))
        << planner->resultText().toStdString();
    EXPECT_TRUE(planner->resultText().contains(QStringLiteral("bybit"))) << planner->resultText().toStdString();
}

TEST_F(ParityTest, SignalsMatchTheCliForEveryPreset)
{
    for (const ModelPreset& preset : modelPresets()) {
        SCOPED_TRACE(preset.name);
        ModelSettings model = window->document().model();
        if (model.preset != preset.name || !model.tiers.empty()) {
            model.preset = preset.name;
            model.tiers.clear();
            const int before = estimates;
            window->document().setModel(model);
            ASSERT_TRUE(waitFor([&] { return estimates > before; }));
        }
        const auto& report = window->document().signalReport();
        ASSERT_TRUE(report.has_value()) << window->document().signalError().toStdString();
        const json cli = runCli({QStringLiteral("signals"), QStringLiteral(LIQHEAT_SAMPLE_SNAPSHOT),
                                 QStringLiteral("--preset"), QString::fromStdString(preset.name)});
        const json& shownSignals = cli.at("signals");
        ASSERT_EQ(shownSignals.size(), report->results.size());
        const QString shown = window->docks().signalsPanel->text();
        for (std::size_t i = 0; i < shownSignals.size(); ++i) {
            EXPECT_EQ(shownSignals[i].at("id").get<std::string>(), report->results[i].id);
            EXPECT_EQ(shownSignals[i].at("fired").get<bool>(), report->results[i].fired) << report->results[i].id;
            EXPECT_EQ(shownSignals[i].at("message").get<std::string>(), report->results[i].message);
            EXPECT_TRUE(shown.contains(
                QString::fromStdString(shownSignals[i].at("message").get<std::string>()).toHtmlEscaped()))
                << shownSignals[i].at("message");
        }
        EXPECT_EQ(cli.at("inputs").at("near_price_usd").get<double>(), report->nearPriceUsd);
        ASSERT_TRUE(report->inputs.rsi.has_value());
        EXPECT_EQ(cli.at("inputs").at("rsi").get<double>(), *report->inputs.rsi);
        EXPECT_EQ(cli.at("inputs").at("long_short_ratio").get<double>(), report->inputs.longShortRatio.value_or(-1.0));
    }
}
