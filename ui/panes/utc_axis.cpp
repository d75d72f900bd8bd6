#include "panes/utc_axis.h"

#include <QDateTime>

#include <algorithm>

namespace liqheat::ui {

namespace {

qint64 localOffsetMs(qint64 utcMs) { return qint64{QDateTime::fromMSecsSinceEpoch(utcMs).offsetFromUtc()} * 1000; }

}  // namespace

qint64 utcToAxisMs(qint64 utcMs) { return utcMs - localOffsetMs(utcMs); }

qint64 axisToUtcMs(qint64 axisMs)
{
    // Solve t - off(t) = x: one refinement step is exact whenever the offset is constant nearby.
    const qint64 guess = axisMs + localOffsetMs(axisMs);
    return axisMs + localOffsetMs(guess);
}

void utcToAxis(QList<QPointF>& points)
{
    if (points.isEmpty()) {
        return;
    }
    const auto [lo, hi] = std::minmax_element(points.cbegin(), points.cend(),
                                              [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    const qint64 offLo = localOffsetMs(qRound64(lo->x()));
    const qint64 offHi = localOffsetMs(qRound64(hi->x()));
    if (offLo == offHi) {
        if (offLo != 0) {
            const auto shift = static_cast<qreal>(offLo);
            for (QPointF& p : points) {
                p.setX(p.x() - shift);
            }
        }
        return;
    }
    for (QPointF& p : points) {
        p.setX(static_cast<qreal>(utcToAxisMs(qRound64(p.x()))));
    }
}

}  // namespace liqheat::ui
