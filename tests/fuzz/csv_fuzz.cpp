// libFuzzer target for the CSV importer (every supported format is detected from the bytes).
#include "liqheat/io/csv_import.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    liqheat::CsvImportOptions options;
    options.maxRows = 100'000;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto result = liqheat::parseCsv(text, "fuzz.csv", options);
    if (result.ok()) {
        // Accepted data must be valid data.
        if (!liqheat::validate(result->data).ok()) {
            __builtin_trap();
        }
    }
    return 0;
}
