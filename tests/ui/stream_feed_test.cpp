// The live market's liquidation stream in the GUI: orders from a local WebSocket server reach
// the document's realized liquidations and the store, and the status bar shows the stream state.
#include "../net/fake_exchange.h"
#include "../stream/fake_stream_server.h"

#include "controllers/document_controller.h"
#include "controllers/fetch_controller.h"
#include "controllers/live_controller.h"
#include "controllers/stream_feed.h"
#include "docks/data_source_panel.h"
#include "wait_for.h"
#include "window/main_window.h"

#include "liqheat/store/market_store.h"

#include <QComboBox>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>

#include <gtest/gtest.h>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

TEST(StreamFeed, StreamedOrdersReachTheRealizedLiquidationsAndTheStore)
{
    QSettings().clear();
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    test::FakeExchange exchange(now);
    test::FakeStreamServer server;
    qputenv("LIQHEAT_BINANCE_STREAM_URL", server.url().toUtf8());
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
    ASSERT_TRUE(waitFor([&] { return server.hasClient(); }));
    EXPECT_EQ(server.requests().at(0), QStringLiteral("/stream?streams=btcusdt@forceOrder"));
    auto* label = window.findChild<QLabel*>(QStringLiteral("statusStream"));
    ASSERT_NE(label, nullptr);
    ASSERT_TRUE(waitFor([&] { return label->text() == QStringLiteral("binance stream: connected"); }))
        << label->text().toStdString();

    const DocumentController& doc = window.document();
    const TimeMs lastCandle = doc.snapshot().data.candles.time.back();
    const auto realizedAt = [&doc](TimeMs time) {
        const LiquidationSeries& s = doc.snapshot().data.liquidations;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s.time[i] == time) {
                return std::make_pair(s.longUsd[i], s.shortUsd[i]);
            }
        }
        return std::make_pair(0.0, 0.0);
    };
    const auto before = realizedAt(lastCandle);
    // A SELL of 0.19 at an average 82651.90: a long of 0.19 x 82651.90 USD liquidated.
    server.send(
        QStringLiteral(
            R"({"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","E":%1,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.190","p":"82338.30","ap":"82651.90","X":"FILLED","l":"0.155","z":"0.190","T":%1}}})")
            .arg(lastCandle + 1'000));
    ASSERT_TRUE(waitFor([&] { return realizedAt(lastCandle).first > before.first; }));
    EXPECT_DOUBLE_EQ(realizedAt(lastCandle).first - before.first, 0.190 * 82651.90);
    EXPECT_EQ(realizedAt(lastCandle).second, before.second);
    ASSERT_TRUE(waitFor([&] { return estimates > 1; }));  // the Model Skill follows the new data

    const std::string storePath = window.live().fetcher().storePath();
    if (!storePath.empty()) {
        auto store = MarketStore::open(storePath);
        ASSERT_TRUE(store.ok()) << store.error().message;
        auto span = store->read(MarketKey{Exchange::Binance, "BTCUSDT", 300'000});
        ASSERT_TRUE(span.ok()) << span.error().message;
        ASSERT_EQ(span->orders.size(), 1U);
        EXPECT_EQ(span->orders[0].time, lastCandle + 1'000);
    }

    server.drop();
    ASSERT_TRUE(waitFor([&] { return label->text().contains(QStringLiteral("reconnecting in")); }))
        << label->text().toStdString();
    qunsetenv("LIQHEAT_BINANCE_STREAM_URL");
}

TEST(StreamFeed, AMergedMarketFollowsTheStreamOfEachExchange)
{
    QSettings().clear();
    const TimeMs now = QDateTime::currentMSecsSinceEpoch();
    test::FakeExchange exchange(now);
    test::FakeStreamServer binance;
    test::FakeStreamServer bybit;
    test::FakeStreamServer okx;
    qputenv("LIQHEAT_BINANCE_STREAM_URL", binance.url().toUtf8());
    qputenv("LIQHEAT_BYBIT_STREAM_URL", bybit.url().toUtf8());
    qputenv("LIQHEAT_OKX_STREAM_URL", okx.url().toUtf8());
    MainWindow window;
    window.show();
    int estimates = 0;
    QObject::connect(&window, &MainWindow::estimateShown, [&estimates] { ++estimates; });
    DataSourcePanel* panel = window.docks().dataSource;
    panel->findChild<QComboBox*>(QStringLiteral("exchangeCombo"))->setCurrentIndex(3);  // all three, merged
    panel->findChild<QLineEdit*>(QStringLiteral("baseUrlEdit"))->setText(QString::fromStdString(exchange.url()));
    panel->findChild<QSpinBox*>(QStringLiteral("daysSpin"))->setValue(1);
    window.live().refresh(false);
    ASSERT_TRUE(waitFor([&] { return estimates > 0; })) << window.lastError().toStdString();
    ASSERT_EQ(window.document().snapshot().data.source.exchanges.size(), 3U);
    ASSERT_TRUE(waitFor([&] { return binance.hasClient() && bybit.hasClient() && okx.hasClient(); }));
    auto* label = window.findChild<QLabel*>(QStringLiteral("statusStream"));
    ASSERT_NE(label, nullptr);
    ASSERT_TRUE(waitFor([&] {
        return label->text() ==
               QStringLiteral("binance stream: connected · bybit stream: connected · okx stream: connected");
    })) << label->text().toStdString();

    const DocumentController& doc = window.document();
    const TimeMs lastCandle = doc.snapshot().data.candles.time.back();
    const auto realizedLongAt = [&doc](TimeMs time) {
        const LiquidationSeries& s = doc.snapshot().data.liquidations;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s.time[i] == time) {
                return s.longUsd[i];
            }
        }
        return 0.0;
    };
    const double before = realizedLongAt(lastCandle);
    // Bybit: S "Buy" is the position side, a long of 0.5 BTC at 82,000 liquidated.
    bybit.send(QStringLiteral(R"({"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":%1,"data":[{"T":%1,"s":"BTCUSDT","S":"Buy","v":"0.5","p":"82000"}]})")
                   .arg(lastCandle + 1'000));
    // OKX: 10 contracts of 0.01 BTC (ctVal of BTC-USDT-SWAP) of a long at a bankruptcy price of 81,000.
    okx.send(QStringLiteral(R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"81000","ccy":"","posSide":"long","side":"sell","sz":"10","ts":"%1"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]})")
                 .arg(lastCandle + 2'000));
    const double expected = 0.5 * 82'000.0 + 10 * 0.01 * 81'000.0;
    ASSERT_TRUE(waitFor([&] { return realizedLongAt(lastCandle) - before >= expected - 1e-6; }))
        << realizedLongAt(lastCandle) - before;
    EXPECT_NEAR(realizedLongAt(lastCandle) - before, expected, 1e-6);
    // OKX's contract size came from the Data Source's base URL, as the fetch did.
    for (const char* name : {"LIQHEAT_BINANCE_STREAM_URL", "LIQHEAT_BYBIT_STREAM_URL", "LIQHEAT_OKX_STREAM_URL"}) {
        qunsetenv(name);
    }
}
