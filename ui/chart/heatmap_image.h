#pragma once

#include "heatmap_style.h"

#include "liqheat/estimate/estimator.h"

#include <QImage>
#include <QRgb>

#include <array>

namespace liqheat::ui {

using ColorLut = std::array<QRgb, 256>;

/// Colour ramps, premultiplied ARGB: index 0 is transparent, 255 the hottest.
/// On the light theme the ramps run from pale to dark, so intensity still reads as "more".
ColorLut shortLut(Palette palette, Theme theme = Theme::Dark);
ColorLut longLut(Palette palette, Theme theme = Theme::Dark);

/// The whole heatmap as one image, one pixel per cell (x: column, y: bucket, highest price at the
/// top), coloured through the LUTs. Built once per data or style change; panning and zooming only
/// choose which part of it to draw.
class HeatmapImage {
public:
    void build(const HeatmapGrid& grid, const HeatmapStyle& style, Theme theme = Theme::Dark);
    void clear();

    [[nodiscard]] const QImage& image() const { return m_image; }
    [[nodiscard]] bool isNull() const { return m_image.isNull(); }
    /// Notional (USD) drawn at full intensity: the style's percentile of non-empty cells.
    [[nodiscard]] double reference() const { return m_reference; }
    /// 0..1 intensity of a value under the current style (before the threshold).
    [[nodiscard]] double intensity(double usd) const;
    /// The inverse: the notional drawn at intensity `v` (0..1), so a colour scale can be labelled.
    [[nodiscard]] double usdAtIntensity(double v) const;
    [[nodiscard]] const HeatmapStyle& style() const { return m_style; }

private:
    QImage m_image;
    double m_reference = 0.0;
    HeatmapStyle m_style;
};

/// The value at `percentile` (0..1) of the non-zero cells of both sides (sampled on big grids).
double referenceLevel(const HeatmapGrid& grid, double percentile);

}  // namespace liqheat::ui
