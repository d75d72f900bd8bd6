// Whole values read into json::Value (or only checked): the settings of a snapshot, values to
// skip, and wrong-typed values named in an error.
#include "json_stream.h"

#include <utility>

namespace liqheat::json {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool StreamLexer::readValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path)
{
    const std::string* savedContext = m_context;
    const std::int64_t savedIndex = m_index;
    m_context = &path;
    m_index = -1;
    auto done = [&](bool ok) {
        m_context = savedContext;
        m_index = savedIndex;
        return ok;
    };
    const int c = peek();
    if (c == kFail) {
        return done(false);
    }
    if (c == kEnd) {
        return done(syntaxError("unexpected end of input; expected a value"));
    }
    if (budget == 0) {
        return done(fail(makeError(Error::Code::TooLarge,
                                   (path.empty() ? "document" : path) + ": too many values (over the limit)")));
    }
    --budget;
    switch (c) {
    case '{': return done(readObjectValue(out, budget, depth, path));
    case '[': return done(readArrayValue(out, budget, depth, path));
    case '"': {
        std::string text;
        if (!readString(text)) {
            return done(false);
        }
        if (out != nullptr) {
            *out = std::move(text);
        }
        return done(true);
    }
    case 't':
    case 'f': {
        const bool value = c == 't';
        if (!readLiteral(value ? "true" : "false")) {
            return done(false);
        }
        if (out != nullptr) {
            *out = value;
        }
        return done(true);
    }
    case 'n':
        if (!readLiteral("null")) {
            return done(false);
        }
        if (out != nullptr) {
            *out = nullptr;
        }
        return done(true);
    default: break;
    }
    if (c != '-' && !isDigit(static_cast<char>(c))) {
        return done(syntaxError("invalid literal"));
    }
    Number number;
    if (!readNumber(number)) {
        return done(false);
    }
    if (number.overflows) {
        // The token as the lexer kept it: a long number may span a refill of the read buffer, so
        // pointers into that buffer taken before it are no good.
        std::string token(number.text.substr(0, 80));
        if (number.text.size() > 80) {
            token += "...";
        }
        return done(fail(makeError(Error::Code::InvalidData, (path.empty() ? "document" : path) +
                                                                 ": not a finite number (" + token + " overflows)")));
    }
    if (out != nullptr) {
        switch (number.kind) {
        case Number::Kind::Signed: *out = number.i; break;
        case Number::Kind::Unsigned: *out = number.u; break;
        case Number::Kind::Float: *out = number.d; break;
        }
    }
    return done(true);
}

bool StreamLexer::openContainer(Value* out, Value::value_t kind, char close, std::size_t depth, const std::string& path,
                                bool& more)
{
    if (depth >= kMaxDepth) {
        return fail(makeError(Error::Code::ParseError, (path.empty() ? "document" : path) + ": nested deeper than " +
                                                           std::to_string(kMaxDepth) + " levels"));
    }
    advance();
    if (out != nullptr) {
        *out = Value(kind);
    }
    const int first = peek();
    if (first == kFail) {
        return false;
    }
    more = first != close;
    if (!more) {
        advance();
    }
    return true;
}

bool StreamLexer::readArrayValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path)
{
    bool more = false;
    if (!openContainer(out, Value::value_t::array, ']', depth, path, more)) {
        return false;
    }
    const std::size_t base = path.size();
    for (std::size_t i = 0; more; ++i) {
        path += "[" + std::to_string(i) + "]";
        Value element;
        const bool ok = readValue(out != nullptr ? &element : nullptr, budget, depth + 1, path);
        path.resize(base);
        if (!ok) {
            return false;
        }
        if (out != nullptr) {
            out->push_back(std::move(element));
        }
        if (!separator(']', more)) {
            return false;
        }
    }
    return true;
}

bool StreamLexer::readObjectValue(Value* out, std::size_t& budget, std::size_t depth, std::string& path)
{
    bool more = false;
    if (!openContainer(out, Value::value_t::object, '}', depth, path, more)) {
        return false;
    }
    const std::size_t base = path.size();
    std::string key;
    while (more) {
        const int c = peek();
        if (c == kFail) {
            return false;
        }
        if (c != '"') {
            return syntaxError(c == kEnd
                                   ? "unexpected end of input; expected string literal"
                                   : "unexpected " + printable(static_cast<char>(c)) + "; expected string literal");
        }
        if (!readString(key)) {
            return false;
        }
        path += (base == 0 ? "" : ".") + key;
        if (out != nullptr && out->contains(key)) {
            // A DOM would silently keep one of the two; in a data file that hides an error.
            return fail(makeError(Error::Code::ParseError, path + ": duplicate key"));
        }
        if (!expect(':')) {
            return false;
        }
        Value* child = nullptr;
        if (out != nullptr) {
            child = &(*out)[key];
        }
        const bool ok = readValue(child, budget, depth + 1, path);
        path.resize(base);
        if (!ok || !separator('}', more)) {
            return false;
        }
    }
    return true;
}

}  // namespace liqheat::json
