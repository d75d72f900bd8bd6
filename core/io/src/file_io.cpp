#include "liqheat/io/file_io.h"

// next_in becomes a pointer to const, so input strings need no const_cast.
#define ZLIB_CONST
#include <zlib.h>

#include "liqheat/model/format.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <system_error>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace liqheat {
namespace {

namespace fs = std::filesystem;

/// Closes a POSIX descriptor on every path out.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    [[nodiscard]] int get() const { return m_fd; }
    explicit operator bool() const { return m_fd >= 0; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = fd;
    }
    /// Closes and reports close's own error (0 when fine): a delayed write error can surface here.
    int close()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd >= 0 && ::close(fd) != 0 ? errno : 0;
    }

private:
    int m_fd;
};

// std::strerror is not thread-safe; the generic category gives the same text safely.
std::string errnoText(int error)
{
    return error != 0 ? std::generic_category().message(error) : std::string("unknown error");
}

Error ioError(const std::string& path, const std::string& what, int error, bool reading = false)
{
    return makeError(reading && error == ENOENT ? Error::Code::NotFound : Error::Code::IoError,
                     displayPath(path) + ": " + what + ": " + errnoText(error));
}

Error notRegular(const std::string& path, mode_t mode)
{
    return makeError(Error::Code::IoError, displayPath(path) + ": is " + fileKindName(mode) + ", not a regular file");
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

constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::size_t kTempSuffixLength = 12;

/// "TARGET.tmp-<12 lowercase hex>": only names this writer makes.
bool isTempOf(const std::string& entry, const std::string& targetName)
{
    const std::size_t prefix = targetName.size() + kTempMarker.size();
    if (entry.size() != prefix + kTempSuffixLength || entry.compare(0, targetName.size(), targetName) != 0 ||
        entry.compare(targetName.size(), kTempMarker.size(), kTempMarker) != 0) {
        return false;
    }
    return std::all_of(entry.begin() + static_cast<std::ptrdiff_t>(prefix), entry.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Takes the writer's lock on a just-created temp file and checks that `name` still leads to it
/// (a cleanup may have removed it before the lock was taken).
bool ownsName(int fd, const std::string& name)
{
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        return false;
    }
    struct stat mine {};
    struct stat named {};
    return ::fstat(fd, &mine) == 0 && ::lstat(name.c_str(), &named) == 0 && mine.st_dev == named.st_dev &&
           mine.st_ino == named.st_ino;
}

/// Removes temp files of `target` that a killed save left behind. A writer holds an exclusive
/// flock on its temp file from just after creating it until the rename, and the kernel drops the
/// lock when the process dies, so a file we can lock has no live writer. A writer that created
/// its file but had not locked it yet finds it gone (ownsName) and starts again.
void removeStaleTempFiles(const fs::path& target)
{
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string name = target.filename().string();
    std::unique_ptr<DIR, int (*)(DIR*)> listing(::opendir(dir.c_str()), ::closedir);
    if (!listing) {
        return;
    }
    while (const dirent* entry = ::readdir(listing.get())) {
        const std::string entryName = entry->d_name;
        if (!isTempOf(entryName, name)) {
            continue;
        }
        const fs::path candidate = dir / entryName;
        Fd fd(::open(candidate.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
        struct stat st {};
        if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
            continue;
        }
        ::unlink(candidate.c_str());
    }
}

/// Where a save to `path` lands: symlinks followed to their final target (which may not exist
/// yet). Anything there that is not a regular file is refused.
Result<fs::path> resolveWriteTarget(const std::string& path)
{
    fs::path current(path);
    constexpr int kMaxLinks = 40;  // as the kernel's ELOOP limit
    for (int hop = 0; hop <= kMaxLinks; ++hop) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0) {
            const int error = errno;
            if (error == ENOENT) {
                return current;  // a new file (a missing directory fails when the temp file is made)
            }
            return ioError(path, "cannot write", error);
        }
        if (!S_ISLNK(st.st_mode)) {
            if (!S_ISREG(st.st_mode)) {
                return notRegular(path, st.st_mode);
            }
            return current;
        }
        std::error_code ec;
        const fs::path link = fs::read_symlink(current, ec);
        if (ec) {
            return ioError(path, "cannot follow the symbolic link", ec.value());
        }
        current = link.is_absolute() ? link : current.parent_path() / link;
    }
    return ioError(path, "cannot write", ELOOP);
}

/// write() until everything is out; false with errno set on failure.
bool writeAll(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, std::min<std::size_t>(size, std::size_t{1} << 30));
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        if (written == 0) {
            errno = EIO;
            return false;
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

// Makes the rename itself durable; best effort, a failure here does not undo the save.
void syncDirectory(const fs::path& dir)
{
    const Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd) {
        ::fsync(fd.get());
    }
}

// zlib counts in uInt; feed large buffers in pieces.
constexpr std::size_t kMaxZlibChunk = std::size_t{1} << 30;
constexpr std::size_t kOutChunk = std::size_t{256} << 10;

}  // namespace

std::string displayPath(const std::string& path) { return printableText(path); }

std::string fileKindName(unsigned int mode)
{
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO (named pipe)";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

Status checkRegularFile(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int error = errno;
        if (error == ENOENT) {
            return makeError(Error::Code::NotFound, displayPath(path) + ": file not found");
        }
        return ioError(path, "cannot open for reading", error, true);
    }
    if (!S_ISREG(st.st_mode)) {
        return notRegular(path, st.st_mode);
    }
    return {};
}

Result<std::string> readFile(const std::string& path, std::size_t maxBytes, const ReadChunkCheck& check)
{
    // stat first: a socket cannot be opened at all, and nothing here may block.
    if (auto status = checkRegularFile(path); !status) {
        return status.error();
    }
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open still returns at once.
    Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (!fd) {
        return ioError(path, "cannot open for reading", errno, true);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return ioError(path, "cannot read", errno);
    }
    if (!S_ISREG(st.st_mode)) {
        return notRegular(path, st.st_mode);
    }
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > maxBytes) {
        return makeError(Error::Code::TooLarge, displayPath(path) + ": file is " + std::to_string(size) +
                                                    " bytes, over the limit of " + std::to_string(maxBytes));
    }
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);

    std::string bytes;
    bytes.reserve(check ? std::min<std::size_t>(static_cast<std::size_t>(size), kOutChunk)
                        : static_cast<std::size_t>(size));
    std::vector<char> buffer(kOutChunk);
    // Read until EOF rather than trusting the size: the file may grow while it is read.
    while (true) {
        const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return ioError(path, "read error", errno);
        }
        if (got == 0) {
            break;
        }
        const auto count = static_cast<std::size_t>(got);
        if (count > maxBytes - bytes.size()) {
            return makeError(Error::Code::TooLarge, displayPath(path) + ": file is larger than the limit of " +
                                                        std::to_string(maxBytes) + " bytes");
        }
        if (check) {
            if (auto status = check(std::string_view(buffer.data(), count)); !status) {
                return status.error();
            }
        }
        bytes.append(buffer.data(), count);
    }
    return bytes;
}

Status writeFileAtomic(const std::string& path, const std::string& bytes)
{
    auto resolved = resolveWriteTarget(path);
    if (!resolved) {
        return resolved.error();
    }
    const fs::path target = *resolved;
    removeStaleTempFiles(target);

    std::string temp;
    Fd fd;
    int openError = 0;
    // O_EXCL never reuses someone else's file; retry on the unlikely name clash. The lock, held
    // until the rename, tells removeStaleTempFiles this file is alive. Another save's cleanup may
    // lock and remove the file between our create and our lock: then the name no longer leads to
    // our file (or the lock is taken), and we start again with a new name.
    for (int attempt = 0; attempt < 8 && !fd; ++attempt) {
        temp = target.string() + std::string(kTempMarker) + randomSuffix();
        fd.reset(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666));
        openError = fd ? 0 : errno;
        if (!fd) {
            if (openError != EEXIST) {
                break;
            }
            continue;
        }
        if (!ownsName(fd.get(), temp)) {
            fd.reset();
            openError = EEXIST;
        }
    }
    if (!fd) {
        return ioError(path, "cannot create temporary file", openError);
    }

    auto fail = [&](const std::string& what, int error) {
        fd.reset();
        ::unlink(temp.c_str());
        return ioError(path, what, error);
    };

    if (!writeAll(fd.get(), bytes.data(), bytes.size())) {
        return fail("write failed", errno);
    }
    if (::fsync(fd.get()) != 0) {
        return fail("sync failed", errno);
    }
    // Replacing a file should not change who may read it.
    struct stat old {};
    if (::stat(target.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
        ::fchmod(fd.get(), old.st_mode & 07777);
    }
    // The lock belongs to the open file, so a duplicate keeps it while close is checked.
    const Fd lockHolder(::dup(fd.get()));
    if (const int error = fd.close(); error != 0) {
        return fail("close failed", error);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        return fail("cannot replace file", errno);
    }
    syncDirectory(target.parent_path());
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
