#pragma once

#include "liqheat/model/time.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace liqheat::ui {

/// The sample in effect at `timeMs` in a series drawn as steps: the last i with time[i] <= timeMs,
/// while timeMs is before the next sample (or, for the last one, before time[i] + lastSpanMs).
/// `time` must be sorted. None before the first sample and after the last one's span, so a readout
/// never shows a value the data does not have.
[[nodiscard]] std::optional<std::size_t> sampleIndexAt(const std::vector<TimeMs>& time, double timeMs,
                                                       TimeMs lastSpanMs);

}  // namespace liqheat::ui
