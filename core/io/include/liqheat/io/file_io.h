#pragma once

#include "liqheat/model/result.h"

#include <cstddef>
#include <string>

namespace liqheat {

/// Reads a whole file; fails with TooLarge beyond `maxBytes`.
Result<std::string> readFile(const std::string& path, std::size_t maxBytes);

/// Writes `bytes` to `path` atomically: a temp file beside it, flushed and synced, then renamed
/// over the target. On any failure the temp file is removed and the target is untouched.
Status writeFileAtomic(const std::string& path, const std::string& bytes);

/// gzip helpers (zlib). gunzip fails with TooLarge when the output would exceed `maxBytes`.
bool isGzip(const std::string& bytes);
/// `level` as zlib's: 1 is fastest, 9 smallest, -1 zlib's default (6).
Result<std::string> gzipCompress(const std::string& bytes, int level = -1);
Result<std::string> gzipDecompress(const std::string& bytes, std::size_t maxBytes);

}  // namespace liqheat
