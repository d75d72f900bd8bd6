#include "liqheat/io/archive_zip.h"

#include <openssl/evp.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

// Zip archives are read from memory through libzip, and SHA-256 comes from OpenSSL's libcrypto
// (already on every machine that has libcurl): no hand-written inflate or hash.
namespace liqheat {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;
constexpr std::size_t kMaxShownName = 80;

Error zipError(const std::string& name, const std::string& what)
{
    return makeError(Error::Code::ParseError, name + ": " + what);
}

/// Entry names come from the file: keep them printable and short so errors stay one line.
std::string printable(const char* raw)
{
    std::string out;
    for (const char* p = raw; p != nullptr && *p != '\0' && out.size() < kMaxShownName; ++p) {
        const auto ch = static_cast<unsigned char>(*p);
        out += (ch >= 0x20 && ch < 0x7F) ? static_cast<char>(ch) : '?';
    }
    return out;
}

struct ZipDiscard {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileClose {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipDiscard>;
using ZipFile = std::unique_ptr<zip_file_t, ZipFileClose>;

Result<ZipArchive> openFromMemory(std::string_view bytes, const std::string& name)
{
    if (!looksLikeZip(bytes)) {
        return zipError(name, "not a zip archive");
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        const std::string what = zip_error_strerror(&error);
        zip_error_fini(&error);
        return zipError(name, "cannot read the zip: " + what);
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        const std::string what = zip_error_strerror(&error);
        zip_error_fini(&error);
        return zipError(name, "corrupt zip archive (" + what + ")");
    }
    zip_error_fini(&error);
    return ZipArchive(archive);
}

/// The declared sizes must be known and within the caps before anything is inflated.
Status checkDeclared(const zip_stat_t& stat, const std::string& name, const ZipLimits& limits)
{
    if ((stat.valid & ZIP_STAT_SIZE) == 0 || (stat.valid & ZIP_STAT_COMP_SIZE) == 0) {
        return zipError(name, "the zip does not state its entry's size");
    }
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE) {
        return zipError(name, "the zip's entry is encrypted");
    }
    if (stat.size > limits.maxEntryBytes) {
        return makeError(Error::Code::TooLarge, name + ": the zip's entry declares " + std::to_string(stat.size) +
                                                    " bytes, above the cap of " + std::to_string(limits.maxEntryBytes));
    }
    if (stat.size >= limits.ratioCheckFromBytes &&
        stat.size / std::max<zip_uint64_t>(stat.comp_size, 1) > limits.maxRatio) {
        return makeError(Error::Code::TooLarge, name + ": the zip's entry inflates " + std::to_string(stat.comp_size) +
                                                    " bytes to " + std::to_string(stat.size) +
                                                    " (a zip bomb, not a CSV)");
    }
    return {};
}

}  // namespace

bool looksLikeZip(std::string_view bytes)
{
    return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
           ((bytes[2] == '\x03' && bytes[3] == '\x04') || (bytes[2] == '\x05' && bytes[3] == '\x06'));
}

Result<ZipEntry> inflateSingleEntry(std::string_view zipBytes, const std::string& name, const ZipLimits& limits)
{
    auto opened = openFromMemory(zipBytes, name);
    if (!opened) {
        return opened.error();
    }
    zip_t* archive = opened->get();
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries != 1) {
        return zipError(name, "expected one CSV inside the zip, found " + std::to_string(entries) + " entries");
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, 0, 0, &stat) != 0) {
        return zipError(name, std::string("corrupt zip archive (") + zip_strerror(archive) + ")");
    }
    if (auto status = checkDeclared(stat, name, limits); !status) {
        return status.error();
    }
    ZipEntry entry;
    entry.name = printable(stat.name);
    ZipFile file(zip_fopen_index(archive, 0, 0));
    if (!file) {
        return zipError(name, std::string("cannot inflate ") + entry.name + " (" + zip_strerror(archive) + ")");
    }
    entry.bytes.reserve(static_cast<std::size_t>(stat.size));
    std::array<char, kChunkBytes> chunk{};
    while (true) {
        const zip_int64_t got = zip_fread(file.get(), chunk.data(), chunk.size());
        if (got < 0) {
            return zipError(name, "corrupt zip archive: " + entry.name + " (" + zip_file_strerror(file.get()) + ")");
        }
        if (got == 0) {
            break;
        }
        // A lying size header must not let more through than was declared and checked.
        if (entry.bytes.size() + static_cast<std::uint64_t>(got) > stat.size) {
            return zipError(name, entry.name + " inflates to more than the " + std::to_string(stat.size) +
                                      " bytes the zip declares");
        }
        entry.bytes.append(chunk.data(), static_cast<std::size_t>(got));
    }
    if (entry.bytes.size() != stat.size) {
        return zipError(name, "corrupt zip archive: " + entry.name + " is shorter than declared");
    }
    return entry;
}

std::string sha256Hex(std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

Result<std::string> parseChecksumFile(std::string_view text, const std::string& name)
{
    std::string hex;
    for (const char ch : text) {
        if (std::isxdigit(static_cast<unsigned char>(ch)) == 0) {
            break;
        }
        hex += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    const bool separated = text.size() == hex.size() || text[hex.size()] == ' ' || text[hex.size()] == '\t' ||
                           text[hex.size()] == '\n' || text[hex.size()] == '\r';
    if (hex.size() != 64 || !separated) {
        return makeError(Error::Code::ParseError,
                         name + ": not a checksum file (expected a 64-digit sha256 and the zip's name)");
    }
    return hex;
}

Status verifySha256(std::string_view bytes, const std::string& expectedHex, const std::string& name)
{
    const std::string actual = sha256Hex(bytes);
    if (actual != expectedHex) {
        return makeError(Error::Code::InvalidData,
                         name + ": sha256 mismatch: the CHECKSUM file says " + expectedHex + ", the zip is " + actual);
    }
    return {};
}

}  // namespace liqheat
