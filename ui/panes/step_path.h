#pragma once

#include <QList>
#include <QPointF>

namespace liqheat::ui {

// Bars as one polyline: Qt Charts draws thousands of QBarSet entries slowly and cannot place bars
// on a QDateTimeAxis, but a step-shaped QLineSeries filled down to a zero baseline (QAreaSeries)
// draws every candle in a single path.

/// Points a pane hands Qt Charts at most: four per slice, 4,096 slices (wider than any screen).
inline constexpr qsizetype kDisplayPoints = 4 * 4096;

/// Appends the bar [x0, x1) of height y. The path starts at y = 0, drops to 0 across gaps between
/// bars and merges neighbours of equal height.
void appendStep(QList<QPointF>& path, qreal x0, qreal x1, qreal y);
/// Returns the path to y = 0 after the last bar.
void closeStep(QList<QPointF>& path);

/// At most about `maxPoints` points of `path` (x non-decreasing): per slice of the x range its
/// first, lowest, highest and last point, so a long history draws its envelope at display
/// resolution instead of stroking millions of segments. Shorter paths come back unchanged.
[[nodiscard]] QList<QPointF> atDisplayResolution(const QList<QPointF>& path, qsizetype maxPoints = kDisplayPoints);

/// A round tick spacing (1, 2, 2.5 or 5 times a power of ten) no smaller than `rough`.
[[nodiscard]] double niceStep(double rough);
/// The largest round spacing (1, 2, 2.5 or 5 times a power of ten) no larger than `limit`.
[[nodiscard]] double niceStepBelow(double limit);

}  // namespace liqheat::ui
