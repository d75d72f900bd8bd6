#include "liqheat/io/export.h"

#include <algorithm>
#include <cstdio>

namespace liqheat {

std::string heatmapCsv(const HeatmapGrid& h)
{
    std::string text = "time,price_low,price_high,long_usd,short_usd\n";
    const auto count = static_cast<std::size_t>(h.grid.count);
    char line[160];
    for (std::size_t c = 0; c < h.columns(); ++c) {
        for (std::size_t b = 0; b < count; ++b) {
            const float l = h.longUsd[c * count + b];
            const float s = h.shortUsd[c * count + b];
            if (l > 0.0F || s > 0.0F) {
                const int bi = static_cast<int>(b);
                std::snprintf(line, sizeof line, "%lld,%.10g,%.10g,%.2f,%.2f\n",
                              static_cast<long long>(h.columnTime[c]), h.grid.lower(bi), h.grid.upper(bi),
                              static_cast<double>(l), static_cast<double>(s));
                text += line;
            }
        }
    }
    return text;
}

std::string liquidationMapCsv(const LiquidationMap& m, int first, int last)
{
    std::string text = "price_low,price_high,long_usd,short_usd,cumulative_long_usd,cumulative_short_usd\n";
    first = std::max(first, 0);
    last = std::min(last, m.grid.count - 1);
    char line[200];
    for (int b = first; b <= last; ++b) {
        const auto i = static_cast<std::size_t>(b);
        std::snprintf(line, sizeof line, "%.10g,%.10g,%.2f,%.2f,%.2f,%.2f\n", m.grid.lower(b), m.grid.upper(b),
                      m.longUsd[i], m.shortUsd[i], m.cumulativeLong[i], m.cumulativeShort[i]);
        text += line;
    }
    return text;
}

std::string sweepCsv(const SweepSeries& sweep)
{
    std::string text = "time,long_usd,short_usd\n";
    char line[96];
    for (std::size_t i = 0; i < sweep.time.size(); ++i) {
        std::snprintf(line, sizeof line, "%lld,%.2f,%.2f\n", static_cast<long long>(sweep.time[i]), sweep.longUsd[i],
                      sweep.shortUsd[i]);
        text += line;
    }
    return text;
}

}  // namespace liqheat
