#include "series_columns.h"

#include <algorithm>
#include <cstdint>

// The series arrays go straight from the lexer into their vectors: no intermediate values, and
// every limit applies at the element that breaks it.

namespace liqheat {

using Json = json::Value;
using json::StreamLexer;

// The type of the value about to be read, for "expected X, got Y" (reads it when scalar).
Result<std::string> SeriesColumnReader::nextTypeName()
{
    const int c = m_lex.peek();
    if (c == '[') {
        return std::string("an array");
    }
    if (c == '{') {
        return std::string("an object");
    }
    Json value;
    std::size_t budget = 1;
    std::string path = m_where;
    if (!m_lex.readValue(&value, budget, 0, path)) {
        return m_lex.error();
    }
    return json::typeName(value);
}

Status SeriesColumnReader::wrongType(const std::string& path, const std::string& expected)
{
    m_where = path;
    auto type = nextTypeName();
    if (!type) {
        return type.error();
    }
    return makeError(Error::Code::ParseError, path + ": expected " + expected + ", got " + *type);
}

Status SeriesColumnReader::skipValue(std::string path, std::size_t depth)
{
    std::size_t budget = kUnlimited;
    if (!m_lex.readValue(nullptr, budget, depth, path)) {
        return m_lex.error();
    }
    return {};
}

// Grows `column` for one more value within the document-wide limit on values, so that the
// slack of a growing vector stays within that limit too.
template <typename T>
Status SeriesColumnReader::makeRoom(std::vector<T>& column, const std::string& path)
{
    if (m_values >= m_limits.maxValues) {
        return makeError(Error::Code::TooLarge,
                         path + ": the document holds more than " + std::to_string(m_limits.maxValues) + " values");
    }
    if (column.size() == column.capacity()) {
        const std::size_t left = m_limits.maxValues - m_values;
        column.reserve(column.size() + std::min(std::max<std::size_t>(column.size(), 1024), left));
    }
    ++m_values;
    return {};
}

Status SeriesColumnReader::rowLimit(const std::string& path, std::size_t rows) const
{
    return makeError(Error::Code::TooLarge, path + ": " + std::to_string(rows) + " rows exceed the limit of " +
                                                std::to_string(m_limits.maxRowsPerSeries) + " per series");
}

// An element that is not a plain number: null, or another type, named with its index.
Status SeriesColumnReader::badElement(const std::string& path, std::size_t index, const std::string& expected)
{
    const std::string at = path + "[" + std::to_string(index) + "]";
    if (m_lex.peek() == 'n') {
        if (!m_lex.readLiteral("null")) {
            return m_lex.error();
        }
        // nlohmann writes NaN and infinity as null, so null is how they arrive here.
        return makeError(Error::Code::InvalidData, at + ": not a finite number (null)");
    }
    return wrongType(at, expected);
}

template <typename T, typename Convert>
Status SeriesColumnReader::readColumn(const std::string& path, std::size_t depth, std::vector<T>& out,
                                      const char* expected, const char* elementExpected, Convert convert)
{
    if (m_lex.peek() != '[') {
        return m_lex.failed() ? m_lex.error() : wrongType(path, expected);
    }
    if (depth >= json::kMaxDepth) {
        return makeError(Error::Code::ParseError,
                         path + ": nested deeper than " + std::to_string(json::kMaxDepth) + " levels");
    }
    m_lex.advance();
    out.clear();
    out.reserve(std::min({m_sizeHint, m_limits.maxRowsPerSeries, m_limits.maxValues - m_values}));
    m_lex.setContext(&path, 0);
    if (m_lex.peek() == ']') {
        m_lex.advance();
        return {};
    }
    json::Number number;
    bool more = true;
    for (std::size_t i = 0; more; ++i) {
        m_lex.setIndex(static_cast<std::int64_t>(i));
        if (i >= m_limits.maxRowsPerSeries) {
            return rowLimit(path, i + 1);
        }
        if (out.size() == out.capacity() || m_values >= m_limits.maxValues) {
            if (auto s = makeRoom(out, path); !s) {
                return s;
            }
        } else {
            ++m_values;
        }
        const int c = m_lex.peek();
        if (c == '-' || (c >= '0' && c <= '9')) {
            if (!m_lex.readNumber(number)) {
                return m_lex.error();
            }
            if (auto s = convert(number, path, i, out); !s) {
                return s;
            }
        } else if (c == StreamLexer::kFail) {
            return m_lex.error();
        } else if (c == StreamLexer::kEnd || (c == ']' && i > 0)) {
            m_lex.syntaxError(c == ']' ? "unexpected ']'; expected a value" : "unexpected end of input");
            return m_lex.error();
        } else {
            return badElement(path, i, elementExpected);
        }
        if (!m_lex.separator(']', more)) {
            return m_lex.error();
        }
    }
    return {};
}

Status SeriesColumnReader::readNumbers(const std::string& path, std::size_t depth, std::vector<double>& out)
{
    return readColumn(path, depth, out, "an array of numbers", "a number",
                      [](const json::Number& n, const std::string& at, std::size_t i, std::vector<double>& column) {
                          if (n.overflows) {
                              return overflow(at, i, n.text);
                          }
                          column.push_back(n.asDouble());
                          return Status{};
                      });
}

Status SeriesColumnReader::readTimes(const std::string& path, std::size_t depth, std::vector<TimeMs>& out)
{
    return readColumn(path, depth, out, "an array of integer millisecond times", "an integer time in milliseconds",
                      [](const json::Number& n, const std::string& at, std::size_t i, std::vector<TimeMs>& column) {
                          if (n.kind == json::Number::Kind::Signed) {
                              column.push_back(n.i);
                              return Status{};
                          }
                          if (n.overflows) {
                              return overflow(at, i, n.text);
                          }
                          const std::string where = at + "[" + std::to_string(i) + "]";
                          const Json value = n.kind == json::Number::Kind::Unsigned ? Json(n.u) : Json(n.d);
                          auto time = json::readInt64(value, where, "an integer time in milliseconds");
                          return time ? Status{} : Status{time.error()};
                      });
}

Status SeriesColumnReader::overflow(const std::string& path, std::size_t index, std::string_view token)
{
    const std::string text = token.size() > 80 ? std::string(token.substr(0, 80)) + "..." : std::string(token);
    return makeError(Error::Code::InvalidData,
                     path + "[" + std::to_string(index) + "]: not a finite number (" + text + " overflows)");
}

}  // namespace liqheat
