#include "liqheat/io/json_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace liqheat::json {

std::string typeName(const Value& value)
{
    if (value.is_number_float()) {
        return "a floating-point number";
    }
    if (value.is_number()) {
        return "an integer";
    }
    const std::string name = value.type_name();
    return (name == "array" || name == "object") ? "an " + name : "a " + name;
}

Error wrongType(const std::string& path, const std::string& expected, const Value& actual)
{
    return makeError(Error::Code::ParseError, path + ": expected " + expected + ", got " + typeName(actual));
}

Result<const Value*> member(const Value& object, const char* key, const std::string& path)
{
    if (!object.is_object()) {
        return wrongType(path, "an object", object);
    }
    const auto it = object.find(key);
    if (it == object.end()) {
        return makeError(Error::Code::ParseError, path + ": missing \"" + key + "\"");
    }
    return &*it;
}

Result<const Value*> readArray(const Value& value, const std::string& path)
{
    if (!value.is_array()) {
        return wrongType(path, "an array", value);
    }
    return &value;
}

Result<std::string> readString(const Value& value, const std::string& path)
{
    if (!value.is_string()) {
        return wrongType(path, "a string", value);
    }
    return value.get<std::string>();
}

Result<double> readFiniteNumber(const Value& value, const std::string& path, const std::string& expected)
{
    if (!value.is_number()) {
        return wrongType(path, expected, value);
    }
    const double number = value.get<double>();
    if (!std::isfinite(number)) {
        return makeError(Error::Code::InvalidData, path + ": not a finite number");
    }
    return number;
}

Result<std::int64_t> readInt64(const Value& value, const std::string& path, const std::string& expected)
{
    if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return makeError(Error::Code::InvalidData, path + ": " + value.dump() + " is out of the 64-bit range");
        }
        return static_cast<std::int64_t>(value.get<std::uint64_t>());
    }
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    // A whole number beyond int64 is parsed as a double; say what is really wrong with it.
    constexpr double kTwoPow63 = 9223372036854775808.0;
    if (value.is_number_float() && std::abs(value.get<double>()) >= kTwoPow63) {
        return makeError(Error::Code::InvalidData, path + ": " + value.dump() + " is out of the 64-bit range");
    }
    return wrongType(path, expected, value);
}

Status rejectUnknownKeys(const Value& object, const std::string& path, std::initializer_list<std::string_view> known)
{
    for (const auto& item : object.items()) {
        if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
            std::string list;
            for (const auto& name : known) {
                list += (list.empty() ? "" : ", ") + std::string(name);
            }
            return makeError(Error::Code::ParseError, (path.empty() ? "" : path + ": ") + "unknown key \"" +
                                                          item.key() + "\" (expected one of: " + list + ")");
        }
    }
    return {};
}

}  // namespace liqheat::json
