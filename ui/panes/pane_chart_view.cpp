#include "panes/pane_chart_view.h"

#include <QChart>
#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace liqheat::ui {

namespace {

/// Half the width given to a time label; a label closer than this to the plot's edge is dropped,
/// as on the main chart's time axis (a label cut by the edge reads as a different date).
constexpr double kHalfLabelWidth = 45.0;

/// The main chart draws its grid on whole pixels plus a half, so a 1 px line is crisp; the panes
/// round the same way so their lines fall on the same pixel column.
double crispX(double x) { return std::round(x) + 0.5; }

}  // namespace

PaneChartView::PaneChartView(QChart* chart, QWidget* parent) : QChartView(chart, parent)
{
    setMouseTracking(true);
    // The grid is drawn in drawBackground, which QGraphicsView would otherwise cache.
    setCacheMode(QGraphicsView::CacheNone);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

void PaneChartView::setOverlay(Overlay overlay)
{
    m_overlay = std::move(overlay);
    viewport()->update();
}

void PaneChartView::drawBackground(QPainter* painter, const QRectF& rect)
{
    painter->fillRect(rect, m_overlay.background);
    const QRectF plot = chart()->plotArea();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(m_overlay.gridColor, 1.0));
    for (const GridLine& line : m_overlay.grid) {
        const double x = crispX(line.x);
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    painter->restore();
}

void PaneChartView::drawForeground(QPainter* painter, const QRectF& /*rect*/)
{
    const QRectF plot = chart()->plotArea();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    // A line under every pane separates it from the next one.
    painter->setPen(QPen(m_overlay.axisLineColor, 1.0));
    painter->drawLine(QPointF(plot.left(), plot.bottom() + 0.5), QPointF(plot.right(), plot.bottom() + 0.5));
    if (m_overlay.crosshairX && *m_overlay.crosshairX >= plot.left() && *m_overlay.crosshairX <= plot.right()) {
        // Dotted like the main chart's crosshair, which this line continues.
        painter->setPen(QPen(m_overlay.crosshairColor, 1.0, Qt::DotLine));
        painter->drawLine(QPointF(*m_overlay.crosshairX, plot.top()), QPointF(*m_overlay.crosshairX, plot.bottom()));
    }
    if (m_overlay.timeLabels) {
        painter->setPen(m_overlay.textColor);
        painter->setFont(m_overlay.font);
        const double top = plot.bottom() + 3.0;
        const double height = std::max(0.0, static_cast<double>(viewport()->height()) - top);
        for (const GridLine& line : m_overlay.grid) {
            if (line.x - kHalfLabelWidth < plot.left() || line.x + kHalfLabelWidth > plot.right()) {
                continue;
            }
            painter->drawText(QRectF(line.x - kHalfLabelWidth, top, 2 * kHalfLabelWidth, height),
                              Qt::AlignHCenter | Qt::AlignTop, line.label);
        }
    }
    painter->restore();
}

void PaneChartView::mouseMoveEvent(QMouseEvent* event)
{
    emit mouseMovedTo(event->position());
    QChartView::mouseMoveEvent(event);
}

void PaneChartView::leaveEvent(QEvent* event)
{
    emit mouseLeft();
    QChartView::leaveEvent(event);
}

}  // namespace liqheat::ui
