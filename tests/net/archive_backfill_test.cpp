// Backfill from Binance's public data archive against a local server holding the archive's tree:
// real BTCUSDT rows (../shared/data) in zips of the archive's layout, CHECKSUM files beside them,
// days that are not published (404) and a zip whose checksum does not match.
#include "fake_exchange.h"

#include "../support/archive_files.h"

#include "liqheat/io/snapshot.h"
#include "liqheat/live/binance_archive.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace liqheat;
using namespace liqheat::test;

namespace {

std::string sharedData(const std::string& name) { return std::string(LIQHEAT_SHARED_DATA_DIR) + "/" + name; }
const std::string kCandlesFile = sharedData("binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv");
const std::string kMetricsFile = sharedData("binance_btcusdt_metrics_1h_2026-05-01_2026-06-27.csv");
const std::string kFundingFile = sharedData("binance_btcusdt_funding_8h.csv");

constexpr TimeMs kDay = 86'400'000;
TimeMs at(const std::string& iso) { return *parseTime(iso); }
std::string dayName(TimeMs t) { return formatTimeIso(t).substr(0, 10); }

/// The archive tree on a local server; every zip gets its CHECKSUM unless told otherwise.
class ArchiveServer {
public:
    ArchiveServer() : m_server(nowUtcMs()), m_scratch(fs::temp_directory_path() / "liqheat_archive_net_scratch.zip") {}

    void add(const std::string& folder, const std::string& name, const std::string& csv, bool goodChecksum = true)
    {
        const std::string zip = makeZip({{name + ".csv", csv}}, m_scratch);
        const std::string path = "/data/futures/um/" + folder + "/" + name + ".zip";
        m_server.serve(path, zip);
        // A bad one is the checksum of other bytes, as when a file changed after it was published.
        m_server.serve(path + ".CHECKSUM", checksumText(goodChecksum ? zip : zip + "x", name + ".zip"));
    }

    [[nodiscard]] std::string url() const { return m_server.url(); }
    [[nodiscard]] int hits(const std::string& path) const { return m_server.hits(path); }

private:
    FakeExchange m_server;
    fs::path m_scratch;
};

/// 2026-05-31 to 2026-06-30: daily klines for May 31 (header), June's monthly klines (no header,
/// as older archive files), daily metrics up to the recording's end except June 3 (not
/// published), monthly funding for May and June.
struct Served {
    std::vector<RealCandle> candles;
    std::vector<RealMetrics> metrics;
    std::vector<RealFunding> funding;
};

Served serveSpan(ArchiveServer& server, const std::string& badMetricsDay = {})
{
    Served served;
    const TimeMs may31 = at("2026-05-31T00:00:00Z");
    const TimeMs june1 = at("2026-06-01T00:00:00Z");
    const TimeMs july1 = at("2026-07-01T00:00:00Z");
    const auto may31Candles = realCandles(kCandlesFile, may31, june1);
    const auto juneCandles = realCandles(kCandlesFile, june1, july1);
    server.add("daily/klines/BTCUSDT/5m", "BTCUSDT-5m-2026-05-31", klinesCsv(may31Candles, true));
    server.add("monthly/klines/BTCUSDT/5m", "BTCUSDT-5m-2026-06", klinesCsv(juneCandles, false));
    served.candles = may31Candles;
    served.candles.insert(served.candles.end(), juneCandles.begin(), juneCandles.end());

    for (TimeMs day = may31; day < july1; day += kDay) {
        const auto rows = realMetrics(kMetricsFile, day, day + kDay);
        if (rows.empty() || dayName(day) == "2026-06-03") {
            continue;  // not published: 404
        }
        server.add("daily/metrics/BTCUSDT", "BTCUSDT-metrics-" + dayName(day), metricsCsv(rows, true),
                   dayName(day) != badMetricsDay);
        served.metrics.insert(served.metrics.end(), rows.begin(), rows.end());
    }
    server.add("monthly/fundingRate/BTCUSDT", "BTCUSDT-fundingRate-2026-05",
               fundingCsv(realFunding(kFundingFile, at("2026-05-01T00:00:00Z"), june1), true));
    server.add("monthly/fundingRate/BTCUSDT", "BTCUSDT-fundingRate-2026-06",
               fundingCsv(realFunding(kFundingFile, june1, july1), true));
    served.funding = realFunding(kFundingFile, may31, july1);  // May's file is cut to the span
    return served;
}

BackfillRequest spanRequest(const std::string& url, const std::string& from, const std::string& to)
{
    BackfillRequest request;
    request.span.symbol = "BTCUSDT";
    request.span.firstDay = *parseArchiveDay(from);
    request.span.lastDay = *parseArchiveDay(to);
    request.span.interval = "5m";
    request.baseUrl = url;
    request.http.retry.maxAttempts = 1;
    request.http.totalTimeout = std::chrono::milliseconds{10'000};
    return request;
}

bool anyContains(const std::vector<std::string>& list, const std::string& part)
{
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

}  // namespace

TEST(ArchivePlan, MonthlyForWholeMonthsDailyForTheRest)
{
    ArchiveSpan span{"BTCUSDT", *parseArchiveDay("2024-01-30"), *parseArchiveDay("2024-03-01"), "1h"};
    std::vector<std::string> paths;
    for (const ArchiveFile& f : planArchiveFiles(span)) {
        paths.push_back(f.path);
    }
    const std::vector<std::string> klines = {
        "data/futures/um/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2024-01-30.zip",
        "data/futures/um/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2024-01-31.zip",
        "data/futures/um/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2024-02.zip",
        "data/futures/um/daily/klines/BTCUSDT/1h/BTCUSDT-1h-2024-03-01.zip",
    };
    ASSERT_EQ(paths.size(), klines.size() + 32 + 3);  // 32 days of metrics, 3 months of funding
    EXPECT_EQ(std::vector<std::string>(paths.begin(), paths.begin() + 4), klines);
    EXPECT_EQ(paths[4], "data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2024-01-30.zip");
    EXPECT_EQ(paths[4 + 31], "data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2024-03-01.zip");
    EXPECT_EQ(paths[36], "data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip");
    EXPECT_EQ(paths.back(), "data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-03.zip");
}

TEST(ArchivePlan, RefusesBadSpans)
{
    EXPECT_FALSE(validateArchiveSpan({"btc/../x", 100, 101, "5m"}).ok());
    EXPECT_FALSE(validateArchiveSpan({"BTCUSDT", 100, 101, "1w"}).ok());
    EXPECT_FALSE(validateArchiveSpan({"BTCUSDT", 101, 100, "5m"}).ok());
    EXPECT_FALSE(parseArchiveDay("2024-02-30").has_value());
    EXPECT_EQ(parseArchiveDay("1970-01-02"), 1);
}

TEST(ArchiveBackfill, GetsExactlyTheServedRowsAndKeepsGaps)
{
    ArchiveServer server;
    const Served served = serveSpan(server);
    std::vector<BackfillProgress> progress;
    BackfillRequest request = spanRequest(server.url(), "2026-05-31", "2026-06-30");
    request.onProgress = [&](const BackfillProgress& p) { progress.push_back(p); };

    auto result = backfillFromArchive(request);
    ASSERT_TRUE(result.ok()) << result.error().message;
    const MarketData& d = result->imported.data;

    ASSERT_EQ(d.candles.size(), served.candles.size());
    for (std::size_t i = 0; i < served.candles.size(); ++i) {
        ASSERT_EQ(d.candles.time[i], served.candles[i].time);
        ASSERT_DOUBLE_EQ(d.candles.close[i], std::stod(served.candles[i].close));
    }
    ASSERT_EQ(d.openInterest.size(), served.metrics.size());
    for (std::size_t i = 0; i < served.metrics.size(); ++i) {
        ASSERT_EQ(d.openInterest.time[i], served.metrics[i].time);
        ASSERT_DOUBLE_EQ(d.openInterest.quote[i], std::stod(served.metrics[i].oiValue));
        ASSERT_DOUBLE_EQ(d.longShortRatio.value[i], std::stod(served.metrics[i].globalRatio));
    }
    // The day not published stays a gap: nothing between June 3 and June 4.
    const auto inJune3 = std::count_if(d.openInterest.time.begin(), d.openInterest.time.end(), [](TimeMs t) {
        return t >= at("2026-06-03T00:00:00Z") && t < at("2026-06-04T00:00:00Z");
    });
    EXPECT_EQ(inJune3, 0);
    ASSERT_EQ(d.fundingRate.size(), served.funding.size());
    EXPECT_EQ(d.fundingRate.time.front(), at("2026-05-31T00:00:00Z"));
    EXPECT_DOUBLE_EQ(d.fundingRate.value.back(), std::stod(served.funding.back().rate));

    EXPECT_EQ(d.source.symbol, "BTCUSDT");
    EXPECT_EQ(d.source.intervalMs, 300'000);
    EXPECT_TRUE(
        anyContains(result->notes, "BTCUSDT-metrics-2026-06-03.zip: not published (404); 2026-06-03 stay a gap"));
    EXPECT_TRUE(anyContains(result->notes, "BTCUSDT-metrics-2026-06-30.zip: not published (404)"));
    EXPECT_EQ(result->filesMissing, 4U);  // metrics of June 3 and 28 to 30
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().done, progress.back().total);
    EXPECT_TRUE(anyContains({progress.front().message}, "BTCUSDT-5m-2026-05-31.zip: "));
    EXPECT_TRUE(anyContains({progress.front().message}, "sha256 ok"));
}

TEST(ArchiveBackfill, ChecksumMismatchFailsTheWholeBackfill)
{
    ArchiveServer server;
    serveSpan(server, "2026-06-10");
    auto result = backfillFromArchive(spanRequest(server.url(), "2026-05-31", "2026-06-30"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::InvalidData);
    EXPECT_EQ(result.error().message.rfind("BTCUSDT-metrics-2026-06-10.zip: sha256 mismatch", 0), 0U)
        << result.error().message;
}

TEST(ArchiveBackfill, UnpublishedMonthFallsBackToItsDays)
{
    ArchiveServer server;
    std::vector<RealCandle> expected;
    for (TimeMs day = at("2026-06-01T00:00:00Z"); day < at("2026-06-04T00:00:00Z"); day += kDay) {
        const auto candles = realCandles(kCandlesFile, day, day + kDay);
        server.add("daily/klines/BTCUSDT/5m", "BTCUSDT-5m-" + dayName(day), klinesCsv(candles, true));
        expected.insert(expected.end(), candles.begin(), candles.end());
    }
    auto result = backfillFromArchive(spanRequest(server.url(), "2026-06-01", "2026-06-30"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->imported.data.candles.size(), expected.size());
    EXPECT_EQ(result->imported.data.candles.time.back(), expected.back().time);
    EXPECT_EQ(server.hits("/data/futures/um/monthly/klines/BTCUSDT/5m/BTCUSDT-5m-2026-06.zip"), 1);
    EXPECT_EQ(server.hits("/data/futures/um/daily/klines/BTCUSDT/5m/BTCUSDT-5m-2026-06-30.zip"), 1);
    EXPECT_TRUE(anyContains(result->notes, "BTCUSDT-5m-2026-06-04.zip: not published (404)"));
}

TEST(ArchiveBackfill, NothingPublishedIsNotFound)
{
    ArchiveServer server;
    auto result = backfillFromArchive(spanRequest(server.url(), "2026-06-01", "2026-06-02"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::NotFound);
}

TEST(ArchiveBackfill, CancelStopsIt)
{
    ArchiveServer server;
    serveSpan(server);
    CancelToken cancel;
    BackfillRequest request = spanRequest(server.url(), "2026-05-31", "2026-06-30");
    request.http.cancel = &cancel;
    request.onProgress = [&](const BackfillProgress& p) {
        if (p.done == 2) {
            cancel.cancel();
        }
    };
    auto result = backfillFromArchive(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Error::Code::Cancelled);
}

// ---- liqheat-cli backfill, the real binary ---------------------------------------------------

namespace {

struct CliRun {
    int exitCode = -1;
    std::string err;
    nlohmann::json summary;
};

CliRun runBackfillCli(const std::string& args, const fs::path& dir, const std::string& env = {})
{
    const fs::path out = dir / "stdout.txt";
    const fs::path err = dir / "stderr.txt";
    const std::string command = env + " '" + std::string(LIQHEAT_CLI_PATH) + "' backfill " + args + " > '" +
                                out.string() + "' 2> '" + err.string() + "'";
    const int status = std::system(command.c_str());
    CliRun run;
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = readBytes(err);
    const std::string text = readBytes(out);
    if (!text.empty()) {
        run.summary = nlohmann::json::parse(text, nullptr, false);
    }
    return run;
}

class BackfillCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() / "liqheat_backfill_cli";
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

}  // namespace

TEST_F(BackfillCli, WritesTheSnapshotFromTheArchiveUrlInTheEnvironment)
{
    ArchiveServer server;
    const Served served = serveSpan(server);
    const fs::path snapshot = m_dir / "btc.json.gz";
    const CliRun run =
        runBackfillCli("--symbol BTCUSDT --from 2026-05-31 --to 2026-06-30 -o '" + snapshot.string() + "'", m_dir,
                       "LIQHEAT_BINANCE_ARCHIVE_URL=" + server.url());
    ASSERT_EQ(run.exitCode, 0) << run.err;
    EXPECT_EQ(run.summary["rows"]["candles"], served.candles.size());
    EXPECT_EQ(run.summary["rows"]["open_interest"], served.metrics.size());
    EXPECT_EQ(run.summary["files_missing"], 4);
    EXPECT_NE(run.err.find("liqheat-cli: note: BTCUSDT-metrics-2026-06-03.zip: not published (404)"),
              std::string::npos);
    EXPECT_NE(run.err.find("] BTCUSDT-fundingRate-2026-06.zip: "), std::string::npos);
    auto read = readSnapshot(snapshot.string());
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->data.candles.size(), served.candles.size());
    EXPECT_EQ(read->data.source.symbol, "BTCUSDT");
}

TEST_F(BackfillCli, ChecksumMismatchLeavesTheOutputAlone)
{
    ArchiveServer server;
    serveSpan(server, "2026-06-10");
    const fs::path snapshot = m_dir / "btc.json";
    writeBytes(snapshot, "an earlier file");
    const CliRun run = runBackfillCli("--symbol BTCUSDT --from 2026-05-31 --to 2026-06-30 --base-url " + server.url() +
                                          " -o '" + snapshot.string() + "'",
                                      m_dir);
    EXPECT_EQ(run.exitCode, 1);
    const std::string last = run.err.substr(run.err.rfind("liqheat-cli: "));
    EXPECT_EQ(last.rfind("liqheat-cli: error: BTCUSDT-metrics-2026-06-10.zip: sha256 mismatch", 0), 0U) << run.err;
    EXPECT_EQ(readBytes(snapshot), "an earlier file");
}

TEST_F(BackfillCli, BadDatesAreUsageErrors)
{
    EXPECT_EQ(runBackfillCli("--symbol BTCUSDT --from 2024-02-30 --to 2024-03-01 -o x.json", m_dir).exitCode, 2);
    EXPECT_EQ(runBackfillCli("--symbol BTCUSDT --from 2024-03-02 --to 2024-03-01 -o x.json", m_dir).exitCode, 2);
}
