// The WebSocket transport against a local server: subscribe, keepalive on schedule, reconnect
// with backoff after a drop without losing what the server sends afterwards.
#include "fake_stream_server.h"
#include "wait_events.h"

#include "liqheat/stream/liquidation_stream.h"

#include <QElapsedTimer>
#include <QFile>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace liqheat::test {
namespace {

QString capture(const char* name)
{
    QFile file(QStringLiteral(LIQHEAT_FIXTURES_DIR "/streams/") + QString::fromUtf8(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return QString::fromUtf8(file.readAll());
}

/// A Bybit allLiquidation message with one order at `time` (ms) of `qty` BTC.
QString bybitOrder(qint64 time, double qty)
{
    return QStringLiteral(
               R"({"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":%1,"data":[{"T":%1,"s":"BTCUSDT","S":"Sell","v":"%2","p":"82000.5"}]})")
        .arg(time)
        .arg(qty);
}

struct Harness {
    FakeStreamServer server;
    std::unique_ptr<stream::LiquidationStream> stream;
    std::vector<LiquidationOrder> orders;
    QStringList problems;

    explicit Harness(stream::StreamOptions options)
    {
        options.baseUrl = server.url().toStdString();
        auto created = stream::LiquidationStream::create(options);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        stream.reset(*created);
        QObject::connect(
            stream.get(), &stream::LiquidationStream::ordersReceived,
            [this](const std::vector<LiquidationOrder>& got) { orders.insert(orders.end(), got.begin(), got.end()); });
        QObject::connect(stream.get(), &stream::LiquidationStream::problem,
                         [this](const QString& text) { problems.append(text); });
    }
};

stream::StreamOptions bybitOptions()
{
    stream::StreamOptions options;
    options.exchange = Exchange::Bybit;
    options.symbols = {"BTCUSDT", "ETHUSDT"};
    options.initialBackoffMs = 50;
    options.maxBackoffMs = 800;
    return options;
}

TEST(LiquidationStream, SubscribesAndReportsParsedOrders)
{
    Harness h(bybitOptions());
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return !h.server.received().isEmpty(); }));
    EXPECT_EQ(h.server.received().first(),
              QStringLiteral(R"({"args":["allLiquidation.BTCUSDT","allLiquidation.ETHUSDT"],"op":"subscribe"})"));
    EXPECT_EQ(h.stream->state(), stream::LiquidationStream::State::Connected);
    ASSERT_TRUE(h.server.send(capture("bybit_allLiquidation_2026-10-09_BTCUSDT.json")));
    ASSERT_TRUE(waitEvents([&] { return h.orders.size() == 2; }));
    EXPECT_EQ(h.orders[0].side, LiquidatedSide::Long);
    EXPECT_DOUBLE_EQ(h.orders[1].usd, 0.038 * 82394.30);
}

TEST(LiquidationStream, ADroppedStreamReconnectsAndLosesNothingSentAfterwards)
{
    Harness h(bybitOptions());
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return h.server.received().size() == 1; }));  // the subscription
    const qint64 t0 = 1'791'565'600'000;
    ASSERT_TRUE(h.server.send(bybitOrder(t0, 0.5)));
    ASSERT_TRUE(waitEvents([&] { return h.orders.size() == 1; }));

    h.server.drop();
    ASSERT_TRUE(waitEvents([&] { return h.stream->state() == stream::LiquidationStream::State::Reconnecting; }));
    // Once the server sees the new connection's subscription, everything it sends arrives.
    ASSERT_TRUE(waitEvents([&] { return h.server.connections() == 2 && h.server.received().size() == 2; }));
    for (int i = 1; i <= 20; ++i) {
        ASSERT_TRUE(h.server.send(bybitOrder(t0 + i * 1000, 0.5 + i)));
    }
    ASSERT_TRUE(waitEvents([&] { return h.orders.size() == 21; })) << h.orders.size();
    for (int i = 0; i <= 20; ++i) {
        EXPECT_EQ(h.orders[static_cast<std::size_t>(i)].time, t0 + i * 1000);
        EXPECT_DOUBLE_EQ(h.orders[static_cast<std::size_t>(i)].baseQty, 0.5 + i);
    }
    EXPECT_EQ(h.server.received().at(1), h.server.received().at(0));  // subscribed again
    EXPECT_FALSE(h.problems.isEmpty());                               // the drop was reported
}

TEST(LiquidationStream, ReconnectDelaysGrowWhileTheServerKeepsRefusing)
{
    Harness h(bybitOptions());
    h.server.setRefuse(true);
    std::vector<qint64> attempts;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(h.stream.get(), &stream::LiquidationStream::stateChanged,
                     [&](stream::LiquidationStream::State state) {
                         if (state == stream::LiquidationStream::State::Connecting) {
                             attempts.push_back(clock.elapsed());
                         }
                     });
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return attempts.size() >= 6; })) << attempts.size();
    // Delay n is drawn from [d/2, d] with d = 50 ms x 2^n capped at 800 ms: only lower bounds
    // can be checked on a busy machine.
    const std::vector<qint64> least{25, 50, 100, 200, 400};
    for (std::size_t i = 0; i < least.size(); ++i) {
        EXPECT_GE(attempts[i + 1] - attempts[i], least[i]) << "attempt " << i + 1;
    }
    EXPECT_EQ(h.stream->state() == stream::LiquidationStream::State::Reconnecting ||
                  h.stream->state() == stream::LiquidationStream::State::Connecting,
              true);
}

TEST(LiquidationStream, BybitPingsOnSchedule)
{
    auto options = bybitOptions();
    options.pingIntervalMs = 100;
    Harness h(options);
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return h.server.received().size() == 1; }));
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(waitEvents([&] { return h.server.received().size() >= 6; }));
    // Five pings after the subscription take at least four intervals.
    EXPECT_GE(clock.elapsed(), 4 * 100 - 20);
    for (int i = 1; i < h.server.received().size(); ++i) {
        EXPECT_EQ(h.server.received().at(i), QStringLiteral(R"({"op":"ping"})"));
    }
    EXPECT_EQ(h.server.connections(), 1);  // answered pings keep the connection
}

TEST(LiquidationStream, OkxPingsWhenSilentAndReconnectsWithoutPong)
{
    stream::StreamOptions options;
    options.exchange = Exchange::Okx;
    options.symbols = {"BTCUSDT"};
    options.contractSizes = {{"BTC-USDT-SWAP", 0.01}};
    options.initialBackoffMs = 50;
    options.pingIntervalMs = 150;
    options.pongTimeoutMs = 150;
    Harness h(options);
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return h.server.received().size() >= 2; }));
    EXPECT_EQ(h.server.received().at(1), QStringLiteral("ping"));  // text, not JSON
    ASSERT_TRUE(h.server.send(capture("okx_liquidation-orders_2026-10-09_BTC-USDT-SWAP.json")));
    ASSERT_TRUE(waitEvents([&] { return h.orders.size() == 1; }));
    EXPECT_DOUBLE_EQ(h.orders[0].baseQty, 8.55 * 0.01);

    h.server.setAnswerPings(false);
    ASSERT_TRUE(waitEvents([&] { return h.server.connections() >= 2; }));  // no pong: a new connection
}

TEST(LiquidationStream, BinanceStreamsInTheUrlAndServerPingsAnswered)
{
    stream::StreamOptions options;
    options.exchange = Exchange::Binance;
    options.symbols = {"BTCUSDT", "ETHUSDT"};
    Harness h(options);
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return h.server.hasClient(); }));
    EXPECT_EQ(h.server.requests().at(0), QStringLiteral("/stream?streams=btcusdt@forceOrder/ethusdt@forceOrder"));
    h.server.ping();
    ASSERT_TRUE(waitEvents([&] { return h.server.pongs() == 1; }));
    ASSERT_TRUE(h.server.send(capture("binance_usdm_forceOrder_combined_2026-10-09_BTCUSDT.json")));
    ASSERT_TRUE(waitEvents([&] { return h.orders.size() == 1; }));
    EXPECT_EQ(h.orders[0].side, LiquidatedSide::Long);
    EXPECT_DOUBLE_EQ(h.orders[0].usd, 0.190 * 82651.90);
}

TEST(LiquidationStream, ReconnectsBeforeTheConnectionLifetimeEnds)
{
    auto options = bybitOptions();
    options.maxConnectionMs = 200;
    Harness h(options);
    h.stream->start();
    ASSERT_TRUE(waitEvents([&] { return h.server.connections() >= 3; }));
    EXPECT_GE(h.stream->connections(), 2);
}

TEST(LiquidationStream, RejectsABadUrl)
{
    stream::StreamOptions options;
    options.exchange = Exchange::Okx;
    EXPECT_FALSE(resolveStreamUrl(Exchange::Okx, "http://127.0.0.1:1").ok());
    options.symbols = {};
    EXPECT_FALSE(stream::LiquidationStream::create(options).ok());
}

}  // namespace
}  // namespace liqheat::test
