#include "panes/sample_lookup.h"

#include <algorithm>

namespace liqheat::ui {

std::optional<std::size_t> sampleIndexAt(const std::vector<TimeMs>& time, double timeMs, TimeMs lastSpanMs)
{
    const auto after = std::upper_bound(time.cbegin(), time.cend(), timeMs,
                                        [](double t, TimeMs sample) { return t < static_cast<double>(sample); });
    if (after == time.cbegin()) {
        return std::nullopt;
    }
    const auto i = static_cast<std::size_t>(after - time.cbegin()) - 1;
    if (after == time.cend() && timeMs >= static_cast<double>(time[i] + lastSpanMs)) {
        return std::nullopt;
    }
    return i;
}

}  // namespace liqheat::ui
