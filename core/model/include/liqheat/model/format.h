#pragma once

// Numbers and times as a trader reads them. The CLI's notes, the GUI's labels and the chart's
// axes all use these, so the same value reads the same everywhere.

#include "liqheat/model/time.h"

#include <string>
#include <string_view>

namespace liqheat {

/// `v` with exactly `decimals` decimals ("%.*f", C locale).
std::string formatFixed(double v, int decimals);

/// Six significant digits, exponent when needed ("%g"): 0.5, 12500, 1e-300, 6.7e+304. For numbers
/// in messages, which may be anything a user typed.
std::string formatGeneral(double v);

/// A compact USD amount: "1.23B", "150M", "43.4M", "12k", "950" (no unit).
std::string formatUsdCompact(double v);
/// The same for a sentence: "43.4M USD".
std::string formatUsd(double v);

/// A price with at most two decimals and no trailing zeros: 39950, 39950.5, 0.07.
std::string formatPrice(double v);

/// "1.25 %" with `decimals` decimals.
std::string formatPercent(double percent, int decimals = 2);

/// "2026-06-07 22:00 UTC": minutes, for labels and tooltips.
std::string formatUtcMinute(TimeMs time);

/// Bytes as a one-line message shows them: valid UTF-8 is kept, any other byte and every control
/// character become "\xNN". File names are bytes, not text; this is how messages name them.
std::string printableText(std::string_view bytes);

}  // namespace liqheat
