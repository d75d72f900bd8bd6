// Where an imported CSV document comes from: a CSV file as is, or the one CSV inside a Binance
// archive zip, checked against the `<zip>.CHECKSUM` beside it when there is one.
#include "liqheat/io/archive_zip.h"
#include "liqheat/io/csv_import.h"
#include "liqheat/io/file_io.h"

#include "csv_reader.h"

#include <filesystem>
#include <system_error>

namespace liqheat {
namespace {

constexpr std::size_t kMaxFileBytes = std::size_t{2} * 1024 * 1024 * 1024;
constexpr std::size_t kMaxChecksumBytes = 4096;
using csv::kMaxRecordBytes;

// The file's bytes. A CSV is refused as soon as one line is longer than any record may be, so a
// hostile file (one 100 MB line of "1,1,1,...") stops after kMaxRecordBytes, not after being read
// whole; a zip (recognised by its first bytes) is binary and read whole up to the cap.
Result<std::string> readDocumentBytes(const std::string& path)
{
    bool decided = false;
    bool zip = false;
    std::size_t lineLength = 0;  // bytes since the last line end, across chunks
    const auto checkLines = [&](std::string_view chunk) -> Status {
        if (!decided) {
            decided = true;
            zip = looksLikeZip(chunk);
        }
        if (zip) {
            return {};
        }
        for (const char ch : chunk) {
            lineLength = ch == '\n' || ch == '\r' ? 0 : lineLength + 1;
            if (lineLength > csv::kMaxRecordBytes) {
                return makeError(Error::Code::ParseError, displayPath(path) + ": a line is longer than " +
                                                              std::to_string(csv::kMaxRecordBytes / 1024) +
                                                              " KiB (not a CSV liqheat reads)");
            }
        }
        return {};
    };
    return readFile(path, kMaxFileBytes, checkLines);
}

bool hasZipName(const std::string& path)
{
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& ch : ext) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return ext == ".zip";
}

}  // namespace

Result<CsvDocument> readImportDocument(const std::string& path)
{
    auto bytes = readDocumentBytes(path);
    if (!bytes) {
        return bytes.error();
    }
    // From here on the path is only named in messages and the report: shown readably.
    const std::string shown = displayPath(path);
    if (!hasZipName(path) && !looksLikeZip(*bytes)) {
        return CsvDocument{shown, std::move(*bytes)};
    }
    // The archive publishes "<zip>.CHECKSUM" beside each zip; check it when it came along.
    const std::string checksumPath = path + ".CHECKSUM";
    std::error_code ec;
    if (std::filesystem::exists(checksumPath, ec)) {
        auto checksumText = readFile(checksumPath, kMaxChecksumBytes);
        if (!checksumText) {
            return checksumText.error();
        }
        auto expected = parseChecksumFile(*checksumText, displayPath(checksumPath));
        if (!expected) {
            return expected.error();
        }
        if (auto status = verifySha256(*bytes, *expected, shown); !status) {
            return status.error();
        }
    }
    auto entry = inflateSingleEntry(*bytes, shown);
    if (!entry) {
        return entry.error();
    }
    return CsvDocument{shown + ":" + entry->name, std::move(entry->bytes)};
}

}  // namespace liqheat
