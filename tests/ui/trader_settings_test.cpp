// What the trader set up survives a restart, the bundled sample does not override the trader's
// model while a file brings its own, and live data says when it has gone stale.
#include "../net/fake_exchange.h"

#include "controllers/document_controller.h"
#include "controllers/live_controller.h"
#include "docks/data_source_panel.h"
#include "docks/trade_planner_panel.h"
#include "window/app_settings.h"
#include "window/main_window.h"

#include "liqheat/io/snapshot.h"
#include "wait_for.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

/// A window as at start-up, counting the estimates it shows.
struct Started {
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>();
    int estimates = 0;

    Started()
    {
        QObject::connect(window.get(), &MainWindow::estimateShown, [this] { ++estimates; });
        window->show();
    }
    bool open(const QString& path)
    {
        const int before = estimates;
        window->openPath(path);
        return waitFor([&] { return estimates > before; });
    }
    template <typename T>
    T* planner(const char* name) const
    {
        return window->docks().planner->findChild<T*>(QString::fromLatin1(name));
    }
};

ModelSettings remembered()
{
    ModelSettings m;
    m.preset = "custom";
    m.tiers = {{20.0, 0.5}, {50.0, 0.5}};
    m.decayHalfLifeHours = 48.0;
    return m;
}

}  // namespace

TEST(TraderSettings, PlannerInputsSurviveARestart)
{
    QSettings().clear();
    {
        Started s;
        s.planner<QComboBox>("plannerExchange")->setCurrentIndex(1);  // Bybit
        s.planner<QComboBox>("plannerSide")->setCurrentIndex(1);      // short
        s.planner<QDoubleSpinBox>("plannerAccount")->setValue(25'000);
        s.planner<QDoubleSpinBox>("plannerRisk")->setValue(2);
        s.planner<QDoubleSpinBox>("plannerLeverage")->setValue(20);
        s.planner<QComboBox>("plannerBufferMode")->setCurrentIndex(1);  // ticks
        s.planner<QDoubleSpinBox>("plannerBufferValue")->setValue(40);
        s.planner<QDoubleSpinBox>("plannerTickSize")->setValue(0.5);
        // Saved when the (debounced) inputs change.
        ASSERT_TRUE(waitFor([] { return AppSettings().planner().tickSize == 0.5; }));
    }
    Started again;
    const PlannerPreferences p = again.window->docks().planner->preferences();
    EXPECT_EQ(p.exchange, QStringLiteral("bybit"));
    EXPECT_EQ(p.side, QStringLiteral("short"));
    EXPECT_EQ(p.account, 25'000.0);
    EXPECT_EQ(p.riskPercent, 2.0);
    EXPECT_EQ(p.leverage, 20.0);
    EXPECT_EQ(p.bufferMode, QStringLiteral("ticks"));
    EXPECT_EQ(p.bufferValue, 40.0);  // not reset to the ticks default of 50 by the mode switch
    EXPECT_EQ(p.tickSize, 0.5);
    const TradeRequest r = again.window->docks().planner->inputs();
    EXPECT_EQ(r.rules.exchange, Exchange::Bybit);
    EXPECT_EQ(r.side, Side::Short);
    EXPECT_EQ(r.buffer.mode, BufferMode::Ticks);
    EXPECT_EQ(r.buffer.ticks, 40.0);
    ASSERT_TRUE(r.sizing.has_value());
    EXPECT_EQ(r.sizing->accountSize, 25'000.0);
}

TEST(TraderSettings, StartupKeepsTheRememberedModelAndAFileBringsItsOwn)
{
    QSettings().clear();
    AppSettings().setModel(remembered());
    Started s;
    ASSERT_TRUE(s.open({})) << s.window->lastError().toStdString();
    // The bundled sample holds the default model; the trader's own stays.
    EXPECT_EQ(s.window->document().model(), remembered());
    EXPECT_TRUE(s.window->statusBar()->currentMessage().contains(QStringLiteral("Your model applies")))
        << s.window->statusBar()->currentMessage().toStdString();

    // A file is a document: the model saved in it applies, and the status bar says so.
    auto sample = readSnapshot(LIQHEAT_SAMPLE_SNAPSHOT);
    ASSERT_TRUE(sample.ok());
    ModelSettings own;
    own.preset = "custom";
    own.tiers = {{10.0, 1.0}};
    sample->model = own;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("own-model.json.gz"));
    ASSERT_TRUE(writeSnapshot(*sample, path.toStdString()).ok());
    ASSERT_TRUE(s.open(path)) << s.window->lastError().toStdString();
    EXPECT_EQ(s.window->document().model(), own);
    EXPECT_TRUE(s.window->statusBar()->currentMessage().contains(QStringLiteral("Model from the file")))
        << s.window->statusBar()->currentMessage().toStdString();
    // Opening a file does not overwrite what the trader chose in the model dock.
    EXPECT_EQ(AppSettings().model(), remembered());

    // Back to the sample: it brings no model, so the one in use stays.
    ASSERT_TRUE(s.open({}));
    EXPECT_EQ(s.window->document().model(), own);
}

TEST(TraderSettings, LiveDataTurnsStaleAfterTwoCandleIntervals)
{
    QSettings().clear();
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    test::FakeExchange exchange(now);
    Started s;
    LiveController& live = s.window->live();
    EXPECT_FALSE(live.isStale());
    EXPECT_TRUE(live.ageText().isEmpty());  // nothing fetched yet

    DataSourcePanel* panel = s.window->docks().dataSource;
    panel->findChild<QComboBox*>(QStringLiteral("exchangeCombo"))->setCurrentIndex(0);  // Binance
    panel->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->setText(QString::fromStdString(exchange.url()));
    panel->findChild<QSpinBox*>(QStringLiteral("daysSpin"))->setValue(1);
    const qint64 fetchedAt = QDateTime::currentMSecsSinceEpoch();
    live.refresh(false);
    ASSERT_TRUE(waitFor([&] { return s.estimates > 0; })) << s.window->lastError().toStdString();
    ASSERT_EQ(s.window->document().snapshot().data.candleIntervalMs(), 5 * 60'000);

    // Fresh now; 9 min later still within two 5 minute candles; 12 min later stale.
    EXPECT_FALSE(live.isStale());
    EXPECT_TRUE(live.ageText().startsWith(QStringLiteral("updated"))) << live.ageText().toStdString();
    const qint64 fetched = QDateTime::currentMSecsSinceEpoch();  // at or after the fetch landed
    EXPECT_FALSE(live.isStale(fetchedAt + 9 * 60'000));
    EXPECT_TRUE(live.isStale(fetched + 12 * 60'000));
    EXPECT_EQ(live.ageText(fetched + 12 * 60'000 + 30'000).left(25), QStringLiteral("stale: updated 12 min ago"));

    // A file is not live: never stale.
    ASSERT_TRUE(s.open({}));
    EXPECT_FALSE(live.isStale(fetched + 60 * 60'000));
    EXPECT_TRUE(s.window->findChild<QLabel*>(QStringLiteral("statusAge"))->text().isEmpty());
}
