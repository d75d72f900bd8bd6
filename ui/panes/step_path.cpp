#include "panes/step_path.h"

#include <algorithm>
#include <cmath>

namespace liqheat::ui {

void appendStep(QList<QPointF>& path, qreal x0, qreal x1, qreal y)
{
    if (path.isEmpty()) {
        path.append(QPointF(x0, 0.0));
    } else {
        const QPointF last = path.constLast();
        x0 = std::max(x0, last.x());  // overlapping bars: the later one starts where the last ends
        if (x1 <= x0) {
            return;
        }
        if (last.y() == y && (last.x() == x0 || y == 0.0)) {
            path.last().setX(x1);  // same height and adjacent (or both zero): extend the last run
            return;
        }
        if (x0 > last.x()) {
            if (last.y() != 0.0) {
                path.append(QPointF(last.x(), 0.0));
                path.append(QPointF(x0, 0.0));
            } else {
                path.last().setX(x0);  // a zero run continues across the gap
            }
        }
    }
    path.append(QPointF(x0, y));
    path.append(QPointF(x1, y));
}

void closeStep(QList<QPointF>& path)
{
    if (!path.isEmpty() && path.constLast().y() != 0.0) {
        path.append(QPointF(path.constLast().x(), 0.0));
    }
}

double niceStep(double rough)
{
    if (!(rough > 0.0) || !std::isfinite(rough)) {
        return 1.0;
    }
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (factor * magnitude >= rough * (1.0 - 1e-9)) {
            return factor * magnitude;
        }
    }
    return 10.0 * magnitude;
}

}  // namespace liqheat::ui

namespace liqheat::ui {

double niceStepBelow(double limit)
{
    if (!(limit > 0.0) || !std::isfinite(limit)) {
        return 1.0;
    }
    const double magnitude = std::pow(10.0, std::floor(std::log10(limit)));
    for (const double factor : {5.0, 2.5, 2.0, 1.0}) {
        if (factor * magnitude <= limit * (1.0 + 1e-9)) {
            return factor * magnitude;
        }
    }
    return magnitude;
}

QList<QPointF> atDisplayResolution(const QList<QPointF>& path, qsizetype maxPoints)
{
    const qsizetype slices = maxPoints / 4;
    if (path.size() <= maxPoints || slices < 1) {
        return path;
    }
    const qreal x0 = path.constFirst().x();
    const qreal width = (path.constLast().x() - x0) / static_cast<qreal>(slices);
    if (!(width > 0)) {
        return path;
    }
    auto sliceOf = [&](const QPointF& p) { return std::min(slices - 1, static_cast<qsizetype>((p.x() - x0) / width)); };
    QList<QPointF> out;
    out.reserve(maxPoints + 4);
    for (qsizetype i = 0; i < path.size();) {
        const qsizetype slice = sliceOf(path[i]);
        qsizetype lowest = i;
        qsizetype highest = i;
        qsizetype j = i;
        for (; j < path.size() && sliceOf(path[j]) == slice; ++j) {
            lowest = path[j].y() < path[lowest].y() ? j : lowest;
            highest = path[j].y() > path[highest].y() ? j : highest;
        }
        // In path order, each once.
        qsizetype keep[] = {i, std::min(lowest, highest), std::max(lowest, highest), j - 1};
        for (qsizetype k = 0; k < 4; ++k) {
            if (k == 0 || keep[k] != keep[k - 1]) {
                out.append(path[keep[k]]);
            }
        }
        i = j;
    }
    return out;
}

}  // namespace liqheat::ui
