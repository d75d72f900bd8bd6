#include "liqheat/io/file_io.h"

// next_in becomes a pointer to const, so input strings need no const_cast.
#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <system_error>
#include <vector>

#ifdef __unix__
#include <fcntl.h>
#include <unistd.h>
#endif

namespace liqheat {
namespace {

namespace fs = std::filesystem;

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// std::strerror is not thread-safe; the generic category gives the same text safely.
std::string errnoText(int error)
{
    return error != 0 ? std::generic_category().message(error) : std::string("unknown error");
}

std::string randomSuffix()
{
    std::random_device device;
    const std::uint64_t value = (std::uint64_t{device()} << 32) ^ std::uint64_t{device()};
    constexpr char digits[] = "0123456789abcdef";
    std::string text(12, '0');
    for (std::size_t i = 0; i < text.size(); ++i) {
        text[i] = digits[(value >> (4 * i)) & 0xF];
    }
    return text;
}

#ifdef __unix__
// Makes the rename itself durable; best effort, a failure here does not undo the save.
void syncDirectory(const fs::path& dir)
{
    const std::string name = dir.empty() ? std::string(".") : dir.string();
    const int fd = ::open(name.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
#endif

// zlib counts in uInt; feed large buffers in pieces.
constexpr std::size_t kMaxZlibChunk = std::size_t{1} << 30;
constexpr std::size_t kOutChunk = std::size_t{256} << 10;

}  // namespace

Result<std::string> readFile(const std::string& path, std::size_t maxBytes)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        return makeError(Error::Code::NotFound, path + ": file not found");
    }
    if (status.type() == fs::file_type::directory) {
        return makeError(Error::Code::IoError, path + ": is a directory, not a file");
    }
    std::size_t expected = 0;
    if (status.type() == fs::file_type::regular) {
        const std::uintmax_t size = fs::file_size(path, ec);
        if (!ec && size > maxBytes) {
            return makeError(Error::Code::TooLarge, path + ": file is " + std::to_string(size) +
                                                        " bytes, over the limit of " + std::to_string(maxBytes));
        }
        expected = ec ? 0 : static_cast<std::size_t>(size);
    }

    errno = 0;
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        const int error = errno;
        return makeError(error == ENOENT ? Error::Code::NotFound : Error::Code::IoError,
                         path + ": cannot open: " + errnoText(error));
    }

    std::string bytes;
    bytes.reserve(expected);
    std::vector<char> buffer(kOutChunk);
    // Read until EOF rather than trusting the size: the file may grow or be a pipe.
    while (true) {
        errno = 0;
        const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
        if (got > maxBytes - bytes.size()) {
            return makeError(Error::Code::TooLarge,
                             path + ": file is larger than the limit of " + std::to_string(maxBytes) + " bytes");
        }
        bytes.append(buffer.data(), got);
        if (got < buffer.size()) {
            if (std::ferror(file.get())) {
                return makeError(Error::Code::IoError, path + ": read error: " + errnoText(errno));
            }
            break;
        }
    }
    return bytes;
}

Status writeFileAtomic(const std::string& path, const std::string& bytes)
{
    const fs::path target(path);
    std::string temp;
    FilePtr file;
    int openError = 0;
    // "x" (exclusive) never reuses someone else's file; retry on the unlikely name clash.
    for (int attempt = 0; attempt < 8 && !file; ++attempt) {
        temp = path + ".tmp-" + randomSuffix();
        errno = 0;
        file.reset(std::fopen(temp.c_str(), "wbx"));
        openError = errno;
        if (!file && openError != EEXIST) {
            break;
        }
    }
    if (!file) {
        return makeError(Error::Code::IoError, path + ": cannot create temporary file: " + errnoText(openError));
    }

    auto fail = [&](const std::string& what, int error) {
        file.reset();
        std::error_code ignored;
        fs::remove(temp, ignored);
        return makeError(Error::Code::IoError, path + ": " + what + ": " + errnoText(error));
    };

    errno = 0;
    if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file.get()) != bytes.size()) {
        return fail("write failed", errno);
    }
    errno = 0;
    if (std::fflush(file.get()) != 0) {
        return fail("write failed", errno);
    }
#ifdef __unix__
    if (::fsync(::fileno(file.get())) != 0) {
        return fail("sync failed", errno);
    }
#endif
    errno = 0;
    if (std::fclose(file.release()) != 0) {
        return fail("close failed", errno);
    }

    // Replacing a file should not change who may read it.
    std::error_code ec;
    const fs::file_status old = fs::status(target, ec);
    if (!ec && fs::is_regular_file(old)) {
        fs::permissions(temp, old.permissions(), ec);
    }

    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return makeError(Error::Code::IoError, path + ": cannot replace file: " + ec.message());
    }
#ifdef __unix__
    syncDirectory(target.parent_path());
#endif
    return {};
}

bool isGzip(const std::string& bytes)
{
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gzipCompress(const std::string& bytes, int level)
{
    z_stream zs{};
    // windowBits 15 + 16: gzip header and trailer instead of zlib's.
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return makeError(Error::Code::IoError, "gzip: cannot initialise compressor");
    }
    std::string out;
    out.reserve(bytes.size() / 4 + 64);
    std::vector<unsigned char> buffer(kOutChunk);
    std::size_t pos = 0;
    int flush = Z_NO_FLUSH;
    do {
        const std::size_t piece = std::min(bytes.size() - pos, kMaxZlibChunk);
        zs.next_in = reinterpret_cast<const Bytef*>(bytes.data() + pos);
        zs.avail_in = static_cast<uInt>(piece);
        pos += piece;
        flush = pos == bytes.size() ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = buffer.data();
            zs.avail_out = static_cast<uInt>(buffer.size());
            if (deflate(&zs, flush) == Z_STREAM_ERROR) {
                deflateEnd(&zs);
                return makeError(Error::Code::IoError, "gzip: compression failed");
            }
            out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - zs.avail_out);
        } while (zs.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&zs);
    return out;
}

Result<std::string> gzipDecompress(const std::string& bytes, std::size_t maxBytes)
{
    z_stream zs{};
    // windowBits 15 + 32: accept gzip or zlib headers.
    if (inflateInit2(&zs, 15 + 32) != Z_OK) {
        return makeError(Error::Code::IoError, "gzip: cannot initialise decompressor");
    }
    auto fail = [&zs](Error::Code code, const std::string& what) {
        inflateEnd(&zs);
        return makeError(code, what);
    };

    std::string out;
    std::vector<unsigned char> buffer(kOutChunk);
    std::size_t pos = 0;  // bytes handed to zlib so far
    while (true) {
        if (zs.avail_in == 0 && pos < bytes.size()) {
            const std::size_t piece = std::min(bytes.size() - pos, kMaxZlibChunk);
            zs.next_in = reinterpret_cast<const Bytef*>(bytes.data() + pos);
            zs.avail_in = static_cast<uInt>(piece);
            pos += piece;
        }
        zs.next_out = buffer.data();
        zs.avail_out = static_cast<uInt>(buffer.size());
        const int ret = inflate(&zs, Z_NO_FLUSH);
        const std::size_t produced = buffer.size() - zs.avail_out;
        // Checked per chunk, so a gzip bomb is stopped long before it fills memory.
        if (produced > maxBytes - out.size()) {
            return fail(Error::Code::TooLarge,
                        "gzip: decompressed data exceeds the limit of " + std::to_string(maxBytes) + " bytes");
        }
        out.append(reinterpret_cast<const char*>(buffer.data()), produced);

        const std::size_t consumed = pos - zs.avail_in;
        if (ret == Z_STREAM_END) {
            if (consumed == bytes.size()) {
                break;
            }
            // gzip allows several concatenated members; anything else after the end is garbage.
            if (!isGzip(bytes.substr(consumed, 2))) {
                return fail(
                    Error::Code::ParseError,
                    "gzip: unexpected data after the end of the compressed stream at byte " + std::to_string(consumed));
            }
            inflateReset(&zs);
            continue;
        }
        if (ret == Z_OK) {
            continue;
        }
        if (ret == Z_BUF_ERROR && consumed == bytes.size()) {
            return fail(Error::Code::ParseError, "gzip: compressed data is truncated");
        }
        if (ret == Z_MEM_ERROR) {
            return fail(Error::Code::IoError, "gzip: out of memory");
        }
        return fail(Error::Code::ParseError,
                    std::string("gzip: corrupt compressed data: ") + (zs.msg ? zs.msg : "unknown error"));
    }
    inflateEnd(&zs);
    return out;
}

}  // namespace liqheat
