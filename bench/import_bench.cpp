// CSV and Binance archive zip import of 1 min klines, each beside its floor: reading the file's
// bytes (CSV), reading and inflating the zip (zip). The klines are generated here, deterministically,
// in the archive's layout (header row, 12 columns), for 8, 16 and 31 days (a month).
#include "liqheat/io/archive_zip.h"
#include "liqheat/io/csv_import.h"

#include <benchmark/benchmark.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

using namespace liqheat;
namespace fs = std::filesystem;

namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kStart = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

std::string klinesCsv(int days)
{
    std::mt19937 rng(7);
    std::normal_distribution<double> step(0.0, 0.0005);  // about BTC's 1 min moves
    std::uniform_real_distribution<double> share(0.3, 0.7);
    std::string out =
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
        "taker_buy_quote_volume,ignore\n";
    double price = 42'000.0;
    char line[256];
    for (TimeMs i = 0; i < static_cast<TimeMs>(days) * 1440; ++i) {
        const double open = price;
        price *= std::exp(step(rng));
        const double high = std::max(open, price) * (1.0 + std::abs(step(rng)));
        const double low = std::min(open, price) * (1.0 - std::abs(step(rng)));
        const double volume = 50.0 + 200.0 * share(rng);
        const double buy = volume * share(rng);
        const TimeMs t = kStart + i * kMinute;
        std::snprintf(line, sizeof line, "%lld,%.1f,%.1f,%.1f,%.1f,%.3f,%lld,%.5f,%d,%.3f,%.5f,0\n",
                      static_cast<long long>(t), open, high, low, price, volume,
                      static_cast<long long>(t + kMinute - 1), volume * price, 1000 + static_cast<int>(i % 900), buy,
                      buy * price);
        out += line;
    }
    return out;
}

struct Files {
    std::string csv;
    std::string zip;
    std::size_t csvBytes = 0;
    std::size_t zipBytes = 0;
};

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The CSV and its zip (with the CHECKSUM beside it, as downloaded) for `days`, written once.
const Files& filesFor(int days)
{
    static std::map<int, Files> cache;
    if (auto it = cache.find(days); it != cache.end()) {
        return it->second;
    }
    const fs::path dir = fs::temp_directory_path() / "liqheat_import_bench";
    fs::create_directories(dir);
    const std::string base = "BTCUSDT-1m-" + std::to_string(days) + "d";
    Files files;
    files.csv = (dir / (base + ".csv")).string();
    files.zip = (dir / (base + ".zip")).string();
    const std::string text = klinesCsv(days);
    std::ofstream(files.csv, std::ios::binary) << text;
    int error = 0;
    fs::remove(files.zip);
    zip_t* archive = zip_open(files.zip.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    zip_file_add(archive, (base + ".csv").c_str(), zip_source_buffer(archive, text.data(), text.size(), 0), 0);
    zip_close(archive);
    const std::string zipBytes = slurp(files.zip);
    std::ofstream(files.zip + ".CHECKSUM") << sha256Hex(zipBytes) << "  " << base << ".zip\n";
    files.csvBytes = text.size();
    files.zipBytes = zipBytes.size();
    return cache.emplace(days, files).first->second;
}

void setCounters(benchmark::State& state, int days, std::size_t bytes)
{
    state.counters["rows"] = static_cast<double>(days) * 1440.0;
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}

}  // namespace

static void BM_CsvImportKlines1m(benchmark::State& state)
{
    const int days = static_cast<int>(state.range(0));
    const Files& f = filesFor(days);
    for (auto _ : state) {
        auto result = importCsvFiles({f.csv});
        if (!result) {
            state.SkipWithError(result.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(result->data.candles.close.back());
    }
    setCounters(state, days, f.csvBytes);
}
BENCHMARK(BM_CsvImportKlines1m)->Arg(8)->Arg(16)->Arg(31)->Unit(benchmark::kMillisecond);

/// The CSV import's floor: the file's bytes read into memory.
static void BM_CsvReadBytesFloor(benchmark::State& state)
{
    const int days = static_cast<int>(state.range(0));
    const Files& f = filesFor(days);
    for (auto _ : state) {
        const std::string bytes = slurp(f.csv);
        benchmark::DoNotOptimize(bytes.data());
    }
    setCounters(state, days, f.csvBytes);
}
BENCHMARK(BM_CsvReadBytesFloor)->Arg(8)->Arg(16)->Arg(31)->Unit(benchmark::kMillisecond);

/// The zip as downloaded: CHECKSUM verified, the CSV inflated, then imported.
static void BM_ZipImportKlines1m(benchmark::State& state)
{
    const int days = static_cast<int>(state.range(0));
    const Files& f = filesFor(days);
    for (auto _ : state) {
        auto result = importCsvFiles({f.zip});
        if (!result) {
            state.SkipWithError(result.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(result->data.candles.close.back());
    }
    setCounters(state, days, f.csvBytes);
}
BENCHMARK(BM_ZipImportKlines1m)->Arg(8)->Arg(16)->Arg(31)->Unit(benchmark::kMillisecond);

/// The zip import's floor: the zip's bytes read and inflated, nothing parsed.
static void BM_ZipInflateFloor(benchmark::State& state)
{
    const int days = static_cast<int>(state.range(0));
    const Files& f = filesFor(days);
    for (auto _ : state) {
        const std::string bytes = slurp(f.zip);
        auto entry = inflateSingleEntry(bytes, f.zip);
        if (!entry) {
            state.SkipWithError(entry.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(entry->bytes.data());
    }
    setCounters(state, days, f.csvBytes);
}
BENCHMARK(BM_ZipInflateFloor)->Arg(8)->Arg(16)->Arg(31)->Unit(benchmark::kMillisecond);

/// What the CHECKSUM costs: SHA-256 of the zip's bytes.
static void BM_ZipSha256(benchmark::State& state)
{
    const int days = static_cast<int>(state.range(0));
    const Files& f = filesFor(days);
    const std::string bytes = slurp(f.zip);
    for (auto _ : state) {
        benchmark::DoNotOptimize(sha256Hex(bytes));
    }
    setCounters(state, days, f.zipBytes);
}
BENCHMARK(BM_ZipSha256)->Arg(31)->Unit(benchmark::kMillisecond);
