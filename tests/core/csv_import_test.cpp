#include "liqheat/io/csv_import.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace liqheat;

namespace {

std::string fixture(const std::string& name) { return std::string(LIQHEAT_FIXTURES_DIR) + "/csv/" + name; }

std::string sharedData(const std::string& name) { return std::string(LIQHEAT_SHARED_DATA_DIR) + "/" + name; }

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool anyContains(const std::vector<std::string>& list, const std::string& part)
{
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

// 2026-05-25T15:55:00Z, as given by timestamp_ms / datetime_utc of the real 5m file.
constexpr TimeMs kT1555 = 1779724500000;
constexpr TimeMs kT1600 = 1779724800000;
constexpr TimeMs kT1605 = 1779725100000;
constexpr TimeMs kT1630 = 1779726600000;

}  // namespace

TEST(CsvTime, ParsesMillisecondsAndIso)
{
    EXPECT_EQ(parseTime("1779724500000"), kT1555);
    EXPECT_EQ(parseTime("2026-05-25T15:55:00.000Z"), kT1555);
    EXPECT_EQ(parseTime("2026-05-25T15:55:00Z"), kT1555);
    EXPECT_EQ(parseTime("2026-05-25 15:55:00"), kT1555);
    EXPECT_EQ(parseTime("2026-05-25"), kT1555 - (15 * 60 + 55) * 60'000);
    EXPECT_EQ(parseTime("2026-05-25T15:55:00.123Z"), kT1555 + 123);
    EXPECT_EQ(parseTime("2026-05-25T17:55:00+02:00"), kT1555);
    EXPECT_EQ(parseTime("1970-01-01"), 0);
    EXPECT_EQ(parseTime("2024-02-29"), 1709164800000);
    // Binance spot files since 2025 give microseconds.
    EXPECT_EQ(parseTime("1779724500000000"), kT1555);
}

TEST(CsvTime, RejectsMalformed)
{
    EXPECT_FALSE(parseTime(""));
    EXPECT_FALSE(parseTime("abc"));
    EXPECT_FALSE(parseTime("2023-02-29"));
    EXPECT_FALSE(parseTime("2026-13-01"));
    EXPECT_FALSE(parseTime("2026-05-25T24:00:00Z"));
    EXPECT_FALSE(parseTime("2026-05-25T15:55:00Zjunk"));
    EXPECT_FALSE(parseTime("1779724500000.5"));
    EXPECT_FALSE(parseTime("-5"));
}

TEST(CsvTime, FormatsIso)
{
    EXPECT_EQ(formatTimeIso(kT1555), "2026-05-25T15:55:00Z");
    EXPECT_EQ(formatTimeIso(kT1555 + 123), "2026-05-25T15:55:00.123Z");
    EXPECT_EQ(formatTimeIso(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(formatTimeIso(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(formatTimeIso(1709164800000), "2024-02-29T00:00:00Z");
    for (TimeMs t : {TimeMs{0}, kT1555, TimeMs{951782400000}, TimeMs{4102444800000}}) {
        EXPECT_EQ(parseTime(formatTimeIso(t)), t);
    }
}

TEST(CsvImport, CanonicalWithMillisecondTimes)
{
    auto result = importCsvFiles({fixture("canonical_ms.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    ASSERT_EQ(d.candles.size(), 3U);
    EXPECT_EQ(d.candles.time[0], kT1555);
    EXPECT_DOUBLE_EQ(d.candles.open[0], 100.0);
    EXPECT_DOUBLE_EQ(d.candles.high[1], 108.0);
    EXPECT_DOUBLE_EQ(d.candles.low[2], 99.0);
    EXPECT_DOUBLE_EQ(d.candles.close[2], 103.0);
    ASSERT_TRUE(d.candles.hasVolume());
    EXPECT_DOUBLE_EQ(d.candles.volume[2], 8.25);
    // Series with empty cells keep only their own rows.
    ASSERT_EQ(d.openInterest.size(), 2U);
    EXPECT_DOUBLE_EQ(d.openInterest.base[1], 1010.0);
    EXPECT_TRUE(d.openInterest.quote.empty());
    ASSERT_EQ(d.fundingRate.size(), 1U);
    EXPECT_EQ(d.fundingRate.time[0], kT1555);
    EXPECT_DOUBLE_EQ(d.fundingRate.value[0], 0.0001);

    ASSERT_EQ(result->files.size(), 1U);
    const CsvFileReport& report = result->files[0];
    EXPECT_EQ(report.format, CsvFormat::Canonical);
    EXPECT_EQ(report.rows, 3U);
    EXPECT_EQ(report.seriesFound, (std::vector<std::string>{"candles", "open_interest", "funding_rate"}));
    EXPECT_EQ(report.ignoredColumns, (std::vector<std::string>{"notes"}));
}

TEST(CsvImport, CanonicalIsoTimesWithBomCrlfQuotesAndUnsortedRows)
{
    auto result = importCsvFiles({fixture("canonical_iso_crlf_bom.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const CandleSeries& c = result->data.candles;
    ASSERT_EQ(c.size(), 3U);
    EXPECT_EQ(c.time, (std::vector<TimeMs>{kT1555, kT1600, kT1605}));
    EXPECT_DOUBLE_EQ(c.open[0], 100.0);
    EXPECT_DOUBLE_EQ(c.open[1], 105.0);
    EXPECT_DOUBLE_EQ(c.close[2], 103.0);
    EXPECT_FALSE(c.hasVolume());
}

TEST(CsvImport, QuotedFieldsWithCommasAndEscapes)
{
    const std::string text =
        "time,open,high,low,close,comment\n"
        "1779724500000,100,110,95,105,\"a, \"\"quoted\"\"\nnote\"\n"
        "1779724800000,105,108,101,102,plain\n";
    auto result = parseCsv(text, "quoted.csv");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->data.candles.size(), 2U);
    EXPECT_EQ(result->files[0].ignoredColumns, (std::vector<std::string>{"comment"}));
}

TEST(CsvImport, BuiltInAliases)
{
    auto result = importCsvFiles({fixture("aliases.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    ASSERT_EQ(d.candles.size(), 2U);
    EXPECT_EQ(d.candles.time[0], kT1555);
    ASSERT_EQ(d.openInterest.size(), 2U);
    EXPECT_DOUBLE_EQ(d.openInterest.quote[0], 7719003148.8787);
    EXPECT_DOUBLE_EQ(d.openInterest.base[1], 99510.0);
    ASSERT_EQ(d.liquidations.size(), 2U);
    EXPECT_DOUBLE_EQ(d.liquidations.longUsd[0], 1200.5);
    EXPECT_DOUBLE_EQ(d.liquidations.shortUsd[1], 45.5);
    EXPECT_EQ(d.liquidations.intervalMs, 0);
    ASSERT_EQ(d.fundingRate.size(), 2U);
    EXPECT_DOUBLE_EQ(d.fundingRate.value[0], 0.00003527);
    const auto& ignored = result->files[0].ignoredColumns;
    EXPECT_TRUE(contains(ignored, "datetime_utc"));
    EXPECT_TRUE(contains(ignored, "funding_rate_raw"));
}

TEST(CsvImport, HeaderMatchingIsCaseInsensitive)
{
    auto result = parseCsv(
        "TIME,Open,HIGH,low,Close,Liquidation_Long_USD,LIQ_SHORT_USD\n"
        "2026-05-25T15:55:00Z,100,110,95,105,10,20\n",
        "upper.csv");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->data.candles.size(), 1U);
    EXPECT_EQ(result->data.liquidations.size(), 1U);
}

TEST(CsvImport, ColumnMapRenamesBeforeAliases)
{
    CsvImportOptions options;
    options.columnMap = {{"Date", "time"}, {"PX_O", "open"},  {"px_h", "high"},
                         {"px_l", "low"},  {"px_c", "close"}, {"my_oi", "sum_open_interest"}};
    auto result = parseCsv(
        "date,px_o,px_h,px_l,px_c,my_oi,other\n"
        "2026-05-25,100,110,95,105,42.5,x\n",
        "mapped.csv", options);
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    ASSERT_EQ(d.candles.size(), 1U);
    EXPECT_EQ(d.candles.time[0], kT1555 - (15 * 60 + 55) * 60'000);
    EXPECT_DOUBLE_EQ(d.candles.open[0], 100.0);
    ASSERT_EQ(d.openInterest.size(), 1U);
    EXPECT_DOUBLE_EQ(d.openInterest.base[0], 42.5);
    EXPECT_EQ(result->files[0].ignoredColumns, (std::vector<std::string>{"other"}));
}

TEST(CsvImport, TimeColumnPriority)
{
    // `timestamp` outranks `create_time`, which is then just an ignored column.
    auto result = parseCsv(
        "create_time,timestamp,funding_rate\n"
        "junk,1779724500000,0.0001\n",
        "priority.csv");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->data.fundingRate.time[0], kT1555);
    EXPECT_TRUE(contains(result->files[0].ignoredColumns, "create_time"));
}

void expectKlines(const CsvImportResult& result)
{
    const MarketData& d = result.data;
    ASSERT_EQ(d.candles.size(), 3U);
    EXPECT_EQ(d.candles.time[0], 1704067200000);
    EXPECT_DOUBLE_EQ(d.candles.open[0], 42314.0);
    EXPECT_DOUBLE_EQ(d.candles.high[1], 42400.0);
    EXPECT_DOUBLE_EQ(d.candles.low[2], 42300.0);
    EXPECT_DOUBLE_EQ(d.candles.close[2], 42310.5);
    ASSERT_TRUE(d.candles.hasVolume());
    EXPECT_DOUBLE_EQ(d.candles.volume[0], 1051.532);
    // Taker buy / sell; the last row is all buys, so it has no ratio.
    ASSERT_EQ(d.takerBuySellRatio.size(), 2U);
    EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[0], 600.532 / (1051.532 - 600.532));
    EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[1], 1.0);
    EXPECT_EQ(d.source.exchanges, (std::vector<std::string>{"binance"}));
    ASSERT_EQ(result.files.size(), 1U);
    EXPECT_EQ(result.files[0].format, CsvFormat::BinanceKlines);
    EXPECT_EQ(result.files[0].rows, 3U);
}

TEST(CsvImport, BinanceKlinesWithHeader)
{
    auto result = importCsvFiles({fixture("klines_header.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    expectKlines(*result);
    EXPECT_TRUE(contains(result->files[0].ignoredColumns, "close_time"));
}

TEST(CsvImport, BinanceKlinesWithoutHeader)
{
    auto result = importCsvFiles({fixture("klines_noheader.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    expectKlines(*result);
}

TEST(CsvImport, BinanceMetrics)
{
    auto result = importCsvFiles({fixture("metrics.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    EXPECT_EQ(result->files[0].format, CsvFormat::BinanceMetrics);
    EXPECT_TRUE(d.candles.empty());
    ASSERT_EQ(d.openInterest.size(), 2U);
    EXPECT_EQ(d.openInterest.time[0], 1672531500000);  // 2023-01-01 00:05:00 UTC
    EXPECT_DOUBLE_EQ(d.openInterest.base[0], 96497.461);
    EXPECT_DOUBLE_EQ(d.openInterest.quote[1], 1593499421.14);
    ASSERT_EQ(d.longShortRatio.size(), 2U);
    EXPECT_DOUBLE_EQ(d.longShortRatio.value[0], 1.4627);
    ASSERT_EQ(d.takerBuySellRatio.size(), 2U);
    EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[1], 1.2288);
    // count_toptrader_* is the top traders' account ratio, sum_toptrader_* their position ratio.
    ASSERT_EQ(d.topTraderAccountRatio.size(), 2U);
    EXPECT_DOUBLE_EQ(d.topTraderAccountRatio.value[0], 1.2316);
    ASSERT_EQ(d.topTraderPositionRatio.size(), 2U);
    EXPECT_DOUBLE_EQ(d.topTraderPositionRatio.value[1], 1.0820);
    EXPECT_EQ(d.source.symbol, "BTCUSDT");
}

TEST(CsvImport, BinanceFunding)
{
    auto result = importCsvFiles({fixture("funding.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    EXPECT_EQ(result->files[0].format, CsvFormat::BinanceFunding);
    ASSERT_EQ(d.fundingRate.size(), 3U);
    EXPECT_EQ(d.fundingRate.time[0], 1577836800000);
    EXPECT_DOUBLE_EQ(d.fundingRate.value[0], -0.00012359);
    EXPECT_DOUBLE_EQ(d.fundingRate.value[2], -0.00009664);
    EXPECT_EQ(result->files[0].seriesFound, (std::vector<std::string>{"funding_rate"}));
}

TEST(CsvImport, MergesFilesKeepingEachSeriesTimes)
{
    auto result = importCsvFiles({fixture("merge_a.csv"), fixture("merge_b.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->data;
    EXPECT_EQ(d.candles.time, (std::vector<TimeMs>{kT1555, kT1600, kT1605}));
    EXPECT_DOUBLE_EQ(d.candles.open[2], 102.0);
    EXPECT_EQ(d.openInterest.time, (std::vector<TimeMs>{kT1555, kT1600}));
    EXPECT_DOUBLE_EQ(d.openInterest.quote[1], 5100000.0);
    EXPECT_EQ(d.liquidations.time, (std::vector<TimeMs>{kT1600, kT1630}));
    EXPECT_DOUBLE_EQ(d.liquidations.longUsd[1], 1500.0);
    EXPECT_EQ(d.fundingRate.time, (std::vector<TimeMs>{kT1630}));
    EXPECT_EQ(result->files.size(), 2U);
    EXPECT_TRUE(result->warnings.empty());
}

TEST(CsvImport, EqualTimeConflictFirstFileWinsWithWarning)
{
    auto result = importCsvFiles({fixture("conflict_a.csv"), fixture("conflict_b.csv")});
    ASSERT_TRUE(result.ok()) << result.error().message;
    const ValueSeries& f = result->data.fundingRate;
    EXPECT_EQ(f.time, (std::vector<TimeMs>{1779724500000, 1779753300000, 1779782100000}));
    EXPECT_DOUBLE_EQ(f.value[1], 0.0002);
    EXPECT_DOUBLE_EQ(f.value[2], 0.0003);
    ASSERT_EQ(result->warnings.size(), 1U);
    EXPECT_NE(result->warnings[0].find("conflict_b.csv"), std::string::npos);
    EXPECT_NE(result->warnings[0].find("funding_rate"), std::string::npos);
}

TEST(CsvImport, MergeDropsAColumnNotEveryFileHas)
{
    const std::string a = fixture("canonical_ms.csv");            // candles with volume
    const std::string b = fixture("klines_header.csv");           // candles with volume too
    const std::string c = fixture("canonical_iso_crlf_bom.csv");  // no volume, same times as a
    auto result = importCsvFiles({b, c});
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_FALSE(result->data.candles.hasVolume());
    EXPECT_EQ(result->data.candles.size(), 6U);
    EXPECT_TRUE(anyContains(result->warnings, "volume"));

    auto overlap = importCsvFiles({a, c});
    ASSERT_TRUE(overlap.ok()) << overlap.error().message;
    EXPECT_EQ(overlap->data.candles.size(), 3U);
    EXPECT_TRUE(anyContains(overlap->warnings, "3 row(s)"));
}

TEST(CsvImport, FromToFilter)
{
    CsvImportOptions options;
    options.from = kT1600;
    options.to = kT1605;
    auto result = importCsvFiles({fixture("canonical_ms.csv")}, options);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->data.candles.time, (std::vector<TimeMs>{kT1600}));
    EXPECT_EQ(result->files[0].rows, 1U);
    EXPECT_TRUE(result->data.fundingRate.empty());
}

TEST(CsvImport, MaxRowsIsTooLarge)
{
    CsvImportOptions options;
    options.maxRows = 2;
    auto result = importCsvFiles({fixture("canonical_ms.csv")}, options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::TooLarge);
}

TEST(CsvImport, DuplicateRowsInOneFile)
{
    auto same = parseCsv("time,funding_rate\n1,0.1\n2,0.2\n1,0.1\n", "dup.csv");
    ASSERT_TRUE(same.ok()) << same.error().message;
    EXPECT_EQ(same->data.fundingRate.size(), 2U);
    ASSERT_EQ(same->warnings.size(), 1U);
    EXPECT_NE(same->warnings[0].find("line 4"), std::string::npos);

    auto different = parseCsv("time,funding_rate\n1,0.1\n2,0.2\n1,0.3\n", "dup.csv");
    ASSERT_FALSE(different.ok());
    const std::string& message = different.error().message;
    EXPECT_NE(message.find("dup.csv:4:"), std::string::npos) << message;
    EXPECT_NE(message.find("line 2"), std::string::npos) << message;
}

TEST(CsvImportErrors, NonNumericCellNamesLineAndColumn)
{
    auto result = importCsvFiles({fixture("bad_number.csv")});
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_EQ(result.error().code, Error::Code::ParseError);
    EXPECT_NE(message.find("bad_number.csv:3: column 'high': 'abc' is not a number"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(CsvImportErrors, MissingOhlcColumn)
{
    auto result = importCsvFiles({fixture("missing_ohlc.csv")});
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("missing low"), std::string::npos) << message;
}

TEST(CsvImportErrors, NoTimeColumn)
{
    auto result = importCsvFiles({fixture("no_time.csv")});
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("no_time.csv: no time column (expected one of time, timestamp"), std::string::npos)
        << message;
}

TEST(CsvImportErrors, RaggedRow)
{
    auto result = importCsvFiles({fixture("ragged.csv")});
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("ragged.csv:3: expected 5 fields, found 4"), std::string::npos) << message;
}

TEST(CsvImportErrors, PartiallyEmptySeriesRow)
{
    auto result = parseCsv("time,open,high,low,close\n1779724500000,100,,95,105\n", "partial.csv");
    ASSERT_FALSE(result.ok());
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("partial.csv:2: column 'high'"), std::string::npos) << message;
}

TEST(CsvImportErrors, NegativePriceCaughtByValidation)
{
    auto result = importCsvFiles({fixture("negative_price.csv")});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::InvalidData);
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("negative_price.csv"), std::string::npos) << message;
    EXPECT_NE(message.find("open"), std::string::npos) << message;
}

TEST(CsvImportErrors, EmptyFile)
{
    auto result = importCsvFiles({fixture("empty.csv")});
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("empty.csv: empty file"), std::string::npos) << result.error().message;

    auto blank = parseCsv("\r\n\n", "blank.csv");
    ASSERT_FALSE(blank.ok());
}

TEST(CsvImportErrors, MissingFile)
{
    const std::string path = fixture("does_not_exist.csv");
    auto result = importCsvFiles({fixture("canonical_ms.csv"), path});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::NotFound);
    EXPECT_NE(result.error().message.find(path), std::string::npos) << result.error().message;
}

TEST(CsvImportErrors, UnterminatedQuote)
{
    auto result = parseCsv("time,funding_rate\n1,\"0.1\n", "quote.csv");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("quote.csv:2:"), std::string::npos) << result.error().message;
}

TEST(CsvImportLimits, ARecordWithTooManyFieldsIsRefused)
{
    // Headerless "1,1,1,...": refused at the limit, not after splitting the whole line.
    std::string text;
    for (int i = 0; i < 5000; ++i) {
        text += "1,";
    }
    auto result = parseCsv(text + "1\n", "ones.csv");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "ones.csv:1: more than 1024 fields in one record (not a CSV liqheat reads)");
}

TEST(CsvImportLimits, ARecordLongerThan64KiBIsRefused)
{
    // A quoted field may span lines, so the record is bounded on its own, not only each line.
    std::string text = "time,funding_rate\n1,\"";
    for (int i = 0; i < 2000; ++i) {
        text += std::string(40, '7') + "\n";
    }
    auto result = parseCsv(text + "\"\n", "long.csv");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "long.csv:2: record longer than 64 KiB (not a CSV liqheat reads)");
}

TEST(CsvImportLimits, AFileWithAHugeLineStopsReadingEarly)
{
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("liqheat-huge-line-" + std::to_string(::getpid()) + ".csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "time,open,high,low,close\n";
        const std::string chunk(1 << 20, '1');
        for (int i = 0; i < 8; ++i) {
            out << chunk;
        }
    }
    auto result = importCsvFiles({fixture("canonical_ms.csv"), path.string()});
    std::filesystem::remove(path);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::ParseError);
    EXPECT_EQ(result.error().message, path.string() + ": a line is longer than 64 KiB (not a CSV liqheat reads)");
}

TEST(CsvImportErrors, NonFiniteValueIsNotANumber)
{
    auto result = parseCsv("time,funding_rate\n1,nan\n", "nan.csv");
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("'nan' is not a number"), std::string::npos) << result.error().message;
}

TEST(CsvImportReal, SharedDataFiles)
{
    const std::string candlesPath = sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv");
    const std::string fundingPath = sharedData("binance_btcusdt_funding_8h.csv");
    const std::string liqPath = sharedData("btc_liquidations_30m_2026-05-21_2026-06-08.csv");
    for (const auto& path : {candlesPath, fundingPath, liqPath}) {
        if (!std::filesystem::exists(path)) {
            GTEST_SKIP() << "real data not present: " << path;
        }
    }

    auto candles = importCsvFiles({candlesPath});
    ASSERT_TRUE(candles.ok()) << candles.error().message;
    {
        const MarketData& d = candles->data;
        ASSERT_FALSE(d.candles.empty());
        EXPECT_EQ(formatTimeIso(d.candles.time[0]), "2026-05-25T15:55:00Z");
        EXPECT_DOUBLE_EQ(d.candles.open[0], 77578.6);
        EXPECT_DOUBLE_EQ(d.candles.high[0], 77629.4);
        EXPECT_DOUBLE_EQ(d.candles.low[0], 77568.5);
        EXPECT_DOUBLE_EQ(d.candles.close[0], 77587.2);
        EXPECT_FALSE(d.candles.hasVolume());
        ASSERT_FALSE(d.openInterest.empty());
        EXPECT_EQ(d.openInterest.time[0], d.candles.time[0]);
        EXPECT_DOUBLE_EQ(d.openInterest.quote[0], 7719003148.8787);
        EXPECT_TRUE(d.openInterest.base.empty());
        EXPECT_TRUE(d.fundingRate.empty());  // funding_rate_raw is not aliased
        EXPECT_EQ(formatTimeIso(d.candles.time.back()), "2026-06-22T11:45:00Z");
        const auto& ignored = candles->files[0].ignoredColumns;
        EXPECT_TRUE(contains(ignored, "funding_rate_raw"));
        EXPECT_TRUE(contains(ignored, "datetime_utc"));
        EXPECT_TRUE(contains(ignored, "cvd_from_taker_ratio"));
    }

    auto funding = importCsvFiles({fundingPath});
    ASSERT_TRUE(funding.ok()) << funding.error().message;
    EXPECT_EQ(funding->files[0].format, CsvFormat::BinanceFunding);
    ASSERT_FALSE(funding->data.fundingRate.empty());
    EXPECT_EQ(funding->data.fundingRate.time[0], 1577836800000);
    EXPECT_DOUBLE_EQ(funding->data.fundingRate.value[0], -0.00012359);

    auto liq = importCsvFiles({liqPath});
    ASSERT_TRUE(liq.ok()) << liq.error().message;
    {
        const MarketData& d = liq->data;
        ASSERT_FALSE(d.liquidations.empty());
        EXPECT_EQ(formatTimeIso(d.liquidations.time[0]), "2026-05-21T10:00:00Z");
        EXPECT_DOUBLE_EQ(d.liquidations.longUsd[0], 553140.25838);
        EXPECT_DOUBLE_EQ(d.liquidations.shortUsd[0], 10549.65928);
        EXPECT_TRUE(d.candles.empty());  // price_* are not candles
        EXPECT_TRUE(d.openInterest.empty());
        EXPECT_TRUE(d.fundingRate.empty());
        const auto& ignored = liq->files[0].ignoredColumns;
        EXPECT_TRUE(contains(ignored, "price_open"));
        EXPECT_TRUE(contains(ignored, "funding_close"));
        EXPECT_TRUE(contains(ignored, "oi_close"));
        EXPECT_TRUE(contains(ignored, "liquidation_total_usd"));
    }

    // All three together: each series keeps its own timestamps and the result validates.
    auto all = importCsvFiles({candlesPath, fundingPath, liqPath});
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(all->data.candles.size(), candles->data.candles.size());
    EXPECT_EQ(all->data.fundingRate.size(), funding->data.fundingRate.size());
    EXPECT_EQ(all->data.liquidations.size(), liq->data.liquidations.size());
    EXPECT_EQ(all->data.liquidationIntervalMs(), 30 * 60'000);
    EXPECT_EQ(all->data.candleIntervalMs(), 5 * 60'000);
}

// ---------------------------------------------------------------------------------------------
// Individual liquidation orders, aggregated per interval
// ---------------------------------------------------------------------------------------------

namespace {

// force_orders_small.csv (constructed, Binance force-order shape): 2025-12-27T14:55:00Z.
constexpr TimeMs kLiqT0 = 1766847300000;
constexpr TimeMs kFiveMin = 5 * 60'000;

CsvImportOptions liqOptions(const std::string& symbol, TimeMs interval = kFiveMin)
{
    CsvImportOptions options;
    options.liquidationSymbol = symbol;
    options.liquidationIntervalMs = interval;
    return options;
}

}  // namespace

TEST(CsvImportLiquidationOrders, BinanceForceOrdersAggregatedPer5mWithZeroGap)
{
    auto result = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("BTC"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->files.size(), 1U);
    EXPECT_EQ(result->files[0].format, CsvFormat::BinanceForceOrders);
    EXPECT_EQ(toString(CsvFormat::BinanceForceOrders), "binance-force-orders");
    EXPECT_EQ(result->files[0].rows, 5U);  // BTC orders
    EXPECT_TRUE(contains(result->files[0].seriesFound, "liquidations"));
    const MarketData& d = result->data;
    EXPECT_EQ(d.source.symbol, "BTCUSDT");
    EXPECT_TRUE(contains(d.source.exchanges, "binance"));
    EXPECT_TRUE(d.candles.empty());
    const LiquidationSeries& liq = d.liquidations;
    EXPECT_EQ(liq.intervalMs, kFiveMin);
    // By hand (SELL = long liquidated, BUY = short):
    //   14:55  SELL 1000.5 (t0+10 s), BUY 250.25 (t0+299.999 s, still in the first interval)
    //   15:00  SELL with empty usd_size: average_price 50000 x accumulated_quantity 0.01 = 500
    //   15:05  nothing: a real zero row
    //   15:10  BUY 2000, SELL 100 (a row with one extra trailing field)
    ASSERT_EQ(liq.size(), 4U);
    const std::vector<TimeMs> times = {kLiqT0, kLiqT0 + kFiveMin, kLiqT0 + 2 * kFiveMin, kLiqT0 + 3 * kFiveMin};
    const std::vector<double> longs = {1000.5, 500.0, 0.0, 100.0};
    const std::vector<double> shorts = {250.25, 0.0, 0.0, 2000.0};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(liq.time[i], times[i]) << i;
        EXPECT_DOUBLE_EQ(liq.longUsd[i], longs[i]) << i;
        EXPECT_DOUBLE_EQ(liq.shortUsd[i], shorts[i]) << i;
    }
    EXPECT_EQ(d.liquidationIntervalMs(), kFiveMin);
}

TEST(CsvImportLiquidationOrders, AnyIntervalBucketsByFloor)
{
    // 15 min: floor(14:55) = 14:45 holds the first two orders, 15:00 all the rest.
    auto result = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("BTC", 15 * 60'000));
    ASSERT_TRUE(result.ok()) << result.error().message;
    const LiquidationSeries& liq = result->data.liquidations;
    EXPECT_EQ(liq.intervalMs, 15 * 60'000);
    ASSERT_EQ(liq.size(), 2U);
    EXPECT_EQ(formatTimeIso(liq.time[0]), "2025-12-27T14:45:00Z");
    EXPECT_DOUBLE_EQ(liq.longUsd[0], 1000.5);
    EXPECT_DOUBLE_EQ(liq.shortUsd[0], 250.25);
    EXPECT_EQ(formatTimeIso(liq.time[1]), "2025-12-27T15:00:00Z");
    EXPECT_DOUBLE_EQ(liq.longUsd[1], 600.0);
    EXPECT_DOUBLE_EQ(liq.shortUsd[1], 2000.0);

    auto bad = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("BTC", 0));
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("interval"), std::string::npos);
}

TEST(CsvImportLiquidationOrders, SymbolFiltering)
{
    // ETH only: 14:55 SELL 777; 15:11:40 BUY 333 lands in 15:10; 15:00 and 15:05 are zeros.
    auto eth = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("eth"));
    ASSERT_TRUE(eth.ok()) << eth.error().message;
    EXPECT_EQ(eth->data.source.symbol, "ETHUSDT");
    const LiquidationSeries& liq = eth->data.liquidations;
    ASSERT_EQ(liq.size(), 4U);
    EXPECT_DOUBLE_EQ(liq.longUsd[0], 777.0);
    EXPECT_DOUBLE_EQ(liq.shortUsd[3], 333.0);
    EXPECT_DOUBLE_EQ(liq.longUsd[1] + liq.shortUsd[1] + liq.longUsd[2] + liq.shortUsd[2], 0.0);

    // The quote currency may be given.
    auto btc = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("BTCUSDT"));
    ASSERT_TRUE(btc.ok()) << btc.error().message;
    EXPECT_EQ(btc->data.liquidations.size(), 4U);

    // Several symbols and none chosen: one line naming what was found.
    auto none = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions(""));
    ASSERT_FALSE(none.ok());
    const std::string& message = none.error().message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_NE(message.find("several symbols"), std::string::npos) << message;
    EXPECT_NE(message.find("BTC"), std::string::npos) << message;
    EXPECT_NE(message.find("ETH"), std::string::npos) << message;

    auto missing = importCsvFiles({fixture("force_orders_small.csv")}, liqOptions("SOL"));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("no liquidation orders of SOL (found BTC, ETH)"), std::string::npos)
        << missing.error().message;
}

TEST(CsvImportLiquidationOrders, GenericHeaderForms)
{
    // time, side (long|short or BUY|SELL), usd; a single symbol needs no choice.
    const std::string usd =
        "time,side,usd\n"
        "2025-12-27T14:55:10Z,long,100\n"
        "2025-12-27T14:56:00Z,SELL,50\n"
        "2025-12-27T14:57:00Z,short,20\n"
        "2025-12-27T15:06:00Z,BUY,7.5\n";
    auto a = parseCsv(usd, "usd.csv");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->files[0].format, CsvFormat::LiquidationOrders);
    EXPECT_EQ(toString(CsvFormat::LiquidationOrders), "liquidation-orders");
    const LiquidationSeries& la = a->data.liquidations;
    ASSERT_EQ(la.size(), 3U);
    EXPECT_DOUBLE_EQ(la.longUsd[0], 150.0);
    EXPECT_DOUBLE_EQ(la.shortUsd[0], 20.0);
    EXPECT_DOUBLE_EQ(la.longUsd[1] + la.shortUsd[1], 0.0);
    EXPECT_DOUBLE_EQ(la.shortUsd[2], 7.5);

    // price + qty, with a symbol column, filtered.
    const std::string priced =
        "timestamp,symbol,side,price,qty,note\n"
        "1766847310000,BTCUSDT,SELL,50000,0.5,x\n"
        "1766847320000,ETHUSDT,SELL,3000,1,y\n"
        "1766847330000,BTCUSDT,BUY,50010,0.1,z\n";
    CsvImportOptions options;
    options.liquidationSymbol = "BTC";
    auto b = parseCsv(priced, "priced.csv", options);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_TRUE(contains(b->files[0].ignoredColumns, "note"));
    ASSERT_EQ(b->data.liquidations.size(), 1U);
    EXPECT_DOUBLE_EQ(b->data.liquidations.longUsd[0], 25000.0);
    EXPECT_DOUBLE_EQ(b->data.liquidations.shortUsd[0], 5001.0);
}

TEST(CsvImportLiquidationOrders, BadInputIsAOneLineError)
{
    const auto expectError = [](const std::string& text, const std::string& part) {
        auto r = parseCsv(text, "bad.csv");
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
        EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    };
    expectError("time,side,usd\n1766847310000,sideways,1\n", "bad.csv:2: column 'side'");
    expectError("time,side,usd\n1766847310000,long,abc\n", "bad.csv:2: column 'usd'");
    expectError("time,side,usd\n1766847310000,long,-5\n", "bad.csv:2:");
    expectError("time,side,usd\nyesterday,long,5\n", "bad.csv:2: column 'time'");
    expectError("time,side\n1766847310000,long\n", "need a usd column or price and qty");

    // Canonical data columns win over a column that happens to be called "side".
    auto canonical = parseCsv("time,close,open,high,low,side\n1766847300000,2,1,3,1,x\n", "candles.csv");
    ASSERT_TRUE(canonical.ok()) << canonical.error().message;
    EXPECT_EQ(canonical->files[0].format, CsvFormat::Canonical);
    EXPECT_EQ(canonical->data.candles.size(), 1U);
    expectError("BTC,SELL,LIMIT,IOC,1,2,3,FILLED,1,1,1766847310000,5\nBTC,SELL,LIMIT\n",
                "bad.csv:2: expected 12 fields");
}

TEST(CsvImportLiquidationOrders, RealBinanceForceOrderDump)
{
    const std::string path = sharedData("force_orders/binance_force_orders_2025-12-27_2025-12-28.csv");
    if (!std::filesystem::exists(path)) {
        GTEST_SKIP() << "shared data not present: " << path;
    }
    // The dump holds many symbols: choosing none fails.
    auto none = importCsvFiles({path});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("several symbols"), std::string::npos);

    auto result = importCsvFiles({path}, liqOptions("BTC"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->files[0].format, CsvFormat::BinanceForceOrders);
    EXPECT_EQ(result->files[0].rows, 6U);
    const LiquidationSeries& liq = result->data.liquidations;
    // 6 BTC orders from 2025-12-27T14:57:28Z to 2025-12-28T20:29:23Z: 5-minute intervals
    // 14:55 (1766847300000) .. 20:25 (1766953500000) = (1766953500000 - 1766847300000) / 300000 + 1
    // = 355 rows, nearly all real zeros.
    ASSERT_EQ(liq.size(), 355U);
    EXPECT_EQ(formatTimeIso(liq.time.front()), "2025-12-27T14:55:00Z");
    EXPECT_EQ(formatTimeIso(liq.time.back()), "2025-12-28T20:25:00Z");
    // Hand-computed from the file:
    //   awk -F, '$1=="BTC" && $11>=1766953500000 && $11<1766953800000' FILE
    //   -> SELL 435.961 (1766953699489) + SELL 1656.7183 (1766953763189) = 2092.6793 long, 0 short.
    //   The 15:30 interval (1766849400000) holds BUY 20119.5965 only: 20119.5965 short.
    EXPECT_NEAR(liq.longUsd.back(), 2092.6793, 1e-6);
    EXPECT_DOUBLE_EQ(liq.shortUsd.back(), 0.0);
    const auto at1530 = std::find(liq.time.begin(), liq.time.end(), 1766849400000);
    ASSERT_NE(at1530, liq.time.end());
    const auto i = static_cast<std::size_t>(at1530 - liq.time.begin());
    EXPECT_NEAR(liq.shortUsd[i], 20119.5965, 1e-6);
    EXPECT_DOUBLE_EQ(liq.longUsd[i], 0.0);
    // Totals over the file (python: sum of usd_size by side for symbol BTC): long 2702.7665,
    // short 22668.7023.
    double longs = 0.0;
    double shorts = 0.0;
    for (std::size_t k = 0; k < liq.size(); ++k) {
        longs += liq.longUsd[k];
        shorts += liq.shortUsd[k];
    }
    EXPECT_NEAR(longs, 2702.7665, 1e-6);
    EXPECT_NEAR(shorts, 22668.7023, 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Binance metrics one row per hour (../shared/data), stamped at the record's own time
// ---------------------------------------------------------------------------------------------

namespace {

const char* const kHourlyHeader =
    "hour_end_ms,sum_open_interest_value,sum_open_interest,count_toptrader_long_short_ratio,"
    "sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n";
constexpr TimeMs kRecordOffset = 5 * 60'000;  // the hour's last 5-minute record, 5 min before its end

}  // namespace

TEST(CsvImportHourlyMetrics, MapsEveryColumnAndStampsTheRecordTime)
{
    // The first two rows of the shared file.
    const std::string text = std::string(kHourlyHeader) +
                             "1777611600000,7398877064.131397,96091.181,0.85069792,0.802867,0.84473956,0.611181\n"
                             "1777615200000,7412733955.473,96100.41,0.8492823,0.803775,0.84233318,1.626202\n";
    auto result = parseCsv(text, "hourly.csv");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->files[0].format, CsvFormat::BinanceMetricsHourly);
    EXPECT_EQ(toString(CsvFormat::BinanceMetricsHourly), "binance-metrics-1h");
    const MarketData& d = result->data;
    ASSERT_EQ(d.longShortRatio.size(), 2U);
    EXPECT_EQ(d.longShortRatio.time[0], 1777611600000 - kRecordOffset);
    EXPECT_EQ(formatTimeIso(d.longShortRatio.time[0]), "2026-05-01T04:55:00Z");
    EXPECT_DOUBLE_EQ(d.longShortRatio.value[0], 0.84473956);
    EXPECT_DOUBLE_EQ(d.topTraderAccountRatio.value[0], 0.85069792);
    EXPECT_DOUBLE_EQ(d.topTraderPositionRatio.value[1], 0.803775);
    EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[1], 1.626202);
    ASSERT_EQ(d.openInterest.size(), 2U);  // alone, its open interest is used
    EXPECT_EQ(d.openInterest.time[1], 1777615200000 - kRecordOffset);
    EXPECT_DOUBLE_EQ(d.openInterest.base[0], 96091.181);
    EXPECT_DOUBLE_EQ(d.openInterest.quote[1], 7412733955.473);
    EXPECT_EQ(d.source.exchanges, std::vector<std::string>{"binance"});
}

TEST(CsvImportHourlyMetrics, FromAndToApplyToTheRecordTime)
{
    // hour_end 05:00 holds the 04:55 record: inside [04:55, 05:55), the 05:55 record is not.
    const std::string text = std::string(kHourlyHeader) +
                             "1777611600000,7398877064.131397,96091.181,0.85069792,0.802867,0.84473956,0.611181\n"
                             "1777615200000,7412733955.473,96100.41,0.8492823,0.803775,0.84233318,1.626202\n";
    CsvImportOptions options;
    options.from = 1777611600000 - kRecordOffset;
    options.to = 1777615200000 - kRecordOffset;
    auto result = parseCsv(text, "hourly.csv", options);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->data.longShortRatio.size(), 1U);
    EXPECT_DOUBLE_EQ(result->data.longShortRatio.value[0], 0.84473956);
}

TEST(CsvImportHourlyMetrics, RealFileMergedWithFiveMinuteCandles)
{
    const std::string hourlyPath = sharedData("binance_btcusdt_metrics_1h_2026-05-01_2026-06-27.csv");
    const std::string candlesPath = sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv");
    for (const auto& path : {hourlyPath, candlesPath}) {
        if (!std::filesystem::exists(path)) {
            GTEST_SKIP() << "real data not present: " << path;
        }
    }
    auto hourly = importCsvFiles({hourlyPath});
    ASSERT_TRUE(hourly.ok()) << hourly.error().message;
    {
        const MarketData& d = hourly->data;
        // 2026-05-01 05:00 to 2026-06-27 18:00, one row per hour, each 5 min before its hour's end.
        ASSERT_EQ(d.longShortRatio.size(), 1382U);
        EXPECT_EQ(formatTimeIso(d.longShortRatio.time.front()), "2026-05-01T04:55:00Z");
        EXPECT_EQ(formatTimeIso(d.longShortRatio.time.back()), "2026-06-27T17:55:00Z");
        EXPECT_EQ(d.openInterest.size(), 1382U);
    }

    // In either order the 5-minute open interest stays whole: the hourly one is left out, with a
    // warning, while the ratios (only the metrics give them) come in.
    for (const bool hourlyFirst : {false, true}) {
        const auto paths = hourlyFirst ? std::vector<std::string>{hourlyPath, candlesPath}
                                       : std::vector<std::string>{candlesPath, hourlyPath};
        auto merged = importCsvFiles(paths);
        ASSERT_TRUE(merged.ok()) << merged.error().message;
        const MarketData& d = merged->data;
        EXPECT_EQ(d.openInterest.size(), d.candles.size());
        EXPECT_EQ(d.openInterest.time, d.candles.time);
        EXPECT_TRUE(d.openInterest.base.empty());  // the hourly BTC column never mixed in
        EXPECT_DOUBLE_EQ(d.openInterest.quote[0], 7719003148.8787);
        EXPECT_TRUE(anyContains(merged->warnings, "open_interest not used"));
        EXPECT_EQ(d.longShortRatio.size(), 1382U);
        // hour_end 2026-06-02 00:00 in the file: its 23:55 record, 2.09170917 long/short.
        const auto at =
            std::lower_bound(d.longShortRatio.time.begin(), d.longShortRatio.time.end(), 1780358400000 - kRecordOffset);
        ASSERT_NE(at, d.longShortRatio.time.end());
        EXPECT_EQ(*at, 1780358400000 - kRecordOffset);
        const auto i = static_cast<std::size_t>(at - d.longShortRatio.time.begin());
        EXPECT_DOUBLE_EQ(d.longShortRatio.value[i], 2.09170917);
        EXPECT_DOUBLE_EQ(d.topTraderAccountRatio.value[i], 2.18744443);
        EXPECT_DOUBLE_EQ(d.topTraderPositionRatio.value[i], 1.551018);
        EXPECT_DOUBLE_EQ(d.takerBuySellRatio.value[i], 0.668753);
    }
}
