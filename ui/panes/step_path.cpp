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

}  // namespace liqheat::ui
