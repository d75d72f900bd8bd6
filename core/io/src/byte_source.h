#pragma once

// Bytes read piece by piece, so that a document is parsed while it is read or inflated and never
// held whole in memory. Private to liqheat_io.

#include "liqheat/io/snapshot.h"
#include "liqheat/model/result.h"

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Copies up to `size` bytes into `out`; 0 means the end of the input.
    virtual Result<std::size_t> read(char* out, std::size_t size) = 0;
};

/// Bytes already in memory (not owned).
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
    Result<std::size_t> read(char* out, std::size_t size) override;

private:
    std::string_view m_bytes;
};

/// A regular file, refused beyond `maxBytes`. Errors do not name the path (the caller does).
class FileSource final : public ByteSource {
public:
    Status open(const std::string& path, std::size_t maxBytes);
    /// Whether the file starts with gzip's magic bytes (read ahead, then served by read()).
    Result<bool> startsWithGzip();
    Result<std::size_t> read(char* out, std::size_t size) override;
    /// Told (bytes read, file size) after every piece; returning false cancels the read.
    void setProgress(ReadProgress progress) { m_progress = std::move(progress); }

private:
    struct Closer {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    std::unique_ptr<std::FILE, Closer> m_file;
    std::string m_ahead;  ///< bytes read ahead by startsWithGzip, served first
    std::size_t m_total = 0;
    std::size_t m_size = 0;
    std::size_t m_maxBytes = 0;
    ReadProgress m_progress;
};

/// Inflates gzip (several members allowed) from `input` as it is read. The inflated size is
/// checked against `maxBytes` on every piece, so a gzip bomb stops at the limit with small memory.
class GzipSource final : public ByteSource {
public:
    GzipSource(ByteSource& input, std::size_t maxBytes);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    Result<std::size_t> read(char* out, std::size_t size) override;

private:
    Status refill(std::size_t keep);
    Result<std::size_t> fail(Error::Code code, const std::string& message);

    struct State;
    ByteSource& m_input;
    std::unique_ptr<State> m_state;
    std::vector<char> m_in;
    std::size_t m_maxBytes;
};

}  // namespace liqheat
