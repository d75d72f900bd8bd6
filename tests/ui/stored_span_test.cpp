// The GUI and the local store: a Data Source fetch lands in the store, and File > Export Stored
// Span lists it and writes it back as a snapshot with exactly the values served.
#include "../net/fake_exchange.h"

#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/live_controller.h"
#include "docks/data_source_panel.h"
#include "wait_for.h"
#include "window/actions.h"
#include "window/main_window.h"
#include "window/stored_span_dialog.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/store/market_store.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

TEST(StoredSpan, AFetchIsStoredAndExportedBackExactly)
{
    QSettings().clear();
    QTemporaryDir dir;
    const std::string storePath = dir.filePath(QStringLiteral("market.sqlite")).toStdString();
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    test::FakeExchange exchange(now);
    MainWindow window;
    ASSERT_NE(window.actions().exportStoredSpan, nullptr);
    EXPECT_FALSE(window.live().fetcher().storePath().empty()) << "the GUI fetches through a store by default";
    window.live().fetcher().setStorePath(storePath);
    int estimates = 0;
    QObject::connect(&window, &MainWindow::estimateShown, [&estimates] { ++estimates; });
    DataSourcePanel* panel = window.docks().dataSource;
    panel->findChild<QComboBox*>(QStringLiteral("exchangeCombo"))->setCurrentIndex(0);  // Binance
    panel->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->setText(QString::fromStdString(exchange.url()));
    panel->findChild<QSpinBox*>(QStringLiteral("daysSpin"))->setValue(1);
    window.live().refresh(false);
    ASSERT_TRUE(waitFor([&] { return estimates > 0; })) << window.lastError().toStdString();
    const CandleSeries shown = window.document().snapshot().data.candles;
    ASSERT_GT(shown.size(), 200U);

    auto markets = storedMarkets(storePath);
    ASSERT_TRUE(markets.ok()) << markets.error().message;
    ASSERT_EQ(markets->size(), 1U);
    EXPECT_EQ((*markets)[0].key.symbol, "BTCUSDT");
    StoredSpanDialog dialog(*markets);
    const StoredSpanChoice choice = dialog.choice();
    EXPECT_EQ(choice.exchange, "binance");
    EXPECT_EQ(choice.intervalMs, 300'000);
    EXPECT_EQ(choice.from, shown.time.front());

    const std::string out = dir.filePath(QStringLiteral("stored.json.gz")).toStdString();
    const Status status = exportStoredSpan(storePath, choice, ModelSettings{}, out);
    ASSERT_TRUE(status.ok()) << status.error().message;
    auto snapshot = readSnapshot(out);
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    const CandleSeries& exported = snapshot->data.candles;
    EXPECT_EQ(exported.time, shown.time);
    for (std::size_t i = 0; i < exported.size(); ++i) {
        ASSERT_EQ(exported.open[i], test::Sim::open(exported.time[i])) << i;
        ASSERT_EQ(exported.close[i], test::Sim::close(exported.time[i])) << i;
        ASSERT_EQ(exported.volume[i], test::Sim::volume(exported.time[i])) << i;
    }
}
