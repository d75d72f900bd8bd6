#pragma once

// Small colour helpers the chart's painters share.

#include "chart/heatmap_image.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace liqheat::ui {

inline QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

/// A LUT entry as a plain (unpremultiplied, opaque) colour.
inline QColor lutColor(const ColorLut& lut, int index)
{
    const QRgb v = lut[static_cast<std::size_t>(index)];
    const int a = qAlpha(v);
    return a == 0 ? QColor(0, 0, 0, 0) : QColor(qRed(v) * 255 / a, qGreen(v) * 255 / a, qBlue(v) * 255 / a, 255);
}

/// The LUT index that shows tier `k` of `count`: pale for the lowest leverage, hot for the highest.
inline int tierShade(std::size_t k, std::size_t count)
{
    return count <= 1 ? 220 : 70 + static_cast<int>(185.0 * static_cast<double>(k) / static_cast<double>(count - 1));
}

/// Radius in pixels of a realized-liquidation bubble: area grows with the amount (1M USD: 4 px,
/// 100M USD: 40 px), capped so one event does not cover the chart.
inline double printRadius(double usd) { return std::clamp(4.0 * std::sqrt(std::max(usd, 0.0) / 1e6), 3.0, 40.0); }

}  // namespace liqheat::ui
