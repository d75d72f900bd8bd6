#include "strict_json_parser.h"

#include <string>
#include <utility>
#include <vector>

namespace liqheat::json {
namespace {

constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kMaxTokenInMessage = 80;

// A SAX handler that builds the DOM while tracking where it is, so that errors the parser raises
// itself (number overflow, bad syntax) can name the field like every other error.
class DomBuilder {
public:
    DomBuilder(Value& root, std::size_t documentSize) : m_root(root), m_size(documentSize) {}

    bool null() { return insert(Value(nullptr)); }
    bool boolean(bool value) { return insert(Value(value)); }
    bool number_integer(Value::number_integer_t value) { return insert(Value(value)); }
    bool number_unsigned(Value::number_unsigned_t value) { return insert(Value(value)); }
    bool number_float(Value::number_float_t value, const Value::string_t&) { return insert(Value(value)); }
    bool string(Value::string_t& value) { return insert(Value(std::move(value))); }
    bool binary(Value::binary_t& value) { return insert(Value(std::move(value))); }

    bool start_object(std::size_t) { return open(Value::object()); }
    bool start_array(std::size_t) { return open(Value::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Value::string_t& name)
    {
        Level& level = m_stack.back();
        level.key = std::move(name);
        if (level.value->contains(level.key)) {
            // The DOM would silently keep one of the two; in a data file that hides an error.
            return fail(Error::Code::ParseError, path() + ": duplicate key");
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const Value::exception& ex)
    {
        if (ex.id == 406) {  // out_of_range.406: a number too large for a double
            return fail(Error::Code::InvalidData, where() + "not a finite number (" + clip(lastToken) + " overflows)");
        }
        std::string detail = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
        if (const auto colon = detail.find(": ", detail.find("column")); colon != std::string::npos) {
            detail = detail.substr(colon + 2);
        }
        if (detail.size() > 200) {
            detail = detail.substr(0, 200) + "...";
        }
        const std::string at = m_stack.empty() ? std::string() : " (in " + path() + ")";
        if (position >= m_size) {
            return fail(Error::Code::ParseError, "document is truncated: unexpected end at byte " +
                                                     std::to_string(position) + at + ": " + detail);
        }
        return fail(Error::Code::ParseError, "not valid JSON at byte " + std::to_string(position) + at + ": " + detail);
    }

    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] const Error& error() const { return m_error; }

private:
    struct Level {
        Value* value;
        std::string key;
    };

    // Places a value at the current position and returns where it now lives.
    Value* place(Value value)
    {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Level& level = m_stack.back();
        if (level.value->is_array()) {
            level.value->push_back(std::move(value));
            return &level.value->back();
        }
        Value& slot = (*level.value)[level.key];
        slot = std::move(value);
        return &slot;
    }

    bool insert(Value value)
    {
        place(std::move(value));
        return true;
    }

    bool open(Value value)
    {
        if (m_stack.size() >= kMaxDepth) {
            return fail(Error::Code::ParseError,
                        path() + ": nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        Value* child = place(std::move(value));
        m_stack.push_back({child, {}});
        return true;
    }

    bool close()
    {
        m_stack.pop_back();
        return true;
    }

    bool fail(Error::Code code, std::string message)
    {
        m_failed = true;
        m_error = makeError(code, std::move(message));
        return false;
    }

    // Path of the value being parsed, e.g. "series.candles.high[12]".
    [[nodiscard]] std::string path() const
    {
        std::string text;
        for (std::size_t i = 0; i < m_stack.size(); ++i) {
            const Value& value = *m_stack[i].value;
            if (value.is_array()) {
                // Enclosing arrays already hold the open child; the innermost is about to get one.
                const std::size_t index = i + 1 == m_stack.size() ? value.size() : value.size() - 1;
                text += "[" + std::to_string(index) + "]";
            } else if (!m_stack[i].key.empty()) {
                text += (text.empty() ? "" : ".") + m_stack[i].key;
            }
        }
        return text.empty() ? std::string("document") : text;
    }

    [[nodiscard]] std::string where() const { return path() + ": "; }

    static std::string clip(const std::string& token)
    {
        return token.size() > kMaxTokenInMessage ? token.substr(0, kMaxTokenInMessage) + "..." : token;
    }

    Value& m_root;
    std::vector<Level> m_stack;
    std::size_t m_size;
    bool m_failed = false;
    Error m_error;
};

}  // namespace

Result<Value> parseStrictJson(const std::string& text)
{
    Value root;
    DomBuilder builder(root, text.size());
    try {
        const bool ok = Value::sax_parse(text, &builder);
        if (!ok || builder.failed()) {
            return builder.failed() ? builder.error() : makeError(Error::Code::ParseError, "not valid JSON");
        }
    } catch (const Value::exception& ex) {
        // sax_parse reports through the handler; this is only a safety net.
        return makeError(Error::Code::ParseError, std::string("not valid JSON: ") + ex.what());
    }
    return root;
}

}  // namespace liqheat::json
