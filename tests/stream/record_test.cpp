// `liqheat-cli record` against a fake Binance (REST: tests/net/fake_exchange, WebSocket: a local
// QWebSocketServer): what it stores, exported with `export-snapshot`, is what was served and
// streamed; SIGTERM commits the last batch; SIGKILL loses nothing that was committed.
#include "../net/fake_exchange.h"
#include "fake_stream_server.h"
#include "wait_events.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/store/market_store.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>

namespace liqheat::test {
namespace {

constexpr TimeMs kFiveMinutes = 300'000;

TimeMs wallClockMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// A forceOrder event in the combined envelope, shaped like the 2026-10-09 capture.
QString forceOrder(TimeMs time, const char* side, double qty, double averagePrice)
{
    return QStringLiteral(
               R"({"stream":"btcusdt@forceOrder","data":{"e":"forceOrder","E":%1,"o":{"s":"BTCUSDT","S":"%2","o":"LIMIT","f":"IOC","q":"%3","p":"80000.00","ap":"%4","X":"FILLED","l":"%3","z":"%3","T":%1,"ps":"BTCUSDT","st":1}}})")
        .arg(time)
        .arg(QString::fromLatin1(side))
        .arg(qty)
        .arg(averagePrice, 0, 'f', 2);
}

/// Orders the recorder logged as written ("orders: N written (...)"), summed over its batches.
std::size_t loggedOrders(const QString& out)
{
    std::size_t logged = 0;
    for (const QString& line : out.split(QLatin1Char('\n'))) {
        const auto at = line.indexOf(QStringLiteral("orders: "));
        if (at >= 0 && line.contains(QStringLiteral(" written ("))) {
            logged += line.mid(at + 8).section(QLatin1Char(' '), 0, 0).toULongLong();
        }
    }
    return logged;
}

struct Recorder {
    FakeExchange rest{wallClockMs()};
    FakeStreamServer ws;
    QTemporaryDir dir;
    QProcess process;
    QString out;

    QString storePath() const { return dir.filePath(QStringLiteral("market.sqlite")); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LIQHEAT_STORE"), storePath());
        env.insert(QStringLiteral("LIQHEAT_BINANCE_URL"), QString::fromStdString(rest.url()));
        env.insert(QStringLiteral("LIQHEAT_BINANCE_STREAM_URL"), ws.url());
        return env;
    }

    void start(int batchMs)
    {
        process.setProcessEnvironment(environment());
        QObject::connect(&process, &QProcess::readyReadStandardOutput,
                         [this] { out += QString::fromUtf8(process.readAllStandardOutput()); });
        process.start(QStringLiteral(LIQHEAT_CLI_PATH),
                      {QStringLiteral("record"), QStringLiteral("--symbols"), QStringLiteral("BTCUSDT"),
                       QStringLiteral("--exchanges"), QStringLiteral("binance"), QStringLiteral("--interval"),
                       QStringLiteral("5m"), QStringLiteral("--days"), QStringLiteral("0.5"), QStringLiteral("--poll"),
                       QStringLiteral("3600"), QStringLiteral("--batch-ms"), QString::number(batchMs)});
        ASSERT_TRUE(process.waitForStarted(10'000));
    }

    ~Recorder()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5'000);
        }
    }
};

TEST(Record, StoresPolledSeriesAndStreamedOrdersAndExportRoundTripsThem)
{
    Recorder r;
    ASSERT_TRUE(r.dir.isValid());
    r.start(100);
    ASSERT_TRUE(waitEvents([&] { return r.ws.hasClient(); }, 30'000)) << r.out.toStdString();
    EXPECT_EQ(r.ws.requests().at(0), QStringLiteral("/stream?streams=btcusdt@forceOrder"));

    // Orders at 5-minute boundaries a little in the past, inside the polled span.
    const TimeMs base = (wallClockMs() / kFiveMinutes - 6) * kFiveMinutes;
    struct Sent {
        TimeMs time;
        bool longLiquidated;
        double qty, price;
    };
    const std::vector<Sent> sent{{base + 1'000, true, 0.19, 82651.90},
                                 {base + 2'000, false, 0.001, 83598.50},
                                 {base + kFiveMinutes + 5, true, 0.5, 81000.25}};
    for (const Sent& s : sent) {
        ASSERT_TRUE(r.ws.send(forceOrder(s.time, s.longLiquidated ? "SELL" : "BUY", s.qty, s.price)));
    }
    ASSERT_TRUE(waitEvents([&] { return loggedOrders(r.out) == 3; }, 30'000))
        << r.out.toStdString();
    ASSERT_TRUE(waitEvents([&] { return r.out.contains(QStringLiteral("poll binance BTCUSDT 5m:")); }, 60'000))
        << r.out.toStdString();

    r.process.terminate();  // SIGTERM
    ASSERT_TRUE(r.process.waitForFinished(30'000));
    r.out += QString::fromUtf8(r.process.readAllStandardOutput());
    EXPECT_EQ(r.process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(r.process.exitCode(), 0) << r.process.readAllStandardError().toStdString();
    EXPECT_TRUE(r.out.contains(QStringLiteral("record: stopped")));

    QProcess exporter;
    exporter.setProcessEnvironment(r.environment());
    const QString snapshotPath = r.dir.filePath(QStringLiteral("out.json"));
    exporter.start(QStringLiteral(LIQHEAT_CLI_PATH),
                   {QStringLiteral("export-snapshot"), QStringLiteral("--exchange"), QStringLiteral("binance"),
                    QStringLiteral("--symbol"), QStringLiteral("BTCUSDT"), QStringLiteral("--interval"),
                    QStringLiteral("5m"), QStringLiteral("-o"), snapshotPath});
    ASSERT_TRUE(exporter.waitForFinished(60'000));
    ASSERT_EQ(exporter.exitCode(), 0) << exporter.readAllStandardError().toStdString();

    auto snapshot = readSnapshot(snapshotPath.toStdString());
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    const MarketData& data = snapshot->data;
    // Half a day of 5m candles, each exactly as the fake exchange served it.
    ASSERT_GE(data.candles.size(), 100U);
    for (std::size_t i = 0; i < data.candles.size(); ++i) {
        const TimeMs t = data.candles.time[i];
        ASSERT_EQ(t % kFiveMinutes, 0);
        ASSERT_EQ(data.candles.open[i], Sim::open(t)) << i;
        ASSERT_EQ(data.candles.high[i], Sim::high(t)) << i;
        ASSERT_EQ(data.candles.low[i], Sim::low(t)) << i;
        ASSERT_EQ(data.candles.close[i], Sim::close(t)) << i;
    }
    ASSERT_FALSE(data.openInterest.empty());
    for (std::size_t i = 0; i < data.openInterest.size(); ++i) {
        ASSERT_EQ(data.openInterest.base[i], Sim::openInterest(data.openInterest.time[i])) << i;
    }
    // The streamed orders, summed per 5-minute interval on their side.
    std::map<TimeMs, std::pair<double, double>> expected;
    for (const Sent& s : sent) {
        auto& [longUsd, shortUsd] = expected[s.time / kFiveMinutes * kFiveMinutes];
        (s.longLiquidated ? longUsd : shortUsd) += s.qty * s.price;
    }
    std::map<TimeMs, std::pair<double, double>> exported;
    for (std::size_t i = 0; i < data.liquidations.size(); ++i) {
        if (data.liquidations.longUsd[i] > 0.0 || data.liquidations.shortUsd[i] > 0.0) {
            exported[data.liquidations.time[i]] = {data.liquidations.longUsd[i], data.liquidations.shortUsd[i]};
        }
    }
    ASSERT_EQ(exported.size(), expected.size());
    for (const auto& [time, sums] : expected) {
        ASSERT_TRUE(exported.count(time)) << time;
        EXPECT_NEAR(exported[time].first, sums.first, 1e-9 * (1.0 + sums.first)) << time;
        EXPECT_NEAR(exported[time].second, sums.second, 1e-9 * (1.0 + sums.second)) << time;
    }
}

TEST(Record, SigkillLosesNoCommittedBatch)
{
    Recorder r;
    ASSERT_TRUE(r.dir.isValid());
    r.start(50);
    ASSERT_TRUE(waitEvents([&] { return r.ws.hasClient(); }, 30'000)) << r.out.toStdString();
    const TimeMs base = (wallClockMs() / kFiveMinutes - 3) * kFiveMinutes;
    int sent = 0;
    // Keep orders flowing so that a batch is being written when the kill lands.
    const auto sendBurst = [&](int count) {
        for (int i = 0; i < count; ++i, ++sent) {
            r.ws.send(forceOrder(base + sent, (sent % 2) != 0 ? "BUY" : "SELL", 0.001 * (sent + 1), 80000.0));
        }
    };
    sendBurst(50);
    ASSERT_TRUE(waitEvents([&] { return loggedOrders(r.out) >= 1; }, 30'000))
        << r.out.toStdString();
    sendBurst(200);
    spinFor(60);
    r.process.kill();  // SIGKILL
    ASSERT_TRUE(r.process.waitForFinished(10'000));
    r.out += QString::fromUtf8(r.process.readAllStandardOutput());

    // Every batch the recorder logged as written is in the store.
    const std::size_t logged = loggedOrders(r.out);
    ASSERT_GE(logged, 1U);
    auto store = MarketStore::open(r.storePath().toStdString());
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_TRUE(store->notice().empty()) << store->notice();
    auto span = store->read(MarketKey{Exchange::Binance, "BTCUSDT", kFiveMinutes});
    ASSERT_TRUE(span.ok()) << span.error().message;
    EXPECT_GE(span->orders.size(), logged);
    EXPECT_LE(span->orders.size(), static_cast<std::size_t>(sent));
}

}  // namespace
}  // namespace liqheat::test
