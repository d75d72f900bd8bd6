// File > Import and File > Backfill from Binance Archive, offscreen: the actions are in the File
// menu, a backfill from a local archive server opens the snapshot it wrote, a zip imports, and a
// checksum mismatch leaves the data on screen and writes nothing.
#include "controllers/archive_controller.h"
#include "controllers/document_controller.h"
#include "window/actions.h"
#include "window/archive_binding.h"
#include "window/main_window.h"

#include "../net/fake_exchange.h"
#include "../support/archive_files.h"
#include "wait_for.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace liqheat;
using namespace liqheat::ui;
using liqheat::test::FakeExchange;
using liqheat::ui::testing::waitFor;

namespace {

std::string sharedData(const std::string& name) { return std::string(LIQHEAT_SHARED_DATA_DIR) + "/" + name; }
TimeMs at(const std::string& iso) { return *parseTime(iso); }

class ArchiveBindingTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        QSettings().clear();
        window = std::make_unique<MainWindow>();
        window->show();
        binding = window->findChild<ArchiveBinding*>();
        ASSERT_NE(binding, nullptr);
        QObject::connect(binding, &ArchiveBinding::message, [this](const QString& text) { messages << text; });
        candles = liqheat::test::realCandles(sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv"),
                                             at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z"));
        zip = liqheat::test::makeZip({{"BTCUSDT-5m-2026-06-01.csv", liqheat::test::klinesCsv(candles, true)}},
                                     dir.filePath(QStringLiteral("scratch.zip")).toStdString());
    }
    void TearDown() override
    {
        window.reset();
        qunsetenv("LIQHEAT_BINANCE_ARCHIVE_URL");
    }

    bool loadedCandles(std::size_t n) const
    {
        return window->document().hasData() && window->document().snapshot().data.candles.size() == n;
    }

    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
    ArchiveBinding* binding = nullptr;
    QStringList messages;
    std::vector<liqheat::test::RealCandle> candles;
    std::string zip;
};

}  // namespace

TEST_F(ArchiveBindingTest, ActionsAreInTheFileMenu)
{
    QMenu* file = window->menuBar()->findChild<QMenu*>();
    ASSERT_NE(file, nullptr);
    QStringList names;
    for (QAction* a : window->findChildren<QAction*>()) {
        names << a->objectName();
    }
    EXPECT_TRUE(names.contains(QStringLiteral("actionImport")));
    EXPECT_TRUE(names.contains(QStringLiteral("actionBackfillArchive")));
}

TEST_F(ArchiveBindingTest, BackfillOpensTheSnapshotItWrote)
{
    FakeExchange server(nowUtcMs());
    const std::string path = "/data/futures/um/daily/klines/BTCUSDT/5m/BTCUSDT-5m-2026-06-01.zip";
    server.serve(path, zip);
    server.serve(path + ".CHECKSUM", liqheat::test::checksumText(zip, "BTCUSDT-5m-2026-06-01.zip"));
    qputenv("LIQHEAT_BINANCE_ARCHIVE_URL", QByteArray::fromStdString(server.url()));

    const QString output = dir.filePath(QStringLiteral("btc.json.gz"));
    ASSERT_TRUE(binding->runBackfill({"BTCUSDT", *parseArchiveDay("2026-06-01"), *parseArchiveDay("2026-06-01"), "5m"},
                                     output));
    ASSERT_TRUE(waitFor([&] { return loadedCandles(candles.size()); })) << messages.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(window->document().filePath(), output);
    EXPECT_DOUBLE_EQ(window->document().snapshot().data.candles.close.back(), std::stod(candles.back().close));
    EXPECT_TRUE(messages.filter(QStringLiteral("BTCUSDT-metrics-2026-06-01.zip: not published (404)")).size() > 0);
}

TEST_F(ArchiveBindingTest, ImportOpensTheZipAsDownloaded)
{
    const QString zipPath = dir.filePath(QStringLiteral("BTCUSDT-5m-2026-06-01.zip"));
    liqheat::test::writeBytes(zipPath.toStdString(), zip);
    const QString output = dir.filePath(QStringLiteral("imported.json.gz"));
    ASSERT_TRUE(binding->runImport({zipPath}, output));
    ASSERT_TRUE(waitFor([&] { return loadedCandles(candles.size()); })) << messages.join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(window->document().snapshot().data.source.symbol, "BTCUSDT");
}

TEST_F(ArchiveBindingTest, ChecksumMismatchWritesNothing)
{
    const QString zipPath = dir.filePath(QStringLiteral("BTCUSDT-5m-2026-06-01.zip"));
    liqheat::test::writeBytes(zipPath.toStdString(), zip);
    liqheat::test::writeBytes((zipPath + QStringLiteral(".CHECKSUM")).toStdString(),
                              std::string(64, 'a') + "  BTCUSDT-5m-2026-06-01.zip\n");
    bool failed = false;
    QObject::connect(binding->controller(), &ArchiveController::failed, [&](const QString&, bool) { failed = true; });
    const QString output = dir.filePath(QStringLiteral("imported.json.gz"));
    ASSERT_TRUE(binding->runImport({zipPath}, output));
    ASSERT_TRUE(waitFor([&] { return failed; }));
    EXPECT_FALSE(QFile::exists(output));
    EXPECT_TRUE(messages.filter(QStringLiteral("sha256 mismatch")).size() > 0);
}
