// `liqheat-cli import` of Binance archive zips as downloaded: the real binary, real BTCUSDT rows
// (../shared/data) in zips of the archive's layout with their CHECKSUM files.
#include "../support/archive_files.h"
#include "run_cli.h"

#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;
using namespace liqheat;
using namespace liqheat::test;

namespace {

std::string sharedData(const std::string& name) { return std::string(LIQHEAT_SHARED_DATA_DIR) + "/" + name; }
TimeMs at(const std::string& iso) { return *parseTime(iso); }

class ArchiveImportCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() / "liqheat_archive_import_cli";
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        const auto candles = realCandles(sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv"),
                                         at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z"));
        m_candles = candles.size();
        m_zip = m_dir / "BTCUSDT-5m-2026-06-01.zip";
        const std::string zip = makeZip({{"BTCUSDT-5m-2026-06-01.csv", klinesCsv(candles, true)}}, m_dir / "s.zip");
        writeBytes(m_zip, zip);
        writeBytes(m_dir / "BTCUSDT-5m-2026-06-01.zip.CHECKSUM", checksumText(zip, "BTCUSDT-5m-2026-06-01.zip"));
    }
    void TearDown() override { fs::remove_all(m_dir); }

    RunResult import(const std::vector<fs::path>& files, const fs::path& output) const
    {
        std::vector<std::string> args{"import", "-o", output.string()};
        for (const fs::path& f : files) {
            args.push_back(f.string());
        }
        return runCli(args);
    }

    fs::path m_dir;
    fs::path m_zip;
    std::size_t m_candles = 0;
};

}  // namespace

TEST_F(ArchiveImportCli, ImportsTheZipAsDownloaded)
{
    const fs::path out = m_dir / "day.json.gz";
    const RunResult run = import({m_zip}, out);
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const auto summary = nlohmann::json::parse(run.out);
    EXPECT_EQ(summary["rows"]["candles"], m_candles);
    EXPECT_EQ(summary["files"][0]["format"], "binance-klines");
    auto snapshot = readSnapshot(out.string());
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    EXPECT_EQ(snapshot->data.candles.size(), m_candles);
}

TEST_F(ArchiveImportCli, ChecksumMismatchIsOneLineAndKeepsTheOutput)
{
    writeBytes(m_dir / "BTCUSDT-5m-2026-06-01.zip.CHECKSUM", std::string(64, '0') + "  BTCUSDT-5m-2026-06-01.zip\n");
    const fs::path out = m_dir / "day.json";
    writeBytes(out, "an earlier file");
    const RunResult run = import({m_zip}, out);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(run.err, "liqheat-cli: error: " + m_zip.string() + ": sha256 mismatch: the CHECKSUM file says " +
                           std::string(64, '0') + ", the zip is " + sha256Hex(readBytes(m_zip)) + "\n");
    EXPECT_EQ(readBytes(out), "an earlier file");
}

TEST_F(ArchiveImportCli, CorruptZipIsOneLineAndKeepsTheOutput)
{
    std::string bytes = readBytes(m_zip);
    bytes.resize(bytes.size() / 2);
    writeBytes(m_zip, bytes);
    fs::remove(m_dir / "BTCUSDT-5m-2026-06-01.zip.CHECKSUM");
    const fs::path out = m_dir / "day.json";
    writeBytes(out, "an earlier file");
    const RunResult run = import({m_zip}, out);
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(run.err.rfind("liqheat-cli: error: " + m_zip.string() + ": corrupt zip archive", 0), 0U) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
    EXPECT_EQ(readBytes(out), "an earlier file");
}
