// The document controller continues the estimate when a live refresh appends candles.
#include "controllers/document_controller.h"
#include "wait_for.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::ui::testing::waitFor;

namespace {

constexpr TimeMs kStep = 5 * 60'000;

/// `count` random-walk candles with open interest, from `time` on, continuing from `price`/`oi`.
MarketData walk(std::mt19937& rng, TimeMs time, double price, double oi, int count)
{
    std::normal_distribution<double> step(0.0, 0.003);
    std::normal_distribution<double> oiStep(0.0, 0.01);
    MarketData d;
    d.source.exchanges = {"binance"};
    d.source.symbol = "BTCUSDT";
    d.source.intervalMs = kStep;
    for (int i = 0; i < count; ++i, time += kStep) {
        const double open = price;
        price *= std::exp(step(rng));
        const double wick = std::abs(step(rng)) * price;
        d.candles.time.push_back(time);
        d.candles.open.push_back(open);
        d.candles.high.push_back(std::max(open, price) + wick);
        d.candles.low.push_back(std::min(open, price) - wick);
        d.candles.close.push_back(price);
        oi = std::max(10.0, oi * (1.0 + oiStep(rng)));
        d.openInterest.time.push_back(time);
        d.openInterest.base.push_back(oi);
    }
    return d;
}

FetchResult fetched(MarketData data)
{
    FetchResult r;
    r.merged = std::move(data);
    return r;
}

}  // namespace

TEST(DocumentController, AnAppendingRefreshContinuesTheEstimate)
{
    std::mt19937 rng(4);
    const TimeMs start = 1'700'000'000'000;
    const MarketData first = walk(rng, start, 30'000, 1'000, 600);
    DocumentController doc;
    int ready = 0;
    QObject::connect(&doc, &DocumentController::estimateReady, [&ready] { ++ready; });
    doc.setFetched(fetched(first), false);
    ASSERT_TRUE(waitFor([&] { return ready == 1; }));
    EXPECT_FALSE(doc.estimateWasIncremental());
    const PriceGrid grid = doc.estimate()->heatmap.grid;

    // The refresh re-fetches the last two candles (the forming one changed) and brings three more.
    const std::size_t keep = first.candles.size() - 2;
    const MarketData newer =
        walk(rng, first.candles.time[keep], first.candles.close[keep - 1], first.openInterest.base[keep - 1], 5);
    doc.setFetched(fetched(newer), true);
    ASSERT_TRUE(waitFor([&] { return ready == 2; }));
    EXPECT_TRUE(doc.estimateWasIncremental());
    ASSERT_EQ(doc.snapshot().data.candles.size(), first.candles.size() + 3);

    // The same numbers as a full estimate on the grid the first one chose.
    EstimateOptions options;
    options.maxColumns = 8192;
    options.grid = grid;
    const auto full = estimate(doc.snapshot().data, doc.model(), options);
    ASSERT_TRUE(full.ok()) << full.error().message;
    const EstimateResult& shown = *doc.estimate();
    ASSERT_EQ(shown.heatmap.longUsd.size(), full->heatmap.longUsd.size());
    EXPECT_EQ(std::memcmp(shown.heatmap.longUsd.data(), full->heatmap.longUsd.data(),
                          full->heatmap.longUsd.size() * sizeof(float)),
              0);
    EXPECT_EQ(shown.sweep.longUsd, full->sweep.longUsd);
    EXPECT_EQ(shown.map.shortUsd, full->map.shortUsd);

    // Replacing the data (not appending) estimates it in full.
    doc.setFetched(fetched(first), false);
    ASSERT_TRUE(waitFor([&] { return ready == 3; }));
    EXPECT_FALSE(doc.estimateWasIncremental());
}

// Each failure says what failed: a bad file, a rejected model and a failed estimate are told
// apart in the title a dialog would carry (the report: every error read "Could not open the file").
TEST(DocumentController, ErrorsAreTitledByWhatFailed)
{
    DocumentController doc;
    QStringList titles;
    QObject::connect(&doc, &DocumentController::errorOccurred,
                     [&](const QString& what, const QString&) { titles << what; });
    doc.openFile(QStringLiteral("/nonexistent/liqheat-missing.json"));
    ASSERT_TRUE(waitFor([&] { return titles.size() == 1; }));
    EXPECT_EQ(titles.back(), QStringLiteral("Could not open the file"));

    ModelSettings bad;
    bad.tiers = {{0.5, 1.0}};  // leverage below 1
    doc.setModel(bad);
    ASSERT_EQ(titles.size(), 2);
    EXPECT_EQ(titles.back(), QStringLiteral("Model settings rejected"));

    // Candles without open interest cannot be estimated.
    std::mt19937 rng(7);
    MarketData data = walk(rng, 1'780'000'000'000, 60'000, 1'000, 50);
    data.openInterest = {};
    doc.setFetched(fetched(data), false);
    ASSERT_TRUE(waitFor([&] { return titles.size() == 3; }));
    EXPECT_EQ(titles.back(), QStringLiteral("Estimate failed"));
}

// Opening a file reports how far the read has got, and Esc (cancelWork) stops it with the data
// on screen kept: the long-history open of issue 13.
TEST(DocumentController, AFileReadReportsProgressAndCanBeCancelled)
{
    std::mt19937 rng(11);
    Snapshot snapshot;
    snapshot.data = walk(rng, 1'780'000'000'000, 60'000, 1'000, 40'000);  // about 5 MB of JSON
    const QString path = QDir::temp().filePath(QStringLiteral("liqheat-progress-%1.json").arg(QCoreApplication::applicationPid()));
    ASSERT_TRUE(writeSnapshot(snapshot, QFile::encodeName(path).toStdString()));

    DocumentController doc;
    std::vector<std::pair<QString, int>> progress;
    QStringList cancelled;
    int loaded = 0;
    QObject::connect(&doc, &DocumentController::workProgress,
                     [&](const QString& what, int percent) { progress.emplace_back(what, percent); });
    QObject::connect(&doc, &DocumentController::workCancelled, [&](const QString& what) { cancelled << what; });
    QObject::connect(&doc, &DocumentController::dataLoaded, [&] { ++loaded; });

    doc.openFile(path);
    ASSERT_TRUE(waitFor([&] { return doc.estimate() != nullptr; }));
    EXPECT_EQ(loaded, 1);
    const auto reading = std::find_if(progress.begin(), progress.end(),
                                      [](const auto& p) { return p.first == QStringLiteral("Reading"); });
    ASSERT_NE(reading, progress.end());
    EXPECT_TRUE(std::any_of(progress.begin(), progress.end(),
                            [](const auto& p) { return p.first == QStringLiteral("Reading") && p.second == 100; }));
    EXPECT_TRUE(std::is_sorted(progress.begin(), std::find_if(progress.begin(), progress.end(),
                                                              [](const auto& p) { return p.first != QStringLiteral("Reading"); }),
                               [](const auto& a, const auto& b) { return a.second < b.second; }));
    ASSERT_TRUE(waitFor([&] { return !doc.isBusy(); }));

    // Cancelled before the worker reads its first piece: nothing replaces what is shown.
    const std::size_t candles = doc.snapshot().data.candles.size();
    doc.openFile(path);
    doc.cancelWork();
    ASSERT_TRUE(waitFor([&] { return !cancelled.isEmpty() && !doc.isBusy(); }));
    EXPECT_TRUE(cancelled.front().startsWith(QStringLiteral("Loading")));
    EXPECT_EQ(loaded, 1);
    EXPECT_EQ(doc.snapshot().data.candles.size(), candles);
    QFile::remove(path);
}
