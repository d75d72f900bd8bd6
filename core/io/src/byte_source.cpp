#include "byte_source.h"

#include "liqheat/io/file_io.h"

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace liqheat {
namespace {

std::string errnoText(int error)
{
    return error != 0 ? std::generic_category().message(error) : std::string("unknown error");
}

constexpr std::size_t kInputChunk = std::size_t{256} << 10;

}  // namespace

Result<std::size_t> MemorySource::read(char* out, std::size_t size)
{
    const std::size_t n = std::min(size, m_bytes.size());
    std::memcpy(out, m_bytes.data(), n);
    m_bytes.remove_prefix(n);
    return n;
}

Status FileSource::open(const std::string& path, std::size_t maxBytes)
{
    m_maxBytes = maxBytes;
    // Opened without blocking and checked on the descriptor: a FIFO, device or socket is refused
    // at once instead of waiting for a writer (and the check cannot race a rename).
    errno = 0;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) {
            return makeError(Error::Code::NotFound, "file not found");
        }
        return makeError(Error::Code::IoError, "cannot open: " + errnoText(error));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        const int error = errno;
        ::close(fd);
        return makeError(Error::Code::IoError, "cannot open: " + errnoText(error));
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        return makeError(Error::Code::IoError, "is " + fileKindName(info.st_mode) + ", not a regular file");
    }
    m_size = static_cast<std::size_t>(info.st_size);
    if (m_size > maxBytes) {
        ::close(fd);
        return makeError(Error::Code::TooLarge, "file is " + std::to_string(m_size) + " bytes, over the limit of " +
                                                    std::to_string(maxBytes));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    m_file.reset(::fdopen(fd, "rb"));
    if (!m_file) {
        const int error = errno;
        ::close(fd);
        return makeError(Error::Code::IoError, "cannot open: " + errnoText(error));
    }
    return {};
}

Result<bool> FileSource::startsWithGzip()
{
    char head[2];
    std::size_t got = 0;
    while (got < sizeof head) {
        auto n = read(head + got, sizeof head - got);
        if (!n) {
            return n.error();
        }
        if (*n == 0) {
            break;
        }
        got += *n;
    }
    m_total -= got;
    m_ahead.assign(head, got);
    return got == 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
}

Result<std::size_t> FileSource::read(char* out, std::size_t size)
{
    if (!m_ahead.empty()) {
        const std::size_t n = std::min(size, m_ahead.size());
        std::memcpy(out, m_ahead.data(), n);
        m_ahead.erase(0, n);
        m_total += n;
        return n;
    }
    errno = 0;
    const std::size_t got = std::fread(out, 1, size, m_file.get());
    if (got < size && std::ferror(m_file.get())) {
        return makeError(Error::Code::IoError, "read error: " + errnoText(errno));
    }
    // The size was checked when opening; a file that grows meanwhile is stopped here.
    if (got > m_maxBytes - m_total) {
        return makeError(Error::Code::TooLarge,
                         "file is larger than the limit of " + std::to_string(m_maxBytes) + " bytes");
    }
    m_total += got;
    if (m_progress && !m_progress(m_total, m_size)) {
        return makeError(Error::Code::Cancelled, "cancelled");
    }
    return got;
}

struct GzipSource::State {
    z_stream zs{};
    bool initialised = false;
    bool inputEnded = false;   ///< the compressed input has no more bytes
    bool memberEnded = false;  ///< the last gzip member is complete
    bool finished = false;
    std::size_t fed = 0;       ///< compressed bytes handed to zlib
    std::size_t produced = 0;  ///< inflated bytes so far
};

GzipSource::GzipSource(ByteSource& input, std::size_t maxBytes)
    : m_input(input), m_state(std::make_unique<State>()), m_in(kInputChunk), m_maxBytes(maxBytes)
{
    // windowBits 15 + 32: accept gzip or zlib headers.
    m_state->initialised = inflateInit2(&m_state->zs, 15 + 32) == Z_OK;
}

GzipSource::~GzipSource()
{
    if (m_state->initialised) {
        inflateEnd(&m_state->zs);
    }
}

Result<std::size_t> GzipSource::fail(Error::Code code, const std::string& message)
{
    m_state->finished = true;
    return makeError(code, message);
}

// Keeps the `keep` unread bytes at the front and reads more after them.
Status GzipSource::refill(std::size_t keep)
{
    State& s = *m_state;
    if (keep > 0) {
        std::memmove(m_in.data(), s.zs.next_in, keep);
    }
    auto got = m_input.read(m_in.data() + keep, m_in.size() - keep);
    if (!got) {
        return got.error();
    }
    if (*got == 0) {
        s.inputEnded = true;
    }
    s.fed += *got;
    s.zs.next_in = reinterpret_cast<const Bytef*>(m_in.data());
    s.zs.avail_in = static_cast<uInt>(keep + *got);
    return {};
}

Result<std::size_t> GzipSource::read(char* out, std::size_t size)
{
    State& s = *m_state;
    if (!s.initialised) {
        return fail(Error::Code::IoError, "gzip: cannot initialise decompressor");
    }
    std::size_t written = 0;
    while (!s.finished && written < size) {
        if (s.zs.avail_in == 0 && !s.inputEnded) {
            if (auto r = refill(0); !r) {
                return fail(r.error().code, r.error().message);
            }
        }
        if (s.memberEnded) {
            // gzip allows several concatenated members; anything else after the end is garbage.
            while (s.zs.avail_in < 2 && !s.inputEnded) {
                if (auto r = refill(s.zs.avail_in); !r) {
                    return fail(r.error().code, r.error().message);
                }
            }
            if (s.zs.avail_in == 0) {
                s.finished = true;
                break;
            }
            const std::size_t consumed = s.fed - s.zs.avail_in;
            if (s.zs.avail_in < 2 || s.zs.next_in[0] != 0x1f || s.zs.next_in[1] != 0x8b) {
                return fail(
                    Error::Code::ParseError,
                    "gzip: unexpected data after the end of the compressed stream at byte " + std::to_string(consumed));
            }
            inflateReset(&s.zs);
            s.memberEnded = false;
        }
        s.zs.next_out = reinterpret_cast<Bytef*>(out + written);
        s.zs.avail_out = static_cast<uInt>(std::min<std::size_t>(size - written, std::size_t{1} << 30));
        const uInt before = s.zs.avail_out;
        const int ret = inflate(&s.zs, Z_NO_FLUSH);
        const std::size_t produced = before - s.zs.avail_out;
        if (produced > m_maxBytes - s.produced) {
            return fail(Error::Code::TooLarge,
                        "gzip: decompressed data exceeds the limit of " + std::to_string(m_maxBytes) + " bytes");
        }
        s.produced += produced;
        written += produced;
        if (ret == Z_STREAM_END) {
            s.memberEnded = true;
            continue;
        }
        if (ret == Z_OK) {
            continue;
        }
        if (ret == Z_BUF_ERROR && s.zs.avail_in == 0) {
            if (s.inputEnded) {
                return fail(Error::Code::ParseError, "gzip: compressed data is truncated");
            }
            continue;
        }
        if (ret == Z_MEM_ERROR) {
            return fail(Error::Code::IoError, "gzip: out of memory");
        }
        return fail(Error::Code::ParseError,
                    std::string("gzip: corrupt compressed data: ") + (s.zs.msg ? s.zs.msg : "unknown error"));
    }
    return written;
}

}  // namespace liqheat
