// The GUI refreshing against a local exchange replay (tests/net/fake_exchange.h): data arrives,
// its age shows, and a failed fetch leaves the data on screen.
#include "../net/fake_exchange.h"

#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/live_controller.h"
#include "docks/data_source_panel.h"
#include "wait_for.h"
#include "window/main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

#include <gtest/gtest.h>

#include <functional>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {}  // namespace

TEST(LiveData, RefreshFetchesFromTheServerAndAFailedFetchKeepsTheData)
{
    QSettings().clear();
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    test::FakeExchange exchange(now);
    MainWindow window;
    window.show();
    int estimates = 0;
    QObject::connect(&window, &MainWindow::estimateShown, [&estimates] { ++estimates; });

    DataSourcePanel* panel = window.docks().dataSource;
    panel->findChild<QComboBox*>(QStringLiteral("exchangeCombo"))->setCurrentIndex(0);  // Binance
    panel->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->setText(QString::fromStdString(exchange.url()));
    panel->findChild<QSpinBox*>(QStringLiteral("daysSpin"))->setValue(1);
    window.live().refresh(false);
    ASSERT_TRUE(waitFor([&] { return estimates > 0; })) << window.lastError().toStdString();

    const DocumentController& doc = window.document();
    EXPECT_TRUE(doc.displayName().startsWith(QStringLiteral("Live:"))) << doc.displayName().toStdString();
    const CandleSeries& candles = doc.snapshot().data.candles;
    ASSERT_GT(candles.size(), 200U);  // one day of 5 minute candles
    for (std::size_t i = 0; i < candles.size(); ++i) {
        ASSERT_EQ(candles.close[i], test::Sim::close(candles.time[i])) << i;
    }
    EXPECT_FALSE(doc.snapshot().data.openInterest.empty());
    EXPECT_TRUE(panel->ageText().startsWith(QStringLiteral("updated"))) << panel->ageText().toStdString();

    // A ban (HTTP 418) stops the next fetch; what is on screen stays.
    const std::size_t before = candles.size();
    const TimeMs last = candles.time.back();
    exchange.fault("/fapi/v1/klines",
                   test::Fault(418, R"({"code":-1003,"msg":"Way too many requests; IP banned until 1893456000000."})",
                               {{"Retry-After", "120"}}));
    window.live().refresh(false);
    ASSERT_TRUE(waitFor([&] { return !window.lastError().isEmpty(); })) << "no error reported";
    EXPECT_TRUE(window.lastError().contains(QStringLiteral("418")) ||
                window.lastError().contains(QStringLiteral("ban")))
        << window.lastError().toStdString();
    EXPECT_EQ(doc.snapshot().data.candles.size(), before);
    EXPECT_EQ(doc.snapshot().data.candles.time.back(), last);
    EXPECT_FALSE(window.live().fetcher().isRunning());
}
