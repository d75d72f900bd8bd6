// Where an imported CSV document comes from: a CSV file as is, or the one CSV inside a Binance
// archive zip, checked against the `<zip>.CHECKSUM` beside it when there is one.
#include "liqheat/io/archive_zip.h"
#include "liqheat/io/csv_import.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace liqheat {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 2ULL * 1024 * 1024 * 1024;
constexpr std::uintmax_t kMaxChecksumBytes = 4096;

Result<std::string> readFileBytes(const std::string& path, std::uintmax_t maxBytes, const std::string& what)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return makeError(Error::Code::NotFound, path + ": no such file");
    }
    if (fs::is_directory(status)) {
        return makeError(Error::Code::IoError, path + ": is a directory, not " + what);
    }
    const std::string tooLarge = path + ": larger than " + std::to_string(maxBytes) + " bytes";
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > maxBytes) {
        return makeError(Error::Code::TooLarge, tooLarge);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(Error::Code::IoError, path + ": cannot open for reading");
    }
    std::string bytes;
    if (!ec) {
        bytes.reserve(static_cast<std::size_t>(size));
    }
    // Read in chunks and keep the cap: the size can change, or be unknown for special files.
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (bytes.size() + got > maxBytes) {
            return makeError(Error::Code::TooLarge, tooLarge);
        }
        bytes.append(buffer.data(), got);
    }
    if (in.bad()) {
        return makeError(Error::Code::IoError, path + ": read error");
    }
    return bytes;
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
    auto bytes = readFileBytes(path, kMaxFileBytes, "a CSV or zip file");
    if (!bytes) {
        return bytes.error();
    }
    if (!hasZipName(path) && !looksLikeZip(*bytes)) {
        return CsvDocument{path, std::move(*bytes)};
    }
    // The archive publishes "<zip>.CHECKSUM" beside each zip; check it when it came along.
    const std::string checksumPath = path + ".CHECKSUM";
    std::error_code ec;
    if (std::filesystem::exists(checksumPath, ec)) {
        auto checksumText = readFileBytes(checksumPath, kMaxChecksumBytes, "a checksum file");
        if (!checksumText) {
            return checksumText.error();
        }
        auto expected = parseChecksumFile(*checksumText, checksumPath);
        if (!expected) {
            return expected.error();
        }
        if (auto status = verifySha256(*bytes, *expected, path); !status) {
            return status.error();
        }
    }
    auto entry = inflateSingleEntry(*bytes, path);
    if (!entry) {
        return entry.error();
    }
    return CsvDocument{path + ":" + entry->name, std::move(entry->bytes)};
}

}  // namespace liqheat
