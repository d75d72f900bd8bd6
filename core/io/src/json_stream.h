#pragma once

// A strict JSON reader that pulls tokens from a ByteSource as it reads them, so that a document is
// never held whole in memory and a hostile one is refused as soon as it breaks a limit: nesting
// depth, string and number length, and whitespace relative to the tokens it separates. Errors name
// the byte and the value being read ("not valid JSON at byte 12 (in series.candles.high[3]): ...").
// Small values (settings, a wrong-typed value in an error message) are built as json::Value with a
// budget on their element count. Private to liqheat_io.

#include "byte_source.h"
#include "liqheat/io/json_reader.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liqheat::json {

inline constexpr std::size_t kMaxDepth = 32;
inline constexpr std::size_t kMaxStringBytes = std::size_t{1} << 16;
inline constexpr std::size_t kMaxNumberChars = 1024;
/// Whitespace allowed beyond 8 bytes per byte of tokens; more is a whitespace bomb.
inline constexpr std::size_t kWhitespaceAllowance = std::size_t{16} << 20;
inline constexpr std::size_t kWhitespacePerTokenByte = 8;

struct Number {
    enum class Kind { Signed, Unsigned, Float };
    Kind kind = Kind::Signed;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    bool overflows = false;  ///< a float beyond the double range (e.g. 1e999)
    std::string_view text;   ///< the token, valid until the lexer reads on

    [[nodiscard]] double asDouble() const
    {
        return kind == Kind::Float ? d : kind == Kind::Signed ? static_cast<double>(i) : static_cast<double>(u);
    }
};

/// 'x' for a printable byte, else "byte 0xNN", for syntax errors.
std::string printable(char c);

class StreamLexer {
public:
    static constexpr int kEnd = -1;   ///< no more input
    static constexpr int kFail = -2;  ///< an error is recorded in error()

    explicit StreamLexer(ByteSource& source);

    /// The next byte after whitespace, without consuming it; kEnd or kFail.
    int peek()
    {
        while (m_pos < m_end) {
            const char c = *m_pos;
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return static_cast<unsigned char>(c);
            }
            ++m_pos;
            ++m_whitespace;
        }
        return peekSlow();
    }
    void advance() { ++m_pos; }

    /// Reads the number starting at the current byte.
    bool readNumber(Number& out);
    /// Reads the string starting at the current '"' into `out` (UTF-8 checked, escapes decoded).
    bool readString(std::string& out);
    /// Reads "true", "false" or "null" starting at the current byte.
    bool readLiteral(const char* word);

    /// Reads any value into `out` (or only checks it when `out` is null). `budget` counts the
    /// values allowed; `depth` is the nesting of the value's container; `path` names it.
    bool readValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path);

    /// Consumes ',' (returns true with `more`) or `close` (returns true, not `more`).
    bool separator(char close, bool& more);
    /// Consumes `c` or fails with a syntax error.
    bool expect(char c);

    /// Where errors say they happened: `path` (must outlive the call) and, inside an array, the index.
    void setContext(const std::string* path, std::int64_t index = -1)
    {
        m_context = path;
        m_index = index;
    }
    void setIndex(std::int64_t index) { m_index = index; }

    bool syntaxError(const std::string& detail);
    bool fail(Error error);
    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] const Error& error() const { return m_error; }

private:
    int peekSlow();
    /// Makes at least `want` bytes available after m_pos unless the input ends first.
    bool ensure(std::size_t want);
    bool checkWhitespace();
    [[nodiscard]] std::size_t position() const { return m_offset + static_cast<std::size_t>(m_pos - m_buffer.data()); }
    [[nodiscard]] std::string contextText() const;
    /// The opening of an array or object: the depth limit, its bracket, `*out` an empty `kind`,
    /// and an empty one closed at once (`more` false). False on an error.
    bool openContainer(Value* out, Value::value_t kind, char close, std::size_t depth, const std::string& path,
                       bool& more);
    bool readArrayValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path);
    bool readObjectValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path);
    bool decodeEscape(std::string& out);

    ByteSource& m_source;
    std::vector<char> m_buffer;
    const char* m_pos;
    const char* m_end;
    std::size_t m_offset = 0;  ///< document offset of m_buffer[0]
    std::size_t m_whitespace = 0;
    bool m_eof = false;
    bool m_failed = false;
    Error m_error;
    const std::string* m_context = nullptr;
    std::int64_t m_index = -1;
};

}  // namespace liqheat::json
