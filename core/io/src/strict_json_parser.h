#pragma once

// Parsing a whole document strictly: a duplicate key, nesting deeper than 32 levels, a number that
// overflows a double, bad syntax or a truncated document is an error naming where it happened
// ("series.candles.high[12]: ..."). Private to liqheat_io.

#include "liqheat/io/json_reader.h"

namespace liqheat::json {

Result<Value> parseStrictJson(const std::string& text);

}  // namespace liqheat::json
