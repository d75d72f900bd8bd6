#include "liqheat/io/archive_zip.h"
#include "liqheat/io/csv_import.h"

#include "../support/archive_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace liqheat;
using namespace liqheat::test;

namespace {

namespace fs = std::filesystem;

std::string sharedData(const std::string& name) { return std::string(LIQHEAT_SHARED_DATA_DIR) + "/" + name; }
const std::string kCandlesFile = sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv");
const std::string kMetricsFile = sharedData("binance_btcusdt_metrics_1h_2026-05-01_2026-06-27.csv");
const std::string kFundingFile = sharedData("binance_btcusdt_funding_8h.csv");

TimeMs at(const std::string& iso) { return *parseTime(iso); }

/// A directory of archive files for one test, removed afterwards.
class ArchiveZip : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() /
                ("liqheat_archive_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    /// Writes `<name>.zip` holding `<name>.csv`, with its CHECKSUM when asked; returns the zip's path.
    std::string writeArchive(const std::string& name, const std::string& csv, bool withChecksum = true)
    {
        const std::string zip = makeZip({{name + ".csv", csv}}, m_dir / "scratch.zip");
        const fs::path path = m_dir / (name + ".zip");
        writeBytes(path, zip);
        if (withChecksum) {
            writeBytes(m_dir / (name + ".zip.CHECKSUM"), checksumText(zip, name + ".zip"));
        }
        return path.string();
    }

    fs::path m_dir;
};

void expectCandles(const MarketData& d, const std::vector<RealCandle>& expected)
{
    ASSERT_EQ(d.candles.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(d.candles.time[i], expected[i].time) << i;
        EXPECT_DOUBLE_EQ(d.candles.open[i], std::stod(expected[i].open)) << i;
        EXPECT_DOUBLE_EQ(d.candles.high[i], std::stod(expected[i].high)) << i;
        EXPECT_DOUBLE_EQ(d.candles.low[i], std::stod(expected[i].low)) << i;
        EXPECT_DOUBLE_EQ(d.candles.close[i], std::stod(expected[i].close)) << i;
    }
}

void expectMetrics(const MarketData& d, const std::vector<RealMetrics>& expected)
{
    ASSERT_EQ(d.openInterest.size(), expected.size());
    ASSERT_EQ(d.longShortRatio.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(d.openInterest.time[i], expected[i].time) << i;
        EXPECT_DOUBLE_EQ(d.openInterest.base[i], std::stod(expected[i].oi)) << i;
        EXPECT_DOUBLE_EQ(d.openInterest.quote[i], std::stod(expected[i].oiValue)) << i;
        EXPECT_DOUBLE_EQ(d.longShortRatio.value[i], std::stod(expected[i].globalRatio)) << i;
        EXPECT_DOUBLE_EQ(d.topTraderAccountRatio.value[i], std::stod(expected[i].topAccount)) << i;
        EXPECT_DOUBLE_EQ(d.topTraderPositionRatio.value[i], std::stod(expected[i].topPosition)) << i;
        EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[i], std::stod(expected[i].taker)) << i;
    }
}

void expectFunding(const MarketData& d, const std::vector<RealFunding>& expected)
{
    ASSERT_EQ(d.fundingRate.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(d.fundingRate.time[i], expected[i].time) << i;
        EXPECT_DOUBLE_EQ(d.fundingRate.value[i], std::stod(expected[i].rate)) << i;
    }
}

}  // namespace

TEST(ArchiveSha256, StandardTestVectors)
{
    // FIPS 180-2 examples.
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ArchiveSha256, ParsesTheArchiveChecksumLine)
{
    const std::string line =
        "BF673F3D10804A951E8BAC56DD2473486F113025971D43EBE5258EC40F9BFEB3  BTCUSDT-1h-2024-01.zip\n";
    auto hex = parseChecksumFile(line, "x.CHECKSUM");
    ASSERT_TRUE(hex.ok()) << hex.error().message;
    EXPECT_EQ(*hex, "bf673f3d10804a951e8bac56dd2473486f113025971d43ebe5258ec40f9bfeb3");
    EXPECT_FALSE(parseChecksumFile("<html>not found</html>", "x.CHECKSUM").ok());
    EXPECT_FALSE(parseChecksumFile("abc123  x.zip", "x.CHECKSUM").ok());
}

TEST_F(ArchiveZip, DailyKlinesWithAndWithoutHeader)
{
    const auto candles = realCandles(kCandlesFile, at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z"));
    ASSERT_EQ(candles.size(), 288U);  // a whole day of 5 min candles in the recording
    for (const bool header : {true, false}) {
        const std::string zip = writeArchive("BTCUSDT-5m-2026-06-01", klinesCsv(candles, header));
        auto result = importCsvFiles({zip});
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->files[0].format, CsvFormat::BinanceKlines);
        EXPECT_EQ(result->files[0].path, zip + ":BTCUSDT-5m-2026-06-01.csv");
        expectCandles(result->data, candles);
    }
}

TEST_F(ArchiveZip, MonthlyKlines)
{
    const auto candles = realCandles(kCandlesFile, at("2026-06-01T00:00:00Z"), at("2026-07-01T00:00:00Z"));
    const std::string zip = writeArchive("BTCUSDT-5m-2026-06", klinesCsv(candles, true));
    auto result = importCsvFiles({zip});
    ASSERT_TRUE(result.ok()) << result.error().message;
    expectCandles(result->data, candles);
}

TEST_F(ArchiveZip, DailyMetricsWithAndWithoutHeader)
{
    const auto metrics = realMetrics(kMetricsFile, at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z"));
    ASSERT_EQ(metrics.size(), 24U);
    for (const bool header : {true, false}) {
        const std::string zip = writeArchive("BTCUSDT-metrics-2026-06-01", metricsCsv(metrics, header));
        auto result = importCsvFiles({zip});
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->files[0].format, CsvFormat::BinanceMetrics);
        expectMetrics(result->data, metrics);
        EXPECT_EQ(result->data.source.symbol, "BTCUSDT");
    }
}

TEST_F(ArchiveZip, MonthlyFundingWithAndWithoutHeader)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    ASSERT_EQ(funding.size(), 93U);  // 31 days of 8 h settlements
    for (const bool header : {true, false}) {
        const std::string zip = writeArchive("BTCUSDT-fundingRate-2026-05", fundingCsv(funding, header));
        auto result = importCsvFiles({zip});
        ASSERT_TRUE(result.ok()) << result.error().message;
        EXPECT_EQ(result->files[0].format, CsvFormat::BinanceFunding);
        expectFunding(result->data, funding);
    }
}

TEST_F(ArchiveZip, ZipsAndPlainCsvMergeLikeFiles)
{
    const TimeMs from = at("2026-06-01T00:00:00Z");
    const TimeMs to = at("2026-06-02T00:00:00Z");
    const auto candles = realCandles(kCandlesFile, from, to);
    const auto metrics = realMetrics(kMetricsFile, from, to);
    const auto funding = realFunding(kFundingFile, from, to);
    const std::string klinesZip = writeArchive("BTCUSDT-5m-2026-06-01", klinesCsv(candles, true));
    const std::string metricsZip = writeArchive("BTCUSDT-metrics-2026-06-01", metricsCsv(metrics, true));
    const fs::path fundingCsvPath = m_dir / "funding.csv";
    writeBytes(fundingCsvPath, fundingCsv(funding, true));
    auto result = importCsvFiles({klinesZip, metricsZip, fundingCsvPath.string()});
    ASSERT_TRUE(result.ok()) << result.error().message;
    expectCandles(result->data, candles);
    expectMetrics(result->data, metrics);
    expectFunding(result->data, funding);
}

TEST_F(ArchiveZip, WithoutChecksumFileTheZipIsStillRead)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    const std::string zip = writeArchive("BTCUSDT-fundingRate-2026-05", fundingCsv(funding, true), false);
    auto result = importCsvFiles({zip});
    ASSERT_TRUE(result.ok()) << result.error().message;
    expectFunding(result->data, funding);
}

TEST_F(ArchiveZip, ChecksumMismatchIsRefused)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    const std::string zip = writeArchive("BTCUSDT-fundingRate-2026-05", fundingCsv(funding, true));
    // The CHECKSUM of other bytes: the same rows with one rate changed.
    auto changed = funding;
    changed[0].rate = "0.0001";
    const std::string other =
        makeZip({{"BTCUSDT-fundingRate-2026-05.csv", fundingCsv(changed, true)}}, m_dir / "o.zip");
    writeBytes(zip + ".CHECKSUM", checksumText(other, "BTCUSDT-fundingRate-2026-05.zip"));
    auto result = importCsvFiles({zip});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::InvalidData);
    EXPECT_NE(result.error().message.find(zip + ": sha256 mismatch"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find(sha256Hex(other)), std::string::npos);
    EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
}

TEST_F(ArchiveZip, CorruptZipsGiveOneLine)
{
    const auto candles = realCandles(kCandlesFile, at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z"));
    const std::string good = makeZip({{"BTCUSDT-5m-2026-06-01.csv", klinesCsv(candles, true)}}, m_dir / "s.zip");

    std::string truncated = good.substr(0, good.size() / 2);
    std::string flipped = good;
    flipped[good.size() / 3] = static_cast<char>(flipped[good.size() / 3] ^ 0x5A);  // inside the deflated data
    const std::vector<std::string> broken = {truncated, flipped, "open_time,open\n1,2\n", std::string()};
    for (std::size_t i = 0; i < broken.size(); ++i) {
        const fs::path path = m_dir / ("BTCUSDT-5m-2026-06-0" + std::to_string(i + 2) + ".zip");
        writeBytes(path, broken[i]);
        auto result = importCsvFiles({path.string()});
        ASSERT_FALSE(result.ok()) << i;
        EXPECT_EQ(result.error().message.rfind(path.string() + ": ", 0), 0U) << result.error().message;
        EXPECT_EQ(result.error().message.find('\n'), std::string::npos) << result.error().message;
    }
}

TEST_F(ArchiveZip, TwoEntriesAreRefused)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    const std::string zip =
        makeZip({{"a.csv", fundingCsv(funding, true)}, {"b.csv", fundingCsv(funding, true)}}, m_dir / "s.zip");
    auto entry = inflateSingleEntry(zip, "two.zip");
    ASSERT_FALSE(entry.ok());
    EXPECT_EQ(entry.error().message, "two.zip: expected one CSV inside the zip, found 2 entries");
}

TEST_F(ArchiveZip, HugeDeclaredSizeIsRefusedBeforeInflating)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    std::string zip = makeZip({{"f.csv", fundingCsv(funding, true)}}, m_dir / "s.zip");
    // Uncompressed size: offset 22 of the local header, 24 of the central directory record.
    patchAfter(zip, "PK\x03\x04", 22, 0xFFFFFFF0U);
    patchAfter(zip, "PK\x01\x02", 24, 0xFFFFFFF0U);
    auto entry = inflateSingleEntry(zip, "huge.zip");
    ASSERT_FALSE(entry.ok());
    EXPECT_EQ(entry.error().code, Error::Code::TooLarge);
    EXPECT_NE(entry.error().message.find("declares 4294967280 bytes"), std::string::npos) << entry.error().message;
}

TEST_F(ArchiveZip, EntryLongerThanDeclaredIsRefused)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    std::string zip = makeZip({{"f.csv", fundingCsv(funding, true)}}, m_dir / "s.zip");
    patchAfter(zip, "PK\x03\x04", 22, 100U);
    patchAfter(zip, "PK\x01\x02", 24, 100U);
    auto entry = inflateSingleEntry(zip, "liar.zip");
    ASSERT_FALSE(entry.ok());
    EXPECT_EQ(entry.error().message.rfind("liar.zip: ", 0), 0U) << entry.error().message;
}

TEST_F(ArchiveZip, BombRatioIsRefusedBeforeInflating)
{
    const std::string zip = makeZip({{"zeros.csv", std::string(std::size_t{1} << 20, '0')}}, m_dir / "s.zip");
    ZipLimits limits;
    limits.ratioCheckFromBytes = 4096;  // the default only looks at entries from 64 MiB on
    auto entry = inflateSingleEntry(zip, "bomb.zip", limits);
    ASSERT_FALSE(entry.ok());
    EXPECT_EQ(entry.error().code, Error::Code::TooLarge);
    EXPECT_NE(entry.error().message.find("zip bomb"), std::string::npos) << entry.error().message;
}

TEST_F(ArchiveZip, EntryNamesAreNeverPaths)
{
    const auto funding = realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), at("2026-06-01T00:00:00Z"));
    const std::string zip = makeZip({{"../../evil\x7f.csv", fundingCsv(funding, true)}}, m_dir / "s.zip");
    auto entry = inflateSingleEntry(zip, "x.zip");
    ASSERT_TRUE(entry.ok()) << entry.error().message;
    EXPECT_EQ(entry->name, "../../evil?.csv");
    EXPECT_EQ(entry->bytes, fundingCsv(funding, true));
    EXPECT_FALSE(fs::exists(m_dir.parent_path().parent_path() / "evil\x7f.csv"));
}
