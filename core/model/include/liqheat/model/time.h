#pragma once

// Time values and their text forms, shared by every reader, writer and view.

#include <cstdint>
#include <optional>
#include <string>

namespace liqheat {

using TimeMs = std::int64_t;  ///< UTC milliseconds since the Unix epoch

/// Parses "1779724500000" (ms; from 1e15 on, microseconds), "2026-05-25T15:55:00Z",
/// "2026-05-25 15:55:00", "2026-05-25" (UTC unless an offset is given).
std::optional<TimeMs> parseTime(const std::string& text);
/// ISO 8601 UTC, e.g. "2026-05-25T15:55:00Z" (milliseconds shown only when not zero).
std::string formatTimeIso(TimeMs time);

/// "5m", "1h", "8h", "1d" <-> milliseconds. parseInterval returns 0 for anything else.
TimeMs parseInterval(const std::string& text);
std::string formatInterval(TimeMs ms);

}  // namespace liqheat
