// Snapshot load and save on generated 1-minute BTCUSDT-shaped histories with open interest, each
// beside its floor: reading the bytes, inflating them, parsing the numbers alone. Sizes: 36 days,
// 4 months and a year (525,600 rows, about 40 MB of JSON), to show how the cost grows.
#include "generated_history.h"
#include "liqheat/io/file_io.h"
#include "liqheat/io/snapshot.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>

using namespace liqheat;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kYear = 365 * 1440;

const Snapshot& snapshotOf(std::int64_t rows)
{
    static std::map<std::int64_t, Snapshot> cache;
    auto it = cache.find(rows);
    if (it == cache.end()) {
        it = cache.emplace(rows, generatedHistory(static_cast<std::size_t>(rows))).first;
    }
    return it->second;
}

// The snapshot written once to a temporary file (".json" or ".json.gz").
std::string fileOf(std::int64_t rows, bool gzip)
{
    static std::map<std::pair<std::int64_t, bool>, std::string> files;
    const auto key = std::pair{rows, gzip};
    if (auto it = files.find(key); it != files.end()) {
        return it->second;
    }
    const fs::path path =
        fs::temp_directory_path() / ("liqheat-bench-" + std::to_string(rows) + (gzip ? ".json.gz" : ".json"));
    if (!writeSnapshot(snapshotOf(rows), path.string())) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::abort();
    }
    files.emplace(key, path.string());
    return path.string();
}

void setBytes(benchmark::State& state, const std::string& path)
{
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(fs::file_size(path)));
    state.counters["MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
}

// Reads the snapshot of state.range(0) rows from its file, plain or gzip.
void loadSnapshot(benchmark::State& state, bool gzip)
{
    const std::string path = fileOf(state.range(0), gzip);
    for (auto _ : state) {
        auto s = readSnapshot(path);
        if (!s) {
            state.SkipWithError(s.error().message.c_str());
            return;
        }
        benchmark::DoNotOptimize(s);
    }
    setBytes(state, path);
}

// Writes the snapshot of state.range(0) rows to a temporary file named `name` (its ending picks
// the format).
void saveSnapshot(benchmark::State& state, const std::string& name)
{
    const Snapshot& s = snapshotOf(state.range(0));
    const std::string path = (fs::temp_directory_path() / name).string();
    for (auto _ : state) {
        if (!writeSnapshot(s, path)) {
            state.SkipWithError("write failed");
            return;
        }
    }
    setBytes(state, path);
    fs::remove(path);
}

}  // namespace

// `liqheat-cli info` does this: read, parse, validate.
static void BM_SnapshotLoadJson(benchmark::State& state) { loadSnapshot(state, false); }
BENCHMARK(BM_SnapshotLoadJson)->Arg(kYear / 10)->Arg(kYear / 3)->Arg(kYear)->Unit(benchmark::kMillisecond);

static void BM_SnapshotLoadGzip(benchmark::State& state) { loadSnapshot(state, true); }
BENCHMARK(BM_SnapshotLoadGzip)->Arg(kYear)->Unit(benchmark::kMillisecond);

// Floor: the bytes of the file into memory.
static void BM_FloorReadBytes(benchmark::State& state)
{
    const std::string path = fileOf(state.range(0), false);
    for (auto _ : state) {
        auto bytes = readFile(path, std::size_t{1} << 30);
        benchmark::DoNotOptimize(bytes);
    }
    setBytes(state, path);
}
BENCHMARK(BM_FloorReadBytes)->Arg(kYear)->Unit(benchmark::kMillisecond);

// Floor: inflating the gzip file (the bytes already in memory).
static void BM_FloorGunzip(benchmark::State& state)
{
    const std::string path = fileOf(state.range(0), true);
    const auto bytes = readFile(path, std::size_t{1} << 30);
    for (auto _ : state) {
        auto text = gzipDecompress(*bytes, std::size_t{1} << 30);
        benchmark::DoNotOptimize(text);
    }
    setBytes(state, path);
}
BENCHMARK(BM_FloorGunzip)->Arg(kYear)->Unit(benchmark::kMillisecond);

// Floor: every number of the document through std::from_chars, with no structure or checks
// (the text already in memory).
static void BM_FloorParseNumbers(benchmark::State& state)
{
    const std::string path = fileOf(state.range(0), false);
    const std::string text = *readFile(path, std::size_t{1} << 30);
    for (auto _ : state) {
        double sum = 0;
        std::size_t count = 0;
        const char* p = text.data();
        const char* const end = p + text.size();
        while (p < end) {
            if ((*p >= '0' && *p <= '9') || *p == '-') {
                double value = 0;
                const auto r = std::from_chars(p, end, value);
                sum += value;
                ++count;
                p = r.ptr == p ? p + 1 : r.ptr;
            } else {
                ++p;
            }
        }
        benchmark::DoNotOptimize(sum);
        state.counters["numbers"] = static_cast<double>(count);
    }
    setBytes(state, path);
}
BENCHMARK(BM_FloorParseNumbers)->Arg(kYear)->Unit(benchmark::kMillisecond);

// The reader before this change, for reference: a whole nlohmann DOM of the document.
static void BM_ReferenceNlohmannDom(benchmark::State& state)
{
    const std::string path = fileOf(state.range(0), false);
    const std::string text = *readFile(path, std::size_t{1} << 30);
    for (auto _ : state) {
        auto dom = nlohmann::json::parse(text);
        benchmark::DoNotOptimize(dom);
    }
    setBytes(state, path);
}
BENCHMARK(BM_ReferenceNlohmannDom)->Arg(kYear)->Unit(benchmark::kMillisecond)->Iterations(2);

static void BM_SnapshotSaveJson(benchmark::State& state) { saveSnapshot(state, "liqheat-bench-save.json"); }
BENCHMARK(BM_SnapshotSaveJson)->Arg(kYear / 10)->Arg(kYear / 3)->Arg(kYear)->Unit(benchmark::kMillisecond);

static void BM_SnapshotSaveGzip(benchmark::State& state) { saveSnapshot(state, "liqheat-bench-save.json.gz"); }
BENCHMARK(BM_SnapshotSaveGzip)->Arg(kYear)->Unit(benchmark::kMillisecond);

// Floor of a save: the serialised text alone, no file.
static void BM_FloorSerialise(benchmark::State& state)
{
    const Snapshot& s = snapshotOf(state.range(0));
    for (auto _ : state) {
        auto text = toJson(s);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(BM_FloorSerialise)->Arg(kYear)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
