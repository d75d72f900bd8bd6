// libFuzzer target for merging several CSV files: the input is split at "\n==\n" into up to four
// files (written to a private temp directory) and imported together, so format detection, the
// per-file limits, overlapping series and supplementary hourly metrics all meet.
#include "liqheat/io/csv_import.h"

#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string makeDirectory()
{
    const char* shm = "/dev/shm";
    std::string pattern = std::string(::access(shm, W_OK) == 0 ? shm : "/tmp") + "/liqheat-csv-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        std::abort();
    }
    return pattern;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::string dir = makeDirectory();
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> paths;
    while (paths.size() < 4) {
        const auto at = rest.find("\n==\n");
        const std::string path = dir + "/file" + std::to_string(paths.size()) + ".csv";
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (file == nullptr) {
            std::abort();
        }
        const std::string_view piece = rest.substr(0, at);
        std::fwrite(piece.data(), 1, piece.size(), file);
        std::fclose(file);
        paths.push_back(path);
        if (at == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(at + 4);
    }
    liqheat::CsvImportOptions options;
    options.maxRows = 100'000;
    const auto result = liqheat::importCsvFiles(paths, options);
    if (result.ok() && !liqheat::validate(result->data).ok()) {
        __builtin_trap();  // merged data must be valid data
    }
    return 0;
}
