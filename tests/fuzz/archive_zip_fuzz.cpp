// libFuzzer target for Binance archive zips: arbitrary bytes as a zip (libzip reads them from
// memory, never from disk), its one entry inflated under the caps, then imported as CSV.
#include "liqheat/io/archive_zip.h"
#include "liqheat/io/csv_import.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // Small caps keep each run fast; the code paths are those of the default caps.
    liqheat::ZipLimits limits;
    limits.maxEntryBytes = 8 << 20;
    limits.ratioCheckFromBytes = 1 << 20;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto entry = liqheat::inflateSingleEntry(bytes, "fuzz.zip", limits);
    if (!entry.ok()) {
        return 0;
    }
    if (entry->bytes.size() > limits.maxEntryBytes) {
        __builtin_trap();  // the cap must hold whatever the headers say
    }
    liqheat::CsvImportOptions options;
    options.maxRows = 100'000;
    const auto result = liqheat::parseCsv(entry->bytes, "fuzz.zip:" + entry->name, options);
    if (result.ok() && !liqheat::validate(result->data).ok()) {
        __builtin_trap();  // accepted data must be valid data
    }
    return 0;
}
