// libFuzzer target: a fuzzed snapshot that reads fine must estimate without crashing.
#include "liqheat/analysis/clusters.h"
#include "liqheat/estimate/estimator.h"
#include "liqheat/io/snapshot.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    liqheat::SnapshotLimits limits;
    limits.maxBytes = 1 << 20;
    limits.maxRowsPerSeries = 10'000;
    const auto snapshot = liqheat::readSnapshotBytes(std::string(reinterpret_cast<const char*>(data), size), limits);
    if (!snapshot.ok()) {
        return 0;
    }
    liqheat::EstimateOptions options;
    options.maxColumns = 64;
    options.maxBuckets = 5'000;
    const auto result = liqheat::estimate(snapshot->data, snapshot->model, options);
    if (result.ok()) {
        (void)liqheat::findClusters(result->map);
    }
    return 0;
}
