// Hostile snapshots are refused at the value that breaks a limit, while streaming: nothing is
// built for the rest of the document (docs/RELIABILITY.md, "Snapshot reader limits").
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"

#include <gtest/gtest.h>

#include <string>

using namespace liqheat;

namespace {

const std::string kHead =
    R"({"format":"liqheat-snapshot","version":{"major":1,"minor":0},"source":{"symbol":"BTCUSDT","interval":"5m"},)";

std::string repeated(const std::string& piece, std::size_t times)
{
    std::string text;
    text.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        text += piece;
    }
    return text;
}

// A valid document with `rows` candles.
std::string candles(std::size_t rows)
{
    std::string time;
    std::string price;
    for (std::size_t i = 0; i < rows; ++i) {
        time += (i ? "," : "") + std::to_string(1'700'000'000'000 + static_cast<std::int64_t>(i) * 300'000);
        price += i ? ",100.5" : "100.5";
    }
    return kHead + R"("series":{"candles":{"time":[)" + time + R"(],"open":[)" + price + R"(],"high":[)" + price +
           R"(],"low":[)" + price + R"(],"close":[)" + price + "]}}}";
}

void expectRefused(const Result<Snapshot>& result, Error::Code code, const std::string& message)
{
    ASSERT_FALSE(result.ok()) << "accepted a hostile document";
    EXPECT_EQ(result.error().code, code) << result.error().message;
    EXPECT_NE(result.error().message.find(message), std::string::npos) << result.error().message;
}

}  // namespace

TEST(SnapshotLimits, AMillionEmptyTiersStopAtTheSettingsBudget)
{
    // Issue 15's 195 KB gzip held 67 million "{}" tiers; a million shows the same stop.
    const std::string doc = kHead + R"("series":{},"model":{"tiers":[)" + repeated("{},", 1'000'000) + "{}]}}";
    auto packed = gzipCompress(doc);
    ASSERT_TRUE(packed.ok());
    expectRefused(readSnapshotBytes(*packed), Error::Code::TooLarge, "model.tiers[");
    expectRefused(readSnapshotBytes(*packed), Error::Code::TooLarge, "too many values");
}

TEST(SnapshotLimits, WhitespaceBeyondItsAllowanceIsRefused)
{
    // 40 MiB of spaces inside the document: far more than 16 MiB plus 8 per byte of values.
    const std::string doc = kHead + std::string(std::size_t{40} << 20, ' ') + R"("series":{}})";
    auto packed = gzipCompress(doc);
    ASSERT_TRUE(packed.ok());
    expectRefused(readSnapshotBytes(*packed), Error::Code::TooLarge, "bytes of whitespace");
    // Pretty-printed documents are far within it.
    std::string pretty = candles(3);
    for (std::size_t at = pretty.find(','); at != std::string::npos; at = pretty.find(',', at + 10)) {
        pretty.insert(at + 1, "\n        ");
    }
    EXPECT_TRUE(snapshotFromJson(pretty).ok());
}

TEST(SnapshotLimits, ZeroBytesAreRefusedAtTheFirstByte)
{
    expectRefused(snapshotFromJson(std::string(1 << 20, '\0')), Error::Code::ParseError, "not valid JSON at byte 1");
}

TEST(SnapshotLimits, NestingIsLimitedInsideTheSeriesToo)
{
    const std::string deep = std::string(40, '[') + std::string(40, ']');
    expectRefused(snapshotFromJson(kHead + R"("series":{"extra":)" + deep + "}}"), Error::Code::ParseError,
                  "nested deeper than 32 levels");
    expectRefused(snapshotFromJson(kHead + R"("series":{},"model":{"x":)" + deep + "}}"), Error::Code::ParseError,
                  "nested deeper than 32 levels");
}

TEST(SnapshotLimits, RowsAreCountedWhileReading)
{
    SnapshotLimits limits;
    limits.maxRowsPerSeries = 1000;
    expectRefused(snapshotFromJson(candles(1001), limits), Error::Code::TooLarge,
                  "series.candles.time: 1001 rows exceed the limit of 1000 per series");
    EXPECT_TRUE(snapshotFromJson(candles(1000), limits).ok());
}

TEST(SnapshotLimits, ValuesAreLimitedAcrossTheDocument)
{
    SnapshotLimits limits;
    limits.maxValues = 4 * 5 + 3;  // four rows of five columns, then three more numbers
    expectRefused(snapshotFromJson(candles(5), limits), Error::Code::TooLarge,
                  "the document holds more than 23 values");
    limits.maxValues = 5 * 5;
    EXPECT_TRUE(snapshotFromJson(candles(5), limits).ok());
}

TEST(SnapshotLimits, ExchangesAreLimited)
{
    SnapshotLimits limits;
    limits.maxExchanges = 2;
    std::string doc = R"({"format":"liqheat-snapshot","version":{"major":1,"minor":1},"series":{},"per_exchange":{)";
    doc += R"("a":{},"b":{},"c":{}}})";
    expectRefused(snapshotFromJson(doc, limits), Error::Code::TooLarge, "per_exchange: more than 2 exchanges");
}

TEST(SnapshotLimits, LongStringsAndNumbersAreRefused)
{
    expectRefused(snapshotFromJson(kHead + R"("created":")" + std::string(100'000, 'x') + R"(","series":{}})"),
                  Error::Code::TooLarge, "created: a string longer than 65536 bytes");
    expectRefused(snapshotFromJson(kHead + R"("series":{"candles":{"time":[1)" + std::string(5000, '0') + "]}}}"),
                  Error::Code::ParseError, "series.candles.time[0]: a number longer than 1024 characters");
}

TEST(SnapshotLimits, AnInflatedDocumentStreamsWithinTheCap)
{
    // The cap applies to the inflated bytes as they stream; a document under it reads whole.
    const std::string doc = candles(2000);
    auto packed = gzipCompress(doc);
    ASSERT_TRUE(packed.ok());
    SnapshotLimits limits;
    limits.maxBytes = doc.size();
    auto ok = readSnapshotBytes(*packed, limits);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->data.candles.size(), 2000U);
    limits.maxBytes = doc.size() - 1;
    expectRefused(readSnapshotBytes(*packed, limits), Error::Code::TooLarge, "decompressed data exceeds the limit");
}

TEST(SnapshotLimits, NumbersReadBackBitExact)
{
    // Values that stress the shortest round-trip formatting and the parser's edge cases.
    Snapshot s;
    s.data.source = {{"binance"}, "BTCUSDT", 300'000};
    const double values[] = {5e-324,  2.2250738585072014e-308, 0.1, 1e15, 1e21, 123456789.123456789, 9007199254740993.0,
                             65000.0, 1.7976931348623157e308};
    for (std::size_t i = 0; i < std::size(values); ++i) {
        s.data.candles.time.push_back(1'700'000'000'000 + static_cast<std::int64_t>(i) * 300'000);
        for (auto* column : {&s.data.candles.open, &s.data.candles.high, &s.data.candles.low, &s.data.candles.close}) {
            column->push_back(values[i]);
        }
    }
    auto back = snapshotFromJson(toJson(s));
    ASSERT_TRUE(back.ok()) << back.error().message;
    for (std::size_t i = 0; i < std::size(values); ++i) {
        EXPECT_EQ(back->data.candles.open[i], values[i]) << i;
    }
    auto tiny = snapshotFromJson(candles(1).replace(candles(1).find("100.5"), 5, "1e-400"));
    ASSERT_FALSE(tiny.ok());  // 0 is not a positive price; the number itself read as 0
    EXPECT_NE(tiny.error().message.find("must be positive"), std::string::npos) << tiny.error().message;
}

TEST(SnapshotLimits, KeysMayComeInAnyOrder)
{
    // The version decides which keys are known; read after the series, it still applies to them.
    const std::string series =
        R"("series":{"candles":{"close":[100.5],"time":[1700000000000],"open":[100.5],"high":[101],"low":[100]}})";
    const std::string tail = R"("version":{"major":1,"minor":0},"format":"liqheat-snapshot"})";
    auto ok = snapshotFromJson("{" + series + "," + tail);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->data.candles.high.front(), 101.0);

    std::string typo = series;
    typo.replace(typo.find("\"low\""), 5, "\"lo\"");
    expectRefused(snapshotFromJson("{" + typo + "," + tail), Error::Code::ParseError,
                  R"(series.candles: unknown key "lo")");
    expectRefused(snapshotFromJson("{" + series + R"(,"format":"heatmap"})"), Error::Code::ParseError,
                  R"(not a liqheat snapshot: "format" is "heatmap")");
}
