// The document controller continues the estimate when a live refresh appends candles.
#include "controllers/document_controller.h"
#include "wait_for.h"

#include <QApplication>
#include <QElapsedTimer>

#include <gtest/gtest.h>

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
