#include "json_stream.h"

#include <charconv>
#include <cstring>
#include <utility>

namespace liqheat::json {
namespace {

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string printable(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return std::string("'") + c + "'";
    }
    static const char* digits = "0123456789ABCDEF";
    return std::string("byte 0x") + digits[byte >> 4] + digits[byte & 0xF];
}

namespace {

void appendUtf8(std::string& out, std::uint32_t code)
{
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Length of the well-formed UTF-8 sequence at `p` (RFC 3629), or 0.
std::size_t utf8Length(const unsigned char* p, std::size_t available)
{
    const unsigned char c = p[0];
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        low = c == 0xE0 ? 0xA0 : 0x80;
        high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        low = c == 0xF0 ? 0x90 : 0x80;
        high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (available < length || p[1] < low || p[1] > high) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if (p[i] < 0x80 || p[i] > 0xBF) {
            return 0;
        }
    }
    return length;
}

// Whether a float token that from_chars found out of range is too large (rather than too small):
// the decimal exponent of its first significant digit decides.
bool tooLarge(std::string_view token)
{
    std::int64_t leading = 0;  // decimal exponent of the first nonzero digit, before 'e'
    bool seen = false;
    std::int64_t integerDigits = 0;
    std::size_t i = token.front() == '-' ? 1 : 0;
    for (; i < token.size() && isDigit(token[i]); ++i) {
        if (token[i] != '0' && !seen) {
            seen = true;
            integerDigits = 0;
        }
        if (seen) {
            ++integerDigits;
        }
    }
    leading = seen ? integerDigits - 1 : 0;
    if (i < token.size() && token[i] == '.') {
        std::int64_t place = 0;
        for (++i; i < token.size() && isDigit(token[i]); ++i) {
            --place;
            if (!seen && token[i] != '0') {
                seen = true;
                leading = place;
            }
        }
    }
    std::int64_t exponent = 0;
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        const bool negative = i < token.size() && token[i] == '-';
        if (i < token.size() && (token[i] == '-' || token[i] == '+')) {
            ++i;
        }
        for (; i < token.size(); ++i) {
            exponent = std::min<std::int64_t>(exponent * 10 + (token[i] - '0'), 1'000'000'000);
        }
        exponent = negative ? -exponent : exponent;
    }
    return leading + exponent > 0;
}

}  // namespace

StreamLexer::StreamLexer(ByteSource& source)
    : m_source(source), m_buffer(kBufferBytes), m_pos(m_buffer.data()), m_end(m_buffer.data())
{}

bool StreamLexer::fail(Error error)
{
    if (!m_failed) {
        m_failed = true;
        m_error = std::move(error);
    }
    return false;
}

std::string StreamLexer::contextText() const
{
    if (m_context == nullptr || m_context->empty()) {
        return {};
    }
    return *m_context + (m_index >= 0 ? "[" + std::to_string(m_index) + "]" : std::string());
}

bool StreamLexer::syntaxError(const std::string& detail)
{
    const std::string context = contextText();
    const std::string at = context.empty() ? std::string() : " (in " + context + ")";
    const std::string byte = std::to_string(position() + 1);
    if (m_pos == m_end && m_eof) {
        return fail(makeError(Error::Code::ParseError, "document is truncated: unexpected end at byte " + byte + at +
                                                           ": syntax error while parsing value - " + detail));
    }
    return fail(makeError(Error::Code::ParseError,
                          "not valid JSON at byte " + byte + at + ": syntax error while parsing value - " + detail));
}

bool StreamLexer::checkWhitespace()
{
    const std::size_t tokens = position() - std::min(position(), m_whitespace);
    if (m_whitespace > kWhitespaceAllowance + kWhitespacePerTokenByte * tokens) {
        return fail(makeError(Error::Code::TooLarge, "document has " + std::to_string(m_whitespace) +
                                                         " bytes of whitespace by byte " + std::to_string(position()) +
                                                         ", over the limit of " + std::to_string(kWhitespaceAllowance) +
                                                         " plus " + std::to_string(kWhitespacePerTokenByte) +
                                                         " per byte of values"));
    }
    return true;
}

bool StreamLexer::ensure(std::size_t want)
{
    if (static_cast<std::size_t>(m_end - m_pos) >= want || m_eof) {
        return true;
    }
    if (m_failed) {
        return false;
    }
    const std::size_t kept = static_cast<std::size_t>(m_end - m_pos);
    m_offset += static_cast<std::size_t>(m_pos - m_buffer.data());
    std::memmove(m_buffer.data(), m_pos, kept);
    std::size_t filled = kept;
    while (filled < want && !m_eof) {
        auto got = m_source.read(m_buffer.data() + filled, m_buffer.size() - filled);
        if (!got) {
            m_pos = m_buffer.data();
            m_end = m_buffer.data() + filled;
            return fail(got.error());
        }
        m_eof = *got == 0;
        filled += *got;
    }
    m_pos = m_buffer.data();
    m_end = m_buffer.data() + filled;
    return checkWhitespace();
}

int StreamLexer::peekSlow()
{
    while (true) {
        if (m_failed) {
            return kFail;
        }
        if (!ensure(1)) {
            return kFail;
        }
        if (m_pos == m_end) {
            return kEnd;
        }
        while (m_pos < m_end) {
            const char c = *m_pos;
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return static_cast<unsigned char>(c);
            }
            ++m_pos;
            ++m_whitespace;
        }
    }
}

bool StreamLexer::expect(char c)
{
    const int next = peek();
    if (next == kFail) {
        return false;
    }
    if (next != static_cast<unsigned char>(c)) {
        return syntaxError(next == kEnd
                               ? std::string("unexpected end of input; expected '") + c + "'"
                               : "unexpected " + printable(static_cast<char>(next)) + "; expected '" + c + "'");
    }
    advance();
    return true;
}

bool StreamLexer::separator(char close, bool& more)
{
    const int next = peek();
    if (next == ',') {
        advance();
        more = true;
        return true;
    }
    if (next == static_cast<unsigned char>(close)) {
        advance();
        more = false;
        return true;
    }
    if (next == kFail) {
        return false;
    }
    const std::string expected = std::string("expected ',' or '") + close + "'";
    return syntaxError(next == kEnd ? "unexpected end of input; " + expected
                                    : "unexpected " + printable(static_cast<char>(next)) + "; " + expected);
}

bool StreamLexer::readLiteral(const char* word)
{
    const std::size_t length = std::strlen(word);
    if (!ensure(length)) {
        return false;
    }
    for (std::size_t i = 0; i < length; ++i) {
        if (m_pos == m_end || *m_pos != word[i]) {
            return syntaxError("invalid literal");
        }
        ++m_pos;
    }
    return true;
}

bool StreamLexer::readNumber(Number& out)
{
    if (m_end - m_pos < static_cast<std::ptrdiff_t>(kMaxNumberChars) && !ensure(kMaxNumberChars)) {
        return false;
    }
    const char* p = m_pos;
    const char* const end = m_end;
    const char* const start = p;
    const bool negative = *p == '-';
    if (negative) {
        ++p;
    }
    auto invalid = [&](const char* detail) {
        m_pos = p;
        return syntaxError(std::string("invalid number; ") + detail);
    };
    if (p == end || !isDigit(*p)) {
        return invalid("expected digit after '-'");
    }
    // The digits of the integer and fraction parts as one integer, while there are at most 19.
    std::uint64_t mantissa = 0;
    std::size_t mantissaDigits = 0;
    if (*p == '0') {
        ++p;
        ++mantissaDigits;
    } else {
        for (; p < end && isDigit(*p); ++p, ++mantissaDigits) {
            mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        }
    }
    bool isFloat = false;
    std::size_t fractionDigits = 0;
    if (p < end && *p == '.') {
        ++p;
        if (p == end || !isDigit(*p)) {
            return invalid("expected digit after '.'");
        }
        for (; p < end && isDigit(*p); ++p, ++fractionDigits) {
            mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        }
        mantissaDigits += fractionDigits;
        isFloat = true;
    }
    bool hasExponent = false;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-')) {
            ++p;
        }
        if (p == end || !isDigit(*p)) {
            return invalid("expected digit after exponent");
        }
        while (p < end && isDigit(*p)) {
            ++p;
        }
        isFloat = true;
        hasExponent = true;
    }
    if ((p == end && !m_eof) || static_cast<std::size_t>(p - start) > kMaxNumberChars) {
        m_pos = p;
        return fail(makeError(Error::Code::ParseError, (contextText().empty() ? "document" : contextText()) +
                                                           ": a number longer than " + std::to_string(kMaxNumberChars) +
                                                           " characters"));
    }
    m_pos = p;
    out.overflows = false;
    out.text = std::string_view(start, static_cast<std::size_t>(p - start));
    constexpr std::size_t kExactDigits = 19;  // any 19 digits fit in 64 bits
    if (!isFloat && mantissaDigits > kExactDigits) {
        // 20 digits may still fit: nlohmann reads those as unsigned, beyond as a double.
        bool fits = true;
        mantissa = 0;
        for (const char* q = start + (negative ? 1 : 0); q < p; ++q) {
            fits = fits && !__builtin_mul_overflow(mantissa, 10U, &mantissa) &&
                   !__builtin_add_overflow(mantissa, static_cast<unsigned>(*q - '0'), &mantissa);
        }
        mantissaDigits = fits ? kExactDigits : mantissaDigits;
    }
    if (!isFloat && mantissaDigits <= kExactDigits) {
        constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;
        if (!negative) {
            out.kind = mantissa < kMinMagnitude ? Number::Kind::Signed : Number::Kind::Unsigned;
            out.i = static_cast<std::int64_t>(mantissa);
            out.u = mantissa;
            return true;
        }
        if (mantissa <= kMinMagnitude) {
            out.kind = Number::Kind::Signed;
            out.i = mantissa == kMinMagnitude ? INT64_MIN : -static_cast<std::int64_t>(mantissa);
            return true;
        }
    }
    out.kind = Number::Kind::Float;
    // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 1e22 are both exact
    // doubles, so one division is correctly rounded, the same double from_chars gives.
    static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                         1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    constexpr std::uint64_t kExactMantissa = std::uint64_t{1} << 53;
    if (isFloat && !hasExponent && mantissaDigits <= kExactDigits && mantissa <= kExactMantissa &&
        fractionDigits < std::size(kPowers)) {
        const double magnitude = static_cast<double>(mantissa) / kPowers[fractionDigits];
        out.d = negative ? -magnitude : magnitude;
        return true;
    }
    const auto result = std::from_chars(start, p, out.d);
    if (result.ec == std::errc::result_out_of_range) {
        out.overflows = tooLarge(out.text);
        out.d = out.overflows ? 0.0 : (negative ? -0.0 : 0.0);
    } else if (result.ec != std::errc() || result.ptr != p) {
        return invalid("not a number");
    }
    return true;
}

bool StreamLexer::decodeEscape(std::string& out)
{
    // At the backslash; at least 12 bytes are available unless the input ends.
    auto hex4 = [this](std::uint32_t& code) {
        code = 0;
        for (int i = 0; i < 4; ++i, ++m_pos) {
            if (m_pos == m_end) {
                return syntaxError("invalid string: '\\u' must be followed by 4 hex digits");
            }
            const char c = *m_pos;
            const int digit = isDigit(c)               ? c - '0'
                              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                       : -1;
            if (digit < 0) {
                return syntaxError("invalid string: '\\u' must be followed by 4 hex digits");
            }
            code = code * 16 + static_cast<std::uint32_t>(digit);
        }
        return true;
    };
    ++m_pos;
    if (m_pos == m_end) {
        return syntaxError("invalid string: unexpected end in an escape");
    }
    const char c = *m_pos++;
    switch (c) {
    case '"': out += '"'; return true;
    case '\\': out += '\\'; return true;
    case '/': out += '/'; return true;
    case 'b': out += '\b'; return true;
    case 'f': out += '\f'; return true;
    case 'n': out += '\n'; return true;
    case 'r': out += '\r'; return true;
    case 't': out += '\t'; return true;
    case 'u': break;
    default: --m_pos; return syntaxError("invalid string: forbidden character after backslash");
    }
    std::uint32_t code = 0;
    if (!hex4(code)) {
        return false;
    }
    if (code >= 0xDC00 && code <= 0xDFFF) {
        return syntaxError("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
        std::uint32_t low = 0;
        if (m_end - m_pos < 2 || m_pos[0] != '\\' || m_pos[1] != 'u') {
            return syntaxError("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
        }
        m_pos += 2;
        if (!hex4(low)) {
            return false;
        }
        if (low < 0xDC00 || low > 0xDFFF) {
            return syntaxError("invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
        }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(out, code);
    return true;
}

bool StreamLexer::readString(std::string& out)
{
    out.clear();
    ++m_pos;  // the opening quote
    while (true) {
        if (!ensure(12)) {
            return false;
        }
        if (m_pos == m_end) {
            return syntaxError("invalid string: missing closing quote");
        }
        const char c = *m_pos;
        if (c == '"') {
            ++m_pos;
            return true;
        }
        if (out.size() >= kMaxStringBytes) {
            return fail(makeError(Error::Code::TooLarge, (contextText().empty() ? "document" : contextText()) +
                                                             ": a string longer than " +
                                                             std::to_string(kMaxStringBytes) + " bytes"));
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\\') {
            if (!decodeEscape(out)) {
                return false;
            }
        } else if (byte < 0x20) {
            return syntaxError("invalid string: control character must be escaped");
        } else if (byte < 0x80) {
            out += c;
            ++m_pos;
        } else {
            const std::size_t length =
                utf8Length(reinterpret_cast<const unsigned char*>(m_pos), static_cast<std::size_t>(m_end - m_pos));
            if (length == 0) {
                return syntaxError("invalid string: ill-formed UTF-8 byte");
            }
            out.append(m_pos, length);
            m_pos += length;
        }
    }
}

}  // namespace liqheat::json
