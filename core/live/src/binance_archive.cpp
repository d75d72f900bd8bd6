#include "liqheat/live/binance_archive.h"

#include "liqheat/io/archive_zip.h"
#include "liqheat/model/time.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace liqheat {
namespace {

constexpr TimeMs kDayMs = 86'400'000;

/// Intervals the archive publishes daily files for (binance-public-data enums.py DAILY_INTERVALS).
constexpr std::array<std::string_view, 12> kDailyIntervals = {"1m", "3m", "5m", "15m", "30m", "1h",
                                                              "2h", "4h", "6h", "8h",  "12h", "1d"};

std::string dayText(std::int64_t day) { return formatTimeIso(day * kDayMs).substr(0, 10); }

struct YearMonth {
    int year = 0;
    int month = 0;
};

YearMonth monthOf(std::int64_t day)
{
    const std::string text = dayText(day);
    return {std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2))};
}

std::int64_t firstDayOf(YearMonth ym)
{
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-01", ym.year, ym.month);
    return *parseTime(buffer.data()) / kDayMs;
}

YearMonth nextMonth(YearMonth ym)
{
    return ym.month == 12 ? YearMonth{ym.year + 1, 1} : YearMonth{ym.year, ym.month + 1};
}

std::string monthText(YearMonth ym)
{
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02d", ym.year, ym.month);
    return buffer.data();
}

/// data/futures/um/{daily|monthly}/{dataset}/{SYMBOL}/[{interval}/]{SYMBOL}-{kind}-{date}.zip
ArchiveFile makeFile(const ArchiveSpan& span, ArchiveDataset dataset, bool monthly, const std::string& date,
                     std::int64_t firstDay, std::int64_t lastDay)
{
    ArchiveFile file;
    file.dataset = dataset;
    file.monthly = monthly;
    file.firstDay = firstDay;
    file.lastDay = lastDay;
    const std::string folder = dataset == ArchiveDataset::Klines    ? "klines"
                               : dataset == ArchiveDataset::Metrics ? "metrics"
                                                                    : "fundingRate";
    const std::string kind = dataset == ArchiveDataset::Klines ? span.interval : folder;
    file.name = span.symbol + "-" + kind + "-" + date + ".zip";
    file.path = "data/futures/um/" + std::string(monthly ? "monthly" : "daily") + "/" + folder + "/" + span.symbol +
                "/" + (dataset == ArchiveDataset::Klines ? span.interval + "/" : "") + file.name;
    return file;
}

ArchiveFile dailyFile(const ArchiveSpan& span, ArchiveDataset dataset, std::int64_t day)
{
    return makeFile(span, dataset, false, dayText(day), day, day);
}

ArchiveFile monthlyFile(const ArchiveSpan& span, ArchiveDataset dataset, YearMonth ym)
{
    return makeFile(span, dataset, true, monthText(ym), firstDayOf(ym), firstDayOf(nextMonth(ym)) - 1);
}

std::string sizeText(std::size_t bytes)
{
    std::array<char, 32> buffer{};
    if (bytes >= 1024 * 1024) {
        std::snprintf(buffer.data(), buffer.size(), "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%.1f KB", static_cast<double>(bytes) / 1024.0);
    }
    return buffer.data();
}

/// A 404 is an answer here (the file is not published), not a failure.
RetryDecision acceptNotFound(const HttpResponse& response)
{
    return response.status == 404 ? RetryDecision::accept() : classifyHttp(response);
}

struct Downloaded {
    std::string name;
    std::string zip;
};

/// Downloads the files in order (a missing monthly klines file queues its days), verifying each.
class ArchiveDownloader {
public:
    explicit ArchiveDownloader(const BackfillRequest& request) : m_request(request), m_client(request.http) {}

    Status run(std::vector<ArchiveFile> queue, BackfillResult& result, std::vector<Downloaded>& files)
    {
        for (std::size_t i = 0; i < queue.size(); ++i) {
            if (m_client.cancelled()) {
                return makeError(Error::Code::Cancelled, "backfill cancelled");
            }
            const ArchiveFile file = queue[i];
            auto zip = fetch(file.path, file.name);
            if (!zip) {
                return zip.error();
            }
            if (!*zip) {
                ++result.filesMissing;
                if (file.dataset == ArchiveDataset::Klines && file.monthly) {
                    const auto days = dailyKlinesOfMonth(m_request.span, file);
                    queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, days.begin(), days.end());
                    report(i + 1, queue.size(), file.name + ": not published (404); trying its daily files");
                } else {
                    result.notes.push_back(file.name + ": not published (404); " + daysText(file) + " stay a gap");
                    report(i + 1, queue.size(), result.notes.back());
                }
                continue;
            }
            auto verified = verify(file, **zip, result);
            if (!verified) {
                return verified.error();
            }
            result.bytesDownloaded += (*zip)->size();
            ++result.filesRead;
            report(i + 1, queue.size(), file.name + ": " + sizeText((*zip)->size()) + ", " + *verified);
            files.push_back({file.name, std::move(**zip)});
        }
        return {};
    }

private:
    static std::string daysText(const ArchiveFile& file)
    {
        return file.firstDay == file.lastDay ? dayText(file.firstDay)
                                             : dayText(file.firstDay) + " to " + dayText(file.lastDay);
    }

    std::string url(const std::string& path) const
    {
        std::string base = m_request.baseUrl;
        while (!base.empty() && base.back() == '/') {
            base.pop_back();
        }
        return base + "/" + path;
    }

    /// The body, or nothing on 404.
    Result<std::optional<std::string>> fetch(const std::string& path, const std::string& name)
    {
        auto response = m_client.get({url(path), {}, {}, {}}, acceptNotFound);
        if (!response) {
            Error error = response.error();
            error.message = name + ": " + error.message;
            return error;
        }
        if (response->status == 404) {
            return std::optional<std::string>{};
        }
        return std::optional<std::string>{std::move(response->body)};
    }

    /// "sha256 ok", or a note when no CHECKSUM is published; a mismatch fails.
    Result<std::string> verify(const ArchiveFile& file, const std::string& zip, BackfillResult& result)
    {
        auto checksum = fetch(file.path + ".CHECKSUM", file.name + ".CHECKSUM");
        if (!checksum) {
            return checksum.error();
        }
        if (!*checksum) {
            result.notes.push_back(file.name + ": no CHECKSUM published; not verified");
            return std::string("not verified (no CHECKSUM)");
        }
        auto expected = parseChecksumFile(**checksum, file.name + ".CHECKSUM");
        if (!expected) {
            return expected.error();
        }
        if (auto status = verifySha256(zip, *expected, file.name); !status) {
            return status.error();
        }
        return std::string("sha256 ok");
    }

    void report(std::size_t done, std::size_t total, const std::string& message) const
    {
        if (m_request.onProgress) {
            m_request.onProgress({done, total, message});
        }
    }

    const BackfillRequest& m_request;
    HttpClient m_client;
};

}  // namespace

std::string defaultArchiveBaseUrl()
{
    const char* env = std::getenv("LIQHEAT_BINANCE_ARCHIVE_URL");
    return env != nullptr && *env != '\0' ? std::string(env) : std::string(kBinanceArchiveUrl);
}

std::optional<std::int64_t> parseArchiveDay(const std::string& date)
{
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
        return std::nullopt;
    }
    const auto time = parseTime(date);
    if (!time || *time % kDayMs != 0 || dayText(*time / kDayMs) != date) {
        return std::nullopt;  // e.g. 2024-02-30
    }
    return *time / kDayMs;
}

Status validateArchiveSpan(const ArchiveSpan& span)
{
    const bool symbolOk = !span.symbol.empty() && span.symbol.size() <= 32 &&
                          std::all_of(span.symbol.begin(), span.symbol.end(),
                                      [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
    if (!symbolOk) {
        return makeError(
            Error::Code::InvalidArgument,
            "symbol '" + span.symbol + "' is not an archive symbol (upper-case letters and digits, e.g. BTCUSDT)");
    }
    if (std::find(kDailyIntervals.begin(), kDailyIntervals.end(), span.interval) == kDailyIntervals.end()) {
        return makeError(Error::Code::InvalidArgument,
                         "interval '" + span.interval + "' is not published daily by the archive (1m to 1d)");
    }
    if (span.lastDay < span.firstDay) {
        return makeError(Error::Code::InvalidArgument,
                         "--to " + dayText(span.lastDay) + " is before --from " + dayText(span.firstDay));
    }
    return {};
}

std::vector<ArchiveFile> planArchiveFiles(const ArchiveSpan& span)
{
    std::vector<ArchiveFile> klines;
    std::vector<ArchiveFile> metrics;
    std::vector<ArchiveFile> funding;
    for (YearMonth ym = monthOf(span.firstDay); firstDayOf(ym) <= span.lastDay; ym = nextMonth(ym)) {
        const std::int64_t first = firstDayOf(ym);
        const std::int64_t last = firstDayOf(nextMonth(ym)) - 1;
        if (span.firstDay <= first && last <= span.lastDay) {
            klines.push_back(monthlyFile(span, ArchiveDataset::Klines, ym));
        } else {
            for (std::int64_t day = std::max(first, span.firstDay); day <= std::min(last, span.lastDay); ++day) {
                klines.push_back(dailyFile(span, ArchiveDataset::Klines, day));
            }
        }
        funding.push_back(monthlyFile(span, ArchiveDataset::FundingRate, ym));
    }
    for (std::int64_t day = span.firstDay; day <= span.lastDay; ++day) {
        metrics.push_back(dailyFile(span, ArchiveDataset::Metrics, day));
    }
    std::vector<ArchiveFile> all = std::move(klines);
    all.insert(all.end(), metrics.begin(), metrics.end());
    all.insert(all.end(), funding.begin(), funding.end());
    return all;
}

std::vector<ArchiveFile> dailyKlinesOfMonth(const ArchiveSpan& span, const ArchiveFile& month)
{
    std::vector<ArchiveFile> days;
    for (std::int64_t day = std::max(month.firstDay, span.firstDay); day <= std::min(month.lastDay, span.lastDay);
         ++day) {
        days.push_back(dailyFile(span, ArchiveDataset::Klines, day));
    }
    return days;
}

Result<BackfillResult> backfillFromArchive(const BackfillRequest& request)
{
    if (auto status = validateArchiveSpan(request.span); !status) {
        return status.error();
    }
    BackfillResult result;
    std::vector<Downloaded> files;
    ArchiveDownloader downloader(request);
    if (auto status = downloader.run(planArchiveFiles(request.span), result, files); !status) {
        return status.error();
    }
    if (files.empty()) {
        return makeError(Error::Code::NotFound, "the archive has no files for " + request.span.symbol + " from " +
                                                    dayText(request.span.firstDay) + " to " +
                                                    dayText(request.span.lastDay));
    }

    CsvImportOptions options;
    options.from = request.span.firstDay * kDayMs;
    options.to = (request.span.lastDay + 1) * kDayMs;
    // Each zip is inflated only when the import reaches it, so one CSV is held at a time.
    auto imported = importCsvDocuments(
        files.size(),
        [&files](std::size_t index) -> Result<CsvDocument> {
            auto entry = inflateSingleEntry(files[index].zip, files[index].name);
            files[index].zip = std::string();
            if (!entry) {
                return entry.error();
            }
            return CsvDocument{files[index].name, std::move(entry->bytes)};
        },
        options);
    if (!imported) {
        return imported.error();
    }
    result.imported = std::move(*imported);
    MarketData& data = result.imported.data;
    data.source.exchanges = {"binance"};
    data.source.symbol = request.span.symbol;
    data.source.intervalMs = parseInterval(request.span.interval);
    return result;
}

}  // namespace liqheat
