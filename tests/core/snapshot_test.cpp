#include "liqheat/io/snapshot.h"
#include "liqheat/io/file_io.h"

#include "../support/temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifdef __unix__
#include <sys/resource.h>
#include <unistd.h>
#include <csignal>
#endif

namespace fs = std::filesystem;
using namespace liqheat;
using namespace liqheat::test;

namespace {

// ---------------------------------------------------------------------------------------------
// Helpers

// Doubles compared bit for bit: -0.0 vs 0.0 or a last-digit change must fail.
::testing::AssertionResult bitEqual(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) {
        return ::testing::AssertionFailure() << "sizes differ: " << a.size() << " vs " << b.size();
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::memcmp(&a[i], &b[i], sizeof(double)) != 0) {
            return ::testing::AssertionFailure()
                   << "row " << i << " differs: " << std::hexfloat << a[i] << " vs " << b[i];
        }
    }
    return ::testing::AssertionSuccess();
}

void expectSameData(const MarketData& a, const MarketData& b)
{
    EXPECT_EQ(a.source.exchanges, b.source.exchanges);
    EXPECT_EQ(a.source.symbol, b.source.symbol);
    EXPECT_EQ(a.source.intervalMs, b.source.intervalMs);

    EXPECT_EQ(a.candles.time, b.candles.time);
    EXPECT_TRUE(bitEqual(a.candles.open, b.candles.open));
    EXPECT_TRUE(bitEqual(a.candles.high, b.candles.high));
    EXPECT_TRUE(bitEqual(a.candles.low, b.candles.low));
    EXPECT_TRUE(bitEqual(a.candles.close, b.candles.close));
    EXPECT_TRUE(bitEqual(a.candles.volume, b.candles.volume));

    EXPECT_EQ(a.openInterest.time, b.openInterest.time);
    EXPECT_TRUE(bitEqual(a.openInterest.base, b.openInterest.base));
    EXPECT_TRUE(bitEqual(a.openInterest.quote, b.openInterest.quote));

    for (const auto& [x, y] : {std::pair{&a.fundingRate, &b.fundingRate},
                               {&a.longShortRatio, &b.longShortRatio},
                               {&a.topTraderAccountRatio, &b.topTraderAccountRatio},
                               {&a.topTraderPositionRatio, &b.topTraderPositionRatio},
                               {&a.takerBuySellRatio, &b.takerBuySellRatio}}) {
        EXPECT_EQ(x->time, y->time);
        EXPECT_TRUE(bitEqual(x->value, y->value));
    }

    EXPECT_EQ(a.liquidations.time, b.liquidations.time);
    EXPECT_TRUE(bitEqual(a.liquidations.longUsd, b.liquidations.longUsd));
    EXPECT_TRUE(bitEqual(a.liquidations.shortUsd, b.liquidations.shortUsd));
    EXPECT_EQ(a.liquidations.intervalMs, b.liquidations.intervalMs);
}

// Values that a lossy number format would change.
Snapshot awkwardSnapshot()
{
    Snapshot s;
    MarketData& d = s.data;
    d.source = {{"binance", "bybit"}, "BTCUSDT", 300'000};

    const double tiny = std::numeric_limits<double>::denorm_min();
    d.candles.time = {1'700'000'000'000, 1'700'000'300'000, 4'102'444'800'000};
    d.candles.open = {0.1 + 0.2, 77578.6, 1e-300};
    d.candles.high = {0.7, 77600.15, 2e-300};
    d.candles.low = {0.1, 77500.05, tiny};
    d.candles.close = {0.3, std::nextafter(77578.6, 1e6), 1.5e-300};
    d.candles.volume = {0.0, std::numeric_limits<double>::max(), 123.456789012345678};

    d.openInterest.time = {1'700'000'000'000, 1'700'000'300'000};
    d.openInterest.base = {1.0 / 3.0, 2.0 / 3.0};  // quote stays empty: optional column

    d.fundingRate.time = {1'700'000'000'000, 1'700'028'800'000, 1'700'057'600'000};
    d.fundingRate.value = {-0.0, -1e-300, 0.0001};
    d.longShortRatio.time = {1'700'000'000'000};
    d.longShortRatio.value = {1.0 / 7.0};
    d.takerBuySellRatio.time = {1'700'000'000'000, 1'700'000'300'000};
    d.takerBuySellRatio.value = {std::numeric_limits<double>::min(), 2.5};

    // 2^53 + 1 is not representable as a double: times must stay integers all the way.
    d.liquidations.time = {1, 9'007'199'254'740'993, std::numeric_limits<std::int64_t>::max()};
    d.liquidations.longUsd = {0.0, 1e15 + 0.5, tiny};
    d.liquidations.shortUsd = {123456.789, 0.1 * 3.0, 5e-324};
    d.liquidations.intervalMs = 60'000;

    s.createdUtc = "2026-11-25T13:00:00Z";
    return s;
}

ModelSettings customModel()
{
    ModelSettings m;
    m.preset = "custom";
    m.tiers = {{3.0, 0.1 + 0.2}, {12.5, 1.0 / 3.0}, {125.0, 1e-9}};
    m.bucketSize = 12.5;
    m.decayHalfLifeHours = 6.25;
    m.entry = EntryPlacement::Spread;
    m.entrySpreadPoints = 9;
    m.maintenanceMarginRate = 0.0065;
    return m;
}

// A small valid document, the base of the hand-written variants below.
std::string minimalDocument(const std::string& version = R"({"major":1,"minor":0})", const std::string& extra = "",
                            const std::string& extraSeries = "")
{
    return R"({"format":"liqheat-snapshot","version":)" + version + R"(,"created":"2026-11-25T13:00:00Z",)" +
           R"("source":{"exchanges":["binance"],"symbol":"BTCUSDT","interval":"5m"},)" +
           R"("series":{"candles":{"time":[1700000000000,1700000300000,1700000600000],)" +
           R"("open":[100.5,101.5,102.5],"high":[101,102,103],"low":[99,100,101],"close":[100.5,101.5,102.5]})" +
           extraSeries + "}" + extra + "}";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Round trips

TEST(SnapshotRoundTrip, JsonIsBitExact)
{
    const Snapshot original = awkwardSnapshot();
    const std::string json = toJson(original);
    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectSameData(original.data, back->data);
    EXPECT_EQ(back->createdUtc, original.createdUtc);
    EXPECT_TRUE(std::signbit(back->data.fundingRate.value[0])) << "-0.0 lost its sign";
    EXPECT_EQ(back->data.liquidations.time[1], 9'007'199'254'740'993);
    // Writing the parsed document again gives the same bytes.
    EXPECT_EQ(toJson(*back), json);
}

TEST(SnapshotRoundTrip, GzipIsBitExact)
{
    const Snapshot original = awkwardSnapshot();
    auto compressed = gzipCompress(toJson(original));
    ASSERT_TRUE(compressed.ok()) << compressed.error().message;
    ASSERT_TRUE(isGzip(*compressed));
    auto back = readSnapshotBytes(*compressed);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectSameData(original.data, back->data);
}

TEST(SnapshotRoundTrip, ThroughFilesPlainAndGzip)
{
    TempDir dir;
    const Snapshot original = awkwardSnapshot();
    struct Case {
        std::string name;
        Compression compression;
        bool expectGzip;
    };
    for (const Case& c :
         {Case{"plain.json", Compression::ByExtension, false}, Case{"packed.json.gz", Compression::ByExtension, true},
          Case{"forced.json", Compression::Gzip, true}, Case{"unpacked.json.gz", Compression::None, false}}) {
        SCOPED_TRACE(c.name);
        const std::string path = dir.file(c.name);
        auto written = writeSnapshot(original, path, c.compression);
        ASSERT_TRUE(written.ok()) << written.error().message;
        EXPECT_EQ(isGzip(slurp(path)), c.expectGzip);
        auto back = readSnapshot(path);
        ASSERT_TRUE(back.ok()) << back.error().message;
        expectSameData(original.data, back->data);
        EXPECT_EQ(back->model, original.model);
    }
}

TEST(SnapshotRoundTrip, ModelSettings)
{
    Snapshot original = awkwardSnapshot();
    original.model = customModel();
    auto back = snapshotFromJson(toJson(original));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->model, original.model);
    ASSERT_EQ(back->model.tiers.size(), 3U);
    EXPECT_TRUE(bitEqual({back->model.tiers[0].weight}, {0.1 + 0.2}));

    // Every entry placement survives.
    for (EntryPlacement entry : {EntryPlacement::Close, EntryPlacement::Typical, EntryPlacement::Spread}) {
        original.model.entry = entry;
        auto again = snapshotFromJson(toJson(original));
        ASSERT_TRUE(again.ok()) << again.error().message;
        EXPECT_EQ(again->model.entry, entry);
    }
}

TEST(SnapshotRoundTrip, MissingModelMeansDefaults)
{
    auto back = snapshotFromJson(minimalDocument());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->model, ModelSettings{});
    EXPECT_EQ(back->data.candles.size(), 3U);
    EXPECT_EQ(back->data.source.intervalMs, 300'000);
    EXPECT_FALSE(back->data.candles.hasVolume());
}

TEST(SnapshotRoundTrip, UnusualIntervalsAndEmptySeries)
{
    Snapshot s;
    s.data.source.symbol = "ETHUSDT";
    for (TimeMs interval : {TimeMs{0}, TimeMs{1500}, TimeMs{90'000}, TimeMs{7 * 86'400'000LL}}) {
        SCOPED_TRACE(interval);
        s.data.source.intervalMs = interval;
        auto back = snapshotFromJson(toJson(s));
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(back->data.source.intervalMs, interval);
        EXPECT_TRUE(back->data.candles.empty());
        EXPECT_TRUE(back->data.liquidations.empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Document layout

TEST(SnapshotFormat, LayoutMatchesTheDocumentedSchema)
{
    Snapshot s;
    s.data.source = {{"binance"}, "BTCUSDT", 300'000};
    s.data.candles.time = {1'700'000'000'000};
    s.data.candles.open = {100.0};
    s.data.candles.high = {101.0};
    s.data.candles.low = {99.0};
    s.data.candles.close = {100.5};
    s.data.liquidations.time = {1'700'000'000'000};
    s.data.liquidations.longUsd = {5.0};
    s.data.liquidations.shortUsd = {0.0};
    s.data.liquidations.intervalMs = 60'000;
    s.createdUtc = "2026-11-25T13:00:00Z";
    const std::string json = toJson(s);

    EXPECT_EQ(json.rfind(R"({"format":"liqheat-snapshot","version":{"major":1,"minor":0},)"
                         R"("created":"2026-11-25T13:00:00Z",)"
                         R"("source":{"exchanges":["binance"],"symbol":"BTCUSDT","interval":"5m"},)"
                         R"("series":{"candles":{"time":[1700000000000],"open":[100.0],"high":[101.0],)"
                         R"("low":[99.0],"close":[100.5]},)"
                         R"("liquidations":{"time":[1700000000000],"long_usd":[5.0],"short_usd":[0.0],)"
                         R"("interval_ms":60000}},)"
                         R"("model":{"preset":"balanced","bucket_size":0.0,"decay_half_life_hours":0.0,)"
                         R"("entry":"spread","entry_spread_points":5,"maintenance_margin_rate":0.004}})",
                         0),
              0U)
        << json;
    // Absent series and optional columns are left out rather than written empty.
    EXPECT_EQ(json.find("volume"), std::string::npos);
    EXPECT_EQ(json.find("funding_rate"), std::string::npos);
    EXPECT_EQ(json.find("tiers"), std::string::npos);
}

TEST(SnapshotFormat, WriterStampsCreationTimeWhenEmpty)
{
    Snapshot s;
    auto back = snapshotFromJson(toJson(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(std::regex_match(back->createdUtc, std::regex(R"(20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\dZ)")))
        << back->createdUtc;
}

TEST(SnapshotFormat, NewerMinorVersionIsReadAndMayAddKeys)
{
    const std::string newer =
        minimalDocument(R"({"major":1,"minor":7})", R"(,"annotations":[])", R"(,"order_book":{"time":[]})");
    auto back = snapshotFromJson(newer);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->data.candles.size(), 3U);

    // The same additions in a 1.0 document are typos.
    auto strict = snapshotFromJson(minimalDocument(R"({"major":1,"minor":0})", "", R"(,"order_book":{"time":[]})"));
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.error().code, Error::Code::ParseError);
    EXPECT_NE(strict.error().message.find("series: unknown key \"order_book\""), std::string::npos)
        << strict.error().message;
}

TEST(SnapshotFormat, TopTraderRatiosRoundTripAsVersionOneTwo)
{
    Snapshot s = awkwardSnapshot();
    s.data.topTraderAccountRatio.time = {1'700'000'000'000, 1'700'003'600'000};
    s.data.topTraderAccountRatio.value = {2.18744443, 1.0 / 3.0};
    s.data.topTraderPositionRatio.time = {1'700'000'000'000};
    s.data.topTraderPositionRatio.value = {1.551018};
    const std::string json = toJson(s);
    EXPECT_NE(json.find(R"("version":{"major":1,"minor":2})"), std::string::npos) << json.substr(0, 80);
    EXPECT_NE(json.find(R"("top_trader_account_ratio":{"time":[1700000000000,1700003600000],)"), std::string::npos);
    auto back = snapshotFromJson(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectSameData(s.data, back->data);

    // Without them the writer stays at 1.0, which every reader knows.
    EXPECT_NE(toJson(awkwardSnapshot()).find(R"("version":{"major":1,"minor":0})"), std::string::npos);
}

TEST(SnapshotFormat, TopTraderRatiosAreOptionalAndKnownFromOneTwo)
{
    // An older document without them reads, with the series empty.
    auto old = snapshotFromJson(minimalDocument());
    ASSERT_TRUE(old.ok()) << old.error().message;
    EXPECT_TRUE(old->data.topTraderAccountRatio.empty());
    EXPECT_TRUE(old->data.topTraderPositionRatio.empty());

    const std::string series = R"(,"top_trader_position_ratio":{"time":[1700000000000],"value":[1.25]})";
    auto current = snapshotFromJson(minimalDocument(R"({"major":1,"minor":2})", "", series));
    ASSERT_TRUE(current.ok()) << current.error().message;
    ASSERT_EQ(current->data.topTraderPositionRatio.size(), 1U);
    EXPECT_DOUBLE_EQ(current->data.topTraderPositionRatio.value[0], 1.25);

    // In a 1.1 document the key did not exist yet: a typo, like any unknown key.
    auto strict = snapshotFromJson(minimalDocument(R"({"major":1,"minor":1})", "", series));
    ASSERT_FALSE(strict.ok());
    EXPECT_NE(strict.error().message.find("unknown key \"top_trader_position_ratio\""), std::string::npos)
        << strict.error().message;

    // Values are validated like the other ratios.
    auto negative = snapshotFromJson(minimalDocument(
        R"({"major":1,"minor":2})", "", R"(,"top_trader_account_ratio":{"time":[1700000000000],"value":[-1]})"));
    ASSERT_FALSE(negative.ok());
    EXPECT_NE(negative.error().message.find("top_trader_account_ratio row 0 (value)"), std::string::npos)
        << negative.error().message;
}

// ---------------------------------------------------------------------------------------------
// Malformed input: the corpus in tests/fixtures/malformed/snapshot_*

namespace {

struct MalformedCase {
    Error::Code code;
    std::string message;  ///< substring of the error message
    SnapshotLimits limits;
};

SnapshotLimits limitsWith(std::size_t maxBytes, std::size_t maxRows)
{
    SnapshotLimits limits;
    limits.maxBytes = maxBytes;
    limits.maxRowsPerSeries = maxRows;
    return limits;
}

const std::map<std::string, MalformedCase>& malformedCases()
{
    using C = Error::Code;
    const SnapshotLimits defaults;
    static const std::map<std::string, MalformedCase> cases{
        {"snapshot_empty.json", {C::ParseError, "document is empty", defaults}},
        {"snapshot_truncated.json", {C::ParseError, "document is truncated: unexpected end at byte 386", defaults}},
        {"snapshot_not_json.json",
         {C::ParseError, "not valid JSON at byte 2: syntax error while parsing value - invalid literal", defaults}},
        {"snapshot_trailing_garbage.json", {C::ParseError, "not valid JSON at byte", defaults}},
        {"snapshot_not_object.json", {C::ParseError, "not a liqheat snapshot: the document is an array", defaults}},
        {"snapshot_wrong_format.json",
         {C::ParseError, R"(not a liqheat snapshot: "format" is "heatmap-export")", defaults}},
        {"snapshot_version_2.json", {C::UnsupportedVersion, "unsupported snapshot version 2.0", defaults}},
        {"snapshot_missing_version.json", {C::UnsupportedVersion, R"(missing "version")", defaults}},
        {"snapshot_wrong_type.json",
         {C::ParseError, "series.candles.high[2]: expected a number, got a string", defaults}},
        {"snapshot_column_not_array.json",
         {C::ParseError, "series.candles.low: expected an array of numbers, got an integer", defaults}},
        {"snapshot_null_value.json", {C::InvalidData, "series.candles.close[1]: not a finite number", defaults}},
        {"snapshot_overflow.json", {C::InvalidData, "series.candles.open[2]: not a finite number", defaults}},
        // Found by the snapshot fuzzer: an overflowing number in a skipped value, read across a
        // refill of the lexer's buffer, once made a std::length_error instead of this message.
        {"snapshot_overflow_across_refill.json",
         {C::InvalidData, "versioformat: not a finite number (7e777 overflows)", defaults}},
        // The same fault found by the estimator fuzzer, inside a settings object.
        {"snapshot_overflow_in_settings.json",
         {C::InvalidData, "version.serimajor: not a finite number (2E000000000000000000000000400", defaults}},
        {"snapshot_negative_price.json", {C::InvalidData, "series.candles row 1 (low): must be positive", defaults}},
        {"snapshot_unsorted_time.json", {C::InvalidData, "series.candles row 2 (time): time goes backwards", defaults}},
        {"snapshot_duplicate_time.json",
         {C::InvalidData, "series.candles row 2 (time): duplicate timestamp", defaults}},
        {"snapshot_float_time.json",
         {C::ParseError, "series.candles.time[1]: expected an integer time in milliseconds", defaults}},
        {"snapshot_time_overflow.json",
         {C::InvalidData, "series.candles.time[2]: 9223372036854775808 is out of the 64-bit range", defaults}},
        {"snapshot_length_mismatch.json",
         {C::InvalidData, "series.candles.close has 2 values but 3 timestamps", defaults}},
        {"snapshot_missing_column.json", {C::ParseError, R"(series.candles: missing "open")", defaults}},
        {"snapshot_unknown_series.json", {C::ParseError, R"(series: unknown key "candels")", defaults}},
        {"snapshot_unknown_column.json", {C::ParseError, R"(series.candles: unknown key "volumme")", defaults}},
        {"snapshot_duplicate_key.json", {C::ParseError, "series.candles.close: duplicate key", defaults}},
        {"snapshot_bad_interval.json",
         {C::ParseError, R"(source.interval: unrecognised interval "5 minutes")", defaults}},
        {"snapshot_bad_model.json", {C::InvalidData, "model: tier 1: leverage must be within 1..200", defaults}},
        {"snapshot_bad_entry.json", {C::InvalidData, R"(model.entry: unknown entry placement "middle")", defaults}},
        {"snapshot_too_many_rows.json",
         {C::TooLarge, "series.candles.time: 3 rows exceed the limit of 2 per series", limitsWith(1 << 20, 2)}},
        {"snapshot_too_many_bytes.json",
         {C::TooLarge, "file is 510 bytes, over the limit of 256", limitsWith(256, 1000)}},
        {"snapshot_corrupt.json.gz", {C::ParseError, "gzip: corrupt compressed data", defaults}},
        {"snapshot_truncated.json.gz", {C::ParseError, "gzip: compressed data is truncated", defaults}},
        {"snapshot_gzip_bomb.json.gz",
         {C::TooLarge, "gzip: decompressed data exceeds the limit of 1048576 bytes", limitsWith(1 << 20, 1000)}},
    };
    return cases;
}

fs::path malformedDir() { return fs::path(LIQHEAT_FIXTURES_DIR) / "malformed"; }

}  // namespace

TEST(SnapshotMalformed, CorpusAndTableMatch)
{
    std::set<std::string> files;
    for (const auto& entry : fs::directory_iterator(malformedDir())) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("snapshot_")) {
            files.insert(name);
        }
    }
    std::set<std::string> listed;
    for (const auto& [name, expected] : malformedCases()) {
        listed.insert(name);
    }
    // A fixture without an expectation would never be checked; a listed one must exist.
    EXPECT_EQ(files, listed);
}

TEST(SnapshotMalformed, EachFileFailsWithAMessageNamingTheProblem)
{
    for (const auto& [name, expected] : malformedCases()) {
        SCOPED_TRACE(name);
        const std::string path = (malformedDir() / name).string();
        auto result = readSnapshot(path, expected.limits);
        ASSERT_FALSE(result.ok()) << "accepted a malformed file";
        const Error& error = result.error();
        EXPECT_EQ(error.code, expected.code) << error.message;
        EXPECT_EQ(error.message.rfind(path + ": ", 0), 0U) << "message does not start with the path: " << error.message;
        EXPECT_NE(error.message.find(expected.message), std::string::npos) << error.message;
        EXPECT_EQ(error.message.find('\n'), std::string::npos) << "message spans lines: " << error.message;
    }
}

TEST(SnapshotMalformed, TooLargeFixturesAreFineWithinDefaultLimits)
{
    // Proves the TooLarge cases fail because of the limits, not because of their content.
    for (const char* name : {"snapshot_too_many_rows.json", "snapshot_too_many_bytes.json"}) {
        auto result = readSnapshot((malformedDir() / name).string());
        EXPECT_TRUE(result.ok()) << name << ": " << result.error().message;
    }
}

TEST(SnapshotMalformed, LimitsAreInclusive)
{
    const std::string doc = minimalDocument();
    EXPECT_TRUE(snapshotFromJson(doc, limitsWith(doc.size(), 3)).ok());

    auto bytes = snapshotFromJson(doc, limitsWith(doc.size() - 1, 3));
    ASSERT_FALSE(bytes.ok());
    EXPECT_EQ(bytes.error().code, Error::Code::TooLarge);
    EXPECT_NE(bytes.error().message.find("over the limit of " + std::to_string(doc.size() - 1)), std::string::npos)
        << bytes.error().message;

    auto rows = snapshotFromJson(doc, limitsWith(doc.size(), 2));
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.error().code, Error::Code::TooLarge);
}

TEST(SnapshotMalformed, GzipBombIsStoppedAtTheLimit)
{
    // 64 MiB of spaces after a valid document: still valid JSON, but far over the limit.
    auto bomb = gzipCompress(minimalDocument() + std::string(std::size_t{64} << 20, ' '));
    ASSERT_TRUE(bomb.ok());
    EXPECT_LT(bomb->size(), std::size_t{1} << 20);
    auto result = readSnapshotBytes(*bomb, limitsWith(std::size_t{4} << 20, 1000));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::TooLarge);
    EXPECT_NE(result.error().message.find("exceeds the limit of 4194304 bytes"), std::string::npos)
        << result.error().message;
}

TEST(SnapshotMalformed, HandWrittenVariants)
{
    struct Case {
        std::string text;
        Error::Code code;
        std::string message;
    };
    const std::string ok = minimalDocument();
    auto replace = [&ok](const std::string& from, const std::string& to) {
        std::string text = ok;
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    const std::vector<Case> cases{
        {replace("[100.5,101.5,102.5]", "[100.5,-1e999,102.5]"), Error::Code::InvalidData,
         "series.candles.open[1]: not a finite number"},
        {replace("[100.5,101.5,102.5]", "[100.5,NaN,102.5]"), Error::Code::ParseError, "not valid JSON at byte"},
        {replace("[101,102,103]", "[101,\"102\",103]"), Error::Code::ParseError,
         "series.candles.high[1]: expected a number, got a string"},
        {replace("1700000300000", "-9223372036854775809"), Error::Code::InvalidData, "is out of the 64-bit range"},
        {replace(R"({"major":1,"minor":0})", R"("1.0")"), Error::Code::UnsupportedVersion,
         R"("version" must be {"major": N, "minor": N})"},
        {replace(R"("major":1)", R"("major":0)"), Error::Code::UnsupportedVersion, "unsupported snapshot version 0.0"},
        {replace(R"("format":"liqheat-snapshot",)", ""), Error::Code::ParseError, R"(missing "format")"},
        {replace(R"("symbol":"BTCUSDT")", R"("symbol":42)"), Error::Code::ParseError,
         "source.symbol: expected a string, got an integer"},
        {replace(R"("series":{)", R"("series":{"funding_rate":{"time":[1],"value":[true]},)"), Error::Code::ParseError,
         "series.funding_rate.value[0]: expected a number, got a boolean"},
        {replace(R"("series":{)", R"("series":{"liquidations":{"time":[],"long_usd":[],"short_usd":[],)"
                                  R"("interval_ms":-5},)"),
         Error::Code::InvalidData, "series.liquidations.interval_ms: must not be negative"},
        {replace(R"("series":{)", R"("series":{"open_interest":{"time":[1,2]},)"), Error::Code::InvalidData,
         "series.open_interest has timestamps but neither base nor quote values"},
        {ok.substr(0, ok.find(R"(,"series")")) + "}", Error::Code::ParseError, R"(missing "series")"},
        {ok + R"(,"model":{"entry_spread_points":2.5}})", Error::Code::ParseError, "not valid JSON"},
        {replace("}}}", R"(}},"model":{"entry_spread_points":2.5}})"), Error::Code::ParseError,
         "model.entry_spread_points: expected an integer, got a floating-point number"},
        {replace("}}}", R"(}},"model":{"tiers":[{"leverage":10}]}})"), Error::Code::ParseError,
         R"(model.tiers[0]: missing "weight")"},
        {replace("}}}", R"(}},"model":{"maintenance_margin_rate":0.9}})"), Error::Code::InvalidData,
         "model: maintenance margin rate must be within [0, 0.5)"},
        {std::string(40, '[') + std::string(40, ']'), Error::Code::ParseError, "nested deeper than 32 levels"},
        {"   \n", Error::Code::ParseError, "document is empty"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        auto result = snapshotFromJson(c.text);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, c.code) << result.error().message;
        EXPECT_NE(result.error().message.find(c.message), std::string::npos) << result.error().message;
    }
    // The untouched base document is valid, so each failure above is due to its one change.
    EXPECT_TRUE(snapshotFromJson(ok).ok());
}

TEST(SnapshotMalformed, MissingFileIsNotFound)
{
    TempDir dir;
    const std::string path = dir.file("nope.json");
    auto result = readSnapshot(path);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::NotFound);
    EXPECT_EQ(result.error().message, path + ": file not found");
}

// ---------------------------------------------------------------------------------------------
// File I/O

TEST(FileIoRead, ReturnsBytesAndEnforcesTheLimit)
{
    TempDir dir;
    const std::string path = dir.file("data.bin");
    const std::string bytes = std::string("a\0b\r\n", 5) + std::string(100'000, 'z');
    spit(path, bytes);

    auto exact = readFile(path, bytes.size());
    ASSERT_TRUE(exact.ok()) << exact.error().message;
    EXPECT_EQ(*exact, bytes);

    auto over = readFile(path, bytes.size() - 1);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, Error::Code::TooLarge);
    EXPECT_EQ(over.error().message.rfind(path + ": ", 0), 0U) << over.error().message;

    spit(path, "");
    auto empty = readFile(path, 10);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());
}

TEST(FileIoRead, MissingFileAndDirectory)
{
    TempDir dir;
    auto missing = readFile(dir.file("missing"), 100);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, Error::Code::NotFound);

    auto directory = readFile(dir.path().string(), 100);
    ASSERT_FALSE(directory.ok());
    EXPECT_EQ(directory.error().code, Error::Code::IoError);
    EXPECT_NE(directory.error().message.find("is a directory"), std::string::npos);
}

TEST(FileIoAtomicWrite, ReplacesTheFileAndLeavesNoTempFiles)
{
    TempDir dir;
    const std::string path = dir.file("out.json");
    ASSERT_TRUE(writeFileAtomic(path, "first version").ok());
    EXPECT_EQ(slurp(path), "first version");
    ASSERT_TRUE(writeFileAtomic(path, "second").ok());
    EXPECT_EQ(slurp(path), "second");
    ASSERT_TRUE(writeFileAtomic(path, "").ok());
    EXPECT_EQ(slurp(path), "");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.json"});
}

TEST(FileIoAtomicWrite, MissingDirectoryFailsWithPathAndReason)
{
    TempDir dir;
    const std::string original = dir.file("keep.json");
    ASSERT_TRUE(writeFileAtomic(original, "precious").ok());

    const std::string path = dir.file("no-such-dir/out.json");
    auto status = writeFileAtomic(path, "data");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::IoError);
    EXPECT_EQ(status.error().message.rfind(path + ": ", 0), 0U) << status.error().message;
    EXPECT_NE(status.error().message.find("No such file or directory"), std::string::npos) << status.error().message;

    auto snapshot = writeSnapshot(awkwardSnapshot(), path);
    ASSERT_FALSE(snapshot.ok());
    EXPECT_EQ(snapshot.error().code, Error::Code::IoError);

    EXPECT_EQ(slurp(original), "precious");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.json"});
}

TEST(FileIoAtomicWrite, FailedRenameRemovesTheTempFile)
{
    TempDir dir;
    // A non-empty directory where the file should go: the rename must fail.
    const fs::path target = dir.path() / "occupied";
    fs::create_directories(target / "child");
    auto status = writeFileAtomic(target.string(), "data");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::IoError);
    // Refused before anything is written: a directory is not a file to replace.
    EXPECT_NE(status.error().message.find("is a directory, not a regular file"), std::string::npos)
        << status.error().message;
    EXPECT_TRUE(fs::is_directory(target / "child"));
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"occupied"});
}

TEST(FileIoAtomicWrite, KeepsThePermissionsOfTheReplacedFile)
{
    TempDir dir;
    const std::string path = dir.file("private.json");
    ASSERT_TRUE(writeFileAtomic(path, "one").ok());
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_TRUE(writeFileAtomic(path, "two").ok());
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

#ifdef __unix__
TEST(FileIoAtomicWrite, FailureMidWriteKeepsTheOriginal)
{
    TempDir dir;
    const std::string path = dir.file("snapshot.json");
    const Snapshot original = awkwardSnapshot();
    ASSERT_TRUE(writeSnapshot(original, path).ok());
    const std::string before = slurp(path);

    // A file size limit makes write() fail with EFBIG part way, even for root.
    rlimit old{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old;
    small.rlim_cur = 4096;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    Snapshot big = original;
    big.createdUtc = std::string(1 << 20, 'x');
    const Status status = writeSnapshot(big, path);
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);

    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::IoError);
    EXPECT_EQ(status.error().message.rfind(path + ": ", 0), 0U) << status.error().message;
    EXPECT_NE(status.error().message.find("File too large"), std::string::npos) << status.error().message;
    EXPECT_EQ(slurp(path), before);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"snapshot.json"});
    auto back = readSnapshot(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    expectSameData(original.data, back->data);
}

TEST(FileIoAtomicWrite, ReadOnlyDirectoryKeepsTheOriginal)
{
    TempDir dir;
    const std::string path = dir.file("keep.json");
    ASSERT_TRUE(writeFileAtomic(path, "precious").ok());
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    if (::access(dir.path().c_str(), W_OK) == 0) {
        GTEST_SKIP() << "running with privileges that ignore directory permissions";
    }
    auto status = writeFileAtomic(path, "replacement");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::IoError);
    EXPECT_NE(status.error().message.find("Permission denied"), std::string::npos) << status.error().message;
    EXPECT_EQ(slurp(path), "precious");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.json"});
}
#endif

TEST(FileIoGzip, RoundTripAndDetection)
{
    std::string binary;
    for (int i = 0; i < 70'000; ++i) {
        binary.push_back(static_cast<char>((i * 7919) % 251));
    }
    for (const std::string& bytes : {std::string(), std::string("x"), binary}) {
        auto packed = gzipCompress(bytes);
        ASSERT_TRUE(packed.ok());
        EXPECT_TRUE(isGzip(*packed));
        auto unpacked = gzipDecompress(*packed, bytes.size());
        ASSERT_TRUE(unpacked.ok()) << unpacked.error().message;
        EXPECT_EQ(*unpacked, bytes);
    }
    EXPECT_FALSE(isGzip("{\"format\""));
    EXPECT_FALSE(isGzip("\x1f"));
}

TEST(FileIoGzip, LimitIsExactAndConcatenatedMembersAreRead)
{
    auto packed = gzipCompress("0123456789");
    ASSERT_TRUE(packed.ok());
    auto over = gzipDecompress(*packed, 9);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().code, Error::Code::TooLarge);

    auto second = gzipCompress("abc");
    ASSERT_TRUE(second.ok());
    auto both = gzipDecompress(*packed + *second, 100);
    ASSERT_TRUE(both.ok()) << both.error().message;
    EXPECT_EQ(*both, "0123456789abc");
}

TEST(FileIoGzip, CorruptTruncatedAndTrailingGarbage)
{
    auto packed = gzipCompress(minimalDocument());
    ASSERT_TRUE(packed.ok());

    auto truncated = gzipDecompress(packed->substr(0, packed->size() - 5), 1 << 20);
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.error().code, Error::Code::ParseError);
    EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos) << truncated.error().message;

    std::string corrupt = *packed;
    corrupt[corrupt.size() - 3] = static_cast<char>(corrupt[corrupt.size() - 3] ^ 0x55);  // damages the length
    auto bad = gzipDecompress(corrupt, 1 << 20);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, Error::Code::ParseError);
    EXPECT_NE(bad.error().message.find("corrupt"), std::string::npos) << bad.error().message;

    auto trailing = gzipDecompress(*packed + "garbage", 1 << 20);
    ASSERT_FALSE(trailing.ok());
    EXPECT_NE(trailing.error().message.find("unexpected data after the end"), std::string::npos)
        << trailing.error().message;
}
