#include "heatmap_image.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace liqheat::ui {
namespace {

struct Stop {
    double at;
    int r, g, b;
};

ColorLut ramp(std::initializer_list<Stop> stops)
{
    const std::vector<Stop> s(stops);
    ColorLut lut{};
    lut[0] = 0;
    for (int i = 1; i < 256; ++i) {
        const double x = i / 255.0;
        std::size_t k = 1;
        while (k + 1 < s.size() && x > s[k].at) {
            ++k;
        }
        const double f = std::clamp((x - s[k - 1].at) / (s[k].at - s[k - 1].at), 0.0, 1.0);
        const auto mix = [&](int a, int b) { return a + (b - a) * f; };
        // Faint cells stay see-through so candles and the grid remain readable under them.
        const double alpha = 0.25 + 0.75 * std::sqrt(x);
        lut[static_cast<std::size_t>(i)] =
            qRgba(static_cast<int>(mix(s[k - 1].r, s[k].r) * alpha), static_cast<int>(mix(s[k - 1].g, s[k].g) * alpha),
                  static_cast<int>(mix(s[k - 1].b, s[k].b) * alpha), static_cast<int>(255 * alpha));
    }
    return lut;
}

}  // namespace

ColorLut shortLut(Palette palette, Theme theme)
{
    if (theme == Theme::Light) {
        return palette == Palette::ColorBlind ? ramp({{0.0, 255, 200, 140}, {0.6, 235, 120, 10}, {1.0, 150, 60, 0}})
                                              : ramp({{0.0, 255, 170, 170}, {0.6, 225, 35, 45}, {1.0, 130, 0, 20}});
    }
    if (palette == Palette::ColorBlind) {
        return ramp({{0.0, 120, 50, 0}, {0.6, 245, 140, 20}, {1.0, 255, 225, 140}});
    }
    return ramp({{0.0, 110, 0, 20}, {0.6, 235, 40, 50}, {1.0, 255, 220, 120}});
}

ColorLut longLut(Palette palette, Theme theme)
{
    if (theme == Theme::Light) {
        return palette == Palette::ColorBlind ? ramp({{0.0, 170, 200, 255}, {0.6, 30, 100, 220}, {1.0, 10, 40, 140}})
                                              : ramp({{0.0, 160, 225, 180}, {0.6, 20, 160, 70}, {1.0, 0, 90, 40}});
    }
    if (palette == Palette::ColorBlind) {
        return ramp({{0.0, 10, 40, 120}, {0.6, 40, 130, 240}, {1.0, 170, 230, 255}});
    }
    return ramp({{0.0, 0, 70, 35}, {0.6, 20, 200, 90}, {1.0, 200, 255, 160}});
}

double referenceLevel(const HeatmapGrid& grid, double percentile)
{
    const std::size_t cells = grid.longUsd.size();
    const std::size_t stride = std::max<std::size_t>(1, cells / 400'000);
    std::vector<float> values;
    values.reserve(std::min<std::size_t>(cells, 800'000));
    for (std::size_t i = 0; i < cells; i += stride) {
        if (grid.longUsd[i] > 0.0F) {
            values.push_back(grid.longUsd[i]);
        }
        if (grid.shortUsd[i] > 0.0F) {
            values.push_back(grid.shortUsd[i]);
        }
    }
    if (values.empty()) {
        return 0.0;
    }
    const auto k = static_cast<std::size_t>(std::clamp(percentile, 0.0, 1.0) * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return static_cast<double>(values[k]);
}

double HeatmapImage::intensity(double usd) const
{
    if (!(m_reference > 0.0) || !(usd > 0.0)) {
        return 0.0;
    }
    const double x = std::min(usd / m_reference, 1.0);
    // Log scale lifts small levels so the structure of faint regions shows (1 % -> ~0.15).
    return m_style.logScale ? std::log1p(99.0 * x) / std::log(100.0) : x;
}

double HeatmapImage::usdAtIntensity(double v) const
{
    const double clamped = std::clamp(v, 0.0, 1.0);
    const double x = m_style.logScale ? std::expm1(clamped * std::log(100.0)) / 99.0 : clamped;
    return x * m_reference;
}

void HeatmapImage::clear()
{
    m_image = QImage();
    m_reference = 0.0;
}

void HeatmapImage::build(const HeatmapGrid& grid, const HeatmapStyle& style, Theme theme)
{
    m_style = style;
    const int columns = static_cast<int>(grid.columns());
    const int buckets = grid.grid.count;
    if (columns == 0 || buckets == 0) {
        clear();
        return;
    }
    m_reference = referenceLevel(grid, style.reference);
    if (m_image.width() != columns || m_image.height() != buckets) {
        m_image = QImage(columns, buckets, QImage::Format_ARGB32_Premultiplied);
    }
    const ColorLut shorts = shortLut(style.palette, theme);
    const ColorLut longs = longLut(style.palette, theme);

    // Intensity -> LUT index through a table of value thresholds would save the divisions, but a
    // full rebuild of a two-week 5m grid is already a few tens of ms and happens only on change.
    const double threshold = std::clamp(style.threshold, 0.0, 1.0);
    for (int b = 0; b < buckets; ++b) {
        auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(buckets - 1 - b));
        for (int c = 0; c < columns; ++c) {
            const double l = intensity(static_cast<double>(grid.longAt(static_cast<std::size_t>(c), b)));
            const double s = intensity(static_cast<double>(grid.shortAt(static_cast<std::size_t>(c), b)));
            const double v = std::max(l, s);
            if (v <= 0.0 || v < threshold) {
                line[c] = 0;
                continue;
            }
            const auto index = static_cast<std::size_t>(std::clamp(std::lround(v * 255.0), 1L, 255L));
            line[c] = s >= l ? shorts[index] : longs[index];
        }
    }
}

}  // namespace liqheat::ui
