#pragma once

#include "liqheat/model/result.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace liqheat {

/// `path` as messages show it (printableText: the bytes of a file name need not be UTF-8).
std::string displayPath(const std::string& path);
/// "a directory", "a FIFO (named pipe)", "a character device"... for a st_mode that is not a regular file.
std::string fileKindName(unsigned int mode);

/// Looks at each piece of a file as it arrives (e.g. a line-length limit); an error stops the read.
using ReadChunkCheck = std::function<Status(std::string_view chunk)>;

/// Reads a whole regular file; fails with TooLarge beyond `maxBytes`. Anything that is not a regular
/// file (directory, FIFO, device, socket) is refused at once, without blocking on it. Errors start
/// with "PATH: " and give the reason.
Result<std::string> readFile(const std::string& path, std::size_t maxBytes, const ReadChunkCheck& check = {});

/// IoError unless `path` names a regular file (symlinks followed); instant, for a quick check
/// before work starts.
Status checkRegularFile(const std::string& path);

/// Writes `bytes` to `path` atomically: a temp file beside the target ("TARGET.tmp-<12 hex>"),
/// written, flushed, synced and closed with every step checked, then renamed over the target. On
/// any failure the temp file is removed and the target is untouched. A symlink is written through:
/// its final target is replaced and the link stays. A path that exists but is not a regular file
/// (device, FIFO, socket, directory) is refused. Temp files of the same target left by a save that
/// was killed (no process holds them) are removed.
Status writeFileAtomic(const std::string& path, const std::string& bytes);

/// gzip helpers (zlib). gunzip fails with TooLarge when the output would exceed `maxBytes`.
bool isGzip(const std::string& bytes);
/// `level` as zlib's: 1 is fastest, 9 smallest, -1 zlib's default (6).
Result<std::string> gzipCompress(const std::string& bytes, int level = -1);
Result<std::string> gzipDecompress(const std::string& bytes, std::size_t maxBytes);

}  // namespace liqheat
