#pragma once

// Binance public-data archive files (data.binance.vision): one CSV inside each zip, a
// `<zip>.CHECKSUM` file beside it holding "<sha256-hex>  <zip name>".

#include "liqheat/model/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace liqheat {

/// Caps on what a zip may make us inflate; a zip bomb is refused before or while inflating.
struct ZipLimits {
    std::uint64_t maxEntryBytes = std::uint64_t{2} << 30;  ///< inflated size of the one CSV
    /// Inflated / compressed above this is refused (real CSVs deflate about 3 to 10 times), unless
    /// the entry is small enough that a high ratio cannot hurt.
    std::uint64_t maxRatio = 200;
    std::uint64_t ratioCheckFromBytes = std::uint64_t{64} << 20;
};

/// Whether the bytes start like a zip archive (a local file header or an empty archive).
bool looksLikeZip(std::string_view bytes);

struct ZipEntry {
    std::string name;   ///< the entry's name, printable and short: for messages only, never a path
    std::string bytes;  ///< inflated
};

/// The one file inside a zip, inflated in chunks. Errors (one line, naming `name`): not a zip or
/// corrupt (CRC, truncation), not exactly one entry, encrypted, declared size above the cap or at
/// a bomb's ratio, more bytes than declared.
Result<ZipEntry> inflateSingleEntry(std::string_view zipBytes, const std::string& name, const ZipLimits& limits = {});

/// SHA-256 of the bytes, lower-case hex.
std::string sha256Hex(std::string_view bytes);

/// The hex digest of a `.CHECKSUM` file ("<64 hex>  <name>"), lower-cased. `name` for messages.
Result<std::string> parseChecksumFile(std::string_view text, const std::string& name);

/// Checks `bytes` against `expectedHex`; the error says both digests in one line.
Status verifySha256(std::string_view bytes, const std::string& expectedHex, const std::string& name);

}  // namespace liqheat
