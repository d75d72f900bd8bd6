// libFuzzer target: any bytes given to the snapshot reader must yield a Snapshot or an Error,
// never a crash, hang or sanitizer report.
#include "liqheat/io/snapshot.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    liqheat::SnapshotLimits limits;
    limits.maxBytes = 1 << 20;  // keep gzip bombs cheap under the fuzzer
    limits.maxRowsPerSeries = 100'000;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const auto result = liqheat::readSnapshotBytes(bytes, limits);
    if (result.ok()) {
        // Whatever was accepted must also survive a write/read round trip.
        const auto again = liqheat::snapshotFromJson(liqheat::toJson(result.value()), limits);
        if (!again.ok()) {
            __builtin_trap();
        }
    }
    return 0;
}
