#pragma once

// Backfill from Binance's public data archive (data.binance.vision, USD-M futures): the klines,
// `metrics` (5 min open interest, long/short and taker ratios) and `fundingRate` zips of a span of
// days, each checked against the `.CHECKSUM` published beside it, merged into one MarketData.
// Where the result goes (a snapshot, the local store) is the caller's business.

#include "liqheat/io/csv_import.h"
#include "liqheat/live/http_client.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace liqheat {

inline constexpr const char* kBinanceArchiveUrl = "https://data.binance.vision";

/// LIQHEAT_BINANCE_ARCHIVE_URL when set, else kBinanceArchiveUrl.
std::string defaultArchiveBaseUrl();

/// Days are UTC days since 1970-01-01; both ends are included.
struct ArchiveSpan {
    std::string symbol;  ///< e.g. "BTCUSDT" (upper-case letters and digits)
    std::int64_t firstDay = 0;
    std::int64_t lastDay = 0;
    std::string interval = "5m";  ///< a daily-published kline interval, 1m to 1d
};

/// The day a "YYYY-MM-DD" date names, or nothing.
std::optional<std::int64_t> parseArchiveDay(const std::string& date);

enum class ArchiveDataset { Klines, Metrics, FundingRate };

struct ArchiveFile {
    ArchiveDataset dataset = ArchiveDataset::Klines;
    bool monthly = false;
    std::string path;           ///< below the base URL: data/futures/um/{daily|monthly}/...
    std::string name;           ///< the zip's file name
    std::int64_t firstDay = 0;  ///< the days it covers (a month: its first and last day)
    std::int64_t lastDay = 0;
};

/// Checks the span (symbol, interval, order of days) before anything is fetched.
Status validateArchiveSpan(const ArchiveSpan& span);

/// The files that cover the span: klines monthly for each whole month and daily for the other
/// days; metrics daily (the archive has no monthly metrics); fundingRate monthly (no daily ones)
/// for every month the span touches.
std::vector<ArchiveFile> planArchiveFiles(const ArchiveSpan& span);

/// The daily klines files of a month, for when its monthly file is not published yet.
std::vector<ArchiveFile> dailyKlinesOfMonth(const ArchiveSpan& span, const ArchiveFile& month);

struct BackfillProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::string message;  ///< one line, e.g. "BTCUSDT-metrics-2024-01-02.zip: 9.1 KB, sha256 ok"
};

struct BackfillRequest {
    ArchiveSpan span;
    std::string baseUrl = kBinanceArchiveUrl;
    /// Timeouts, retries, body cap and the cancel token of every download.
    HttpClientOptions http;
    std::function<void(const BackfillProgress&)> onProgress;
};

struct BackfillResult {
    /// All files merged, rows kept within the span; source: binance, the symbol and interval.
    CsvImportResult imported;
    std::vector<std::string> notes;  ///< files not published (a gap stays a gap), unverified ones
    std::size_t filesRead = 0;
    std::size_t filesMissing = 0;
    std::size_t bytesDownloaded = 0;
};

/// Downloads and merges the span's archive files. A 404 is a file not published: noted, and its
/// days stay a gap (a month's klines fall back to its daily files). A sha256 mismatch, a corrupt
/// zip, any other HTTP failure or a cancel fails the whole backfill with one line. Fails with
/// NotFound when nothing at all was published for the span.
Result<BackfillResult> backfillFromArchive(const BackfillRequest& request);

}  // namespace liqheat
