#pragma once

#include <QList>
#include <QPointF>
#include <QtGlobal>

namespace liqheat::ui {

// QDateTimeAxis (Qt 6.4) formats its labels in local time and has no time-zone setting, while every
// time in liqheat is UTC. The panes therefore place x at `utc - localOffset(utc)`, so that the
// axis' local-time rendering of x reads as the UTC time. Every conversion between data time and
// axis x goes through these functions (series building, setTimeRange, reading the range back), so
// the shift lives in one place. Near a daylight-saving change the labels can be off by the DST
// step for up to an hour; in a UTC environment the shift is zero.

/// Axis x (ms) at which a UTC time is drawn.
[[nodiscard]] qint64 utcToAxisMs(qint64 utcMs);
/// Inverse of utcToAxisMs.
[[nodiscard]] qint64 axisToUtcMs(qint64 axisMs);
/// Shifts the x (UTC ms) of every point in place; a single offset lookup when the local offset is
/// the same at both ends of the span (no DST change in between).
void utcToAxis(QList<QPointF>& points);

}  // namespace liqheat::ui
