#pragma once

// Strict reading of parsed JSON values, shared by the snapshot reader and the exchange adapters.
// Every error names where the value sits, e.g. "series.candles.high[12]: expected a number, got
// a string" or "GET /api/v5/public/instruments: data[0]: missing \"ctVal\"".

#include "liqheat/model/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace liqheat::json {

using Value = nlohmann::json;

/// "an object", "an array", "a string", "an integer", "a floating-point number", ...
std::string typeName(const Value& value);

/// ParseError "path: expected <expected>, got <the value's type>".
Error wrongType(const std::string& path, const std::string& expected, const Value& actual);

/// Member `key` of `object`; errors: `object` is not an object, or "path: missing \"key\"".
Result<const Value*> member(const Value& object, const char* key, const std::string& path);

/// `value` when it is an array.
Result<const Value*> readArray(const Value& value, const std::string& path);

Result<std::string> readString(const Value& value, const std::string& path);

/// A JSON number that is finite (InvalidData otherwise); `expected` names the wanted type in the
/// error for any other type.
Result<double> readFiniteNumber(const Value& value, const std::string& path, const std::string& expected = "a number");

/// A JSON integer within the 64-bit range. A whole number beyond it arrives as a double and is
/// named as out of range; `expected` names the wanted type in the error for any other type.
Result<std::int64_t> readInt64(const Value& value, const std::string& path, const std::string& expected);

/// ParseError naming the first key of `object` that is not in `known`, and the keys that are.
Status rejectUnknownKeys(const Value& object, const std::string& path, std::initializer_list<std::string_view> known);

}  // namespace liqheat::json
